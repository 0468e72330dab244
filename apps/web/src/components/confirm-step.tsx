import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '@utrecht/button-react';

/**
 * The confirmation an act that ends something asks for: what it will do, in words, then "yes" or
 * "no, go back". It takes the focus when it appears, so keyboard and screen-reader users land on it.
 */
export function ConfirmStep({ title, text, yes, busy, onConfirm, onCancel }: { title: string; text: string; yes: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div role="group" aria-labelledby="confirm-title" className="utrecht-alert utrecht-alert--warning confirm-step">
      <h3 id="confirm-title" ref={heading} tabIndex={-1} className="utrecht-heading-3">
        {title}
      </h3>
      <p className="utrecht-paragraph">{text}</p>
      <div className="inline-form">
        <Button type="button" appearance="primary-action-button" aria-disabled={busy || undefined} onClick={() => !busy && onConfirm()}>
          {busy ? t('form.sending') : yes}
        </Button>
        <Button type="button" appearance="secondary-action-button" onClick={onCancel}>
          {t('corrections.confirm.cancel')}
        </Button>
      </div>
    </div>
  );
}
