import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ConfirmStep } from '../components/confirm-step';
import { DuplicateWarning } from '../components/duplicate-warning';
import { CLOSING_ACTS, type ClosingAct } from './closing-acts';
import { api, ProblemError, unwrap, type Schemas } from '../api/client';
import { useCatalogue, useCodeLabel, useLabel, useOrganisations } from '../api/hooks';
import { useUser } from '../components/use-user';
import { SelectField } from '../components/form-field';
import { JourneyOpenTasks } from '../components/reassign';
import { PrivacyLinks } from '../components/privacy-links';
import { BsnSection } from '../components/bsn';
import { CommandOutcome, Loading, PageTitle, ProblemMessage } from '../components/problem';
import { usePersonName } from '../components/person';
import { useCommand } from '../components/use-command';
import { formatDate } from '../i18n';
import { journeyRole, type JourneyRole } from '../../../../libs/domain/src/access';
import type { OrganisationType } from '../../../../libs/domain/src/organisation';
import { caseworkPurpose, purposesOf } from '../../../../libs/domain/src/privacy';
import { METHOD_STEPS } from '../../../../libs/domain/src/journey';
import { NotFoundPage } from './not-found';
import { Button } from '@utrecht/button-react';
import { FormLabel } from '@utrecht/form-label-react';

const STEP_INDEX: Record<string, number> = { CONNECT: 0, DISCOVER: 1, ANALYSE: 2, PLACE: 3, PLACEMENT_RUNNING: 3, PAID_WORK: 4, COMPLETED: 4 };
type Act = 'pause' | 'resume' | 'withdraw' | 'exit' | 'transfer' | ClosingAct;
const REASONS = ['ILLNESS', 'PERSONAL_CIRCUMSTANCES', 'CONSENT_REVOKED', 'MOVED_AWAY', 'OTHER'] as const;

/** The acts a party may do on a journey (the API decides; these are the ones it may allow). */
function actsFor(organisationType: string | undefined, status: string): Act[] {
  const acts: Act[] = [];
  const mayPause = organisationType === 'MUNICIPALITY' || organisationType === 'CARE_PROVIDER';
  if (mayPause && status === 'ACTIVE') acts.push('pause');
  if (mayPause && status === 'PAUSED') acts.push('resume');
  if (organisationType !== 'EMPLOYER' && (status === 'ACTIVE' || status === 'PAUSED')) acts.push('withdraw', 'referral-error');
  if (organisationType === 'MUNICIPALITY' && (status === 'ACTIVE' || status === 'PAUSED')) acts.push('exit', 'transfer');
  return acts;
}

/** A young person's journey: the four steps, the current state, the parties, the timeline in words and the acts. */
export function JourneyPage() {
  const { t } = useTranslation();
  const { candidateId = '' } = useParams();
  const user = useUser();
  const personName = usePersonName();
  const organisations = useOrganisations(user?.organisationType === 'MUNICIPALITY');
  const journey = useQuery({
    queryKey: ['journey', candidateId],
    queryFn: () => unwrap(api.GET('/journeys/{candidateId}', { params: { path: { candidateId } } })),
    retry: false,
  });
  const timeline = useQuery({
    queryKey: ['journey', candidateId, 'timeline'],
    enabled: !!journey.data,
    queryFn: () => unwrap(api.GET('/journeys/{candidateId}/timeline', { params: { path: { candidateId }, query: { limit: 500 } } })),
  });

  if (journey.error instanceof ProblemError && [400, 404].includes(journey.error.status)) return <NotFoundPage />;
  if (journey.error) return <ProblemMessage error={journey.error} onRetry={() => void journey.refetch()} />;
  if (!journey.data) return <Loading />;
  const j = journey.data;
  // The viewer's part in this journey (a host never reads the personal data here).
  const role = user && journeyRole({ ...user, organisationType: user.organisationType as OrganisationType }, { ...j, employerIds: [] });
  const current = STEP_INDEX[j.step] ?? 0;
  const actors = new Map<string, string>();
  for (const e of timeline.data?.items ?? []) if (e.actor?.organisationName) actors.set(e.actor.organisationId, e.actor.organisationName);
  const party = (id: string | null) => (id ? (actors.get(id) ?? organisations.data?.names.get(id) ?? t('journey.unknownParty')) : t('journey.none'));
  const careProviders = (organisations.data?.byType.CARE_PROVIDER ?? []).filter((o) => o.id !== j.careProviderId);

  return (
    <>
      <PageTitle title={t('journey.title')}>{j.person ? t('who.journeyOf', { name: personName(j.person) }) : t('journey.title')}</PageTitle>
      <ol className="steps" aria-label={t('journey.steps')}>
        {METHOD_STEPS.map((s, i) => (
          <li key={s} className={`steps__step${i < current ? ' steps__step--done' : ''}${i === current ? ' steps__step--current' : ''}`} aria-current={i === current ? 'step' : undefined}>
            <span className="steps__number">{i + 1}</span> {t(`step.${s}`)}
            <span className="visually-hidden"> {i < current ? t('journey.stepDone') : i === current ? t('journey.stepCurrent') : t('journey.stepTodo')}</span>
          </li>
        ))}
      </ol>
      <dl className="facts">
        <dt>{t('journey.state')}</dt>
        <dd>
          {t(`step.${j.step}`)} · {t(`journeyStatus.${j.status}`)}
        </dd>
        {j.person?.hostName ? (
          <>
            <dt>{t('journey.host')}</dt>
            <dd>{j.person.hostName}</dd>
          </>
        ) : null}
        <dt>{t('journey.referredAt')}</dt>
        <dd>{formatDate(j.referredAt)}</dd>
        <dt>{t('journey.municipality')}</dt>
        <dd>{party(j.municipalityId)}</dd>
        <dt>{t('journey.careProvider')}</dt>
        <dd>{party(j.careProviderId)}</dd>
        <dt>{t('journey.referrer')}</dt>
        <dd>{party(j.referrerOrganisationId)}</dd>
      </dl>
      {user?.organisationType !== 'EMPLOYER' ? (
        <>
          <DuplicateWarning candidateId={candidateId} isMunicipality={user?.organisationType === 'MUNICIPALITY'} />
          <p className="utrecht-paragraph">
            <Link className="utrecht-link" to={`/trajecten/${candidateId}/corrigeren`}>
              {t('corrections.correct.action')}
            </Link>
          </p>
        </>
      ) : null}
      <Acts candidateId={candidateId} acts={actsFor(user?.organisationType, j.status)} careProviders={careProviders} />
      {user?.organisationType === 'MUNICIPALITY' ? <JourneyOpenTasks candidateId={candidateId} party={party} /> : null}
      {user && role && role !== 'HOST' ? <PersonalData candidateId={candidateId} role={role} /> : null}
      {user?.organisationType === 'MUNICIPALITY' ? <BsnSection candidateId={candidateId} /> : null}
      <PrivacyLinks candidateId={candidateId} organisationType={user?.organisationType} />
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title" className="utrecht-heading-2">
          {t('journey.timeline')}
        </h2>
        {timeline.error ? <ProblemMessage error={timeline.error} onRetry={() => void timeline.refetch()} /> : null}
        {timeline.data ? <Timeline entries={timeline.data.items} /> : <Loading />}
      </section>
    </>
  );
}

function Timeline({ entries }: { entries: Schemas['TimelineEntryDto'][] }) {
  const { t } = useTranslation();
  const catalogue = useCatalogue();
  const label = useLabel();
  const code = useCodeLabel();
  return (
    <ol className="timeline" reversed>
      {[...entries].reverse().map((e) => {
        const taskType = typeof e.data.taskType === 'string' ? e.data.taskType : undefined;
        const who = e.actor ? [e.actor.userName, e.actor.organisationName].filter(Boolean).join(', ') : t('journey.system');
        const decision = typeof e.data.decision === 'string' ? code(e.data.decision) : undefined;
        const reason = e.type === 'task.reassigned' && typeof e.data.reason === 'string' ? t(`caseworkTasks.reason_${e.data.reason}`, { defaultValue: code(e.data.reason) }) : undefined;
        return (
          <li key={e.sequence} className="timeline__entry">
            <time dateTime={e.occurredAt}>{formatDate(e.occurredAt, true)}</time>{' '}
            <span>
              {t(e.type === 'journey.withdrawn' && e.data.reasonCode === 'REFERRED_IN_ERROR' ? 'corrections.event.referredInError' : `event.${e.type.replace(/[.-]/g, '_')}`, {
                who,
                task: taskType ? label(catalogue.data?.get(taskType)?.label, taskType) : '',
                step: t(`step.${String(e.data.to ?? e.step)}`),
                defaultValue: t('event.other', { who, type: e.type }),
              })}
              {decision ? ` (${decision})` : ''}
              {reason ? ` (${reason})` : ''}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** The acts on a journey, each with a reason; a transfer names the care provider that takes the journey over. */
function Acts({ candidateId, acts, careProviders }: { candidateId: string; acts: Act[]; careProviders: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [act, setAct] = useState<Act | ''>('');
  const [reason, setReason] = useState('');
  const [careProviderId, setCareProviderId] = useState('');
  const [missing, setMissing] = useState(false);
  const [confirming, setConfirming] = useState<{ act: ClosingAct; reasonCode?: string }>();
  const navigate = useNavigate();
  const command = useCommand((input: { act: Act; reasonCode?: string; careProviderId?: string }, key: string) => {
    const params = { path: { candidateId }, header: { 'Idempotency-Key': key } };
    const body = input.reasonCode ? { reasonCode: input.reasonCode } : {};
    const call =
      input.act === 'transfer'
        ? api.POST('/journeys/{candidateId}/transfer', { params, body: { careProviderId: input.careProviderId ?? '' } })
        : input.act === 'pause'
          ? api.POST('/journeys/{candidateId}/pause', { params, body })
          : input.act === 'resume'
            ? api.POST('/journeys/{candidateId}/resume', { params, body })
            : input.act === 'withdraw'
              ? api.POST('/journeys/{candidateId}/withdraw', { params, body })
              : input.act === 'referral-error'
                ? api.POST('/journeys/{candidateId}/referral-error', { params })
                : api.POST('/journeys/{candidateId}/exit', { params, body });
    // A closing act moves on to its own page: the journey is only marked stale (re-read there it may be gone for this party).
    const closing = CLOSING_ACTS.includes(input.act as ClosingAct);
    return unwrap(call)
      .then(() => queries.invalidateQueries({ queryKey: ['journey', candidateId], ...(closing ? { refetchType: 'none' as const } : {}) }))
      .then(() => true);
  });
  if (!acts.length) return null;
  const transfer = act === 'transfer';
  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!act) return;
    if (transfer && !careProviderId) {
      setMissing(true);
      document.getElementById('act-careProvider')?.focus();
      return;
    }
    setMissing(false);
    // An act that ends the journey asks first, and then says what happened on a page of its own.
    if (CLOSING_ACTS.includes(act as ClosingAct)) setConfirming({ act: act as ClosingAct, ...(reason && act !== 'referral-error' ? { reasonCode: reason } : {}) });
    else void command.run(transfer ? { act, careProviderId } : { act, ...(reason ? { reasonCode: reason } : {}) });
  }
  async function confirm(): Promise<void> {
    if (!confirming) return;
    const done = await command.run(confirming);
    if (done) await navigate(`/trajecten/${candidateId}/gesloten/${confirming.act}${confirming.reasonCode ? `?reden=${confirming.reasonCode}` : ''}`);
  }
  const actLabel = (a: Act) => (a === 'referral-error' ? t('corrections.act.referral-error') : t(`act.${a}`));
  return (
    <section aria-labelledby="acts-title">
      <h2 id="acts-title" className="utrecht-heading-2">
        {t('journey.acts')}
      </h2>
      <form onSubmit={submit} className="inline-form" noValidate>
        <SelectField id="act" label={t('journey.act')} value={act} empty={t('form.choose')} options={acts.map((a) => ({ value: a, label: actLabel(a) }))} onChange={(v) => {
            setAct(v as Act);
            setConfirming(undefined);
          }} />
        {transfer ? (
          <SelectField
            id="act-careProvider"
            label={t('journey.newCareProvider')}
            error={missing ? t('errors.required') : undefined}
            value={careProviderId}
            empty={t('form.choose')}
            options={careProviders.map((o) => ({ value: o.id, label: o.name }))}
            onChange={setCareProviderId}
          />
        ) : act === 'referral-error' ? null : (
          <SelectField id="act-reason" label={t('journey.reason')} value={reason} empty={t('journey.noReason')} options={REASONS.map((r) => ({ value: r, label: t(`reason.${r}`) }))} onChange={(v) => {
            setReason(v);
            setConfirming(undefined);
          }} />
        )}
        <Button type="submit" appearance="primary-action-button" disabled={!act} aria-disabled={command.busy || undefined}>
          {t('journey.doAct')}
        </Button>
      </form>
      {confirming ? (
        <ConfirmStep
          title={t('corrections.confirm.title')}
          text={t(`corrections.confirm.${confirming.act}`)}
          yes={t(`corrections.confirm.yes_${confirming.act}`)}
          busy={command.busy}
          onConfirm={() => void confirm()}
          onCancel={() => {
            setConfirming(undefined);
            document.getElementById('act')?.focus();
          }}
        />
      ) : null}
      <CommandOutcome command={command} done={t('journey.actDone')} />
    </section>
  );
}

/** The young person's personal data, read for a purpose the user names (every read is access-logged). */
function PersonalData({ candidateId, role }: { candidateId: string; role: JourneyRole }) {
  const { t } = useTranslation();
  // Only the purposes the viewer's part may name (the API refuses the others), its casework first.
  const [purpose, setPurpose] = useState<string>(caseworkPurpose(role));
  const [asked, setAsked] = useState<string>();
  const data = useQuery({
    queryKey: ['candidate', candidateId, asked],
    enabled: !!asked,
    queryFn: () => unwrap(api.GET('/journeys/{candidateId}/candidate', { params: { path: { candidateId }, query: { purpose: asked as ReturnType<typeof purposesOf>[number] } } })),
    retry: false,
  });
  return (
    <section aria-labelledby="personal-title">
      <h2 id="personal-title" className="utrecht-heading-2">
        {t('journey.personal')}
      </h2>
      <p className="utrecht-paragraph">{t('journey.personalIntro')}</p>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (purpose) setAsked(purpose);
        }}
      >
        <div className="utrecht-form-field">
          <FormLabel htmlFor="purpose">
            {t('journey.purpose')}
          </FormLabel>
          <select id="purpose" className="utrecht-select utrecht-select--html-select" value={purpose} onChange={(e) => setPurpose(e.target.value)}>
            {purposesOf(role).map((p) => (
              <option key={p} value={p}>
                {t(`purpose.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" appearance="secondary-action-button" disabled={!purpose}>
          {t('journey.show')}
        </Button>
      </form>
      {data.error ? <ProblemMessage error={data.error} /> : null}
      {data.data ? (
        <dl className="facts">
          {(['firstName', 'lastName', 'dateOfBirth', 'email', 'phone', 'situation'] as const).map((k) =>
            data.data[k] ? (
              <div key={k} className="facts__row">
                <dt>{t(`candidate.${k}`)}</dt>
                <dd>{k === 'dateOfBirth' ? formatDate(data.data[k]) : data.data[k]}</dd>
              </div>
            ) : null,
          )}
        </dl>
      ) : null}
    </section>
  );
}
