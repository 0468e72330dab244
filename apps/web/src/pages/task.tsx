import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ProblemError, taskPurpose, unwrap } from '../api/client';
import { useCatalogue, useCodeLabel, useFreeWorkplaces, useLabel, useOrganisations } from '../api/hooks';
import { useUser } from '../app';
import { Loading, PageTitle, ProblemMessage } from '../components/problem';
import { useCommand } from '../components/use-command';
import { TaskForm } from '../forms/task-form';
import { formatDate } from '../i18n';
import { NotFoundPage } from './not-found';

/** A task: what the party needs to decide it, and the form rendered from the task's schema. */
export function TaskPage() {
  const { t } = useTranslation();
  const { candidateId = '', taskId = '' } = useParams();
  const user = useUser();
  const label = useLabel();
  const queries = useQueryClient();
  const catalogue = useCatalogue();
  const purpose = taskPurpose(user?.organisationType);
  const detail = useQuery({
    queryKey: ['task', candidateId, taskId, purpose],
    queryFn: () => unwrap(api.GET('/journeys/{candidateId}/tasks/{taskId}', { params: { path: { candidateId, taskId }, query: { purpose } } })),
    retry: false,
  });
  const entry = detail.data ? catalogue.data?.get(detail.data.task.type) : undefined;
  const needsOrganisations = !!entry && Object.values(entry.fields).some((f) => f.input === 'organisation');
  const organisations = useOrganisations(needsOrganisations || !!detail.data?.match);
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
  if (detail.isPending || catalogue.isPending) return <Loading />;
  if (!detail.data || !entry) return <ProblemMessage error={catalogue.error} onRetry={() => void catalogue.refetch()} />;
  const { task } = detail.data;
  // Once this page completed it, the task is completed, whatever the detail read before said.
  const status = complete.result ? 'COMPLETED' : task.status;
  const open = status === 'OPEN' || status === 'CLAIMED';
  const names = organisations.data?.names;

  return (
    <>
      <PageTitle>{label(entry.label)}</PageTitle>
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
      <Context detail={detail.data} names={names} />
      {complete.result ? (
        <div role="status" className="utrecht-alert utrecht-alert--ok">
          <p className="utrecht-paragraph">{t('task.done')}</p>
          <p className="utrecht-paragraph">
            <Link className="utrecht-link" to="/taken">
              {t('task.backToInbox')}
            </Link>
          </p>
        </div>
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
  if (!rows.length) return null;
  return (
    <section aria-labelledby="task-context">
      <h2 id="task-context" className="utrecht-heading-2">
        {t('task.context')}
      </h2>
      <dl className="facts">
        {rows.map(([k, v]) => (
          <div key={k} className="facts__row">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
