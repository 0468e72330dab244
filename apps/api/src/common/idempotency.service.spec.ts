import { Test } from '@nestjs/testing';
import { IdempotencyKeysRepository } from '../../../../libs/database/src/repositories/idempotency-keys.repository';
import { OrganisationType } from '../../../../libs/domain/src/organisation';
import { FakeIdempotencyKeys, principal, refusal } from '../../../../test/support/service-fakes';
import { ProblemException } from '../problem/problem';
import type { IdempotentRequest } from './idempotency-key.decorator';
import { IdempotencyService } from './idempotency.service';

const CARE = 'c0000000-0000-4000-8000-000000000011';
const caller = principal(CARE, OrganisationType.CARE_PROVIDER);
const referral = (key: string, body: unknown = { firstName: 'Lotte' }): IdempotentRequest => ({ key, command: 'POST /referrals', params: {}, body });

describe(IdempotencyService.name, () => {
  let sut: IdempotencyService;
  let keys: FakeIdempotencyKeys;
  let written: string[];

  /** A command that writes a row (once per key) and answers it. */
  const create = (name: string) => ({
    status: 201,
    write: async () => {
      written.push(name);
      return `id-${written.length}`;
    },
    answer: async (id: string | undefined) => ({ id, name }),
  });

  beforeEach(async () => {
    keys = new FakeIdempotencyKeys();
    written = [];
    const module = await Test.createTestingModule({ providers: [IdempotencyService, { provide: IdempotencyKeysRepository, useValue: keys }] }).compile();
    sut = module.get(IdempotencyService);
  });

  it('the same key with the same request answers the first result, replayed, and writes once', async () => {
    const first = await sut.run(caller, referral('key-00000001'), create('Lotte'));
    const again = await sut.run(caller, referral('key-00000001', { firstName: 'Lotte' }), create('Lotte'));
    expect(first).toEqual({ replayed: false, status: 201, body: { id: 'id-1', name: 'Lotte' } });
    expect(again).toEqual({ replayed: true, status: 201, body: { id: 'id-1', name: 'Lotte' } });
    expect(written).toEqual(['Lotte']);
  });

  it('the same key with another body or another route is 422 and does nothing', async () => {
    await sut.run(caller, referral('key-00000002'), create('Lotte'));
    expect(await refusal(sut.run(caller, referral('key-00000002', { firstName: 'Noor' }), create('Noor')))).toMatchObject({ status: 422, type: expect.stringContaining('idempotency-key-reused') });
    expect(await refusal(sut.run(caller, { ...referral('key-00000002'), command: 'POST /venues' }, create('venue')))).toMatchObject({ status: 422 });
    expect(written).toEqual(['Lotte']);
  });

  it('another organisation’s same key is its own', async () => {
    await sut.run(caller, referral('key-00000003'), create('Lotte'));
    const other = await sut.run(principal('c0000000-0000-4000-8000-000000000012', OrganisationType.SCHOOL), referral('key-00000003', { firstName: 'Noor' }), create('Noor'));
    expect(other).toMatchObject({ replayed: false, body: { name: 'Noor' } });
    expect(written).toEqual(['Lotte', 'Noor']);
  });

  it('a request refused with a 4xx lets the key go: the corrected request runs under the same key', async () => {
    const refuse = { status: 200, answer: async () => Promise.reject(ProblemException.notFound('There is no task t1 for your organisation on this journey.')) };
    expect(await refusal(sut.run(caller, referral('key-00000004', { decision: 'MAYBE' }), refuse))).toMatchObject({ status: 404 });
    expect(keys.rows.size).toBe(0);
    await expect(sut.run(caller, referral('key-00000004', { decision: 'ACCEPT' }), { status: 200, answer: async () => ({ done: true }) })).resolves.toEqual({ replayed: false, status: 200, body: { done: true } });
  });

  it('a request that got no answer (a 503, an error) keeps its key and runs again on the retry, without a second write', async () => {
    let attempt = 0;
    const flaky = { ...create('Lotte'), answer: async (id: string | undefined) => (++attempt === 1 ? Promise.reject(new Error('Temporal unavailable')) : { id, name: 'Lotte' }) };
    await expect(sut.run(caller, referral('key-00000005'), flaky)).rejects.toThrow('Temporal unavailable');
    await expect(sut.run(caller, referral('key-00000005'), flaky)).resolves.toEqual({ replayed: true, status: 201, body: { id: 'id-1', name: 'Lotte' } });
    expect(written).toEqual(['Lotte']);
  });

  it('concurrent requests with one key write once and all answer the same result', async () => {
    const answers = await Promise.all([1, 2, 3, 4].map(() => sut.run(caller, referral('key-00000006'), create('Lotte'))));
    expect(written).toEqual(['Lotte']);
    expect(answers.map((a) => a.body)).toEqual(Array(4).fill({ id: 'id-1', name: 'Lotte' }));
    expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
  });
});
