import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as UtrechtLink } from '@utrecht/link-react';

export interface SummaryItem {
  href?: string;
  text: string;
}

/** The errors of a form at its top, each a link to its field; focused after a failed submit. */
export const ErrorSummary = forwardRef<HTMLDivElement, { items: SummaryItem[] }>(function ErrorSummary({ items }, ref) {
  const { t } = useTranslation();
  return (
    <div ref={ref} tabIndex={-1} role={items.length ? 'alert' : undefined} className={items.length ? 'utrecht-alert utrecht-alert--error error-summary' : 'visually-hidden'}>
      {items.length ? (
        <>
          <h2 className="utrecht-heading-2">{t('form.summaryTitle', { count: items.length })}</h2>
          <ul className="utrecht-unordered-list">
            {items.map((item) => (
              <li key={item.text} className="utrecht-unordered-list__item">
                {item.href ? (
                  <UtrechtLink href={item.href}>
                    {item.text}
                  </UtrechtLink>
                ) : (
                  item.text
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
});
