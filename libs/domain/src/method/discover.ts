/**
 * Step 2, discover (ontdekken): talents and interests, orientations at hosts (one or more at a
 * time), feedback from host and care party, and the coordinator's conclusion.
 */
import { JourneyStep } from '../journey';
import { Role, type HumanTask } from '../tasks';
import type { Context } from '../engine/context';
import { openTasks } from '../engine/queries';
import { DECISION_LABELS, defineTask, documentReference } from './task-definition';

export const DISCOVER_TASKS = {
  'profile.talents': defineTask({
    step: JourneyStep.DISCOVER,
    parties: ['CARE_PROVIDER'],
    label: { nl: 'Talenten en interesses', en: 'Talents and interests' },
    description: { nl: 'Waar is de jongere goed in en wat vindt hij of zij leuk?', en: 'What is the young person good at and what do they like?' },
    schema: {
      talentCodes: { kind: 'array', of: { kind: 'code', vocabulary: 'talent' }, minItems: 0, maxItems: 20, unique: true },
      interestCodes: { kind: 'array', of: { kind: 'code', vocabulary: 'interest' }, minItems: 0, maxItems: 20, unique: true },
      profileDocumentId: { kind: 'reference', optional: true },
    },
    fields: {
      talentCodes: { label: { nl: 'Talenten', en: 'Talents' } },
      interestCodes: { label: { nl: 'Interesses', en: 'Interests' } },
      profileDocumentId: documentReference({ nl: 'Profiel (kenmerk in uw dossier)', en: 'Profile (reference in your file)' }),
    },
    complete: (ctx) => {
      ctx.open('orientation.propose', ctx.coordinator());
    },
  }),
  'orientation.propose': defineTask({
    step: JourneyStep.DISCOVER,
    parties: ['MUNICIPALITY'],
    label: { nl: 'Oriëntatie voorstellen', en: 'Propose orientations' },
    description: { nl: 'Kies één tot drie werkplekken waar de jongere een oriëntatiedag kan doen.', en: 'Choose one to three hosts where the young person can spend an orientation day.' },
    schema: { employerIds: { kind: 'array', of: { kind: 'uuid', refers: 'host' }, minItems: 1, maxItems: 3, unique: true } },
    fields: { employerIds: { label: { nl: 'Werkplekken (werkgevers)', en: 'Hosts (employers)' } } },
    complete: (ctx, _task, p) => {
      ctx.state.orientation = { employerIds: p.employerIds, accepted: 0 };
      ctx.addHosts(p.employerIds);
      for (const id of p.employerIds) ctx.open('orientation.respond', ctx.host(id), id);
    },
  }),
  'orientation.respond': defineTask({
    step: JourneyStep.DISCOVER,
    parties: ['HOST'],
    label: { nl: 'Reageren op oriëntatieverzoek', en: 'Respond to an orientation request' },
    description: { nl: 'Kan de jongere een oriëntatiedag bij u doen?', en: 'Can the young person spend an orientation day with you?' },
    schema: {
      decision: { kind: 'enum', values: ['ACCEPT', 'DECLINE'] },
      reasonCode: { kind: 'code', vocabulary: 'declineReason', optional: true },
      orientationDate: { kind: 'date', optional: true },
    },
    fields: {
      decision: { label: { nl: 'Uw antwoord', en: 'Your answer' }, codes: DECISION_LABELS },
      reasonCode: { label: { nl: 'Reden', en: 'Reason' }, visibleWhen: { decision: ['DECLINE'] } },
      orientationDate: { label: { nl: 'Datum van de oriëntatiedag', en: 'Date of the orientation day' }, visibleWhen: { decision: ['ACCEPT'] } },
    },
    complete: (ctx, task, p) => {
      const s = ctx.state;
      if (p.decision === 'DECLINE') {
        ctx.attempt({ kind: 'ORIENTATION', employerId: task.employerId!, outcome: 'DECLINED', reasonCode: p.reasonCode });
      } else {
        if (s.orientation) s.orientation.accepted += 1;
        ctx.open('orientation.feedback', ctx.host(task.employerId!), task.employerId);
        ctx.open('orientation.feedback', ctx.care(), task.employerId);
      }
      afterOrientationProgress(ctx);
    },
  }),
  'orientation.feedback': defineTask({
    step: JourneyStep.DISCOVER,
    parties: ['HOST', 'CARE_PROVIDER'],
    label: { nl: 'Terugkoppeling oriëntatie', en: 'Orientation feedback' },
    description: { nl: 'Hoe ging de oriëntatiedag?', en: 'How did the orientation day go?' },
    schema: {
      rating: { kind: 'int', min: 1, max: 5 },
      fitCodes: { kind: 'array', of: { kind: 'code', vocabulary: 'fit' }, minItems: 0, maxItems: 20, unique: true },
      recommend: { kind: 'boolean' },
    },
    fields: {
      rating: { label: { nl: 'Cijfer (1 tot 5)', en: 'Rating (1 to 5)' } },
      fitCodes: { label: { nl: 'Wat viel op', en: 'What stood out' } },
      recommend: { label: { nl: 'Deze werkplek aanbevelen', en: 'Recommend this host' } },
    },
    complete: (ctx, task, p) => {
      if (task.assignee.role === Role.EMPLOYER) {
        ctx.attempt({ kind: 'ORIENTATION', employerId: task.employerId!, outcome: p.recommend ? 'RECOMMENDED' : 'NOT_RECOMMENDED' });
      }
      afterOrientationProgress(ctx);
    },
  }),
  'discover.conclude': defineTask({
    step: JourneyStep.DISCOVER,
    parties: ['MUNICIPALITY'],
    label: { nl: 'Ontdekken afronden', en: 'Conclude discovering' },
    description: { nl: 'Is de jongere klaar voor de analyse, of zijn meer oriëntaties nodig?', en: 'Is the young person ready for the analysis, or are more orientations needed?' },
    schema: { decision: { kind: 'enum', values: ['READY_FOR_ANALYSE', 'MORE_ORIENTATIONS'] } },
    fields: {
      decision: {
        label: { nl: 'Besluit', en: 'Decision' },
        codes: { READY_FOR_ANALYSE: { nl: 'Klaar voor analyse', en: 'Ready for the analysis' }, MORE_ORIENTATIONS: { nl: 'Meer oriëntaties', en: 'More orientations' } },
      },
    },
    complete: (ctx, _task, p) => {
      if (p.decision === 'READY_FOR_ANALYSE') {
        ctx.moveTo(JourneyStep.ANALYSE);
        ctx.open('analyse.support-plan', ctx.care());
      } else {
        ctx.open('orientation.propose', ctx.coordinator());
      }
    },
  }),
};

/** Once every host answered and gave feedback: conclude (someone accepted) or propose again (all declined). */
function afterOrientationProgress(ctx: Context): void {
  const s = ctx.state;
  const pending = openTasks(s).some((t: HumanTask) => t.type === 'orientation.respond' || t.type === 'orientation.feedback');
  if (pending) return;
  if (s.orientation && s.orientation.accepted > 0) ctx.open('discover.conclude', ctx.coordinator());
  else ctx.open('orientation.propose', ctx.coordinator(), undefined, { reason: 'ALL_DECLINED' });
}

/** Setbacks loop back, not restart: what was tried stays in `attempts`. */
export function loopBackToDiscover(ctx: Context, reason: string): void {
  const s = ctx.state;
  s.placement = undefined;
  s.job = undefined;
  s.match = undefined;
  s.route = undefined;
  ctx.moveTo(JourneyStep.DISCOVER, { reason });
  ctx.open('orientation.propose', ctx.coordinator(), undefined, { reason });
}
