import { bundleWorkflowCode } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testRun } from '../support/test-run';

/**
 * Workflow code must stay deterministic and small: only @temporalio/* and its few helpers may
 * reach the bundle. An import of an entity, DTO or Nest module would drag TypeORM or Nest in.
 */
describe('workflow bundle', () => {
  const FORBIDDEN = ['typeorm', '@nestjs', 'class-validator', 'class-transformer', 'reflect-metadata', 'node_modules/pg/', 'fastify'];

  function modulePaths(code: string): string[] {
    // webpack names each module by its path in a comment or key: collect the node_modules ones.
    return [...new Set([...code.matchAll(/node_modules\/((?:@[\w.-]+\/)?[\w.-]+)/g)].map((m) => m[1]))].sort();
  }

  // The SDK's own helpers that a clean bundle holds besides @temporalio/*.
  const ALLOWED_HELPERS = ['long', 'ms', 'nexus-rpc'];

  it('holds only Temporal packages and their helpers (the bundle the tests run)', () => {
    const code = readFileSync(testRun().workflowBundle, 'utf8');
    const packages = modulePaths(code);
    expect(packages).toEqual(expect.arrayContaining(['@temporalio/workflow', '@temporalio/common']));
    expect(packages.filter((p) => !p.startsWith('@temporalio/') && !ALLOWED_HELPERS.includes(p))).toEqual([]);
    // ~1.6 MB clean; TypeORM or Nest dragged in would make it several times larger.
    expect(code.length).toBeLessThan(3 * 1024 * 1024);
  });

  it('is rebuilt from source with the same content rules', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve(join(__dirname, '..', '..', 'workflows')),
      logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    for (const forbidden of FORBIDDEN) expect(code).not.toContain(`node_modules/${forbidden}`);
    expect(code).toContain('journeyWorkflow');
  });
});
