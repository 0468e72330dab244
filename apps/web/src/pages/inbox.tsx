import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap, type Task } from '../api/client';
import { useCatalogue, useLabel } from '../api/hooks';
import { useCommand } from '../components/use-command';
import { usePersonFacts, usePersonName } from '../components/person';
import { PageTitle, ProblemMessage, QueryState } from '../components/problem';
import { formatDate } from '../i18n';
import { JOURNEY_STEPS, JourneyStep } from '../../../../libs/domain/src/journey';
import { useUser } from '../components/use-user';
import { Button } from '@utrecht/button-react';
import { FormLabel } from '@utrecht/form-label-react';

const VIEWS = { mijn: 'inbox.viewMine', team: 'inbox.viewTeam', 'te-laat': 'inbox.viewLate' } as const;
type View = keyof typeof VIEWS;
/** The steps a task can be in (a completed journey has none). */
const STEPS = JOURNEY_STEPS.filter((s) => s !== JourneyStep.COMPLETED);

/** The party's tasks: Mijn taken, Team, Te laat, with the API's filters, by due date. */
export function InboxPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const view: View = (params.get('weergave') as View) in VIEWS ? (params.get('weergave') as View) : 'team';
  const step = params.get('stap') ?? '';
  const type = params.get('type') ?? '';
  const catalogue = useCatalogue();
  const label = useLabel();
  const query = {
    ...(view === 'mijn' ? { mine: true } : {}),
    ...(view === 'te-laat' ? { overdue: true } : {}),
    ...(step ? { step: step as (typeof STEPS)[number] } : {}),
    ...(type ? { type: type as Task['type'] } : {}),
    limit: 100,
  };
  const tasks = useQuery({ queryKey: ['tasks', query], queryFn: () => unwrap(api.GET('/tasks', { params: { query } })), refetchInterval: 15000 });
  const [filters, setFilters] = useState({ step, type });

  function applyFilters(event: FormEvent): void {
    event.preventDefault();
    const next = new URLSearchParams(params);
    for (const [k, v] of [['stap', filters.step], ['type', filters.type]] as const) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next);
  }

  return (
    <>
      <PageTitle>{t('inbox.title')}</PageTitle>
      <nav aria-label={t('inbox.views')} className="tabs">
        <ul className="tabs__list">
          {(Object.keys(VIEWS) as View[]).map((v) => (
            <li key={v}>
              <Link to={`/taken?weergave=${v}`} className="utrecht-link tabs__link" aria-current={v === view ? 'page' : undefined}>
                {t(VIEWS[v])}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <form onSubmit={applyFilters} className="inline-form" aria-label={t('inbox.filters')}>
        <div className="utrecht-form-field">
          <FormLabel htmlFor="filter-step">
            {t('inbox.step')}
          </FormLabel>
          <select id="filter-step" className="utrecht-select utrecht-select--html-select" value={filters.step} onChange={(e) => setFilters({ ...filters, step: e.target.value })}>
            <option value="">{t('inbox.all')}</option>
            {STEPS.map((s) => (
              <option key={s} value={s}>
                {t(`step.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="utrecht-form-field">
          <FormLabel htmlFor="filter-type">
            {t('inbox.type')}
          </FormLabel>
          <select id="filter-type" className="utrecht-select utrecht-select--html-select" value={filters.type} onChange={(e) => setFilters({ ...filters, type: e.target.value })}>
            <option value="">{t('inbox.all')}</option>
            {[...(catalogue.data?.values() ?? [])].map((e) => (
              <option key={e.type} value={e.type}>
                {label(e.label)}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" appearance="secondary-action-button">
          {t('inbox.apply')}
        </Button>
      </form>
      <QueryState query={tasks} />
      {tasks.data ? (
        tasks.data.items.length ? (
          <ul className="task-list" aria-label={t(VIEWS[view])}>
            {tasks.data.items.map((task) => (
              <TaskRow key={`${task.candidateId}/${task.taskId}`} task={task} title={label(catalogue.data?.get(task.type)?.label, task.type)} />
            ))}
          </ul>
        ) : (
          <p className="utrecht-paragraph" role="status">
            {t('inbox.empty')}
          </p>
        )
      ) : null}
    </>
  );
}

function TaskRow({ task, title }: { task: Task; title: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const queries = useQueryClient();
  const path = { candidateId: task.candidateId, taskId: task.taskId };
  const claim = useCommand((act: 'claim' | 'unclaim', key: string) =>
    unwrap(
      act === 'claim'
        ? api.POST('/journeys/{candidateId}/tasks/{taskId}/claim', { params: { path, header: { 'Idempotency-Key': key } } })
        : api.POST('/journeys/{candidateId}/tasks/{taskId}/unclaim', { params: { path, header: { 'Idempotency-Key': key } } }),
    ).then(() => queries.invalidateQueries({ queryKey: ['tasks'] })),
  );
  const claimedByMe = task.status === 'CLAIMED' && !!task.assignee.userId;
  const name = usePersonName()(task.person);
  const facts = usePersonFacts()(task.person);
  return (
    <li className={`task-list__item${task.overdue ? ' task-list__item--overdue' : ''}`} data-task-type={task.type} data-candidate={task.candidateId}>
      <div className="task-list__main">
        <Link className="utrecht-link task-list__title" to={`/taken/${task.candidateId}/${encodeURIComponent(task.taskId)}`}>
          {t('who.taskFor', { task: title, name })}
        </Link>
        {facts ? <span className="task-list__person">{facts}</span> : null}
        <span className="task-list__meta">
          {t(`step.${task.step}`)} · {t('inbox.due', { date: formatDate(task.dueAt) })}
        </span>
        {task.host ? (
          <span className="task-list__meta">
            {t('task.employer')}: {task.host.name}
          </span>
        ) : null}
        <span className="task-list__badges">
          {task.overdue ? <span className="badge badge--overdue">{t('inbox.overdue')}</span> : null}
          {task.escalated ? <span className="badge badge--escalated">{t('inbox.escalated')}</span> : null}
          {task.status === 'CLAIMED' ? <span className="badge">{t('inbox.claimed')}</span> : null}
        </span>
        <Link className="utrecht-link task-list__journey" to={`/trajecten/${task.candidateId}`}>
          {t('who.journeyOf', { name })}
        </Link>
      </div>
      {user ? (
        <Button
          type="button"
          appearance="secondary-action-button"
          aria-disabled={claim.busy || undefined}
          onClick={() => void claim.run(claimedByMe ? 'unclaim' : 'claim')}
          aria-label={`${claimedByMe ? t('inbox.unclaim') : t('inbox.claim')}: ${t('who.taskFor', { task: title, name })}`}
        >
          {claimedByMe ? t('inbox.unclaim') : t('inbox.claim')}
        </Button>
      ) : null}
      {claim.error ? <ProblemMessage error={claim.error} onRetry={() => void claim.retry()} /> : null}
    </li>
  );
}
