import { useTranslation } from 'react-i18next';
import { PageTitle } from '../components/problem';
import { Link } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t('notFound.title')}</PageTitle>
      <p className="utrecht-paragraph">{t('notFound.text')}</p>
      <Link to="/taken" className="utrecht-link">
        {t('notFound.back')}
      </Link>
    </>
  );
}
