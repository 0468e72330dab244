import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';

/**
 * "Possibly referred twice": other open journeys of the municipality with the same name and date
 * of birth. Every care part hears that they exist; the link comes only where the viewer takes part
 * (the municipality: every one), so a care provider learns nothing more of another's client.
 */
export function DuplicateWarning({ candidateId, isMunicipality }: { candidateId: string; isMunicipality: boolean }) {
  const { t } = useTranslation();
  const duplicates = useQuery({
    queryKey: ['journey', candidateId, 'duplicates'],
    queryFn: () => unwrap(api.GET('/journeys/{candidateId}/duplicates', { params: { path: { candidateId } } })),
    retry: false,
  });
  if (!duplicates.data?.count) return null;
  const { count, candidateIds } = duplicates.data;
  return (
    <section aria-labelledby="duplicate-title" className="utrecht-alert utrecht-alert--warning duplicate-warning">
      <h2 id="duplicate-title" className="utrecht-heading-2">
        {t('corrections.duplicate.title')}
      </h2>
      <p className="utrecht-paragraph">
        {t('corrections.duplicate.exists', { count })} {isMunicipality ? null : t('corrections.duplicate.contact')}
      </p>
      {candidateIds.length ? (
        <ul className="utrecht-unordered-list">
          {candidateIds.map((id) => (
            <li key={id}>
              <Link className="utrecht-link" to={`/trajecten/${id}`}>
                {t('corrections.duplicate.link')}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="utrecht-paragraph">{t('corrections.duplicate.fix')}</p>
    </section>
  );
}
