import { useTranslation } from 'react-i18next';
import { PageTitle } from '../components/problem';

/** Toegankelijkheidsverklaring: the accessibility statement (WCAG 2.2 AA), as Dutch government sites publish it. */
export function AccessibilityPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t('accessibility.title')}</PageTitle>
      <p className="utrecht-paragraph">{t('accessibility.intro')}</p>
      <h2 className="utrecht-heading-2">{t('accessibility.statusTitle')}</h2>
      <p className="utrecht-paragraph">{t('accessibility.status')}</p>
      <h2 className="utrecht-heading-2">{t('accessibility.testedTitle')}</h2>
      <p className="utrecht-paragraph">{t('accessibility.tested')}</p>
      <h2 className="utrecht-heading-2">{t('accessibility.limitsTitle')}</h2>
      <p className="utrecht-paragraph">{t('accessibility.limits')}</p>
      <h2 className="utrecht-heading-2">{t('accessibility.contactTitle')}</h2>
      <p className="utrecht-paragraph">{t('accessibility.contact')}</p>
    </>
  );
}
