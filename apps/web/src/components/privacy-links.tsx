import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { downloadCsv } from '../api/client';
import { ProblemMessage } from './problem';
import { Button } from '@utrecht/button-react';

/** The parties that handle the young person's own rights (libs/domain: the care parts): not hosts. */
const RIGHTS_PARTIES = ['MUNICIPALITY', 'CARE_PROVIDER', 'SCHOOL'];

/** On a journey: the young person's access log and the export for an AVG request, for the parties that may hand them over. */
export function PrivacyLinks({ candidateId, organisationType }: { candidateId: string; organisationType: string | undefined }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  if (!organisationType || !RIGHTS_PARTIES.includes(organisationType)) return null;
  const download = (format: 'html' | 'json') => {
    setError(undefined);
    downloadCsv(`/journeys/${candidateId}/export?format=${format}`, `gegevens-${candidateId}.${format}`, format === 'html' ? 'text/html' : 'application/json').catch(setError);
  };
  return (
    <section aria-labelledby="privacy-title">
      <h2 id="privacy-title" className="utrecht-heading-2">
        {t('oversight.privacyTitle')}
      </h2>
      <ul className="utrecht-unordered-list">
        <li>
          <Link className="utrecht-link" to={`/trajecten/${candidateId}/inzagelog`}>
            {t('oversight.journeyLogLink')}
          </Link>
        </li>
        {organisationType === 'MUNICIPALITY' ? (
          <li>
            <Link className="utrecht-link" to={`/toegangslog?jongere=${candidateId}`}>
              {t('oversight.municipalLogLink')}
            </Link>
          </li>
        ) : null}
        <li>
          {t('oversight.export')}{' '}
          <Button type="button" appearance="subtle-button" onClick={() => download('html')}>
            {t('oversight.exportHtml')}
          </Button>{' '}
          <Button type="button" appearance="subtle-button" onClick={() => download('json')}>
            {t('oversight.exportJson')}
          </Button>
        </li>
      </ul>
      {error ? <ProblemMessage error={error} /> : null}
    </section>
  );
}
