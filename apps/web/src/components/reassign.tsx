import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../api/client';
import { useOrganisations } from '../api/hooks';
import { SelectField } from './form-field';
import { CommandOutcome } from './problem';
import { useCommand } from './use-command';
import { Button } from '@utrecht/button-react';

/** The role an organisation of each type does casework in (libs/domain/src/organisation.ts CASE_ROLES). */
const ROLE_OF: Record<string, Schemas['ReassignTaskDto']['role']> = { MUNICIPALITY: 'coordinator', CARE_PROVIDER: 'support-worker', SCHOOL: 'teacher', EMPLOYER: 'employer' };

/** The coordinator gives a task to another organisation of the municipality. */
export function ReassignForm({ candidateId, taskId, label }: { candidateId: string; taskId: string; label: string }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const organisations = useOrganisations(true);
  const [organisationId, setOrganisationId] = useState('');
  const choices = Object.entries(organisations.data?.byType ?? {}).flatMap(([type, list]) => (ROLE_OF[type] ? list.map((o) => ({ ...o, role: ROLE_OF[type] })) : []));
  const reassign = useCommand((input: Schemas['ReassignTaskDto'], key: string) =>
    unwrap(api.POST('/journeys/{candidateId}/tasks/{taskId}/reassign', { params: { path: { candidateId, taskId }, header: { 'Idempotency-Key': key } }, body: input })).then(() =>
      queries.invalidateQueries({ queryKey: ['overdue'] }),
    ),
  );
  const id = `reassign-${candidateId}-${taskId.replace(/[^a-z0-9]/gi, '-')}`;
  function submit(event: FormEvent): void {
    event.preventDefault();
    const choice = choices.find((c) => c.id === organisationId);
    if (choice) void reassign.run({ organisationId: choice.id, role: choice.role });
  }
  return (
    <details className="reassign">
      <summary>{t('reassign.open', { task: label })}</summary>
      <form onSubmit={submit} className="inline-form">
        <SelectField id={id} label={t('reassign.to')} value={organisationId} empty={t('form.choose')} options={choices.map((c) => ({ value: c.id, label: c.name }))} onChange={setOrganisationId} />
        <Button type="submit" appearance="secondary-action-button" disabled={!organisationId} aria-disabled={reassign.busy || undefined}>
          {t('reassign.submit')}
        </Button>
      </form>
      <CommandOutcome command={reassign} done={t('reassign.done')} />
    </details>
  );
}
