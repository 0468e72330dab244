import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { inFlight } from '../api/in-flight';

/** A quick answer shows no notice: it would only flicker. */
export const BUSY_AFTER_MS = 300;

/**
 * "Busy" on a slow line: once a page load or a send has taken 300 ms, a notice says the server is
 * still answering, until no request is under way. The live region is there from the start, so a
 * screen reader announces the words when they appear.
 */
export function BusyNotice() {
  const { t } = useTranslation();
  const busy = useSyncExternalStore(inFlight.subscribe, () => inFlight.count() > 0);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!busy) {
      setShown(false);
      return;
    }
    const timer = setTimeout(() => setShown(true), BUSY_AFTER_MS);
    return () => clearTimeout(timer);
  }, [busy]);
  return (
    <div role="status" className={shown ? 'busy-notice' : 'visually-hidden'}>
      {shown ? t('interaction.busy') : null}
    </div>
  );
}
