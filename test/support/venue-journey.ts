import { PAYLOADS } from './journey-driver';
import type { HttpParties } from './http-driver';

/**
 * Refers a young person and takes the journey over HTTP through the four steps to a running
 * placement at `host` (a venue of any kind): `coordinator`, `care` and `host` name the parties'
 * tokens. Returns the candidate's id.
 */
export async function placeAtVenue(
  p: HttpParties,
  who: { coordinator: string; care: string; host: string },
  ids: { municipalityId: string; careProviderId: string; hostId: string },
  candidate: { firstName: string; dateOfBirth: string },
  proposedRoute: string,
): Promise<string> {
  const id = await p.refer(who.care, {
    municipalityId: ids.municipalityId,
    careProviderId: ids.careProviderId,
    candidate: { ...candidate, lastName: 'Venue' },
    situation: 'Wil groeien naar werk.',
    consent: { givenBy: 'CANDIDATE', givenAt: '2026-11-02T10:00:00Z' },
  });
  await p.complete(who.coordinator, id, 'intake.accept', PAYLOADS.accept);
  await p.complete(who.coordinator, id, 'intake.meeting', PAYLOADS.meeting);
  await p.complete(who.care, id, 'profile.talents', PAYLOADS.talents);
  await p.complete(who.coordinator, id, 'orientation.propose', PAYLOADS.propose(ids.hostId));
  await p.complete(who.host, id, 'orientation.respond', PAYLOADS.accepts);
  await p.complete(who.host, id, 'orientation.feedback', PAYLOADS.feedback);
  await p.complete(who.care, id, 'orientation.feedback', PAYLOADS.feedback);
  await p.complete(who.coordinator, id, 'discover.conclude', PAYLOADS.ready);
  await p.complete(who.care, id, 'analyse.support-plan', PAYLOADS.supportPlan);
  await p.complete(who.coordinator, id, 'analyse.match', { ...PAYLOADS.match(ids.hostId), proposedRoute });
  await p.complete(who.coordinator, id, 'analyse.decision', PAYLOADS.approve);
  await p.complete(who.host, id, 'placement.offer', PAYLOADS.accepts);
  await Promise.all([who.coordinator, who.care, who.host].map((party) => p.complete(party, id, 'placement.agreement', PAYLOADS.sign)));
  await p.complete(who.host, id, 'placement.start', PAYLOADS.start);
  return id;
}
