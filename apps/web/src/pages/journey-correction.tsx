import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ProblemError, unwrap } from '../api/client';
import { ErrorSummary } from '../components/error-summary';
import { FormField } from '../components/form-field';
import { CommandOutcome, Loading, PageTitle, ProblemMessage } from '../components/problem';
import { useCommand } from '../components/use-command';
import { useDateRuleMessage } from '../components/date-rules';
import { fieldErrorText } from '../components/problem-text';
import { dateOfBirthProblem, dutchDate } from '../../../../libs/domain/src/candidate-dates';
import { NotFoundPage } from './not-found';
import { Button } from '@utrecht/button-react';

const FIELDS = ['firstName', 'lastName', 'dateOfBirth', 'email', 'phone', 'situation'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field | 'reason', string>;
/** The input type of each field (the situation is free text). */
const INPUT_TYPE: Partial<Record<Field, string>> = { dateOfBirth: 'date', email: 'email', phone: 'tel', situation: 'textarea' };

/**
 * "Gegevens corrigeren": the young person's data as read now (for rectification, access-logged),
 * corrected on that version with a reason. A correction on data someone changed meanwhile is
 * refused (409): the page then shows the data as it is now.
 */
export function JourneyCorrectionPage() {
  const { t } = useTranslation();
  const { candidateId = '' } = useParams();
  const queries = useQueryClient();
  const dateMessage = useDateRuleMessage();
  const journey = useQuery({
    queryKey: ['journey', candidateId],
    queryFn: () => unwrap(api.GET('/journeys/{candidateId}', { params: { path: { candidateId } } })),
    retry: false,
  });
  const data = useQuery({
    queryKey: ['candidate', candidateId, 'RECTIFICATION'],
    queryFn: () => unwrap(api.GET('/journeys/{candidateId}/candidate', { params: { path: { candidateId }, query: { purpose: 'RECTIFICATION' } } })),
    retry: false,
  });
  const [values, setValues] = useState<Values>();
  const [errors, setErrors] = useState<Partial<Record<Field | 'reason' | 'body', string>>>({});
  const read = data.data;
  useEffect(() => {
    if (read) setValues({ ...Object.fromEntries(FIELDS.map((f) => [f, read[f] ?? ''])), reason: '' } as Values);
  }, [read]);
  const correct = useCommand((body: { version: number; reason: string } & Partial<Record<Field, string>>, key: string) =>
    unwrap(api.PATCH('/journeys/{candidateId}/candidate', { params: { path: { candidateId }, header: { 'Idempotency-Key': key } }, body })),
  );

  const missing = [journey.error, data.error].find((e) => e instanceof ProblemError && [400, 404].includes(e.status));
  if (missing) return <NotFoundPage />;
  if (journey.error || data.error) return <ProblemMessage error={journey.error ?? data.error} onRetry={() => void data.refetch()} />;
  if (!read || !values || !journey.data) return <Loading />;
  const referredOn = dutchDate(journey.data.referredAt);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!read || !values) return;
    const changes = Object.fromEntries(FIELDS.filter((f) => values[f].trim() !== (read[f] ?? '')).map((f) => [f, values[f].trim()])) as Partial<Record<Field, string>>;
    const found: typeof errors = {};
    for (const f of FIELDS) if (f in changes && !changes[f] && ['firstName', 'lastName', 'dateOfBirth'].includes(f)) found[f] = t('errors.required');
    if (changes.dateOfBirth) found.dateOfBirth ??= dateMessage(dateOfBirthProblem(changes.dateOfBirth, dutchDate(), referredOn));
    if (!values.reason.trim()) found.reason = t('errors.required');
    if (!Object.keys(changes).length) found.body = t('corrections.correct.nothing');
    for (const k of Object.keys(found) as (keyof typeof found)[]) if (!found[k]) delete found[k];
    setErrors(found);
    if (Object.keys(found).length) {
      document.getElementById('correction-summary')?.focus();
      return;
    }
    await correct.run({ version: read.version, reason: values.reason.trim(), ...changes });
    // Read again: a success shows the new version, a conflict the data as it is now (to correct again); unchanged data keeps what was typed.
    await queries.invalidateQueries({ queryKey: ['candidate', candidateId, 'RECTIFICATION'] });
  }

  const serverErrors: typeof errors = {};
  for (const e of correct.error?.problem.errors ?? []) serverErrors[e.field as Field] = fieldErrorText(t, e);
  const shown = { ...serverErrors, ...errors };
  const conflict = correct.error?.status === 409;
  const order = ['body', ...FIELDS, 'reason'] as const;
  const set = (k: Field | 'reason', value: string) => setValues((v) => (v ? { ...v, [k]: value } : v));

  return (
    <>
      <PageTitle>{t('corrections.correct.title')}</PageTitle>
      <p className="utrecht-paragraph">
        <Link className="utrecht-link" to={`/trajecten/${candidateId}`}>
          {t('corrections.correct.back')}
        </Link>
      </p>
      <p className="utrecht-paragraph">{t('corrections.correct.intro')}</p>
      {conflict ? (
        <div role="alert" className="utrecht-alert utrecht-alert--warning">
          <p className="utrecht-paragraph">{t('corrections.correct.stale')}</p>
        </div>
      ) : null}
      <form noValidate onSubmit={(e) => void submit(e)} className="task-form">
        <div id="correction-summary" tabIndex={-1}>
          <ErrorSummary
            items={order
              .filter((k) => shown[k])
              .map((k) => ({ href: k === 'body' ? '#correction-firstName' : `#correction-${k}`, text: k === 'body' ? shown[k]! : `${t(k === 'reason' ? 'corrections.correct.reason' : `candidate.${k}`)}: ${shown[k]}` }))}
          />
        </div>
        {FIELDS.map((f) => (
            <FormField key={f} id={`correction-${f}`} label={t(`candidate.${f}`)} error={shown[f]}>
              {(control) =>
                INPUT_TYPE[f] === 'textarea' ? (
                  <textarea {...control} name={f} className="utrecht-textarea utrecht-textarea--html-textarea" value={values[f]} onChange={(e) => set(f, e.target.value)} />
                ) : (
                  <input {...control} name={f} type={INPUT_TYPE[f] ?? 'text'} autoComplete="off" className="utrecht-textbox utrecht-textbox--html-input" value={values[f]} onChange={(e) => set(f, e.target.value)} />
                )
              }
            </FormField>
        ))}
        <FormField id="correction-reason" label={t('corrections.correct.reason')} error={shown.reason}>
          {(control) => <input {...control} name="reason" type="text" maxLength={500} className="utrecht-textbox utrecht-textbox--html-input" value={values.reason} onChange={(e) => set('reason', e.target.value)} />}
        </FormField>
        <Button type="submit" appearance="primary-action-button" aria-disabled={correct.busy || undefined}>
          {correct.busy ? t('form.sending') : t('corrections.correct.submit')}
        </Button>
      </form>
      {conflict ? null : <CommandOutcome command={correct} done={t('corrections.correct.done')} atFields={!!correct.error?.problem.errors?.length} />}
    </>
  );
}
