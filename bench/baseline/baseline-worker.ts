/**
 * The baseline's worker: the same options as apps/worker (Worker.create defaults with a
 * pre-bundled workflow), its own task queue, on the same server. Run as a child process by the
 * harness (`node dist/bench/baseline/baseline-worker.js`), or in-process by the smoke test.
 */
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { installTemporalRuntime } from '../../libs/config/src/temporal-runtime';
import { silentLogger } from '../../scripts/bundle-workflows';
import { DEFAULT_MAX_CACHED_WORKFLOWS, temporalSettings, validateTemporalEnvironment } from '../../libs/config/src/environment';
import { connectNative, type TemporalSettings } from '../../libs/temporal/src/connection';

export const BASELINE_WORKFLOWS_PATH = require.resolve('./baseline.workflows');

export interface BaselineWorker {
  stop(): Promise<void>;
}

let bundle: Promise<{ code: string }> | undefined;

/** The baseline workflows bundled once per process. */
export function baselineBundle(): Promise<{ code: string }> {
  bundle ??= bundleWorkflowCode({ workflowsPath: BASELINE_WORKFLOWS_PATH, logger: silentLogger });
  return bundle;
}

export async function startBaselineWorker(options: { temporal: TemporalSettings; taskQueue: string; maxCachedWorkflows?: number }): Promise<BaselineWorker> {
  const connection = await connectNative(options.temporal);
  const worker = await Worker.create({
    connection,
    namespace: options.temporal.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: await baselineBundle(),
    maxCachedWorkflows: options.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
  });
  const running = worker.run();
  let stopped: Promise<void> | undefined;
  return {
    stop: () => {
      stopped ??= (async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running.catch(() => undefined);
        await connection.close();
      })();
      return stopped;
    },
  };
}

if (require.main === module) {
  const env = process.env;
  installTemporalRuntime(env.LOG_LEVEL);
  startBaselineWorker({
    temporal: temporalSettings(validateTemporalEnvironment(env)),
    taskQueue: env.BASELINE_TASK_QUEUE ?? 'bench-baseline',
    ...(env.WORKER_MAX_CACHED_WORKFLOWS ? { maxCachedWorkflows: Number(env.WORKER_MAX_CACHED_WORKFLOWS) } : {}),
  })
    .then((worker) => {
      console.log(JSON.stringify({ level: 'log', context: 'BaselineWorker', message: 'ready' }));
      const stop = (): void => void worker.stop().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
