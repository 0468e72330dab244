/**
 * Paid work (betaald werk): follow-ups at 1, 3, 6 and 12 months (job retention). Still employed
 * after the last: the journey is complete; the job ended: back to discover, not a restart.
 */
import { JourneyStatus, JourneyStep } from '../journey';
import { loopBackToDiscover } from './discover';
import { defineTask, type TimerHandler } from './task-definition';

export const PAID_WORK_TASKS = {
  'job.follow-up': defineTask({
    step: JourneyStep.PAID_WORK,
    parties: ['CARE_PROVIDER'],
    label: { nl: 'Nazorg', en: 'Job follow-up' },
    description: { nl: 'Werkt de jongere er nog?', en: 'Is the young person still working there?' },
    schema: {
      stillEmployed: { kind: 'boolean' },
      contractCode: { kind: 'code', vocabulary: 'contract', optional: true },
      reasonCode: { kind: 'code', vocabulary: 'jobEndReason', optional: true },
    },
    fields: {
      stillEmployed: { label: { nl: 'Werkt er nog', en: 'Still employed' } },
      contractCode: { label: { nl: 'Contract', en: 'Contract' }, visibleWhen: { stillEmployed: ['true'] } },
      reasonCode: { label: { nl: 'Reden van stoppen', en: 'Reason the job ended' }, visibleWhen: { stillEmployed: ['false'] } },
    },
    complete: (ctx, _task, p) => {
      const s = ctx.state;
      const job = s.job!;
      job.followUpsDone += 1;
      if (p.stillEmployed === false) {
        s.timers = s.timers.filter((t) => t.kind !== 'FOLLOW_UP');
        ctx.cancelOpen((t) => t.type === 'job.follow-up');
        ctx.attempt({ kind: 'JOB', employerId: job.employerId, outcome: 'ENDED', reasonCode: p.reasonCode, route: job.route });
        loopBackToDiscover(ctx, 'JOB_ENDED');
      } else if (job.followUpsDone >= s.policy.followUpOffsetsMs.length) {
        ctx.moveTo(JourneyStep.COMPLETED);
        ctx.finish(JourneyStatus.COMPLETED, 'journey.completed', undefined, { route: job.route, employerId: job.employerId });
      }
    },
  }),
};

/** A follow-up is due: the care party gets its task. */
export const followUpDue: TimerHandler = (ctx, timer) => {
  const s = ctx.state;
  if (s.step === JourneyStep.PAID_WORK && s.job) ctx.open('job.follow-up', ctx.care(), s.job.employerId, { followUpIndex: timer.index });
};
