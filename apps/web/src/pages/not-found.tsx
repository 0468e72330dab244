import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <h1 className="utrecht-heading-1" tabIndex={-1}>
        {t('notFound.title')}
      </h1>
      <p className="utrecht-paragraph">{t('notFound.text')}</p>
      <Link to="/taken" className="utrecht-link">
        {t('notFound.back')}
      </Link>
    </>
  );
}
