/**
 * Step 3, analyse (analyseren): the care party's support plan, the coordinator's match (host,
 * alternatives, role, hours, duration, a *proposed* route) and the municipality's decision.
 */
import { JourneyStep } from '../journey';
import { FUNDING_ROUTES, type FundingRoute } from '../routes';
import { HOURS_PER_WEEK } from '../schema';
import { defineTask, documentReference } from './task-definition';
import { ROUTE_LABELS } from './routes';

export const ANALYSE_TASKS = {
  'analyse.support-plan': defineTask({
    step: JourneyStep.ANALYSE,
    parties: ['CARE_PROVIDER'],
    label: { nl: 'Ondersteuningsplan', en: 'Support plan' },
    description: { nl: 'Welke ondersteuning heeft de jongere nodig op de werkplek?', en: 'What support does the young person need at work?' },
    schema: {
      supportPlanDocumentId: { kind: 'reference' },
      supportCodes: { kind: 'array', of: { kind: 'code', vocabulary: 'support' }, minItems: 0, maxItems: 20, unique: true },
      jobCoachHoursPerWeek: { kind: 'int', min: 0, max: 40 },
    },
    fields: {
      supportPlanDocumentId: documentReference({ nl: 'Ondersteuningsplan (kenmerk in uw dossier)', en: 'Support plan (reference in your file)' }),
      supportCodes: { label: { nl: 'Ondersteuning', en: 'Support' } },
      jobCoachHoursPerWeek: { label: { nl: 'Uren jobcoach per week', en: 'Job-coach hours per week' } },
    },
    complete: (ctx) => {
      ctx.open('analyse.match', ctx.coordinator());
    },
  }),
  'analyse.match': defineTask({
    step: JourneyStep.ANALYSE,
    parties: ['MUNICIPALITY'],
    label: { nl: 'Match voorstellen', en: 'Propose a match' },
    description: { nl: 'Bij welke werkgever, in welke functie, hoeveel uur en hoe lang; en welke route ligt voor de hand.', en: 'Which host, which role, how many hours and how long; and which route seems likely.' },
    schema: {
      employerId: { kind: 'uuid', refers: 'host' },
      workplaceId: { kind: 'uuid', refers: 'workplace', of: 'employerId', optional: true },
      alternativeEmployerIds: { kind: 'array', of: { kind: 'uuid', refers: 'host' }, minItems: 0, maxItems: 3, unique: true, alternativesTo: 'employerId', optional: true },
      roleCode: { kind: 'code', vocabulary: 'role' },
      hoursPerWeek: HOURS_PER_WEEK,
      durationWeeks: { kind: 'int', min: 1, max: 104 },
      proposedRoute: { kind: 'enum', values: FUNDING_ROUTES },
    },
    fields: {
      employerId: { label: { nl: 'Werkgever', en: 'Host (employer)' } },
      workplaceId: {
        label: { nl: 'Werkplek', en: 'Workplace' },
        help: { nl: 'Een werkplek van deze werkgever met een vrije plek.', en: 'A workplace of this host with a free place.' },
      },
      alternativeEmployerIds: { label: { nl: 'Andere werkgevers als deze nee zegt', en: 'Other hosts if this one declines' } },
      roleCode: { label: { nl: 'Functie', en: 'Role' } },
      hoursPerWeek: { label: { nl: 'Uren per week', en: 'Hours per week' } },
      durationWeeks: { label: { nl: 'Duur in weken', en: 'Duration in weeks' } },
      proposedRoute: { label: { nl: 'Voorgestelde route', en: 'Proposed route' }, help: { nl: 'Een voorstel: het label komt achteraf.', en: 'A proposal: the label comes afterwards.' }, codes: ROUTE_LABELS },
    },
    complete: (ctx, _task, p) => {
      const s = ctx.state;
      s.match = { employerId: p.employerId, alternativeEmployerIds: p.alternativeEmployerIds ?? [], roleCode: p.roleCode, hoursPerWeek: p.hoursPerWeek, durationWeeks: p.durationWeeks };
      s.proposedRoute = p.proposedRoute as FundingRoute;
      ctx.addHosts([s.match.employerId, ...s.match.alternativeEmployerIds]);
      ctx.open('analyse.decision', ctx.coordinator());
    },
  }),
  'analyse.decision': defineTask({
    step: JourneyStep.ANALYSE,
    parties: ['MUNICIPALITY'],
    label: { nl: 'Besluit over de match', en: 'Decision on the match' },
    description: { nl: 'Akkoord met de match en de voorgestelde route, of terug naar de match.', en: 'Approve the match and the proposed route, or send it back.' },
    schema: {
      decision: { kind: 'enum', values: ['APPROVE', 'REVISE'] },
      proposedRoute: { kind: 'enum', values: FUNDING_ROUTES, optional: true },
      reasonCode: { kind: 'code', vocabulary: 'reviseReason', optional: true },
    },
    fields: {
      decision: { label: { nl: 'Besluit', en: 'Decision' }, codes: { APPROVE: { nl: 'Akkoord', en: 'Approve' }, REVISE: { nl: 'Terug naar de match', en: 'Revise the match' } } },
      proposedRoute: { label: { nl: 'Andere voorgestelde route', en: 'Another proposed route' }, codes: ROUTE_LABELS },
      reasonCode: { label: { nl: 'Reden', en: 'Reason' }, visibleWhen: { decision: ['REVISE'] } },
    },
    complete: (ctx, _task, p) => {
      const s = ctx.state;
      if (p.proposedRoute) s.proposedRoute = p.proposedRoute as FundingRoute;
      if (p.decision === 'APPROVE' && s.match) {
        ctx.moveTo(JourneyStep.PLACE);
        ctx.open('placement.offer', ctx.host(s.match.employerId), s.match.employerId);
      } else {
        ctx.open('analyse.match', ctx.coordinator());
      }
    },
  }),
};
