import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useUser } from '../components/use-user';
import { PageTitle } from '../components/problem';
import { NotFoundPage } from './not-found';
import { CLOSING_ACTS, type ClosingAct } from './closing-acts';


/**
 * What happened after an act that closed a journey: what the act did, who is told, and what the
 * viewer can still see (a party other than the municipality no longer sees a withdrawn journey).
 */
export function JourneyClosedPage() {
  const { t } = useTranslation();
  const { candidateId = '', act = '' } = useParams();
  const [search] = useSearchParams();
  const user = useUser();
  if (!CLOSING_ACTS.includes(act as ClosingAct)) return <NotFoundPage />;
  const reason = search.get('reden');
  const isMunicipality = user?.organisationType === 'MUNICIPALITY';
  const stillVisible = isMunicipality || act === 'exit';
  return (
    <>
      <PageTitle>{t(`corrections.closed.title_${act}`)}</PageTitle>
      <div role="status" className="utrecht-alert utrecht-alert--ok">
        {reason && act !== 'referral-error' ? <p className="utrecht-paragraph">{t('corrections.closed.reason', { reason: t(`reason.${reason}`, { defaultValue: reason }) })}</p> : null}
        <p className="utrecht-paragraph">{t('corrections.closed.what')}</p>
      </div>
      <p className="utrecht-paragraph">{stillVisible ? (isMunicipality ? t('corrections.closed.after_MUNICIPALITY') : null) : t('corrections.closed.after_other')}</p>
      <ul className="utrecht-unordered-list">
        {stillVisible ? (
          <li>
            <Link className="utrecht-link" to={`/trajecten/${candidateId}`}>
              {t('corrections.closed.toJourney')}
            </Link>
          </li>
        ) : null}
        {user?.organisationType !== 'EMPLOYER' ? (
          <li>
            <Link className="utrecht-link" to="/aanmeldingen">
              {t('corrections.closed.toReferrals')}
            </Link>
          </li>
        ) : null}
        <li>
          <Link className="utrecht-link" to="/taken">
            {t('corrections.closed.toTasks')}
          </Link>
        </li>
      </ul>
    </>
  );
}
