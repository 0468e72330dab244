import type { Log } from './child-process';
import { ensureGoTool, findGoTool, TEMPORAL_GO_MODULE, type GoTool, type ToolLocation } from './go-tool';

export { toolsBinDir } from './go-tool';

/**
 * The CLI (v1.5.1, the newest release whose module builds outside its own repository: later tags
 * carry a replace directive), built from the project's Go module tools/temporal, which pins it.
 */
const TEMPORAL_CLI: GoTool<'TEMPORAL_CLI'> = {
  title: 'the Temporal CLI',
  binary: 'temporal',
  envVar: 'TEMPORAL_CLI',
  module: 'github.com/temporalio/cli/cmd/temporal',
  projectModule: TEMPORAL_GO_MODULE,
};

export type TemporalCliLocation = ToolLocation<'TEMPORAL_CLI'>;

/** Finds the CLI without building it: env TEMPORAL_CLI, then .tools/bin, then PATH. */
export function findTemporalCli(projectRoot: string, env: NodeJS.ProcessEnv = process.env): TemporalCliLocation | undefined {
  return findGoTool(TEMPORAL_CLI, projectRoot, env);
}

/** Returns the Temporal CLI, building it once into .tools/bin when it is nowhere to be found. */
export function ensureTemporalCli(projectRoot: string, log?: Log): Promise<TemporalCliLocation> {
  return ensureGoTool(TEMPORAL_CLI, projectRoot, log);
}
