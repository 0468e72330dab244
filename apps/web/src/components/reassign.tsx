import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../api/client';
import { useCatalogue, useLabel, useOrganisations } from '../api/hooks';
import { formatDate } from '../i18n';
import { SelectField } from './form-field';
import { CommandOutcome, ProblemMessage } from './problem';
import { useCommand } from './use-command';
import { Button } from '@utrecht/button-react';

/** The role an organisation of each type does casework in (libs/domain/src/organisation.ts CASE_ROLES). */
const ROLE_OF: Record<string, Schemas['ReassignTaskDto']['role']> = { MUNICIPALITY: 'coordinator', CARE_PROVIDER: 'support-worker', SCHOOL: 'teacher', EMPLOYER: 'employer' };
/** Why a task changes hands (libs/domain/src/method/vocabularies.ts reassignReason). */
const REASONS: Schemas['ReassignTaskDto']['reasonCode'][] = ['ABSENT', 'WORKLOAD', 'WRONG_PARTY', 'OVERDUE', 'OTHER'];

/** The coordinator gives an open task to another organisation of the municipality, with a reason the timeline keeps. */
export function ReassignForm({ candidateId, taskId, label }: { candidateId: string; taskId: string; label: string }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const organisations = useOrganisations(true);
  const [organisationId, setOrganisationId] = useState('');
  const [reasonCode, setReasonCode] = useState('');
  const [missing, setMissing] = useState<{ to?: boolean; reason?: boolean }>({});
  const choices = Object.entries(organisations.data?.byType ?? {}).flatMap(([type, list]) => (ROLE_OF[type] ? list.map((o) => ({ ...o, role: ROLE_OF[type] })) : []));
  const reassign = useCommand((input: Schemas['ReassignTaskDto'], key: string) =>
    unwrap(api.POST('/journeys/{candidateId}/tasks/{taskId}/reassign', { params: { path: { candidateId, taskId }, header: { 'Idempotency-Key': key } }, body: input })).then(() =>
      Promise.all([queries.invalidateQueries({ queryKey: ['overdue'] }), queries.invalidateQueries({ queryKey: ['journey', candidateId] })]),
    ),
  );
  const id = `reassign-${candidateId}-${taskId.replace(/[^a-z0-9]/gi, '-')}`;
  function submit(event: FormEvent): void {
    event.preventDefault();
    const choice = choices.find((c) => c.id === organisationId);
    const reason = REASONS.find((r) => r === reasonCode);
    setMissing({ to: !choice, reason: !reason });
    if (!choice) document.getElementById(id)?.focus();
    else if (!reason) document.getElementById(`${id}-reason`)?.focus();
    if (choice && reason) void reassign.run({ organisationId: choice.id, role: choice.role, reasonCode: reason });
  }
  return (
    <details className="reassign">
      <summary>{t('reassign.open', { task: label })}</summary>
      <form onSubmit={submit} className="inline-form" noValidate>
        <SelectField
          id={id}
          label={t('reassign.to')}
          error={missing.to ? t('errors.required') : undefined}
          value={organisationId}
          empty={t('form.choose')}
          options={choices.map((c) => ({ value: c.id, label: c.name }))}
          onChange={setOrganisationId}
        />
        <SelectField
          id={`${id}-reason`}
          label={t('caseworkTasks.reason')}
          error={missing.reason ? t('errors.required') : undefined}
          value={reasonCode}
          empty={t('form.choose')}
          options={REASONS.map((r) => ({ value: r, label: t(`caseworkTasks.reason_${r}`) }))}
          onChange={setReasonCode}
        />
        <Button type="submit" appearance="secondary-action-button" aria-disabled={reassign.busy || undefined}>
          {t('reassign.submit')}
        </Button>
      </form>
      <CommandOutcome command={reassign} done={t('reassign.done')} />
    </details>
  );
}

/**
 * A journey's open tasks for its coordinator: who has each, until when, and a way to give it to
 * another party (any open task, overdue or not).
 */
export function JourneyOpenTasks({ candidateId, party }: { candidateId: string; party: (organisationId: string) => string }) {
  const { t } = useTranslation();
  const catalogue = useCatalogue();
  const label = useLabel();
  const tasks = useQuery({
    queryKey: ['journey', candidateId, 'tasks'],
    queryFn: () => unwrap(api.GET('/journeys/{candidateId}/tasks', { params: { path: { candidateId } } })),
  });
  return (
    <section aria-labelledby="open-tasks-title">
      <h2 id="open-tasks-title" className="utrecht-heading-2">
        {t('caseworkTasks.openTitle')}
      </h2>
      {tasks.error ? <ProblemMessage error={tasks.error} onRetry={() => void tasks.refetch()} /> : null}
      {tasks.data?.items.length === 0 ? <p className="utrecht-paragraph">{t('caseworkTasks.openNone')}</p> : null}
      <ul className="card-list">
        {tasks.data?.items.map((task) => {
          const name = label(catalogue.data?.get(task.type)?.label, task.type);
          return (
            <li key={task.taskId} className="card">
              <p className="utrecht-paragraph">
                {name} · {party(task.assignee.organisationId)} · {t('caseworkTasks.due', { date: formatDate(task.dueAt) })}
                {task.overdue ? ` · ${t('caseworkTasks.overdue')}` : ''}
              </p>
              <ReassignForm candidateId={candidateId} taskId={task.taskId} label={name} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
