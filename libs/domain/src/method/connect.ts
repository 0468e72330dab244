/** Step 1, connect (verbinden): the municipality takes the referral in and meets the young person. */
import { JourneyStatus, JourneyStep } from '../journey';
import { defineTask, documentReference } from './task-definition';

export const CONNECT_TASKS = {
  'intake.accept': defineTask({
    step: JourneyStep.CONNECT,
    parties: ['MUNICIPALITY'],
    label: { nl: 'Aanmelding beoordelen', en: 'Decide on the referral' },
    description: { nl: 'Neem de aanmelding aan, of wijs haar af met een reden.', en: 'Accept the referral, or reject it with a reason.' },
    schema: {
      decision: { kind: 'enum', values: ['ACCEPT', 'REJECT'] },
      reasonCode: { kind: 'code', vocabulary: 'intakeReason', optional: true },
    },
    fields: {
      decision: { label: { nl: 'Besluit', en: 'Decision' }, codes: { ACCEPT: { nl: 'Aannemen', en: 'Accept' }, REJECT: { nl: 'Afwijzen', en: 'Reject' } } },
      reasonCode: { label: { nl: 'Reden van afwijzing', en: 'Reason for rejecting' }, visibleWhen: { decision: ['REJECT'] } },
    },
    complete: (ctx, _task, p, actor) => {
      if (p.decision === 'REJECT') ctx.finish(JourneyStatus.EXITED, 'journey.exited', actor, { reasonCode: p.reasonCode ?? 'INTAKE_REJECTED' });
      else ctx.open('intake.meeting', ctx.coordinator());
    },
  }),
  'intake.meeting': defineTask({
    step: JourneyStep.CONNECT,
    parties: ['MUNICIPALITY'],
    label: { nl: 'Intakegesprek', en: 'Intake meeting' },
    description: { nl: 'Leg vast wanneer het gesprek was en welke wensen en doelen de jongere heeft.', en: 'Record when the meeting was and the young person’s wishes and goals.' },
    schema: {
      meetingDate: { kind: 'date', notAfterToday: true },
      goalCodes: { kind: 'array', of: { kind: 'code', vocabulary: 'goal' }, minItems: 0, maxItems: 10, unique: true },
      notesDocumentId: { kind: 'reference', optional: true },
    },
    fields: {
      meetingDate: { label: { nl: 'Datum van het gesprek', en: 'Date of the meeting' } },
      goalCodes: { label: { nl: 'Wensen en doelen', en: 'Wishes and goals' } },
      notesDocumentId: documentReference({ nl: 'Verslag (kenmerk in uw dossier)', en: 'Notes (reference in your file)' }),
    },
    complete: (ctx) => {
      ctx.moveTo(JourneyStep.DISCOVER);
      ctx.open('profile.talents', ctx.care());
    },
  }),
};
