import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { useCodeLabel } from '../api/hooks';
import { ErrorSummary } from '../components/error-summary';
import { FormField } from '../components/form-field';
import { PageTitle, ProblemMessage, QueryState } from '../components/problem';
import { Confirmation } from '../components/confirmation';
import { useCommand } from '../components/use-command';
import { usePersonName } from '../components/person';
import { formatDate, formatNumber, parseNumber } from '../i18n';
import { Button } from '@utrecht/button-react';
import { FormLabel } from '@utrecht/form-label-react';

const SUPPORT = ['WORK_BUDDY', 'QUIET_SPACE', 'JOB_COACH_ON_SITE', 'FLEXIBLE_HOURS'] as const;
type Workplace = Schemas['WorkplaceDto'];
interface Draft {
  title: string;
  location: string;
  hoursPerWeek: string;
  capacity: string;
  supportOnSite: string[];
}
const EMPTY: Draft = { title: '', location: '', hoursPerWeek: '', capacity: '', supportOnSite: [] };

/** An employer's workplaces: offer one, change one (a stale version is explained, not lost). */
export function WorkplacesPage() {
  const { t } = useTranslation();
  const workplaces = useQuery({ queryKey: ['workplaces'], queryFn: () => unwrap(api.GET('/workplaces', { params: { query: { limit: 100 } } })) });
  const [editing, setEditing] = useState<Workplace | undefined>();
  return (
    <>
      <PageTitle>{t('workplaces.title')}</PageTitle>
      <QueryState query={workplaces} />
      {workplaces.data ? (
        workplaces.data.items.length ? (
          <ul className="card-list">
            {workplaces.data.items.map((w) => (
              <li key={w.id} className="card">
                <h2 className="utrecht-heading-3">{w.title}</h2>
                <p className="utrecht-paragraph">
                  {w.location} · {t('workplaces.hoursValue', { hours: formatNumber(w.hoursPerWeek) })} · {t('workplaces.capacityValue', { count: w.capacity })} · {t('employerCasework.occupied', { count: w.occupied })}
                  {w.active ? '' : ` · ${t('workplaces.inactive')}`}
                </p>
                <div className="button-row">
                  <Button type="button" appearance="secondary-action-button" onClick={() => setEditing(w)} aria-label={`${t('workplaces.edit')}: ${w.title}`}>
                    {t('workplaces.edit')}
                  </Button>
                  <OfferSwitch workplace={w} />
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <p className="utrecht-paragraph">{t('employerCasework.workplacesEmpty')}</p>
        )
      ) : null}
      <p className="utrecht-paragraph">
        {t('employerCasework.workplacesAbout')}{' '}
        <Link className="utrecht-link" to="/plaatsingen">
          {t('employerCasework.toPlacements')}
        </Link>
      </p>
      {editing ? <WorkplaceForm key={`${editing.id}-${editing.version}`} workplace={editing} onDone={() => setEditing(undefined)} onReload={setEditing} /> : <WorkplaceForm key="new" />}
    </>
  );
}

function WorkplaceForm({ workplace, onDone, onReload }: { workplace?: Workplace; onDone?: () => void; onReload?: (w: Workplace) => void }) {
  const { t } = useTranslation();
  const code = useCodeLabel();
  const queries = useQueryClient();
  const [draft, setDraft] = useState<Draft>(
    workplace ? { title: workplace.title, location: workplace.location, hoursPerWeek: formatNumber(workplace.hoursPerWeek), capacity: String(workplace.capacity), supportOnSite: workplace.supportOnSite } : EMPTY,
  );
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const [saved, setSaved] = useState(false);
  const save = useCommand(async (body: Schemas['CreateWorkplaceDto'], key: string) => {
    const header = { 'Idempotency-Key': key };
    const result = workplace
      ? await unwrap(api.PATCH('/workplaces/{id}', { params: { path: { id: workplace.id }, header }, body: { ...body, version: workplace.version } }))
      : await unwrap(api.POST('/workplaces', { params: { header }, body }));
    await queries.invalidateQueries({ queryKey: ['workplaces'] });
    return result;
  });
  const conflict = save.error?.status === 409;

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setSaved(false);
    const found: Partial<Record<keyof Draft, string>> = {};
    if (!draft.title.trim()) found.title = t('errors.required');
    if (!draft.location.trim()) found.location = t('errors.required');
    const hours = parseNumber(draft.hoursPerWeek);
    if (!(hours >= 1 && hours <= 40)) found.hoursPerWeek = t('errors.range', { min: 1, max: 40 });
    else if (!Number.isInteger(hours * 2)) found.hoursPerWeek = t('employerCasework.errorMultipleOf', { step: formatNumber(0.5) });
    const capacity = Number(draft.capacity);
    if (!/^\d+$/.test(draft.capacity.trim()) || capacity < 1 || capacity > 50) found.capacity = t('errors.range', { min: 1, max: 50 });
    setErrors(found);
    if (Object.keys(found).length) return;
    const result = await save.run({ title: draft.title.trim(), location: draft.location.trim(), hoursPerWeek: hours, capacity, supportOnSite: draft.supportOnSite });
    if (result) {
      setSaved(true);
      if (!workplace) setDraft(EMPTY);
      onDone?.();
    }
  }

  async function reload(): Promise<void> {
    if (!workplace) return;
    const fresh = await unwrap(api.GET('/workplaces/{id}', { params: { path: { id: workplace.id } } }));
    await queries.invalidateQueries({ queryKey: ['workplaces'] });
    onReload?.(fresh);
  }

  const text = (k: 'title' | 'location' | 'hoursPerWeek' | 'capacity') => (
    <FormField id={`workplace-${k}`} label={t(`workplaces.field_${k}`)} error={errors[k]}>
      {(control) => (
        <input
          {...control}
          name={k}
          inputMode={k === 'hoursPerWeek' ? 'decimal' : k === 'capacity' ? 'numeric' : undefined}
          className="utrecht-textbox utrecht-textbox--html-input"
          value={draft[k]}
          onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
        />
      )}
    </FormField>
  );

  return (
    <section aria-labelledby="workplace-form-title">
      <h2 id="workplace-form-title" className="utrecht-heading-2">
        {workplace ? t('workplaces.editTitle', { title: workplace.title }) : t('workplaces.newTitle')}
      </h2>
      {saved ? (
        <Confirmation>
          <p className="utrecht-paragraph">{t('workplaces.saved')}</p>
        </Confirmation>
      ) : null}
      {conflict ? (
        <div role="alert" className="utrecht-alert utrecht-alert--warning">
          <p className="utrecht-paragraph">{t('workplaces.conflict')}</p>
          <Button type="button" appearance="secondary-action-button" onClick={() => void reload()}>
            {t('workplaces.reload')}
          </Button>
        </div>
      ) : save.error ? (
        <ProblemMessage error={save.error} onRetry={() => void save.retry()} />
      ) : null}
      <form noValidate onSubmit={(e) => void submit(e)} className="task-form">
        <ErrorSummary items={Object.entries(errors).map(([k, m]) => ({ href: `#workplace-${k}`, text: `${t(`workplaces.field_${k}`)}: ${m}` }))} />
        {text('title')}
        {text('location')}
        {text('hoursPerWeek')}
        {text('capacity')}
        <fieldset className="utrecht-form-fieldset">
          <legend className="utrecht-form-fieldset__legend utrecht-form-label">
            {t('workplaces.supportOnSite')} ({t('form.optional')})
          </legend>
          {SUPPORT.map((s) => (
            <div key={s} className="utrecht-form-field utrecht-form-field--checkbox">
              <input
                type="checkbox"
                id={`workplace-support-${s}`}
                className="utrecht-checkbox utrecht-checkbox--html-input"
                checked={draft.supportOnSite.includes(s)}
                onChange={(e) => setDraft({ ...draft, supportOnSite: e.target.checked ? [...draft.supportOnSite, s] : draft.supportOnSite.filter((x) => x !== s) })}
              />
              <FormLabel htmlFor={`workplace-support-${s}`} type="checkbox">
                {t(`support.${s}`, { defaultValue: code(s) })}
              </FormLabel>
            </div>
          ))}
        </fieldset>
        <div className="button-row">
          <Button type="submit" appearance="primary-action-button" aria-disabled={save.busy || undefined}>
            {workplace ? t('workplaces.save') : t('workplaces.create')}
          </Button>
          {workplace ? (
            <Button type="button" appearance="secondary-action-button" onClick={onDone}>
              {t('workplaces.cancel')}
            </Button>
          ) : null}
        </div>
      </form>
    </section>
  );
}

/** Running placements and jobs: an employer's own, a municipality's all. */
export function PlacementsPage() {
  const { t } = useTranslation();
  const startText = (p: Schemas['PlacementDto']): string =>
    p.step === 'PAID_WORK' && p.paidWorkSince
      ? t('employerCasework.paidWorkSince', { date: formatDate(p.paidWorkSince) })
      : p.startDate
        ? t('employerCasework.startedOn', { date: formatDate(p.startDate) })
        : t('employerCasework.noStartDate');
  const code = useCodeLabel();
  const placements = useQuery({ queryKey: ['placements'], queryFn: () => unwrap(api.GET('/placements')) });
  const personName = usePersonName();
  return (
    <>
      <PageTitle>{t('placements.title')}</PageTitle>
      <QueryState query={placements} />
      {placements.data ? (
        placements.data.items.length ? (
          <ul className="card-list">
            {placements.data.items.map((p) => (
              <li key={p.candidateId} className="card">
                <p className="utrecht-paragraph">
                  <strong>{personName(p.person)}</strong>
                </p>
                <p className="utrecht-paragraph">
                  {t(`step.${p.step}`)} · {startText(p)}
                  {p.route ?? p.proposedRoute ? ` · ${code(p.route ?? p.proposedRoute ?? '')}` : ''}
                </p>
                <Link className="utrecht-link" to={`/trajecten/${p.candidateId}`}>
                  {t('placements.open')}
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="utrecht-paragraph">{t('placements.empty')}</p>
        )
      ) : null}
    </>
  );
}

/**
 * Takes a workplace off offer (after a confirmation: running placements go on) or offers it again.
 * Based on the version read, like every change of a workplace.
 */
function OfferSwitch({ workplace }: { workplace: Workplace }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [done, setDone] = useState<string | undefined>();
  const question = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) question.current?.focus();
  }, [asking]);
  const change = useCommand(async (active: boolean, key: string) => {
    const result = await unwrap(
      api.PATCH('/workplaces/{id}', { params: { path: { id: workplace.id }, header: { 'Idempotency-Key': key } }, body: { active, version: workplace.version } }),
    );
    await queries.invalidateQueries({ queryKey: ['workplaces'] });
    return result;
  });
  async function set(active: boolean): Promise<void> {
    const result = await change.run(active);
    if (!result) return;
    setAsking(false);
    setDone(active ? t('employerCasework.reactivated', { title: workplace.title }) : t('employerCasework.deactivated', { title: workplace.title }));
  }
  if (!workplace.active) {
    return (
      <>
        <Button type="button" appearance="secondary-action-button" aria-disabled={change.busy || undefined} onClick={() => void set(true)} aria-label={`${t('employerCasework.reactivate')}: ${workplace.title}`}>
          {t('employerCasework.reactivate')}
        </Button>
        {change.error ? <ProblemMessage error={change.error} onRetry={() => void change.retry()} /> : null}
        {done ? (
          <Confirmation>
            <p className="utrecht-paragraph">{done}</p>
          </Confirmation>
        ) : null}
      </>
    );
  }
  return (
    <>
      {asking ? (
        <div ref={question} tabIndex={-1} role="group" aria-labelledby={`deactivate-${workplace.id}`} className="confirm">
          <p id={`deactivate-${workplace.id}`} className="utrecht-paragraph">
            {t('employerCasework.deactivateQuestion', { title: workplace.title })}
          </p>
          <div className="button-row">
            <Button type="button" appearance="primary-action-button" aria-disabled={change.busy || undefined} onClick={() => void set(false)}>
              {t('employerCasework.deactivateConfirm')}
            </Button>
            <Button
              type="button"
              appearance="secondary-action-button"
              onClick={() => {
                setAsking(false);
                opener.current?.focus();
              }}
            >
              {t('workplaces.cancel')}
            </Button>
          </div>
          {change.error ? <ProblemMessage error={change.error} onRetry={() => void change.retry()} /> : null}
        </div>
      ) : (
        <Button ref={opener} type="button" appearance="secondary-action-button" onClick={() => setAsking(true)} aria-label={`${t('employerCasework.deactivate')}: ${workplace.title}`}>
          {t('employerCasework.deactivate')}
        </Button>
      )}
      {done ? (
        <Confirmation>
          <p className="utrecht-paragraph">{done}</p>
        </Confirmation>
      ) : null}
    </>
  );
}
