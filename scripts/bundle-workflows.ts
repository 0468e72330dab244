/** Pre-bundles the workflows for production (dist/workflow-bundle.js), so the worker starts fast. */
import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export async function writeWorkflowBundle(workflowsPath: string, outFile: string): Promise<number> {
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: silentLogger });
  writeFileSync(outFile, code);
  return code.length;
}

/** Temporal's bundler says only what went wrong. */
export const silentLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

if (require.main === module) {
  const root = resolve(__dirname, '..', '..');
  const out = join(root, 'dist', 'workflow-bundle.js');
  writeWorkflowBundle(require.resolve(join(root, 'dist', 'workflows')), out)
    .then((size) => console.log(`[build] workflow bundle ${(size / 1e6).toFixed(2)} MB -> ${out}`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
