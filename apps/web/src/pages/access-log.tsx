import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { FIELD_LABELS } from '../../../../libs/domain/src/labels';
import { PURPOSE_CODES } from '../../../../libs/domain/src/privacy';
import { api, unwrap } from '../api/client';
import { useLabel, useOrganisations } from '../api/hooks';
import { PageTitle, ProblemMessage, QueryState } from '../components/problem';
import { DataTable } from '../components/data-table';
import { SelectField } from '../components/form-field';
import { useUrlFilters } from '../components/use-url-filters';
import { formatDate, formatNumber } from '../i18n';
import { Button } from '@utrecht/button-react';
import { FormLabel } from '@utrecht/form-label-react';

/** The filters of the access log and their names in the address. */
const FILTERS = { candidate: 'jongere', organisation: 'organisatie', purpose: 'doel', from: 'van', to: 'tot' } as const;
const PAGE = 50;

/** Who read the municipality's young people's personal data, newest first, filtered, page by page; the chain check. */
export function AccessLogPage() {
  const { t } = useTranslation();
  const label = useLabel();
  const organisations = useOrganisations(true);
  const { applied, draft, setDraft, apply } = useUrlFilters(FILTERS);
  const query = { ...applied, purpose: applied.purpose as (typeof PURPOSE_CODES)[number] | undefined, limit: PAGE };
  const log = useInfiniteQuery({
    queryKey: ['access-log', applied],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/access-log', { params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (page) => page.nextCursor,
  });
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  const allOrganisations = Object.values(organisations.data?.byType ?? {})
    .flat()
    .sort((a, b) => a.name.localeCompare(b.name));

  return (
    <>
      <PageTitle>{t('accessLog.title')}</PageTitle>
      <p className="utrecht-paragraph">{t('oversight.intro')}</p>
      <ChainCheck />
      <form onSubmit={apply} className="inline-form" aria-label={t('oversight.filters')}>
        <SelectField
          id="log-organisation"
          label={t('oversight.organisation')}
          value={draft.organisation ?? ''}
          empty={t('oversight.all')}
          options={allOrganisations.map((o) => ({ value: o.id, label: o.name }))}
          onChange={(organisation) => setDraft({ ...draft, organisation })}
        />
        <SelectField
          id="log-purpose"
          label={t('oversight.purpose')}
          value={draft.purpose ?? ''}
          empty={t('oversight.all')}
          options={PURPOSE_CODES.map((p) => ({ value: p, label: t(`purpose.${p}`) }))}
          onChange={(purpose) => setDraft({ ...draft, purpose })}
        />
        {(['from', 'to'] as const).map((k) => (
          <div key={k} className="utrecht-form-field">
            <FormLabel htmlFor={`log-${k}`}>{t(`oversight.${k}`)}</FormLabel>
            <input id={`log-${k}`} type="date" className="utrecht-textbox utrecht-textbox--html-input" value={draft[k] ?? ''} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} />
          </div>
        ))}
        <Button type="submit" appearance="secondary-action-button">
          {t('oversight.apply')}
        </Button>
      </form>
      {applied.candidate ? (
        <p className="utrecht-paragraph">
          {t('oversight.oneYoungPerson')}{' '}
          <Link className="utrecht-link" to={`/trajecten/${applied.candidate}`}>
            {t('oversight.openJourney')}
          </Link>{' '}
          <Button type="button" appearance="subtle-button" onClick={() => apply(undefined, { ...applied, candidate: undefined })}>
            {t('oversight.everyone')}
          </Button>
        </p>
      ) : null}
      <QueryState query={log} />
      {log.data ? (
        <>
          <p className="utrecht-paragraph" role="status">
            {log.hasNextPage ? t('oversight.shownMore', { count: items.length }) : t('oversight.shownAll', { count: items.length })}
          </p>
          {items.length ? (
            <DataTable
              label={t('accessLog.title')}
              headers={[t('accessLog.when'), t('accessLog.who'), t('accessLog.what'), t('accessLog.why'), t('oversight.youngPerson')]}
              rows={items.map((e) => ({
                key: e.id,
                cells: [
                  formatDate(e.occurredAt, true),
                  [e.actor.userName, e.actor.organisationName, e.role ? t(`role.${e.role}`, { defaultValue: e.role }) : undefined].filter(Boolean).join(', '),
                  `${t(`accessAction.${e.action}`)}: ${e.fields.map((f) => label(FIELD_LABELS[f], f)).join(', ')}`,
                  e.purpose ? t(`purpose.${e.purpose}`) : t('oversight.noPurpose'),
                  e.candidateId ? (
                  <span key="who">
                    <Link className="utrecht-link" to={`/trajecten/${e.candidateId}`}>
                      {t('oversight.openJourney')}
                    </Link>
                    {applied.candidate ? null : (
                      <>
                        {' · '}
                        <Link className="utrecht-link" to={`?${new URLSearchParams({ ...Object.fromEntries(Object.entries(applied).map(([k, v]) => [FILTERS[k as keyof typeof FILTERS], v!])), jongere: e.candidateId })}`}>
                          {t('oversight.onlyThisOne')}
                        </Link>
                      </>
                    )}
                  </span>
                  ) : (
                    t('who.listRead', { count: e.candidateIds?.length ?? 0 })
                  ),
                ],
              }))}
            />
          ) : null}
          {log.hasNextPage ? (
            <Button type="button" appearance="secondary-action-button" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
              {t('oversight.more')}
            </Button>
          ) : null}
        </>
      ) : null}
    </>
  );
}

/** "Controleer de keten": walks the hash chain and says what it found, in a status region. */
function ChainCheck() {
  const { t } = useTranslation();
  const check = useMutation({ mutationFn: () => unwrap(api.GET('/access-log/verification')) });
  const result = check.data;
  return (
    <section aria-labelledby="chain-title" className="figure">
      <h2 id="chain-title" className="utrecht-heading-2">
        {t('oversight.chainTitle')}
      </h2>
      <p className="utrecht-paragraph">{t('oversight.chainIntro')}</p>
      <Button type="button" appearance="secondary-action-button" disabled={check.isPending} onClick={() => check.mutate()}>
        {t('oversight.chainCheck')}
      </Button>
      <div role="status" className="utrecht-paragraph">
        {check.isPending ? t('oversight.chainBusy') : null}
        {result?.intact ? (
          <p className="utrecht-paragraph">
            <strong>{t('oversight.chainIntact', { checked: formatNumber(result.checked) })}</strong>
            {result.head ? (
              <>
                {' '}
                {t('oversight.chainHead', { seq: result.head.chainSeq })} <span className="fingerprint">{result.head.hash}</span>. {t('oversight.chainKeep')}
              </>
            ) : null}
          </p>
        ) : null}
        {result && !result.intact && result.firstBroken ? (
          <p className="utrecht-paragraph">
            <strong>{t('oversight.chainBroken', { id: result.firstBroken.id, problem: t(`oversight.chainProblem.${result.firstBroken.code}`) })}</strong>
          </p>
        ) : null}
      </div>
      {check.error ? <ProblemMessage error={check.error} onRetry={() => check.mutate()} /> : null}
    </section>
  );
}

/** The young person's own access log (who looked at their data, when and why), for the parties that support them. */
export function JourneyAccessLogPage() {
  const { t } = useTranslation();
  const { candidateId = '' } = useParams();
  const log = useQuery({
    queryKey: ['journey', candidateId, 'access-log'],
    queryFn: () => unwrap(api.GET('/journeys/{candidateId}/access-log', { params: { path: { candidateId } } })),
    retry: false,
  });
  return (
    <>
      <PageTitle>{t('oversight.journeyTitle')}</PageTitle>
      <p className="utrecht-paragraph">{t('oversight.journeyIntro')}</p>
      <p className="utrecht-paragraph">
        <Link className="utrecht-link" to={`/trajecten/${candidateId}`}>
          {t('oversight.backToJourney')}
        </Link>
      </p>
      <QueryState query={log} />
      {log.data ? (
        log.data.items.length ? (
          <ul className="card-list" aria-label={t('oversight.journeyTitle')}>
            {[...log.data.items].reverse().map((e, i) => (
              <li key={i} className="card">
                <span>
                  <strong>{formatDate(e.when, true)}</strong> {e.who}: {e.what} ({e.which}). {t('accessLog.why')}: {e.why}.
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="utrecht-paragraph">{t('oversight.nothingYet')}</p>
        )
      ) : null}
    </>
  );
}
