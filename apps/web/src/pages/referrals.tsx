import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { useOrganisations } from '../api/hooks';
import { useUser } from '../components/use-user';
import { ErrorSummary } from '../components/error-summary';
import { FormField, SelectField } from '../components/form-field';
import { Loading, PageTitle, ProblemMessage, QueryState } from '../components/problem';
import { usePersonName } from '../components/person';
import { useCommand } from '../components/use-command';
import { useCorrectedFields } from '../components/use-corrected-fields';
import { DataTable } from '../components/data-table';
import { formatDate } from '../i18n';
import { consentDateProblem, dateOfBirthProblem, dutchDate } from '../../../../libs/domain/src/candidate-dates';
import { useDateRuleMessage } from '../components/date-rules';
import { fieldErrorText } from '../components/problem-text';
import { Button } from '@utrecht/button-react';
import { FormLabel } from '@utrecht/form-label-react';
import { FormFieldErrorMessage } from '@utrecht/form-field-error-message-react';

const EMPTY = { municipalityId: '', careProviderId: '', firstName: '', lastName: '', dateOfBirth: '', email: '', phone: '', situation: '', givenBy: '', givenAt: '', confirmed: false };
type Values = typeof EMPTY;
type Key = keyof Values;
const FIELDS: Key[] = ['municipalityId', 'careProviderId', 'firstName', 'lastName', 'dateOfBirth', 'email', 'phone', 'situation', 'givenBy', 'givenAt', 'confirmed'];
const REQUIRED: Key[] = ['municipalityId', 'firstName', 'lastName', 'dateOfBirth', 'situation', 'givenBy', 'givenAt', 'confirmed'];
const API_FIELD: Record<string, Key> = {
  'candidate.firstName': 'firstName',
  'candidate.lastName': 'lastName',
  'candidate.dateOfBirth': 'dateOfBirth',
  'candidate.email': 'email',
  'candidate.phone': 'phone',
  'consent.givenBy': 'givenBy',
  'consent.givenAt': 'givenAt',
};

/** A care provider or school refers a young person, with the consent the young person gave. */
export function ReferralFormPage() {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const organisations = useOrganisations(true);
  const [values, setValues] = useState<Values>({ ...EMPTY, careProviderId: user?.organisationType === 'CARE_PROVIDER' ? user.organisationId : '' });
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({});
  const corrected = useCorrectedFields();
  const refer = useCommand((body: Schemas['CreateReferralDto'], key: string) =>
    unwrap(api.POST('/referrals', { body, params: { header: { 'Idempotency-Key': key } } })),
  );
  const municipalities = organisations.data?.byType.MUNICIPALITY ?? [];
  const careProviders = organisations.data?.byType.CARE_PROVIDER ?? [];
  const municipalityId = values.municipalityId || (municipalities.length === 1 ? municipalities[0].id : '');
  const dateMessage = useDateRuleMessage();
  const serverErrors: Partial<Record<Key, string>> = {};
  for (const e of refer.error?.problem.errors ?? []) serverErrors[API_FIELD[e.field] ?? (e.field as Key)] = fieldErrorText(t, e);
  const shown: Partial<Record<Key, string>> = corrected.open({ ...serverErrors, ...errors });

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    const v = { ...values, municipalityId };
    const found: Partial<Record<Key, string>> = {};
    for (const k of REQUIRED) if (!v[k]) found[k] = k === 'confirmed' ? t('errors.mustConfirm') : t('errors.required');
    if (v.dateOfBirth && Number.isNaN(Date.parse(v.dateOfBirth))) found.dateOfBirth = t('errors.date');
    else if (v.dateOfBirth) found.dateOfBirth = dateMessage(dateOfBirthProblem(v.dateOfBirth, dutchDate()));
    if (v.givenAt && !Number.isNaN(Date.parse(v.givenAt))) found.givenAt = dateMessage(consentDateProblem(v.givenAt, dutchDate()));
    for (const k of FIELDS) if (!found[k]) delete found[k];
    setErrors(found);
    corrected.submitted();
    if (Object.keys(found).length) {
      document.getElementById('referral-summary')?.focus();
      return;
    }
    const result = await refer.run({
      municipalityId: v.municipalityId,
      ...(v.careProviderId ? { careProviderId: v.careProviderId } : {}),
      candidate: { firstName: v.firstName, lastName: v.lastName, dateOfBirth: v.dateOfBirth, ...(v.email ? { email: v.email } : {}), ...(v.phone ? { phone: v.phone } : {}) },
      situation: v.situation,
      consent: { givenBy: v.givenBy as 'CANDIDATE' | 'LEGAL_REPRESENTATIVE', givenAt: new Date(`${v.givenAt}T12:00:00Z`).toISOString() },
    });
    await opened(result);
  }

  /** A referral made, by the submit or by "try again" after a lost connection or a 503: on to its journey. */
  async function opened(result: { candidateId: string } | undefined): Promise<void> {
    if (result) await navigate(`/trajecten/${result.candidateId}`);
  }

  const set = (k: Key, value: string | boolean) => {
    setValues((v) => ({ ...v, [k]: value }));
    corrected.change(k);
  };
  /** A control outside FormField (a radio of the group, the checkbox) tied to its error the same way. */
  const invalid = (k: Key) => ({ 'aria-invalid': shown[k] ? (true as const) : undefined, 'aria-describedby': shown[k] ? `referral-${k}-error` : undefined });
  const label = (k: Key, optional: boolean) => `${t(`referral.${k}`)}${optional ? ` (${t('form.optional')})` : ''}`;
  const field = (k: Key, type = 'text', autoComplete?: string) => (
    <FormField id={`referral-${k}`} label={label(k, !REQUIRED.includes(k))} error={shown[k]}>
      {(control) => (
        <input {...control} name={k} type={type} autoComplete={autoComplete} className="utrecht-textbox utrecht-textbox--html-input" value={values[k] as string} onChange={(e) => set(k, e.target.value)} />
      )}
    </FormField>
  );
  const select = (k: Key, options: { id: string; name: string }[], value: string, optional: boolean) => (
    <SelectField
      id={`referral-${k}`}
      name={k}
      label={label(k, optional)}
      error={shown[k]}
      value={value}
      empty={optional ? t('referral.noCareProvider') : t('form.choose')}
      options={options.map((o) => ({ value: o.id, label: o.name }))}
      onChange={(v) => set(k, v)}
    />
  );

  return (
    <>
      <PageTitle>{t('referral.title')}</PageTitle>
      <p className="utrecht-paragraph">{t('referral.intro')}</p>
      {organisations.isPending ? <Loading /> : null}
      {refer.error && !refer.error.problem.errors?.length ? <ProblemMessage error={refer.error} onRetry={() => void refer.retry().then(opened)} /> : null}
      <form noValidate onSubmit={(e) => void submit(e)} className="task-form">
        <div id="referral-summary" tabIndex={-1}>
          <ErrorSummary items={FIELDS.filter((k) => shown[k]).map((k) => ({ href: `#referral-${k}`, text: `${t(`referral.${k}`)}: ${shown[k]}` }))} />
        </div>
        <p className="utrecht-paragraph">{t('form.requiredNote')}</p>
        {select('municipalityId', municipalities, municipalityId, false)}
        {select('careProviderId', careProviders, values.careProviderId, true)}
        <fieldset className="utrecht-form-fieldset">
          <legend className="utrecht-form-fieldset__legend utrecht-heading-2">{t('referral.candidate')}</legend>
          {field('firstName', 'text', 'off')}
          {field('lastName', 'text', 'off')}
          {field('dateOfBirth', 'date')}
          {field('email', 'email', 'off')}
          {field('phone', 'tel', 'off')}
        </fieldset>
        <FormField id="referral-situation" label={label('situation', false)} error={shown.situation}>
          {(control) => <textarea {...control} name="situation" className="utrecht-textarea utrecht-textarea--html-textarea" value={values.situation} onChange={(e) => set('situation', e.target.value)} />}
        </FormField>
        <fieldset id="referral-givenBy" tabIndex={-1} className="utrecht-form-fieldset">
          <legend className="utrecht-form-fieldset__legend utrecht-heading-2">{t('referral.consent')}</legend>
          <p className="utrecht-paragraph">{t('referral.consentText')}</p>
          {shown.givenBy ? <FormFieldErrorMessage id="referral-givenBy-error">{shown.givenBy}</FormFieldErrorMessage> : null}
          {(['CANDIDATE', 'LEGAL_REPRESENTATIVE'] as const).map((g) => (
            <div key={g} className="utrecht-form-field utrecht-form-field--checkbox">
              <input type="radio" id={`referral-givenBy-${g}`} name="givenBy" value={g} className="utrecht-radio-button utrecht-radio-button--html-input" {...invalid('givenBy')} checked={values.givenBy === g} onChange={() => set('givenBy', g)} />
              <FormLabel htmlFor={`referral-givenBy-${g}`} type="checkbox">
                {t(`referral.givenBy_${g}`)}
              </FormLabel>
            </div>
          ))}
          {field('givenAt', 'date')}
          <div className={`utrecht-form-field utrecht-form-field--checkbox${shown.confirmed ? ' utrecht-form-field--invalid' : ''}`}>
            <input type="checkbox" id="referral-confirmed" name="confirmed" className="utrecht-checkbox utrecht-checkbox--html-input" {...invalid('confirmed')} checked={values.confirmed} onChange={(e) => set('confirmed', e.target.checked)} />
            <FormLabel htmlFor="referral-confirmed" type="checkbox">
              {t('referral.confirmed')}
            </FormLabel>
            {shown.confirmed ? <FormFieldErrorMessage id="referral-confirmed-error">{shown.confirmed}</FormFieldErrorMessage> : null}
          </div>
        </fieldset>
        <Button type="submit" appearance="primary-action-button" aria-disabled={refer.busy || undefined}>
          {refer.busy ? t('form.sending') : t('referral.submit')}
        </Button>
      </form>
    </>
  );
}

/** Referrals: a municipality's (to accept through the intake task), a school's own, a care provider's clients. */
export function ReferralsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const personName = usePersonName();
  const referrals = useQuery({ queryKey: ['referrals'], queryFn: () => unwrap(api.GET('/referrals', { params: { query: { limit: 100 } } })) });
  return (
    <>
      <PageTitle>{t('referrals.title')}</PageTitle>
      <QueryState query={referrals} />
      {referrals.data ? (
        referrals.data.items.length ? (
          <DataTable
            label={t('referrals.title')}
            headers={[t('who.young'), t('referrals.referredAt'), t('who.referrer'), t('referrals.intake'), t('referrals.step'), t('who.runningColumn'), t('referrals.journey')]}
            rows={referrals.data.items.map((r) => ({
              key: r.referralId,
              cells: [
                personName(r.person),
                formatDate(r.referredAt),
                r.person?.referrerName ?? '',
                t(`intake.${r.intake}`),
                `${t(`step.${r.step}`)} · ${t(`journeyStatus.${r.status}`)}${r.person?.hostName ? ` · ${t('who.host', { name: r.person.hostName })}` : ''}`,
                r.person ? t('who.running', { count: r.person.daysRunning }) : '',
                // A withdrawn journey is the municipality's alone to see: no link that would lead nowhere.
                r.status === 'WITHDRAWN' && user?.organisationType !== 'MUNICIPALITY' ? (
                  t('corrections.referralClosed')
                ) : (
                  <Link key="link" className="utrecht-link" to={`/trajecten/${r.candidateId}`}>
                    {t('who.journeyOf', { name: personName(r.person) })}
                  </Link>
                ),
              ],
            }))}
          />
        ) : (
          <p className="utrecht-paragraph">{t('referrals.empty')}</p>
        )
      ) : null}
    </>
  );
}
