import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Client as PgClient } from 'pg';
import { HttpParties } from '../support/http-driver';
import { bearer, createParties, sql, startApi, startWorker, type TestParties } from '../support/stack';

/**
 * The flex-work space over HTTP: a referred participant books half-day seats on the reserved
 * social share beside market tenants; a slot never takes more than its seats, also under 50
 * bookings at once; the participant's months against the goal, the contribution and outflow;
 * central services; occupancy for the municipality; bad input writes nothing.
 */
describe('flex-work space', () => {
  let worker: INestApplicationContext;
  let api: NestFastifyApplication;
  let db: PgClient;
  let own: TestParties;
  let p: HttpParties;
  let space: string;
  let participant: string;

  beforeAll(async () => {
    [worker, api, db] = await Promise.all([startWorker(), startApi(), sql()]);
    own = await createParties(db);
    p = new HttpParties(api, {
      coordinator: await bearer(api, own.municipalityId, ['coordinator']),
      care: await bearer(api, own.careProviderId, ['support-worker']),
      employer: await bearer(api, own.employerId, ['employer']),
    });
    const registered = await p.post('coordinator', '/venues', { name: 'Flexwerkplek Stadshart', kind: 'FLEX_WORKSPACE', flexWorkspace: { address: 'Stadhuisplein 1', seats: 14, socialSeats: 4 } });
    space = registered.json().id;
    p.tokens.space = await bearer(api, space, ['employer']);
    participant = await p.refer('care', {
      municipalityId: own.municipalityId,
      careProviderId: own.careProviderId,
      candidate: { firstName: 'Noor', lastName: 'Flex', dateOfBirth: '1995-04-04' },
      situation: 'Wil leren ondernemen.',
      consent: { givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00Z' },
    });
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await db?.end();
  });

  const post = (who: string, url: string, body: unknown, key: string = randomUUID()) =>
    api.inject({ method: 'POST', url, headers: { authorization: p.tokens[who], 'idempotency-key': key }, payload: body as object });
  const count = async (table: string): Promise<number> => (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  const monday = '2026-12-07';

  it('50 bookings at once for 10 market seats: exactly 10 booked, 40 refused (409), the slot at capacity', async () => {
    // A 503 (the database's pool busy on a loaded machine) is retried as the API asks: the same
    // request with the same Idempotency-Key, which takes effect once at most.
    const book = async (i: number) => {
      const key = randomUUID();
      for (let attempt = 1; ; attempt++) {
        const response = await post('space', '/flex-bookings', { venueId: space, day: monday, part: 'MORNING', tenantKind: 'MARKET', tenantName: `Huurder ${i}` }, key);
        if (response.statusCode !== 503 || attempt === 10) return response;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    };
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => book(i)));
    const statuses = responses.map((r) => r.statusCode);
    expect(responses.filter((r) => r.statusCode !== 201 && r.statusCode !== 409).map((r) => `${r.statusCode} ${r.body.slice(0, 300)}`)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    const slot = (await db.query(`SELECT booked_market, booked_social FROM flex_slots WHERE venue_id = $1 AND day = $2 AND part = 'MORNING'`, [space, monday])).rows[0];
    expect(slot).toEqual({ booked_market: 10, booked_social: 0 });
    expect((await db.query(`SELECT count(*)::int AS n FROM flex_bookings WHERE venue_id = $1 AND day = $2`, [space, monday])).rows[0].n).toBe(10);
    // The database itself refuses a count above the seats, whatever the application does.
    await expect(db.query(`UPDATE flex_slots SET booked_market = booked_market + 1 WHERE venue_id = $1 AND day = $2 AND part = 'MORNING'`, [space, monday])).rejects.toThrow(/flex_slots_market_capacity/);
  });

  it('the reserved social share stays free for participants on a full Monday morning', async () => {
    const key = randomUUID();
    const booked = await post('space', '/flex-bookings', { venueId: space, day: monday, part: 'MORNING', tenantKind: 'SOCIAL', candidateId: participant }, key);
    expect(booked.statusCode).toBe(201);
    expect(booked.json()).toMatchObject({ venueId: space, day: monday, part: 'MORNING', tenantKind: 'SOCIAL', candidateId: participant });
    expect((await post('space', '/flex-bookings', { venueId: space, day: monday, part: 'MORNING', tenantKind: 'SOCIAL', candidateId: participant }, key)).json().id).toBe(booked.json().id);
    const occupancy = (await p.get('coordinator', `/flex-occupancy?venueId=${space}&from=${monday}&to=${monday}`)).json();
    expect(occupancy.slots).toEqual([{ day: monday, part: 'MORNING', seats: 14, socialSeats: 4, bookedSocial: 1, bookedMarket: 10, occupancyBasisPoints: 7857 }]);
    expect((await p.get('employer', `/flex-occupancy?venueId=${space}&from=${monday}&to=${monday}`)).statusCode).toBe(404);
  });

  it.each([
    ['day', 'NOT_A_WORKING_DAY', { day: '2026-12-05', part: 'MORNING', tenantKind: 'MARKET', tenantName: 'Zaterdag' }],
    ['part', 'ENUM', { day: monday, part: 'EVENING', tenantKind: 'MARKET', tenantName: 'Avond' }],
    ['candidateId', 'INVALID', { day: monday, part: 'AFTERNOON', tenantKind: 'SOCIAL' }],
    ['candidateId', 'NOT_FOUND', { day: monday, part: 'AFTERNOON', tenantKind: 'SOCIAL', candidateId: randomUUID() }],
    ['venueId', 'NOT_FOUND', { venueId: randomUUID(), day: monday, part: 'AFTERNOON', tenantKind: 'MARKET', tenantName: 'X' }],
  ])('a bad booking (%s) -> 400 with the rule\'s code (%s), nothing booked', async (field, code, body) => {
    const before = await count('flex_bookings');
    const response = await post('space', '/flex-bookings', { venueId: space, ...body });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await count('flex_bookings')).toBe(before);
  });

  it('another venue cannot book at the space', async () => {
    expect((await post('employer', '/flex-bookings', { venueId: space, day: monday, part: 'AFTERNOON', tenantKind: 'MARKET', tenantName: 'X' })).statusCode).toBe(400);
  });

  it('the participant’s months: the €100 goal, a contribution due after three months above €500, an outflow review after three above €1,500', async () => {
    const revenue = (month: string, netRevenueCents: number, extra: Record<string, unknown> = {}) => post('space', '/flex-revenue', { venueId: space, candidateId: participant, month, netRevenueCents, ...extra });
    expect((await revenue('2024-01', 9999)).json()).toMatchObject({ month: '2024-01', goalCents: 10000, goalMet: false, contributionDueCents: 0 });
    const before = await count('flex_revenue');
    expect((await revenue('2024-01', 60000)).statusCode).toBe(409);
    expect((await revenue('2024-02', -1)).statusCode).toBe(400);
    expect((await revenue(`${new Date().getUTCFullYear() + 1}-01`, 100)).statusCode).toBe(400);
    expect(await count('flex_revenue')).toBe(before);
    expect((await revenue('2024-01', 60000, { correctionReason: 'Factuur januari gemist' })).json()).toMatchObject({ version: 2, goalMet: true, monthsAboveContribution: 1 });
    await revenue('2024-02', 70000);
    expect((await revenue('2024-03', 80000)).json()).toMatchObject({ monthsAboveContribution: 3, contributionDueCents: 6000, outflowToConsider: false });
    const months = (await p.get('coordinator', '/flex-revenue')).json().items.filter((m: { candidateId: string }) => m.candidateId === participant);
    expect(months.map((m: { month: string; contributionDueCents: number }) => [m.month, m.contributionDueCents])).toEqual([['2024-01', 0], ['2024-02', 0], ['2024-03', 6000]]);
    // Three months above €1,500: the coordinator is asked to consider outflow, once.
    for (const month of ['2024-05', '2024-06']) await revenue(month, 160000);
    expect((await revenue('2024-07', 160000)).json()).toMatchObject({ monthsAboveOutflow: 3, outflowToConsider: true, contributionDueCents: 22000 });
    const id = `flex.outflow-review:${participant}:2024-07`;
    expect((await p.get('coordinator', '/venue-tasks')).json().items).toEqual(expect.arrayContaining([expect.objectContaining({ id, type: 'flex.outflow-review', candidateId: participant, month: '2024-07' })]));
    expect((await post('coordinator', `/venue-tasks/${encodeURIComponent(id)}/complete`, { outcome: 'MOVE_OFF_BENEFIT' })).json()).toMatchObject({ status: 'COMPLETED', outcome: 'MOVE_OFF_BENEFIT' });
    expect((await p.get('employer', '/flex-revenue')).json().items).toEqual([]);
    expect((await p.get('care', '/flex-revenue')).statusCode).toBe(403);
  });

  it('central services with a social and a market rate', async () => {
    const offered = await post('space', '/flex-services', { venueId: space, candidateId: participant, name: 'Boekhouding', socialRateCents: 1500, marketRateCents: 4500 });
    expect(offered.statusCode).toBe(201);
    expect((await p.get('coordinator', '/flex-services')).json().items).toEqual([expect.objectContaining({ name: 'Boekhouding', socialRateCents: 1500, marketRateCents: 4500, candidateId: participant })]);
    expect((await post('space', '/flex-services', { venueId: space, candidateId: participant, name: 'X', socialRateCents: -5, marketRateCents: 1 })).statusCode).toBe(400);
  });
});
