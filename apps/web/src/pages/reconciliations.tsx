import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ProblemError, unwrap, type Schemas } from '../api/client';
import { DataTable } from '../components/data-table';
import { CommandOutcome, PageTitle, QueryState } from '../components/problem';
import { useCommand } from '../components/use-command';
import { formatDate, formatNumber } from '../i18n';
import { NotFoundPage } from './not-found';
import { Button } from '@utrecht/button-react';

type Reconciliation = Schemas['ReconciliationDto'];
const UNDER_WAY = ['REQUESTED', 'RUNNING'];

/** Reloads every two seconds while a reconciliation is under way, so its result shows by itself. */
const whileUnderWay = (items: Reconciliation[] | undefined) => (items?.some((r) => UNDER_WAY.includes(r.status)) ? 2000 : false);

/**
 * The reconciliation reports of the municipality: the nightly ones and those asked for here, each
 * comparing the overviews (the read model) with the journeys themselves and repairing what differs.
 */
export function ReconciliationsPage() {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const list = useQuery({
    queryKey: ['reconciliations'],
    queryFn: () => unwrap(api.GET('/pipeline/reconciliations', { params: { query: { limit: 50 } } })),
    refetchInterval: (query) => whileUnderWay(query.state.data?.items),
  });
  const start = useCommand((_: object, key: string) =>
    unwrap(api.POST('/pipeline/reconciliations', { params: { header: { 'Idempotency-Key': key } } })).then(async (r) => {
      await queries.invalidateQueries({ queryKey: ['reconciliations'] });
      return r;
    }),
  );
  return (
    <>
      <PageTitle>{t('reconciliation.title')}</PageTitle>
      <p className="utrecht-paragraph">{t('reconciliation.intro')}</p>
      <div className="button-row">
        <Button type="button" appearance="primary-action-button" aria-disabled={start.busy || undefined} onClick={() => void start.run({})}>
          {start.busy ? t('form.sending') : t('reconciliation.start')}
        </Button>
      </div>
      <CommandOutcome command={start} done={t('reconciliation.started')} />
      <QueryState query={list} />
      {list.data ? (
        list.data.items.length ? (
          <DataTable
            label={t('reconciliation.title')}
            headers={[t('reconciliation.requestedAt'), t('reconciliation.trigger'), t('reconciliation.status'), t('reconciliation.checked'), t('reconciliation.found'), t('reconciliation.repaired'), t('reconciliation.report')]}
            rows={list.data.items.map((r) => ({
              key: r.id,
              cells: [
                formatDate(r.requestedAt, true),
                t(`reconciliation.trigger_${r.trigger}`),
                t(`reconciliation.status_${r.status}`),
                formatNumber(r.journeysChecked),
                formatNumber(r.driftFound),
                formatNumber(r.repaired),
                <Link key="link" className="utrecht-link" to={`/controles/${r.id}`}>
                  {t('reconciliation.open')}
                </Link>,
              ],
            }))}
          />
        ) : (
          <p className="utrecht-paragraph">{t('reconciliation.empty')}</p>
        )
      ) : null}
    </>
  );
}

/** One reconciliation: what it compared, what it found per journey and whether it was repaired. */
export function ReconciliationPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const run = useQuery({
    queryKey: ['reconciliations', id],
    queryFn: () => unwrap(api.GET('/pipeline/reconciliations/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => whileUnderWay(query.state.data ? [query.state.data] : undefined),
    retry: false,
  });
  const findings = useQuery({
    queryKey: ['reconciliations', id, 'findings', run.data?.status],
    enabled: !!run.data,
    queryFn: () => unwrap(api.GET('/pipeline/reconciliations/{id}/findings', { params: { path: { id }, query: { limit: 200 } } })),
  });
  if (run.error instanceof ProblemError && [400, 404].includes(run.error.status)) return <NotFoundPage />;
  const r = run.data;
  return (
    <>
      <PageTitle>{t('reconciliation.reportTitle')}</PageTitle>
      <p className="utrecht-paragraph">
        <Link className="utrecht-link" to="/controles">
          {t('reconciliation.back')}
        </Link>
      </p>
      <QueryState query={run} />
      {r ? (
        <dl className="facts">
          <dt>{t('reconciliation.requestedAt')}</dt>
          <dd>{formatDate(r.requestedAt, true)}</dd>
          <dt>{t('reconciliation.trigger')}</dt>
          <dd>{t(`reconciliation.trigger_${r.trigger}`)}</dd>
          <dt>{t('reconciliation.status')}</dt>
          <dd>
            {t(`reconciliation.status_${r.status}`)}
            {r.finishedAt ? ` · ${formatDate(r.finishedAt, true)}` : ''}
          </dd>
          <dt>{t('reconciliation.checked')}</dt>
          <dd>{formatNumber(r.journeysChecked)}</dd>
          <dt>{t('reconciliation.found')}</dt>
          <dd>{formatNumber(r.driftFound)}</dd>
          <dt>{t('reconciliation.repaired')}</dt>
          <dd>{formatNumber(r.repaired)}</dd>
        </dl>
      ) : null}
      {r?.status === 'FAILED' ? (
        <div role="alert" className="utrecht-alert utrecht-alert--error problem">
          <p className="utrecht-paragraph">{t('reconciliation.failed')}</p>
        </div>
      ) : null}
      {r ? (
        <section aria-labelledby="findings-title">
          <h2 id="findings-title" className="utrecht-heading-2">
            {t('reconciliation.findings')}
          </h2>
          <QueryState query={findings} />
          {findings.data ? <Findings items={findings.data.items} /> : null}
        </section>
      ) : null}
    </>
  );
}

function Findings({ items }: { items: Schemas['ReconciliationFindingDto'][] }) {
  const { t } = useTranslation();
  if (!items.length) return <p className="utrecht-paragraph">{t('reconciliation.noFindings')}</p>;
  return (
    <DataTable
      labelledBy="findings-title"
      headers={[t('reconciliation.kind'), t('reconciliation.detail'), t('reconciliation.repairedQuestion'), t('reconciliation.journey')]}
      rows={items.map((f, i) => ({
        key: i,
        cells: [
          t(`reconciliation.kind_${f.kind}`),
          Object.entries(f.detail)
            .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
            .join('; '),
          f.repaired ? t('reconciliation.yes') : t('reconciliation.no'),
          f.candidateId ? (
            <Link key="link" className="utrecht-link" to={`/trajecten/${f.candidateId}`}>
              {t('referrals.open')}
            </Link>
          ) : (
            '–'
          ),
        ],
      }))}
    />
  );
}
