import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { HttpParties } from '../support/http-driver';
import { bearer, createParties, endJourneysStartedSince, sql, startApi, startWorker, type TestParties } from '../support/stack';
import { placeAtVenue } from '../support/venue-journey';

/**
 * The Social Firm over HTTP: its register (never a BSN, at most 168 hours a week), a journey
 * placed at the firm entering it with the match's hours, the month's inclusion share and
 * banenafspraak jobs for the firm and the municipality (figure and CSV); the firm sees only its
 * own workers.
 */
describe('Social Firm', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let own: TestParties;
  let p: HttpParties;
  let firm: string;
  let otherFirm: string;
  const startedAt = new Date();

  beforeAll(async () => {
    [worker, api, db] = await Promise.all([startWorker(), startApi({ JOURNEY_TIME_SCALE: '0.0000002' }), sql()]);
    own = await createParties(db);
    p = new HttpParties(api, {
      coordinator: await bearer(api, own.municipalityId, ['coordinator']),
      care: await bearer(api, own.careProviderId, ['support-worker']),
    });
    firm = (await p.post('coordinator', '/venues', { name: 'Sociaal Bedrijf Flevoland', kind: 'SOCIAL_FIRM', socialFirm: {} })).json().id;
    otherFirm = (await p.post('coordinator', '/venues', { name: 'Sociaal Bedrijf Urk', kind: 'SOCIAL_FIRM', socialFirm: { inclusionTargetBasisPoints: 6000 } })).json().id;
    p.tokens.firm = await bearer(api, firm, ['employer']);
    p.tokens.otherFirm = await bearer(api, otherFirm, ['employer']);
  });

  afterAll(async () => {
    await endJourneysStartedSince(startedAt);
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  const post = (who: string, url: string, body: unknown, key: string = randomUUID()) =>
    api.inject({ method: 'POST', url, headers: { authorization: p.tokens[who], 'idempotency-key': key }, payload: body as object });
  const count = async (): Promise<number> => (await db.query(`SELECT count(*)::int AS n FROM social_firm_workers`)).rows[0].n;
  const worker1 = (reference: string, employmentForm: string, hours: number, inTargetGroupRegister: boolean, extra: Record<string, unknown> = {}) => ({
    venueId: firm, workerReference: reference, employmentForm, contractHoursPerWeek: hours, paidHoursPerWeek: hours, inTargetGroupRegister, startedOn: '2023-01-01', ...extra,
  });

  it('the firm keeps its register, once per Idempotency-Key', async () => {
    const key = randomUUID();
    const first = await post('firm', '/social-firm-workers', worker1('SB-1', 'REGULAR', 38, false), key);
    expect(first.statusCode).toBe(201);
    expect((await post('firm', '/social-firm-workers', worker1('SB-1', 'REGULAR', 38, false), key)).json().id).toBe(first.json().id);
    for (const body of [
      worker1('SB-2', 'JOBS_AGREEMENT', 25.5, true, { registerBasis: 'INDICATION' }),
      worker1('SB-3', 'WSW', 32, false),
      worker1('SB-4', 'SHELTERED_WORK', 16, false),
      worker1('SB-5', 'REGULAR', 12.75, true, { registerBasis: 'PRACTICAL_EDUCATION' }),
    ]) expect((await post('firm', '/social-firm-workers', body)).statusCode).toBe(201);
    expect((await post('firm', '/social-firm-workers', worker1('SB-1', 'REGULAR', 30, false))).statusCode).toBe(409);
  });

  it.each([
    ['paidHoursPerWeek', 'MAX', () => worker1('X-1', 'REGULAR', 20, false, { paidHoursPerWeek: 168.5 })],
    ['contractHoursPerWeek', 'MIN', () => worker1('X-2', 'REGULAR', -1, false)],
    ['workerReference', 'FORMAT_WORKER_REFERENCE', () => worker1('123456782', 'REGULAR', 20, false)],
    ['employmentForm', 'ENUM', () => worker1('X-3', 'INTERN', 20, false)],
    ['registerBasis', 'INVALID', () => worker1('X-4', 'REGULAR', 20, false, { registerBasis: 'WAJONG' })],
    ['venueId', 'NOT_FOUND', () => worker1('X-5', 'REGULAR', 20, false, { venueId: randomUUID() })],
    ['venueId', 'NOT_FOUND', () => worker1('X-6', 'REGULAR', 20, false, { venueId: otherFirm })],
  ])('a bad register entry (%s) -> 400 with the rule\'s code (%s), nothing written', async (field, code, body) => {
    const before = await count();
    const response = await post('firm', '/social-firm-workers', body());
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await count()).toBe(before);
  });

  it('a journey placed at the firm enters its register with its hours; the share and banenafspraak jobs of the month', async () => {
    const candidateId = await placeAtVenue(
      p,
      { coordinator: 'coordinator', care: 'care', host: 'firm' },
      { municipalityId: own.municipalityId, careProviderId: own.careProviderId, hostId: firm },
      { firstName: 'Jesse', dateOfBirth: '2005-06-06' },
      'SHELTERED_WORK',
    );
    const register = (await p.get('firm', '/social-firm-workers')).json().items;
    expect(register).toHaveLength(6);
    expect(register.find((w: { candidateId?: string }) => w.candidateId === candidateId)).toMatchObject({ employmentForm: 'TRIAL_PLACEMENT', paidHoursPerWeek: 16, inTargetGroupRegister: false });
    expect((await p.get('otherFirm', '/social-firm-workers')).json().items).toEqual([]);
    expect((await p.get('coordinator', '/social-firm-workers')).statusCode).toBe(403);

    // 4 of 6 by headcount (66.66%), 86.25 of 140.25 hours (61.49%); 25.5 + 12.75 hours = 1.50 jobs.
    const month = new Date().toISOString().slice(0, 7);
    const expected = {
      venueId: firm, month, headcount: 6, inclusionHeadcount: 4, headcountShareBasisPoints: 6666, hoursPerWeek: 140.25, inclusionHoursPerWeek: 86.25,
      hoursShareBasisPoints: 6149, targetBasisPoints: 5000, marketBasisPoints: 500, targetMet: true, jobsAgreementJobs: 1.5,
    };
    expect((await p.get('firm', `/social-firm-inclusion?month=${month}`)).json().items).toEqual([expect.objectContaining(expected)]);
    const area = (await p.get('coordinator', `/social-firm-inclusion?month=${month}`)).json().items;
    expect(area).toEqual(expect.arrayContaining([expect.objectContaining(expected), expect.objectContaining({ venueId: otherFirm, headcount: 0, targetBasisPoints: 6000, targetMet: false })]));
    expect((await p.get('firm', `/social-firm-inclusion?month=${month}&venueId=${otherFirm}`)).statusCode).toBe(403);
    const csv = await p.get('coordinator', `/social-firm-inclusion.csv?month=${month}`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain(`${month},${firm},Sociaal Bedrijf Flevoland,6,4,66.66,140.25,86.25,61.49,50,5,true,1.5`);
    expect((await p.get('coordinator', '/social-firm-inclusion?month=2024-13')).statusCode).toBe(400);
  });

  it('an entry changes hours from a day and ends, with who and why kept; each month counts what was in effect; bad changes write nothing', async () => {
    const changes = async (): Promise<number> => (await db.query(`SELECT count(*)::int AS n FROM social_firm_worker_changes`)).rows[0].n;
    const entry = await post('otherFirm', '/social-firm-workers', { ...worker1('W-1', 'JOBS_AGREEMENT', 32, true, { registerBasis: 'INDICATION' }), venueId: otherFirm, startedOn: '2024-01-15' });
    const id = entry.json().id;
    const url = (what: string, worker = id) => `/social-firm-workers/${worker}/${what}`;
    const key = randomUUID();
    const change = { effectiveFrom: '2024-04-01', paidHoursPerWeek: 25.5, reason: 'Op eigen verzoek minder uren' };
    const changed = await post('otherFirm', url('changes'), change, key);
    expect(changed.statusCode).toBe(201);
    expect(changed.json()).toMatchObject({ id, paidHoursPerWeek: 25.5, contractHoursPerWeek: 32, changes: [expect.objectContaining({ version: 1, effectiveFrom: '2024-04-01', paidHoursPerWeek: 25.5, ends: false, reason: change.reason, recordedByOrganisationId: otherFirm })] });
    expect((await post('otherFirm', url('changes'), change, key)).json().changes).toHaveLength(1);

    const before = await changes();
    for (const [who, path, body, status, field] of [
      ['otherFirm', url('changes'), { ...change, reason: undefined }, 400, 'reason'],
      ['otherFirm', url('changes'), { ...change, effectiveFrom: '2024-01-14' }, 400, 'effectiveFrom'],
      ['otherFirm', url('changes'), { ...change, paidHoursPerWeek: 168.25 }, 400, 'paidHoursPerWeek'],
      ['otherFirm', url('changes'), { effectiveFrom: '2024-05-01', reason: 'niets' }, 400, 'paidHoursPerWeek'],
      ['otherFirm', url('end'), { endedOn: '2024-03-31', reason: 'Te vroeg' }, 400, 'endedOn'], // before the change of April
      ['otherFirm', url('changes', 'not-a-uuid'), change, 400, 'id'],
      ['otherFirm', url('changes', randomUUID()), change, 404, undefined],
      ['firm', url('changes'), change, 404, undefined], // another firm's worker does not exist for it
      ['firm', url('end'), { endedOn: '2024-08-31', reason: 'x' }, 404, undefined],
    ] as const) {
      const response = await post(who, path, body);
      expect([path, response.statusCode]).toEqual([path, status]);
      if (field) expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await changes()).toBe(before);

    const ended = await post('otherFirm', url('end'), { endedOn: '2024-08-31', reason: 'Contract niet verlengd' });
    expect(ended.statusCode).toBe(201);
    expect(ended.json()).toMatchObject({ endedOn: '2024-08-31', changes: [expect.objectContaining({ version: 1 }), expect.objectContaining({ version: 2, ends: true, effectiveFrom: '2024-08-31' })] });
    expect((await post('otherFirm', url('end'), { endedOn: '2024-09-30', reason: 'nogmaals' })).statusCode).toBe(409);
    expect((await post('otherFirm', url('changes'), { effectiveFrom: '2024-09-15', paidHoursPerWeek: 10, reason: 'na het einde' })).statusCode).toBe(409);
    expect(await changes()).toBe(before + 1);
    // The registration itself is as it was entered.
    expect((await db.query(`SELECT paid_hours_hundredths, ended_on FROM social_firm_workers WHERE id = $1`, [id])).rows[0]).toEqual({ paid_hours_hundredths: 3200, ended_on: null });

    // March: 32 h = 1.25 jobs; April: 25.5 h = 1 job; August counts, September not.
    const share = async (month: string) => (await p.get('otherFirm', `/social-firm-inclusion?month=${month}`)).json().items[0];
    expect(await share('2024-03')).toMatchObject({ headcount: 1, hoursPerWeek: 32, jobsAgreementJobs: 1.25 });
    expect(await share('2024-04')).toMatchObject({ headcount: 1, hoursPerWeek: 25.5, jobsAgreementJobs: 1 });
    expect(await share('2024-08')).toMatchObject({ headcount: 1 });
    expect(await share('2024-09')).toMatchObject({ headcount: 0, jobsAgreementJobs: 0 });
  });
});
