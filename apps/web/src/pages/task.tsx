import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ProblemError, unwrap } from '../api/client';
import { useCatalogue, useCodeLabel, useFreeWorkplaces, useLabel, useOrganisations } from '../api/hooks';
import { useUser } from '../components/use-user';
import { Loading, PageTitle, ProblemMessage } from '../components/problem';
import { Confirmation } from '../components/confirmation';
import { useCommand } from '../components/use-command';
import { usePersonName } from '../components/person';
import { DataTable } from '../components/data-table';
import { formatDate } from '../i18n';
import { NotFoundPage } from './not-found';
// The task form and the payload validators it runs are the task page's alone: part of its chunk (app.tsx loads
// each page when first shown), so they arrive with the page rather than after the task's data.
import { TaskForm } from '../forms/task-form';


/** A task: what the party needs to decide it, and the form rendered from the task's schema. */
export function TaskPage() {
  const { t } = useTranslation();
  const { candidateId = '', taskId = '' } = useParams();
  const user = useUser();
  const label = useLabel();
  const queries = useQueryClient();
  const catalogue = useCatalogue();
  // The purpose of the read follows from the work: the API derives it from the party's part in the journey.
  const detail = useQuery({
    queryKey: ['task', candidateId, taskId, user?.organisationId],
    queryFn: () => unwrap(api.GET('/journeys/{candidateId}/tasks/{taskId}', { params: { path: { candidateId, taskId } } })),
    retry: false,
  });
  const entry = detail.data ? catalogue.data?.get(detail.data.task.type) : undefined;
  const needsOrganisations = !!entry && Object.values(entry.fields).some((f) => f.input === 'organisation');
  const organisations = useOrganisations(needsOrganisations || !!detail.data?.match || !!detail.data?.attempts?.length || !!detail.data?.orientations?.length || !!detail.data?.evaluations?.length);
  const personName = usePersonName();
  const workplaces = useFreeWorkplaces(!!entry && Object.values(entry.fields).some((f) => f.input === 'workplace'));
  const complete = useCommand((payload: Record<string, unknown>, key: string) =>
    unwrap(
      api.POST('/journeys/{candidateId}/tasks/{taskId}/complete', {
        params: { path: { candidateId, taskId }, header: { 'Idempotency-Key': key } },
        body: { payload } as never,
      }),
    ).then(async (result) => {
      await queries.invalidateQueries({ queryKey: ['tasks'] });
      await queries.invalidateQueries({ queryKey: ['journey', candidateId] });
      return result;
    }),
  );

  if (detail.error instanceof ProblemError && (detail.error.status === 404 || (detail.error.status === 400 && !detail.data))) return <NotFoundPage />;
  if (detail.error) return <ProblemMessage error={detail.error} onRetry={() => void detail.refetch()} />;
  // The page comes whole, the parties named: never "(name not visible)" for a name still on its way, nor a form before what it rests on.
  if (detail.isPending || catalogue.isPending || organisations.isLoading) return <Loading />;
  if (!detail.data || !entry) return <ProblemMessage error={catalogue.error} onRetry={() => void catalogue.refetch()} />;
  const { task } = detail.data;
  // Once this page completed it, the task is completed, whatever the detail read before said.
  const status = complete.result ? 'COMPLETED' : task.status;
  const open = status === 'OPEN' || status === 'CLAIMED';
  const names = organisations.data?.names;

  return (
    <>
      <PageTitle title={label(entry.label)} section={t('inbox.title')}>
        {t('who.taskFor', { task: label(entry.label), name: personName(detail.data.person) })}
      </PageTitle>
      <p className="utrecht-paragraph">{label(entry.description)}</p>
      <dl className="facts">
        <dt>{t('task.step')}</dt>
        <dd>{t(`step.${task.step}`)}</dd>
        <dt>{t('task.due')}</dt>
        <dd>
          {formatDate(task.dueAt)}
          {task.overdue ? <span className="badge badge--overdue">{t('inbox.overdue')}</span> : null}
          {task.escalated ? <span className="badge badge--escalated">{t('inbox.escalated')}</span> : null}
        </dd>
        <dt>{t('task.status')}</dt>
        <dd>{t(`taskStatus.${status}`)}</dd>
        {task.host ? (
          <>
            <dt>{t('task.employer')}</dt>
            <dd>{task.host.name}</dd>
          </>
        ) : null}
        <dt>{t('task.journey')}</dt>
        <dd>
          <Link className="utrecht-link" to={`/trajecten/${candidateId}`}>
            {t('task.openJourney')}
          </Link>
        </dd>
      </dl>
      <About detail={detail.data} />
      <Context detail={detail.data} names={names} />
      <Orientations detail={detail.data} names={names} />
      <Evaluations detail={detail.data} names={names} />
      <Attempts detail={detail.data} names={names} />
      {complete.result ? (
        <Confirmation className="utrecht-alert utrecht-alert--ok">
          <p className="utrecht-paragraph">{t('task.done')}</p>
          <p className="utrecht-paragraph">
            <Link className="utrecht-link" to="/taken">
              {t('task.backToInbox')}
            </Link>
          </p>
        </Confirmation>
      ) : open ? (
        <section aria-labelledby="task-form-title">
          <h2 id="task-form-title" className="utrecht-heading-2">
            {t('task.formTitle')}
          </h2>
          {complete.error && Object.keys(complete.error.fieldErrors()).length === 0 ? <ProblemMessage error={complete.error} onRetry={() => void complete.retry()} /> : null}
          <TaskForm
            entry={entry}
            organisations={organisations.data?.byType}
            workplaces={workplaces.data}
            serverErrors={complete.error?.fieldErrors()}
            busy={complete.busy}
            onSubmit={(payload) => void complete.run(payload)}
          />
        </section>
      ) : (
        <p className="utrecht-paragraph">{t('task.closed')}</p>
      )}
    </>
  );
}

type Detail = NonNullable<Awaited<ReturnType<typeof unwrap<import('../api/client').Schemas['TaskDetailDto']>>>>;

function Context({ detail, names }: { detail: Detail; names?: Map<string, string> }) {
  const { t } = useTranslation();
  const code = useCodeLabel();
  const rows: [string, string][] = [];
  if (detail.goalCodes) rows.push([t('who.goals'), detail.goalCodes.map((c) => code(c)).join(', ')]);
  if (detail.profile) {
    rows.push([t('task.talents'), detail.profile.talentCodes.map((c) => code(c)).join(', ')]);
    rows.push([t('task.interests'), detail.profile.interestCodes.map((c) => code(c)).join(', ')]);
  }
  if (detail.match) {
    rows.push([t('task.employer'), names?.get(detail.match.employerId) ?? detail.match.employerId]);
    rows.push([t('task.role'), code(detail.match.roleCode)]);
    rows.push([t('task.hours'), t('task.hoursValue', { hours: detail.match.hoursPerWeek, weeks: detail.match.durationWeeks })]);
  }
  if (detail.agreedSupport) {
    rows.push([t('task.support'), detail.agreedSupport.supportCodes.map((c) => code(c)).join(', ')]);
    rows.push([t('task.coachHours'), String(detail.agreedSupport.jobCoachHoursPerWeek)]);
  }
  if (detail.proposedRoute) rows.push([t('task.route'), code(detail.proposedRoute)]);
  return <FactsSection id="task-context" title={t('task.context')} rows={rows} />;
}

/** A titled list of facts the decision rests on; nothing when there are none. */
function FactsSection({ id, title, rows }: { id: string; title: string; rows: [string, string][] }) {
  if (!rows.length) return null;
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="utrecht-heading-2">
        {title}
      </h2>
      <dl className="facts">
        {rows.map(([k, v]) => (
          <div key={k} className="facts__row">
            <dt>{k}</dt>
            <dd className="facts__text">{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** Who the task is about and, for the intake, the situation the referral describes. */
function About({ detail }: { detail: Detail }) {
  const { t } = useTranslation();
  const p = detail.person;
  const rows: [string, string][] = [];
  if (p?.firstName) rows.push([t('who.name'), [p.firstName, p.lastName].filter(Boolean).join(' ')]);
  if (p?.age !== undefined) rows.push([t('who.age'), t('who.ageValue', { age: p.age })]);
  if (p?.referrerName) rows.push([t('who.referrer'), p.referrerName]);
  if (p?.referredAt) rows.push([t('who.referredAt'), formatDate(p.referredAt)]);
  if (p) rows.push([t('who.runningColumn'), t('who.running', { count: p.daysRunning })]);
  if (p?.hostName) rows.push([t('task.employer'), p.hostName]);
  if (detail.situation) rows.push([t('who.situation'), detail.situation]);
  return <FactsSection id="task-about" title={t('who.about')} rows={rows} />;
}

/** What was tried (orientations, placements, jobs): where, how it went and why. */
function Attempts({ detail, names }: { detail: Detail; names?: Map<string, string> }) {
  const { t } = useTranslation();
  const code = useCodeLabel();
  if (!detail.attempts) return null;
  return (
    <section aria-labelledby="task-attempts">
      <h2 id="task-attempts" className="utrecht-heading-2">
        {t('who.attempts')}
      </h2>
      {detail.attempts.length ? (
        <DataTable
          label={t('who.attempts')}
          headers={[t('who.attemptAt'), t('who.attemptKind'), t('who.attemptEmployer'), t('who.attemptOutcome'), t('who.attemptReason')]}
          rows={detail.attempts.map((a, i) => ({
            key: `${a.at}-${i}`,
            cells: [formatDate(a.at), t(`who.attemptKind_${a.kind}`), names?.get(a.employerId) ?? t('who.unnamed'), t(`who.outcome_${a.outcome}`, { defaultValue: code(a.outcome) }), a.reasonCode ? code(a.reasonCode) : ''],
          }))}
        />
      ) : (
        <p className="utrecht-paragraph">{t('who.noAttempts')}</p>
      )}
    </section>
  );
}

/** Each orientation: the host's answer and what the host and the care provider said of the day. */
function Orientations({ detail, names }: { detail: Detail; names?: Map<string, string> }) {
  const { t } = useTranslation();
  const code = useCodeLabel();
  if (!detail.orientations?.length) return null;
  const party = (id: string) => names?.get(id) ?? t('who.unnamed');
  return (
    <section aria-labelledby="task-orientations">
      <h2 id="task-orientations" className="utrecht-heading-2">
        {t('who.orientations')}
      </h2>
      {detail.orientations.map((o) => (
        <div key={o.employerId} className="card card--stacked">
          <h3 className="utrecht-heading-3">{party(o.employerId)}</h3>
          <p className="utrecht-paragraph">
            {o.decision ? t('who.answer', { answer: code(o.decision) }) : t('who.noAnswer')}
            {o.reasonCode ? ` (${code(o.reasonCode)})` : ''}
            {o.orientationDate ? ` · ${t('who.orientationOn', { date: formatDate(o.orientationDate) })}` : ''}
          </p>
          {o.feedback.length ? (
            <ul className="utrecht-unordered-list">
              {o.feedback.map((f) => (
                <li key={f.organisationId} className="utrecht-unordered-list__item">
                  {t('who.feedback', { party: party(f.organisationId), rating: f.rating })}
                  {f.fitCodes.length ? `: ${f.fitCodes.map((c) => code(c)).join(', ')}` : ''} · {f.recommend ? t('who.recommends') : t('who.doesNotRecommend')}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ))}
    </section>
  );
}

/** The placement's evaluations, the outcome's ground: who, when, the rating, the progress seen, whether to go on. */
function Evaluations({ detail, names }: { detail: Detail; names?: Map<string, string> }) {
  const { t } = useTranslation();
  const code = useCodeLabel();
  if (!detail.evaluations?.length) return null;
  return (
    <section aria-labelledby="task-evaluations">
      <h2 id="task-evaluations" className="utrecht-heading-2">
        {t('who.evaluations')}
      </h2>
      <DataTable
        label={t('who.evaluations')}
        headers={[t('who.attemptAt'), t('who.evaluatedBy'), t('who.rating'), t('who.progress'), t('who.continue')]}
        rows={detail.evaluations.map((e, i) => ({
          key: `${e.at}-${i}`,
          cells: [formatDate(e.at), names?.get(e.organisationId) ?? t('who.unnamed'), t('who.ratingValue', { rating: e.rating }), e.progressCodes.map((c) => code(c)).join(', '), e.continuePlacement ? t('who.yes') : t('who.no')],
        }))}
      />
    </section>
  );
}
