import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { Loading, ProblemMessage } from '../components/problem';
import { formatDate } from '../i18n';

/** Who read the personal data of the municipality's young people, when, why and through which endpoint. */
export function AccessLogPage() {
  const { t } = useTranslation();
  const log = useQuery({ queryKey: ['access-log'], queryFn: () => unwrap(api.GET('/access-log', { params: { query: { limit: 100 } } })) });
  return (
    <>
      <h1 className="utrecht-heading-1" tabIndex={-1}>
        {t('accessLog.title')}
      </h1>
      <p className="utrecht-paragraph">{t('accessLog.intro')}</p>
      {log.error ? <ProblemMessage error={log.error} onRetry={() => void log.refetch()} /> : null}
      {log.isPending ? <Loading /> : null}
      {log.data ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label={t('accessLog.title')}>
          <table className="utrecht-table">
            <thead className="utrecht-table__header">
              <tr className="utrecht-table__row">
                <th scope="col" className="utrecht-table__header-cell">{t('accessLog.when')}</th>
                <th scope="col" className="utrecht-table__header-cell">{t('accessLog.who')}</th>
                <th scope="col" className="utrecht-table__header-cell">{t('accessLog.what')}</th>
                <th scope="col" className="utrecht-table__header-cell">{t('accessLog.why')}</th>
                <th scope="col" className="utrecht-table__header-cell">{t('accessLog.journey')}</th>
              </tr>
            </thead>
            <tbody className="utrecht-table__body">
              {log.data.items.map((e) => (
                <tr key={e.id} className="utrecht-table__row">
                  <td className="utrecht-table__cell">{formatDate(e.occurredAt, true)}</td>
                  <td className="utrecht-table__cell">{[e.actor.userName, e.actor.organisationName].filter(Boolean).join(', ')}</td>
                  <td className="utrecht-table__cell">
                    {t(`accessAction.${e.action}`)}: {e.fields.join(', ')}
                  </td>
                  <td className="utrecht-table__cell">{e.purpose ? t(`purpose.${e.purpose}`) : '–'}</td>
                  <td className="utrecht-table__cell">
                    <Link className="utrecht-link" to={`/trajecten/${e.candidateId}`}>
                      {t('referrals.open')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
