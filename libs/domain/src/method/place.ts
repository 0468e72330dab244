/**
 * Step 4, place (plaatsen): the host's offer, every party signing the agreement (in parallel),
 * the start, evaluations every few weeks (a timer), and the coordinator's outcome — where the
 * route is fixed at last: the label comes afterwards.
 */
import { JourneyStatus, JourneyStep } from '../journey';
import { FUNDING_ROUTES, type FundingRoute } from '../routes';
import type { Context } from '../engine/context';
import { addMs } from '../engine/context';
import { openTasks } from '../engine/queries';
import type { Actor } from '../engine/types';
import type { PayloadOf } from '../schema';
import { loopBackToDiscover } from './discover';
import { DECISION_LABELS, defineTask, type TimerHandler } from './task-definition';
import { ROUTE_LABELS } from './routes';

const OUTCOME_SCHEMA = {
  decision: { kind: 'enum', values: ['PAID_WORK', 'EXTEND', 'END', 'EXIT'] },
  // The funding route is fixed now: the label comes afterwards.
  route: { kind: 'enum', values: FUNDING_ROUTES, optional: true, requiredWhen: { decision: ['PAID_WORK'] } },
  reasonCode: { kind: 'code', vocabulary: 'endReason', optional: true },
} as const;

export const PLACE_TASKS = {
  'placement.offer': defineTask({
    step: JourneyStep.PLACE,
    parties: ['HOST'],
    label: { nl: 'Plaatsing aanbieden', en: 'Placement offer' },
    description: { nl: 'Neemt u de jongere aan voor deze plaatsing?', en: 'Will you take the young person on for this placement?' },
    schema: {
      decision: { kind: 'enum', values: ['ACCEPT', 'DECLINE'] },
      reasonCode: { kind: 'code', vocabulary: 'declineReason', optional: true },
    },
    fields: {
      decision: { label: { nl: 'Uw antwoord', en: 'Your answer' }, codes: DECISION_LABELS },
      reasonCode: { label: { nl: 'Reden', en: 'Reason' }, visibleWhen: { decision: ['DECLINE'] } },
    },
    complete: (ctx, task, p) => {
      const s = ctx.state;
      const hostId = task.employerId!;
      if (p.decision === 'DECLINE') {
        ctx.attempt({ kind: 'PLACEMENT', employerId: hostId, outcome: 'DECLINED', reasonCode: p.reasonCode });
        const next = s.match?.alternativeEmployerIds.shift();
        if (next && s.match) {
          s.match.employerId = next;
          ctx.open('placement.offer', ctx.host(next), next);
        } else {
          s.match = undefined;
          ctx.moveTo(JourneyStep.ANALYSE, { reason: 'NO_EMPLOYER_LEFT' });
          ctx.open('analyse.match', ctx.coordinator());
        }
      } else {
        s.placement = { employerId: hostId, evaluationRounds: 0, evaluationCounter: 0 };
        // Every party signs the placement agreement, in parallel.
        for (const party of [ctx.coordinator(), ctx.care(), ctx.host(hostId)]) ctx.open('placement.agreement', party, hostId);
      }
    },
  }),
  'placement.agreement': defineTask({
    step: JourneyStep.PLACE,
    parties: ['MUNICIPALITY', 'CARE_PROVIDER', 'HOST'],
    label: { nl: 'Plaatsingsovereenkomst tekenen', en: 'Sign the placement agreement' },
    description: { nl: 'Elke partij tekent de overeenkomst; daarna kan de plaatsing beginnen.', en: 'Every party signs the agreement; then the placement can start.' },
    schema: { signed: { kind: 'boolean', mustBe: true }, signedOn: { kind: 'date', notAfterToday: true } },
    fields: {
      signed: { label: { nl: 'Ik teken de overeenkomst', en: 'I sign the agreement' } },
      signedOn: { label: { nl: 'Datum van ondertekening', en: 'Date signed' } },
    },
    complete: (ctx, task) => {
      if (!ctx.openOf('placement.agreement').length) ctx.open('placement.start', ctx.host(task.employerId!), task.employerId);
    },
  }),
  'placement.start': defineTask({
    step: JourneyStep.PLACE,
    parties: ['HOST'],
    label: { nl: 'Start van de plaatsing', en: 'Start of the placement' },
    description: { nl: 'Wanneer is de jongere begonnen?', en: 'When did the young person start?' },
    schema: { startDate: { kind: 'date', notAfterToday: true } },
    fields: { startDate: { label: { nl: 'Startdatum', en: 'Start date' } } },
    complete: (ctx, task, p) => {
      ctx.state.placement!.startedOn = p.startDate;
      ctx.moveTo(JourneyStep.PLACEMENT_RUNNING, { employerId: task.employerId });
      scheduleEvaluation(ctx, ctx.now);
    },
  }),
  'placement.evaluation': defineTask({
    step: JourneyStep.PLACEMENT_RUNNING,
    parties: ['HOST', 'CARE_PROVIDER'],
    label: { nl: 'Evaluatie van de plaatsing', en: 'Placement evaluation' },
    description: { nl: 'Hoe gaat het op de werkplek, en gaat de plaatsing door?', en: 'How is it going at work, and does the placement go on?' },
    schema: {
      rating: { kind: 'int', min: 1, max: 5 },
      progressCodes: { kind: 'array', of: { kind: 'code', vocabulary: 'progress' }, minItems: 0, maxItems: 20, unique: true },
      continuePlacement: { kind: 'boolean' },
    },
    fields: {
      rating: { label: { nl: 'Cijfer (1 tot 5)', en: 'Rating (1 to 5)' } },
      progressCodes: { label: { nl: 'Voortgang', en: 'Progress' } },
      continuePlacement: { label: { nl: 'De plaatsing gaat door', en: 'The placement goes on' } },
    },
    complete: (ctx, _task, p) => {
      const placement = ctx.state.placement!;
      const roundDone = !ctx.openOf('placement.evaluation').length;
      if (roundDone) placement.evaluationRounds += 1;
      const wantsOutcome = p.continuePlacement === false || (roundDone && placement.evaluationRounds >= ctx.state.policy.evaluationsBeforeOutcome);
      if (wantsOutcome && !ctx.openOf('placement.outcome').length) ctx.open('placement.outcome', ctx.coordinator(), placement.employerId);
    },
  }),
  'placement.outcome': defineTask({
    step: JourneyStep.PLACEMENT_RUNNING,
    parties: ['MUNICIPALITY'],
    label: { nl: 'Uitkomst van de plaatsing', en: 'Placement outcome' },
    description: { nl: 'Betaald werk (en de route ligt nu vast), verlengen, stoppen of het traject beëindigen.', en: 'Paid work (the route is fixed now), extend, end, or end the journey.' },
    schema: OUTCOME_SCHEMA,
    fields: {
      decision: {
        label: { nl: 'Uitkomst', en: 'Outcome' },
        codes: {
          PAID_WORK: { nl: 'Betaald werk', en: 'Paid work' },
          EXTEND: { nl: 'Verlengen', en: 'Extend' },
          END: { nl: 'Plaatsing stopt (terug naar ontdekken)', en: 'Placement ends (back to discovering)' },
          EXIT: { nl: 'Traject beëindigen', en: 'End the journey' },
        },
      },
      route: { label: { nl: 'Route (het label)', en: 'Route (the label)' }, codes: ROUTE_LABELS, visibleWhen: { decision: ['PAID_WORK'] } },
      reasonCode: { label: { nl: 'Reden', en: 'Reason' }, visibleWhen: { decision: ['END', 'EXIT'] } },
    },
    complete: (ctx, _task, p, actor) => placementOutcome(ctx, p, actor),
  }),
};

function placementOutcome(ctx: Context, p: PayloadOf<typeof OUTCOME_SCHEMA>, actor: Actor): void {
  const s = ctx.state;
  const placement = s.placement!;
  const endPlacement = (): void => {
    s.timers = s.timers.filter((t) => t.kind !== 'EVALUATION');
    ctx.cancelOpen((t) => t.type === 'placement.evaluation');
  };
  switch (p.decision) {
    case 'PAID_WORK': {
      endPlacement();
      const route = p.route as FundingRoute;
      s.route = route; // the label, fixed at last
      ctx.attempt({ kind: 'PLACEMENT', employerId: placement.employerId, outcome: 'PAID_WORK', route });
      s.job = { employerId: placement.employerId, route, startedAt: ctx.now, followUpsDone: 0 };
      s.placement = undefined;
      ctx.moveTo(JourneyStep.PAID_WORK, { route });
      s.policy.followUpOffsetsMs.forEach((offset, index) =>
        s.timers.push({ id: `follow-up:${s.taskCounter}:${index}`, kind: 'FOLLOW_UP', fireAt: addMs(ctx.now, offset), index }),
      );
      break;
    }
    case 'EXTEND':
      placement.evaluationRounds = 0;
      ctx.emit('placement.extended', { employerId: placement.employerId }, actor);
      break;
    case 'END':
      endPlacement();
      ctx.attempt({ kind: 'PLACEMENT', employerId: placement.employerId, outcome: 'ENDED', reasonCode: p.reasonCode });
      loopBackToDiscover(ctx, 'PLACEMENT_ENDED');
      break;
    case 'EXIT':
      ctx.finish(JourneyStatus.EXITED, 'journey.exited', actor, { reasonCode: p.reasonCode ?? 'PLACEMENT_OUTCOME' });
      break;
  }
}

/** The next evaluation of a running placement, the policy's interval after `from`. */
function scheduleEvaluation(ctx: Context, from: string): void {
  const s = ctx.state;
  const n = (s.placement?.evaluationCounter ?? 0) + 1;
  s.timers.push({ id: `evaluation:${s.taskCounter}:${n}`, kind: 'EVALUATION', fireAt: addMs(from, s.policy.evaluationIntervalMs) });
}

/** An evaluation round: the host and the care party each get an evaluation task; the next one is scheduled. */
export const evaluationDue: TimerHandler = (ctx, timer) => {
  const s = ctx.state;
  if (s.step !== JourneyStep.PLACEMENT_RUNNING || !s.placement) return;
  if (!openTasks(s).some((t) => t.type === 'placement.evaluation')) {
    s.placement.evaluationCounter += 1;
    ctx.open('placement.evaluation', ctx.host(s.placement.employerId), s.placement.employerId, { round: s.placement.evaluationCounter });
    ctx.open('placement.evaluation', ctx.care(), s.placement.employerId, { round: s.placement.evaluationCounter });
  }
  scheduleEvaluation(ctx, timer.fireAt);
};
