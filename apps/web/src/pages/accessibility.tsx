import { useTranslation } from 'react-i18next';

/** Toegankelijkheidsverklaring: the accessibility statement (WCAG 2.2 AA), as Dutch government sites publish it. */
export function AccessibilityPage() {
  const { t } = useTranslation();
  return (
    <>
      <h1 className="utrecht-heading-1" tabIndex={-1}>
        {t('accessibility.title')}
      </h1>
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
