import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');

/**
 * The layer fences of eslint.config.mjs fire: code that crosses a fence is an error at the line
 * that crosses it. (Linted as text under a path in the layer; type-aware rules off, so no
 * TypeScript program is needed for these lines.)
 */
describe('the layer fences', () => {
  async function messages(path: string, code: string): Promise<string[]> {
    const out = execFileSync(process.execPath, [resolve(root, 'test/support/lint-text.mjs'), root, path], { input: code, encoding: 'utf8' });
    return (JSON.parse(out) as { ruleId: string | null; message: string }[]).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'layers/no-upward-import').map((m) => m.message);
  }

  it.each([
    ['activities -> workflows', 'activities/pipeline/x.ts', "import { toView } from '../../workflows/journey/journey.projection';\nexport const v = toView;\n", /no workflow code/],
    ['a library -> workflows (even a type)', 'libs/temporal/src/x.ts', "import type { journeyWorkflow } from '../../../workflows/journey/journey.workflow';\nexport type W = typeof journeyWorkflow;\n", /never up/],
    ['a library -> activities', 'libs/database/src/x.ts', "import { activityMetrics } from '../../../activities/activity-metrics';\nexport const a = activityMetrics;\n", /never up/],
    ['a library -> an app', 'libs/config/src/x.ts', "export { AccessService } from '../../../apps/api/src/access/access.service';\n", /never up/],
    ['a library -> the tooling, by require', 'libs/devstack/src/x.ts', "export const s = require('../../../scripts/dev-stack');\n", /never up/],
    ['activities -> an app', 'activities/pipeline/x.ts', "import { PipelineFoldService } from '../../apps/worker/src/pipeline-fold.service';\nexport const p = PipelineFoldService;\n", /never up/],
    ['workflows -> the tooling', 'workflows/journey/x.ts', "import { sql } from '../../test/support/stack';\nexport const s = sql;\n", /never up/],
    ['an app -> the tooling', 'apps/api/src/x/x.ts', "import { sql } from '../../../../test/support/stack';\nexport const s = sql;\n", /never up/],
    ['a workflow contract -> a DTO', 'libs/contracts/src/workflows/x.ts', "import { CreateReferralDto } from '../referral.dto';\nexport const r = CreateReferralDto;\n", /workflow sandbox/],
    ['a workflow contract -> a package', 'libs/contracts/src/workflows/x.ts', "import { IsString } from 'class-validator';\nexport const i = IsString;\n", /workflow sandbox/],
    ['activities -> @temporalio/client', 'activities/pipeline/x.ts', "import { Client } from '@temporalio/client';\nexport const c = Client;\n", /one door/],
    ['the API -> @temporalio/client', 'apps/api/src/x/x.ts', "import { Connection } from '@temporalio/client';\nexport const c = Connection;\n", /one door/],
    ['the worker -> @temporalio/client', 'apps/worker/src/x.ts', "import { Client } from '@temporalio/client';\nexport const c = Client;\n", /one door/],
    ['a library -> @temporalio/client', 'libs/devstack/src/x.ts', "import { Client } from '@temporalio/client';\nexport const c = Client;\n", /one door/],
    ['workflows -> a Node built-in', 'workflows/journey/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", /deterministic/],
    ['workflows -> the database', 'workflows/journey/x.ts', "import { DataSource } from 'typeorm';\nexport const d = DataSource;\n", /deterministic/],
    ['the domain -> a package', 'libs/domain/src/x.ts', "import { Client } from '@temporalio/client';\nexport const c = Client;\n", /imports nothing outside itself/],
    ['the domain -> another library', 'libs/domain/src/x.ts', "import { Environment } from '../../config/src/environment';\nexport const e = Environment;\n", /imports nothing outside itself/],
    ['the engine -> the method', 'libs/domain/src/engine/x.ts', "import type { TaskType } from '../method/catalogue';\nexport type T = TaskType;\n", /imports no method/],
    ['the engine -> another library', 'libs/domain/src/engine/x.ts', "import { Environment } from '../../../config/src/environment';\nexport const e = Environment;\n", /imports nothing outside itself/],
    ['the domain, deeper -> another library', 'libs/domain/src/method/x.ts', "import { Environment } from '../../../config/src/environment';\nexport const e = Environment;\n", /imports nothing outside itself/],
  ])('%s is an error', async (_, path, code, reason) => {
    const found = await messages(path, code);
    expect(found).toEqual([expect.stringMatching(reason)]);
  });

  it.each([
    ['the door itself', 'libs/temporal/src/x.ts', "import { Client } from '@temporalio/client';\nexport const c = Client;\n"],
    ['activities -> the door', 'activities/pipeline/x.ts', "import { JourneyClient } from '../../libs/temporal/src/journeys';\nexport const j = JourneyClient;\n"],
    ['activities -> a workflow contract', 'activities/pipeline/x.ts', "import type { JourneyView } from '../../libs/contracts/src/workflows/journey.messages';\nexport type V = JourneyView;\n"],
    ['workflows -> their contract', 'workflows/journey/x.ts', "import { getJourneyQuery } from '../../libs/contracts/src/workflows/journey.messages';\nexport const q = getJourneyQuery;\n"],
    ['the door -> a workflow contract', 'libs/temporal/src/x.ts', "import { syncJourneyUpdate } from '../../contracts/src/workflows/journey.messages';\nexport const u = syncJourneyUpdate;\n"],
    ['a workflow contract -> the domain and Temporal', 'libs/contracts/src/workflows/x.ts', "import { defineQuery } from '@temporalio/workflow';\nimport type { JourneySnapshot } from '../../../domain/src/journey';\nexport const q = defineQuery<JourneySnapshot>('x');\n"],
    ['an app -> a library', 'apps/worker/src/x.ts', "import { JourneyClient } from '../../../libs/temporal/src/journeys';\nexport const j = JourneyClient;\n"],
    ['the engine -> the domain below it', 'libs/domain/src/engine/x.ts', "import { TaskStatus } from '../tasks';\nexport const s = TaskStatus;\n"],
    ['the domain -> itself', 'libs/domain/src/method/x.ts', "import { openTasks } from '../engine/queries';\nexport const o = openTasks;\n"],
  ])('%s is allowed', async (_, path, code) => {
    expect(await messages(path, code)).toEqual([]);
  });
});
