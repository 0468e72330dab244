import type { Log } from './child-process';
import { ensureGoTool, findGoTool, type GoTool, type ToolLocation } from './go-tool';

export { toolsBinDir } from './go-tool';

/** The one Temporal CLI release that can be `go install`ed (later tags carry a replace directive). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

const TEMPORAL_CLI: GoTool<'TEMPORAL_CLI'> = { title: 'the Temporal CLI', binary: 'temporal', envVar: 'TEMPORAL_CLI', module: TEMPORAL_CLI_MODULE };

export type TemporalCliLocation = ToolLocation<'TEMPORAL_CLI'>;

/** Finds the CLI without building it: env TEMPORAL_CLI, then .tools/bin, then PATH. */
export function findTemporalCli(projectRoot: string, env: NodeJS.ProcessEnv = process.env): TemporalCliLocation | undefined {
  return findGoTool(TEMPORAL_CLI, projectRoot, env);
}

/** Returns the Temporal CLI, building it once into .tools/bin when it is nowhere to be found. */
export function ensureTemporalCli(projectRoot: string, log?: Log): Promise<TemporalCliLocation> {
  return ensureGoTool(TEMPORAL_CLI, projectRoot, log);
}
