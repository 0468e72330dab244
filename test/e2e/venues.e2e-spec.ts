import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { HttpParties } from '../support/http-driver';
import { JourneyClient } from '../../libs/temporal/src/journeys';
import { bearer, createCandidate, createParties, endJourneysStartedSince, sql, startApi, startWorker, temporalClient, type TestParties } from '../support/stack';
import { testRun } from '../support/test-run';
import { placeAtVenue } from '../support/venue-journey';

/**
 * Placement venues over HTTP: the municipality registers one of each kind; a young person goes
 * from referral to a placement at a social cooperative (the same four steps), joins it with the
 * municipality's consent, the cooperative states a month and the municipality reads the settled
 * month; the venue kind is a dimension of the pipeline; bad input changes nothing.
 */
describe('placement venues', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let own: TestParties;
  let foreign: TestParties;
  let p: HttpParties;
  const venue: Record<string, string> = {};
  const startedAt = new Date();

  beforeAll(async () => {
    [worker, api, db] = await Promise.all([startWorker(), startApi({ JOURNEY_TIME_SCALE: '0.0000002' }), sql()]);
    [own, foreign] = [await createParties(db), await createParties(db)];
    const tokens: Record<string, string> = {
      coordinator: await bearer(api, own.municipalityId, ['coordinator'], `coordinator-${own.municipalityId.slice(0, 8)}`),
      care: await bearer(api, own.careProviderId, ['support-worker']),
      employer: await bearer(api, own.employerId, ['employer']),
      foreign: await bearer(api, foreign.municipalityId, ['coordinator']),
    };
    p = new HttpParties(api, tokens);
  });

  afterAll(async () => {
    await endJourneysStartedSince(startedAt);
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  const post = (who: string, url: string, body: unknown, key: string = randomUUID()) =>
    api.inject({ method: 'POST', url, headers: { authorization: p.tokens[who], 'idempotency-key': key }, payload: body as object });
  const count = async (table: string): Promise<number> => (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

  const KINDS: Record<string, Record<string, unknown>> = {
    REGULAR_EMPLOYER: { name: 'Fietsherstel Het Wiel', kind: 'REGULAR_EMPLOYER', regularEmployer: { sector: 'Fietsen' } },
    SOCIAL_COOPERATIVE: { name: 'Coöperatie De Zoete Kruimels', kind: 'SOCIAL_COOPERATIVE', socialCooperative: { chamberOfCommerceNumber: '12345678', benefitLevelCents: 70000, outflowAfterMonths: 2 } },
    SOCIAL_FIRM: { name: 'Sociaal Bedrijf Flevoland', kind: 'SOCIAL_FIRM', socialFirm: { inclusionTargetBasisPoints: 5000 } },
    FLEX_WORKSPACE: { name: 'Flexwerkplek Stadshart', kind: 'FLEX_WORKSPACE', flexWorkspace: { address: 'Stadhuisplein 1', seats: 10, socialSeats: 4 } },
  };

  it('the municipality registers a venue of each kind with its data, once per Idempotency-Key; each venue sees only itself', async () => {
    for (const [kind, body] of Object.entries(KINDS)) {
      const key = randomUUID();
      const first = await post('coordinator', '/venues', body, key);
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ ...body, municipalityId: own.municipalityId, active: true });
      const again = await post('coordinator', '/venues', body, key);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json().id).toBe(first.json().id);
      expect((await post('coordinator', '/venues', { ...body, name: 'Other' }, key)).statusCode).toBe(422);
      venue[kind] = first.json().id;
      p.tokens[kind] = await bearer(api, venue[kind], ['employer']);
    }
    const listed = (await p.get('coordinator', '/venues?limit=200')).json().items.map((v: { id: string }) => v.id);
    expect(listed).toEqual(expect.arrayContaining(Object.values(venue)));
    expect(listed).toContain(own.employerId); // an employer registered before is a regular employer
    expect((await p.get('coordinator', `/venues/${own.employerId}`)).json().kind).toBe('REGULAR_EMPLOYER');
    expect((await p.get('SOCIAL_FIRM', '/venues')).json().items.map((v: { id: string }) => v.id)).toEqual([venue.SOCIAL_FIRM]);
    expect((await p.get('SOCIAL_FIRM', `/venues/${venue.SOCIAL_COOPERATIVE}`)).statusCode).toBe(404);
    expect((await p.get('foreign', `/venues/${venue.SOCIAL_COOPERATIVE}`)).statusCode).toBe(404);
    expect((await p.get('coordinator', '/venues?kind=FLEX_WORKSPACE')).json().items.map((v: { id: string }) => v.id)).toEqual([venue.FLEX_WORKSPACE]);
  });

  it.each([
    ['socialCooperative', { name: 'X', kind: 'SOCIAL_COOPERATIVE' }],
    ['socialCooperative.chamberOfCommerceNumber', { name: 'X', kind: 'SOCIAL_COOPERATIVE', socialCooperative: { chamberOfCommerceNumber: '123', benefitLevelCents: 1, outflowAfterMonths: 2 } }],
    ['socialCooperative.benefitLevelCents', { name: 'X', kind: 'SOCIAL_COOPERATIVE', socialCooperative: { chamberOfCommerceNumber: '12345678', benefitLevelCents: -1, outflowAfterMonths: 2 } }],
    ['flexWorkspace.socialSeats', { name: 'X', kind: 'FLEX_WORKSPACE', flexWorkspace: { address: 'A', seats: 4, socialSeats: 5 } }],
    ['socialFirm', { name: 'X', kind: 'REGULAR_EMPLOYER', socialFirm: {} }],
    ['kind', { name: 'X', kind: 'SHOP' }],
  ])('a bad venue (%s) -> 400 naming it, nothing written', async (field, body) => {
    const before = await count('organisations');
    const response = await post('coordinator', '/venues', body);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await count('organisations')).toBe(before);
  });

  it('only the municipality registers venues', async () => {
    expect((await post('care', '/venues', KINDS.SOCIAL_FIRM)).statusCode).toBe(403);
    expect((await post('employer', '/venues', KINDS.SOCIAL_FIRM)).statusCode).toBe(403);
  });

  it('the dated rules: the 2024 seed rows; a correction is a new version with a reason, never an overwrite', async () => {
    const rules = (await p.get('coordinator', '/venue-rules?ruleSet=EARNINGS_EXEMPTION')).json().items;
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ variant: 'STANDARD', validFrom: '2024-01-01', version: 1, scope: 'NATIONAL', params: { basisPoints: 2500, monthlyCapCents: 26400, maxMonths: 6, minAge: 27 } }),
        expect.objectContaining({ variant: 'SINGLE_PARENT', params: expect.objectContaining({ basisPoints: 1250, monthlyCapCents: 16473, maxMonths: 30 }) }),
        expect.objectContaining({ variant: 'MEDICAL', params: expect.objectContaining({ basisPoints: 1500, monthlyCapCents: 16707 }) }),
      ]),
    );
    const correction = { ruleSet: 'EARNINGS_EXEMPTION', variant: 'STANDARD', validFrom: '2024-01-01', params: { basisPoints: 2500, monthlyCapCents: 26400, maxMonths: 6, minAge: 27 } };
    const before = await count('venue_rules');
    const noReason = await post('coordinator', '/venue-rules', correction);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    expect((await post('coordinator', '/venue-rules', { ...correction, params: { basisPoints: 2500 } })).statusCode).toBe(400);
    expect((await post('coordinator', '/venue-rules', { ...correction, variant: 'DEFAULT', reason: 'x' })).statusCode).toBe(400);
    expect((await post('care', '/venue-rules', { ...correction, reason: 'x' })).statusCode).toBe(403);
    expect(await count('venue_rules')).toBe(before);
    // The municipality's own rule from July: the months from then are settled with it.
    const july = await post('coordinator', '/venue-rules', { ...correction, validFrom: '2024-07-01', params: { ...correction.params, monthlyCapCents: 30000 } });
    expect(july.statusCode).toBe(201);
    expect(july.json()).toMatchObject({ version: 1, scope: 'MUNICIPALITY', validFrom: '2024-07-01' });
    const fixed = await post('coordinator', '/venue-rules', { ...correction, validFrom: '2024-07-01', params: { ...correction.params, monthlyCapCents: 28000 }, reason: 'Typefout in het bedrag' });
    expect(fixed.json()).toMatchObject({ version: 2, reason: 'Typefout in het bedrag', recordedByOrganisationId: own.municipalityId });
    // Another municipality does not see them.
    expect((await p.get('foreign', '/venue-rules?ruleSet=EARNINGS_EXEMPTION')).json().items.every((r: { scope: string }) => r.scope === 'NATIONAL')).toBe(true);
  });

  describe('a social cooperative, from referral to a settled month', () => {
    let candidateId: string;
    let memberId: string;

    it('the four steps, with the cooperative as the host; the consent can name it', async () => {
      candidateId = await placeAtVenue(
        p,
        { coordinator: 'coordinator', care: 'care', host: 'SOCIAL_COOPERATIVE' },
        { municipalityId: own.municipalityId, careProviderId: own.careProviderId, hostId: venue.SOCIAL_COOPERATIVE },
        { firstName: 'Karim', dateOfBirth: '1990-01-15' },
        'SELF_EMPLOYMENT',
      );
      // A grant to the cooperative itself is a grant to a host of the municipality.
      const consent = await post('care', `/journeys/${candidateId}/consents`, {
        givenBy: 'CANDIDATE',
        givenAt: new Date().toISOString(),
        grants: [
          { to: { role: 'CARE_PROVIDER' }, categories: ['IDENTITY', 'CONTACT', 'SUPPORT_AND_HEALTH', 'WORK_PROFILE', 'PROGRESS'], purposes: ['INTAKE', 'CARE_DELIVERY', 'PLACEMENT', 'RIGHTS_REQUEST', 'RECTIFICATION'] },
          { to: { role: 'HOST' }, categories: ['IDENTITY', 'WORK_PROFILE', 'SUPPORT_AND_HEALTH', 'PROGRESS'], purposes: ['PLACEMENT'] },
          { to: { organisationId: venue.FLEX_WORKSPACE }, categories: ['IDENTITY', 'WORK_PROFILE', 'PROGRESS'], purposes: ['PLACEMENT'] },
        ],
      });
      expect(consent.statusCode).toBe(201);
      const journey = await p.get('coordinator', `/journeys/${candidateId}`);
      expect(journey.json()).toMatchObject({ step: 'PLACEMENT_RUNNING' });
    });

    it('the member joins with the municipality’s recorded consent; bad joins write nothing', async () => {
      const join = { venueId: venue.SOCIAL_COOPERATIVE, candidateId, joinedOn: '2024-01-15', consent: { decisionDate: '2024-01-10', legalBasis: 'Participatiewet art. 31 lid 2 sub n', planReference: 'PvA-2024-0113' }, singleParent: false, medicalHourLimitation: false };
      const before = await count('cooperative_members');
      for (const [body, field] of [
        [{ ...join, venueId: randomUUID() }, 'venueId'],
        [{ ...join, venueId: venue.SOCIAL_FIRM }, 'venueId'],
        [{ ...join, joinedOn: '2024-01-01' }, 'joinedOn'],
        [{ ...join, consent: { ...join.consent, planReference: '' } }, 'consent.planReference'],
      ] as const) {
        const response = await post('coordinator', '/cooperative-members', body);
        expect(response.statusCode).toBe(400);
        expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      expect((await post('SOCIAL_COOPERATIVE', '/cooperative-members', join)).statusCode).toBe(403);
      expect(await count('cooperative_members')).toBe(before);
      const joined = await post('coordinator', '/cooperative-members', join);
      expect(joined.statusCode).toBe(201);
      memberId = joined.json().id;
      expect(joined.json()).toMatchObject({ candidateId, consent: join.consent });
      expect((await post('coordinator', '/cooperative-members', join)).statusCode).toBe(409);
      // The cooperative sees its member, without the municipality's details; the Social Firm sees none.
      const seen = (await p.get('SOCIAL_COOPERATIVE', '/cooperative-members')).json().items;
      // Its member by first name only, as the host it is.
      const person = { firstName: 'Karim', referrerName: expect.any(String), step: expect.any(String), hostName: expect.any(String), daysRunning: expect.any(Number) };
      expect(seen).toEqual([{ id: memberId, venueId: venue.SOCIAL_COOPERATIVE, candidateId, joinedOn: '2024-01-15', person }]);
      expect((await p.get('SOCIAL_FIRM', '/cooperative-members')).json().items).toEqual([]);
    });

    const statement = (month: string, extra: Record<string, unknown> = {}) => ({
      memberId, month, hoursWorked: 62.5, revenueInvoicedCents: 120000, revenueReceivedCents: 100000, declaredCostsCents: 10000, reserveDepositCents: 10000,
      reserveSpendingCents: 0, payoutCents: 80000, ...extra,
    });

    it('bad statements answer 400 or 409 and write nothing', async () => {
      const before = await count('cooperative_statements');
      const nextYear = `${new Date().getUTCFullYear() + 1}-01`;
      for (const [body, field] of [
        [statement('2024-03', { revenueReceivedCents: -1 }), 'revenueReceivedCents'],
        [statement('2024-02', { hoursWorked: 697 }), 'hoursWorked'], // 29 days: 696 hours is 168 a week
        [statement(nextYear), 'month'],
        [statement('2023-12'), 'month'], // before the member joined
        [statement('2024-03', { reserveSpendingCents: 500 }), 'reserveSpendingPurpose'],
        [statement('2024-03', { reserveSpendingCents: 500, reserveSpendingPurpose: 'HOLIDAY' }), 'reserveSpendingPurpose'],
        [{ ...statement('2024-03'), memberId: randomUUID() }, 'memberId'],
      ] as const) {
        const response = await post('SOCIAL_COOPERATIVE', '/cooperative-statements', body);
        expect([response.statusCode, field]).toEqual([400, field]);
        expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      expect((await post('SOCIAL_FIRM', '/cooperative-statements', statement('2024-03'))).statusCode).toBe(400); // not its member
      expect((await post('coordinator', '/cooperative-statements', statement('2024-03'))).statusCode).toBe(403);
      expect(await count('cooperative_statements')).toBe(before);
    });

    it('the cooperative states a month; a second statement needs a reason (409 without) and is a new version; the municipality reads the settled month', async () => {
      const key = randomUUID();
      const first = await post('SOCIAL_COOPERATIVE', '/cooperative-statements', statement('2024-03'), key);
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({ month: '2024-03', version: 1, netResultCents: 80000, hoursWorked: 62.5 });
      expect((await post('SOCIAL_COOPERATIVE', '/cooperative-statements', statement('2024-03'), key)).json().id).toBe(first.json().id);
      const before = await count('cooperative_statements');
      const again = await post('SOCIAL_COOPERATIVE', '/cooperative-statements', statement('2024-03', { revenueReceivedCents: 90000 }));
      expect(again.statusCode).toBe(409);
      expect(await count('cooperative_statements')).toBe(before);

      // 25% of €800 = €200 exempted, €600 set off, one month of six used.
      const settled = (await p.get('coordinator', `/cooperative-settlements?month=2024-03`)).json().items;
      expect(settled).toEqual([expect.objectContaining({ memberId, candidateId, month: '2024-03', statementVersion: 1, netResultCents: 80000, variant: 'STANDARD', exemptionCents: 20000, setOffCents: 60000, capReached: false, monthsUsed: { STANDARD: 1, SINGLE_PARENT: 0, MEDICAL: 0 }, monthsAtOrAboveBenefit: 1, outflowToConsider: false })]);

      const corrected = await post('SOCIAL_COOPERATIVE', '/cooperative-statements', statement('2024-03', { revenueReceivedCents: 200000, correctionReason: 'Factuur van maart alsnog betaald' }));
      expect(corrected.json()).toMatchObject({ version: 2, netResultCents: 180000, correctionReason: 'Factuur van maart alsnog betaald' });
      await post('SOCIAL_COOPERATIVE', '/cooperative-statements', statement('2024-04', { revenueReceivedCents: 200000 }));
      // The July rule of the municipality (corrected to €280): July is settled with it.
      await post('SOCIAL_COOPERATIVE', '/cooperative-statements', statement('2024-07', { revenueReceivedCents: 400000 }));
      const all = (await p.get('coordinator', `/cooperative-settlements?memberId=${memberId}`)).json().items;
      expect(all.map((s: { month: string; exemptionCents: number; setOffCents: number; capReached: boolean }) => [s.month, s.exemptionCents, s.setOffCents, s.capReached])).toEqual([
        ['2024-03', 26400, 153600, true],
        ['2024-04', 26400, 153600, true],
        ['2024-07', 28000, 352000, true],
      ]);
      // Two months in a row at or above €700: the coordinator considers a move off the benefit.
      expect(all.map((s: { monthsAtOrAboveBenefit: number; outflowToConsider: boolean }) => [s.monthsAtOrAboveBenefit, s.outflowToConsider])).toEqual([[1, false], [2, true], [1, false]]);

      const csv = await p.get('coordinator', '/cooperative-settlements.csv?month=2024-04');
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      const lines = csv.body.replace('\ufeff', '').trim().split('\r\n');
      expect(lines[0]).toContain('exemption_cents,set_off_cents');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(`2024-04,${venue.SOCIAL_COOPERATIVE},${memberId},${candidateId},1,180000,180000,STANDARD`);

      // Only the municipality reads the settlement; the cooperative its own statements; every read is logged with its purpose.
      expect((await p.get('SOCIAL_COOPERATIVE', '/cooperative-settlements')).statusCode).toBe(403);
      expect((await p.get('SOCIAL_COOPERATIVE', `/cooperative-members/${memberId}/statements`)).json()).toHaveLength(4);
      expect((await p.get('SOCIAL_FIRM', `/cooperative-members/${memberId}/statements`)).statusCode).toBe(404);
      const logged = await db.query(`SELECT endpoint, purpose, action FROM access_log WHERE candidate_id = $1 AND endpoint LIKE '%cooperative%'`, [candidateId]);
      expect(logged.rows).toEqual(
        expect.arrayContaining([
          { endpoint: 'POST /cooperative-members', purpose: 'MUNICIPAL_TASK', action: 'CHANGE' },
          { endpoint: 'POST /cooperative-statements', purpose: 'PLACEMENT', action: 'CHANGE' },
          { endpoint: 'GET /cooperative-settlements', purpose: 'MUNICIPAL_TASK', action: 'READ' },
          { endpoint: 'GET /cooperative-members/{id}/statements', purpose: 'PLACEMENT', action: 'READ' },
        ]),
      );
    });

    it('N months at or above the benefit level: the coordinator reviews a move off the benefit, once', async () => {
      const reviews = (await p.get('coordinator', '/venue-tasks')).json().items.filter((t: { type: string; memberId: string }) => t.type === 'cooperative.outflow-review' && t.memberId === memberId);
      expect(reviews).toEqual([expect.objectContaining({ id: `cooperative.outflow-review:${memberId}:2024-04`, month: '2024-04', status: 'OPEN', candidateId })]);
      expect((await p.get('SOCIAL_COOPERATIVE', '/venue-tasks')).json().items.filter((t: { type: string }) => t.type === 'cooperative.outflow-review')).toEqual([]);
      const url = `/venue-tasks/${encodeURIComponent(reviews[0].id)}/complete`;
      expect((await post('coordinator', url, { outcome: 'STAY' })).statusCode).toBe(400);
      expect((await post('SOCIAL_COOPERATIVE', url, { outcome: 'CONTINUE_ON_BENEFIT' })).statusCode).toBe(404);
      const key = randomUUID();
      const done = await post('coordinator', url, { outcome: 'CONTINUE_ON_BENEFIT' }, key);
      expect(done.statusCode).toBe(200);
      expect(done.json()).toMatchObject({ status: 'COMPLETED', outcome: 'CONTINUE_ON_BENEFIT' });
      // The key keeps the task's own (text) id; the same request again is the same answer, replayed.
      expect((await db.query(`SELECT resource_id FROM idempotency_keys WHERE key = $1`, [key])).rows).toEqual([{ resource_id: reviews[0].id }]);
      const again = await post('coordinator', url, { outcome: 'CONTINUE_ON_BENEFIT' }, key);
      expect([again.statusCode, again.headers['idempotent-replayed'], again.json()]).toEqual([200, 'true', done.json()]);
      expect((await post('coordinator', url, { outcome: 'MOVE_OFF_BENEFIT' })).statusCode).toBe(409);
    });

    it('the monthly timer opens each member’s statement task; the statement completes it, a late one goes to the coordinator', async () => {
      // A second cooperative of the same person: two members, one states in time, one does not.
      const second = await post('coordinator', '/venues', { ...KINDS.SOCIAL_COOPERATIVE, name: 'Coöperatie Twee' });
      const coop2 = second.json().id;
      p.tokens.coop2 = await bearer(api, coop2, ['employer']);
      const joined = await post('coordinator', '/cooperative-members', { venueId: coop2, candidateId, joinedOn: '2024-02-01', consent: { decisionDate: '2024-01-20', legalBasis: 'Participatiewet', planReference: 'PvA-2' }, singleParent: true, medicalHourLimitation: false });
      const member2 = joined.json().id;
      const { client, close } = await temporalClient();
      try {
        const run = new JourneyClient(client, testRun().taskQueue).runMonthlyStatements({ asOf: '2024-06-01T06:00:00Z', dueAfterMs: 4000 }, `monthly-statements-test-${randomUUID()}`);
        const due = async (who: string, id: string): Promise<Record<string, string>> => {
          for (let i = 0; i < 100; i++) {
            const task = (await p.get(who, '/venue-tasks')).json().items.find((t: { id: string }) => t.id === id);
            if (task) return task;
            await new Promise((r) => setTimeout(r, 100));
          }
          throw new Error(`no task ${id} for ${who}`);
        };
        expect(await due('SOCIAL_COOPERATIVE', `cooperative.statement:${memberId}:2024-05`)).toMatchObject({ type: 'cooperative.statement', month: '2024-05', status: 'OPEN' });
        await due('coop2', `cooperative.statement:${member2}:2024-05`);
        expect((await post('SOCIAL_COOPERATIVE', '/cooperative-statements', statement('2024-05'))).statusCode).toBe(201);
        const outcome = await run;
        expect(outcome.month).toBe('2024-05');
        expect(outcome.opened).toBeGreaterThanOrEqual(2);
        expect(outcome.escalated).toBeGreaterThanOrEqual(1);
        const closed = (await p.get('SOCIAL_COOPERATIVE', '/venue-tasks?status=COMPLETED')).json().items.map((t: { id: string }) => t.id);
        expect(closed).toContain(`cooperative.statement:${memberId}:2024-05`);
        const late = await due('coordinator', `cooperative.statement:${member2}:2024-05`);
        expect(late.escalatedAt).toBeDefined();
        expect((await p.get('coop2', '/venue-tasks')).json().items).toEqual([]);
        // The late statement still comes from the cooperative, and closes the task.
        expect((await post('coop2', '/cooperative-statements', { ...statement('2024-05'), memberId: member2 })).statusCode).toBe(201);
        expect((await p.get('coordinator', '/venue-tasks')).json().items.map((t: { id: string }) => t.id)).not.toContain(`cooperative.statement:${member2}:2024-05`);
      } finally {
        await close();
      }
    });

    it('a municipality keeps its own due period for the statements (a dated rule); another keeps the ten days; a bad period writes nothing', async () => {
      const rule = { ruleSet: 'COOPERATIVE_STATEMENT', variant: 'DEFAULT', validFrom: '2024-06-01', params: { dueDays: 3 } };
      const before = await count('venue_rules');
      expect((await post('coordinator', '/venue-rules', { ...rule, params: { dueDays: 0 } })).statusCode).toBe(400);
      expect((await post('coordinator', '/venue-rules', { ...rule, params: { basisPoints: 5 } })).json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['params.dueDays', 'params.basisPoints']));
      expect(await count('venue_rules')).toBe(before);
      expect((await post('coordinator', '/venue-rules', rule)).statusCode).toBe(201);
      // The foreign municipality's cooperative and member keep the national ten days.
      const foreignCoop = (await post('foreign', '/venues', { ...KINDS.SOCIAL_COOPERATIVE, name: 'Coöperatie Elders' })).json().id;
      const foreignCandidate = await createCandidate(db, foreign);
      await db.query(`INSERT INTO cooperative_members (id, venue_id, municipality_id, candidate_id, joined_on, decision_date, legal_basis, plan_reference, single_parent, medical_hour_limitation, recorded_by_organisation_id, recorded_by_user_id)
        VALUES ($1, $2, $3, $4, '2024-01-01', '2024-01-01', 'Participatiewet', 'PvA-E', false, false, $3, 'test')`, [randomUUID(), foreignCoop, foreign.municipalityId, foreignCandidate]);
      const { client, close } = await temporalClient();
      const workflowId = `monthly-statements-due-${randomUUID()}`;
      const startedAt = Date.now();
      try {
        await client.workflow.start('monthlyStatementsWorkflow', { args: [{ asOf: '2024-09-01T06:00:00Z' }], taskQueue: testRun().taskQueue, workflowId });
        const dueOf = async (municipalityId: string): Promise<number> => {
          for (let i = 0; i < 100; i++) {
            const { rows } = await db.query(`SELECT due_at FROM venue_tasks WHERE type = 'cooperative.statement' AND month = '2024-08' AND municipality_id = $1`, [municipalityId]);
            if (rows.length) return new Date(rows[0].due_at).getTime() - startedAt;
            await new Promise((r) => setTimeout(r, 100));
          }
          throw new Error(`no statement task of 2024-08 in ${municipalityId}`);
        };
        const day = 24 * 60 * 60 * 1000;
        const [ownDue, foreignDue] = [await dueOf(own.municipalityId), await dueOf(foreign.municipalityId)];
        expect(ownDue).toBeGreaterThan(3 * day - 60000);
        expect(ownDue).toBeLessThan(3 * day + 60000);
        expect(foreignDue).toBeGreaterThan(10 * day - 60000);
        expect(foreignDue).toBeLessThan(10 * day + 60000);
      } finally {
        await client.workflow.getHandle(workflowId).terminate('test over');
        await close();
      }
    });

    it('the pipeline summary and its CSV have the venue kind as a dimension', async () => {
      const summary = (await p.get('coordinator', '/pipeline/summary')).json();
      expect(summary.byVenueKinds.map((v: { venueKind: string }) => v.venueKind)).toEqual(['REGULAR_EMPLOYER', 'SOCIAL_COOPERATIVE', 'SOCIAL_FIRM', 'FLEX_WORKSPACE']);
      expect(summary.byVenueKinds[1]).toMatchObject({ venueKind: 'SOCIAL_COOPERATIVE', venues: 1, journeys: 1, placed: 1, bySteps: { PLACEMENT_RUNNING: 1 } });
      expect(summary.byVenueKinds[0].venues).toBe(0);
      const csv = (await p.get('coordinator', '/pipeline/summary.csv')).body;
      expect(csv).toContain('venue_kind,SOCIAL_COOPERATIVE,,placed,1');
      expect(csv).toContain('venue_kind,SOCIAL_FIRM,,journeys,0');
    });

    it('a correction of the benefit level is a dated version with who and why; each month is settled with the level in effect then; bad versions write nothing', async () => {
      const coop3 = (await post('coordinator', '/venues', { ...KINDS.SOCIAL_COOPERATIVE, name: 'Coöperatie Drie' })).json().id;
      p.tokens.coop3 = await bearer(api, coop3, ['employer']);
      const member3 = (await post('coordinator', '/cooperative-members', { venueId: coop3, candidateId, joinedOn: '2024-01-01', consent: { decisionDate: '2023-12-20', legalBasis: 'Participatiewet', planReference: 'PvA-3' }, singleParent: false, medicalHourLimitation: false })).json().id;
      const versions = async (): Promise<number> => (await db.query(`SELECT count(*)::int AS n FROM venue_data_versions WHERE venue_id = $1`, [coop3])).rows[0].n;
      const level = { chamberOfCommerceNumber: '12345678', benefitLevelCents: 90000, outflowAfterMonths: 2 };
      const version = { validFrom: '2024-03-01', socialCooperative: level, reason: 'Bijstandsnorm verhoogd per maart' };
      const url = `/venues/${coop3}/data-versions`;
      for (const [who, path, body, status, field] of [
        ['coordinator', url, { ...version, reason: undefined }, 400, 'reason'],
        ['coordinator', url, { ...version, validFrom: '2024-3-1' }, 400, 'validFrom'],
        ['coordinator', url, { ...version, socialCooperative: undefined }, 400, 'socialCooperative'],
        ['coordinator', url, { ...version, socialCooperative: { ...level, benefitLevelCents: -1 } }, 400, 'socialCooperative.benefitLevelCents'],
        ['coordinator', url, { ...version, socialFirm: {} }, 400, 'socialFirm'],
        ['coop3', url, version, 403, undefined],
        ['foreign', url, version, 404, undefined],
        ['coordinator', `/venues/${randomUUID()}/data-versions`, version, 404, undefined],
      ] as const) {
        const response = await post(who, path, body);
        expect([who, response.statusCode]).toEqual([who, status]);
        if (field) expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      expect(await versions()).toBe(0);
      const recorded = await post('coordinator', url, version);
      expect(recorded.statusCode).toBe(201);
      expect(recorded.json()).toMatchObject({ venueId: coop3, version: 1, validFrom: '2024-03-01', data: level, reason: version.reason, recordedByOrganisationId: own.municipalityId });
      expect((await p.get('coordinator', url)).json().items).toHaveLength(1);
      expect((await p.get('coop3', url)).json().items).toHaveLength(1);
      expect((await p.get('SOCIAL_FIRM', url)).statusCode).toBe(404);
      // Today the venue reads with the version in effect; the registration itself is as it was.
      expect((await p.get('coordinator', `/venues/${coop3}`)).json().socialCooperative.benefitLevelCents).toBe(90000);
      expect((await db.query(`SELECT venue_data->>'benefitLevelCents' AS level FROM organisations WHERE id = $1`, [coop3])).rows[0].level).toBe('70000');

      // €800 a month: at or above €700 in January and February (outflow to consider), below €900 from March; €950 in April is above it again.
      for (const [month, received] of [['2024-01', 100000], ['2024-02', 100000], ['2024-03', 100000], ['2024-04', 115000]] as const) {
        expect((await post('coop3', '/cooperative-statements', { ...statement(month, { revenueReceivedCents: received }), memberId: member3 })).statusCode).toBe(201);
      }
      const settled = (await p.get('coordinator', `/cooperative-settlements?memberId=${member3}`)).json().items;
      expect(settled.map((s: { month: string; monthsAtOrAboveBenefit: number; outflowToConsider: boolean }) => [s.month, s.monthsAtOrAboveBenefit, s.outflowToConsider])).toEqual([
        ['2024-01', 1, false], ['2024-02', 2, true], ['2024-03', 0, false], ['2024-04', 1, false],
      ]);
      const reviews = (await p.get('coordinator', '/venue-tasks')).json().items.filter((t: { memberId?: string }) => t.memberId === member3).map((t: { id: string }) => t.id);
      expect(reviews).toEqual([`cooperative.outflow-review:${member3}:2024-02`]);
    });
  });
});
