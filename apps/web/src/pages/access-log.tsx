import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { PageTitle, QueryState } from '../components/problem';
import { DataTable } from '../components/data-table';
import { formatDate } from '../i18n';

/** Who read the personal data of the municipality's young people, when, why and through which endpoint. */
export function AccessLogPage() {
  const { t } = useTranslation();
  const log = useQuery({ queryKey: ['access-log'], queryFn: () => unwrap(api.GET('/access-log', { params: { query: { limit: 100 } } })) });
  return (
    <>
      <PageTitle>{t('accessLog.title')}</PageTitle>
      <p className="utrecht-paragraph">{t('accessLog.intro')}</p>
      <QueryState query={log} />
      {log.data ? (
        <DataTable
          label={t('accessLog.title')}
          headers={[t('accessLog.when'), t('accessLog.who'), t('accessLog.what'), t('accessLog.why'), t('accessLog.journey')]}
          rows={log.data.items.map((e) => ({
            key: e.id,
            cells: [
              formatDate(e.occurredAt, true),
              [e.actor.userName, e.actor.organisationName].filter(Boolean).join(', '),
              `${t(`accessAction.${e.action}`)}: ${e.fields.join(', ')}`,
              e.purpose ? t(`purpose.${e.purpose}`) : '–',
              e.candidateId ? (
                <Link key="link" className="utrecht-link" to={`/trajecten/${e.candidateId}`}>
                  {t('referrals.open')}
                </Link>
              ) : (
                t('who.listRead', { count: e.candidateIds?.length ?? 0 })
              ),
            ],
          }))}
        />
      ) : null}
    </>
  );
}
