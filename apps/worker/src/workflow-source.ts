import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';

/** The workflows entry point, loaded by path only (never imported by the worker's own code). */
export const WORKFLOWS_PATH = require.resolve(join(__dirname, '..', '..', '..', 'workflows'));

/**
 * A pre-built bundle when WORKFLOW_BUNDLE names one (production start, tests), else the
 * workflows folder, bundled at start.
 */
export function workflowSource(env: NodeJS.ProcessEnv = process.env): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  const bundle = env.WORKFLOW_BUNDLE;
  if (bundle) {
    if (!existsSync(bundle)) throw new Error(`WORKFLOW_BUNDLE names "${bundle}", but there is no file there.`);
    return { workflowBundle: { codePath: bundle } };
  }
  return { workflowsPath: WORKFLOWS_PATH };
}
