import { Test } from '@nestjs/testing';
import type { EntityManager } from 'typeorm';
import { AccessLogRepository } from '../../../../libs/database/src/repositories/access-log.repository';
import { ConsentsRepository } from '../../../../libs/database/src/repositories/consents.repository';
import { IdempotencyKeysRepository } from '../../../../libs/database/src/repositories/idempotency-keys.repository';
import type { CreateBookingDto } from '../../../../libs/contracts/src/venue.dto';
import { OrganisationType } from '../../../../libs/domain/src/organisation';
import { VenueKind } from '../../../../libs/domain/src/venues';
import { FakeAccessLog, FakeConsents, FakeIdempotencyKeys, FakePeople, FakeTransaction, principal, refusal } from '../../../../test/support/service-fakes';
import { AccessService } from '../access/access.service';
import { PeopleRepository } from '../access/people.repository';
import { IdempotencyService } from '../common/idempotency.service';
import { FlexWorkspaceRepository, type BookingRow } from './flex-workspace.repository';
import { FlexWorkspaceService } from './flex-workspace.service';
import { VenuesRepository, type VenueRow } from './venues.repository';

const M = 'f0000000-0000-4000-8000-000000000001';
const SPACE = 'f0000000-0000-4000-8000-000000000041';
const NOOR = 'f0000000-0000-4000-8000-000000000501';
const MONDAY = '2026-12-07';

/** The venues as VenuesRepository reads them (the data in effect is the data held: one version). */
class FakeVenues {
  readonly rows = new Map<string, VenueRow>();

  async venue(id: string): Promise<VenueRow | undefined> {
    return this.rows.get(id);
  }

  async inEffect(rows: VenueRow[]): Promise<VenueRow[]> {
    return rows;
  }
}

/** The slots and bookings: a seat is taken under the slot's lock, and given back when its transaction fails. */
class FakeFlex {
  readonly booked = new Map<string, number>();
  readonly bookings = new Map<string, BookingRow>();
  readonly participants = new Set<string>();

  async takeSeat(tx: EntityManager, s: { venueId: string; day: string; part: string; kind: 'SOCIAL' | 'MARKET'; seats: number; socialSeats: number }): Promise<boolean> {
    const slot = `${s.venueId}:${s.day}:${s.part}:${s.kind}`;
    const taken = this.booked.get(slot) ?? 0;
    if (taken >= (s.kind === 'SOCIAL' ? s.socialSeats : s.seats - s.socialSeats)) return false;
    this.booked.set(slot, taken + 1);
    const open = tx as unknown as FakeTransaction;
    let committed = false;
    open.later(() => (committed = true));
    void open.ended.then(() => committed || this.booked.set(slot, this.booked.get(slot)! - 1));
    return true;
  }

  async insertBooking(tx: EntityManager, b: BookingRow): Promise<void> {
    (tx as unknown as FakeTransaction).later(() => this.bookings.set(b.id, b));
  }

  async booking(id: string): Promise<BookingRow | undefined> {
    return this.bookings.get(id);
  }

  async journeyIn(candidateId: string): Promise<boolean> {
    return this.participants.has(candidateId);
  }
}

const space = principal(SPACE, OrganisationType.EMPLOYER, 'beheerder', ['employer', 'admin']);
const booking = (dto: Partial<CreateBookingDto>) => ({ venueId: SPACE, day: MONDAY, part: 'MORNING', tenantKind: 'MARKET', tenantName: 'Boekhouding Bos', ...dto }) as CreateBookingDto;
const request = (key: string, body: unknown) => ({ key, command: 'POST /flex-bookings', params: {}, body });

describe(FlexWorkspaceService.name, () => {
  let sut: FlexWorkspaceService;
  let flex: FakeFlex;
  let log: FakeAccessLog;

  beforeEach(async () => {
    const consents = new FakeConsents();
    const venues = new FakeVenues();
    flex = new FakeFlex();
    log = new FakeAccessLog();
    const module = await Test.createTestingModule({
      providers: [
        FlexWorkspaceService,
        AccessService,
        IdempotencyService,
        { provide: FlexWorkspaceRepository, useValue: flex },
        { provide: VenuesRepository, useValue: venues },
        { provide: PeopleRepository, useValue: new FakePeople(consents) },
        { provide: ConsentsRepository, useValue: consents },
        { provide: AccessLogRepository, useValue: log },
        { provide: IdempotencyKeysRepository, useValue: new FakeIdempotencyKeys() },
      ],
    }).compile();
    sut = module.get(FlexWorkspaceService);
    venues.rows.set(SPACE, { id: SPACE, name: 'Flexwerkplek Stadshart', venue_kind: VenueKind.FLEX_WORKSPACE, municipality_id: M, active: true, venue_data: { seats: 3, socialSeats: 1 } });
    flex.participants.add(NOOR);
  });

  it('a participant books the reserved seat; the booking is logged as a change of their data', async () => {
    const dto = booking({ tenantKind: 'SOCIAL', tenantName: undefined, candidateId: NOOR });
    await expect(sut.book(space, dto, request('key-f0000001', dto))).resolves.toMatchObject({ status: 201, body: { venueId: SPACE, day: MONDAY, tenantKind: 'SOCIAL', candidateId: NOOR } });
    expect(log.entries).toEqual([expect.objectContaining({ candidateId: NOOR, municipalityId: M, action: 'CHANGE', purpose: 'PLACEMENT', fields: ['booking'] })]);
  });

  it('a full slot is 409 and books nothing; the other kind’s seats stay free', async () => {
    const social = booking({ tenantKind: 'SOCIAL', tenantName: undefined, candidateId: NOOR });
    await sut.book(space, social, request('key-f0000002', social));
    expect(await refusal(sut.book(space, social, request('key-f0000003', social)))).toMatchObject({ status: 409 });
    await expect(sut.book(space, booking({}), request('key-f0000004', booking({})))).resolves.toMatchObject({ status: 201 });
    expect(flex.bookings.size).toBe(2);
  });

  it('many bookings at once for the last market seats: as many succeed as there are seats, the rest are 409', async () => {
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => sut.book(space, booking({ tenantName: `Huurder ${n}` }), request(`key-f000010${n}`, booking({ tenantName: `Huurder ${n}` })))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.problem.status)).toEqual([409, 409, 409]);
    expect(flex.bookings.size).toBe(2);
  });

  it('a weekend day, a SOCIAL booking without its participant, or another organisation’s space is a field error, and nothing is booked', async () => {
    expect(await refusal(() => sut.book(space, booking({ day: '2026-12-05' }), request('key-f0000005', {})))).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'day', code: 'NOT_A_WORKING_DAY' })] });
    expect(await refusal(() => sut.book(space, booking({ tenantKind: 'SOCIAL' }), request('key-f0000006', {})))).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'candidateId' })] });
    const elsewhere = principal('f0000000-0000-4000-8000-000000000042', OrganisationType.EMPLOYER, 'ander', ['employer']);
    expect(await refusal(sut.book(elsewhere, booking({}), request('key-f0000007', {})))).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'venueId' })] });
    const stranger = booking({ tenantKind: 'SOCIAL', tenantName: undefined, candidateId: 'f0000000-0000-4000-8000-000000000599' });
    expect(await refusal(sut.book(space, stranger, request('key-f0000008', stranger)))).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'candidateId' })] });
    expect(flex.bookings.size).toBe(0);
    expect(log.entries).toEqual([]);
  });
});
