import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api, unwrap } from '../api/client';

const UNREAD = ['notifications', 'unread'] as const;

/** The header's bell: the unread count as its accessible name, asked again every minute and on every page change. */
export function NotificationBell() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const unread = useQuery({ queryKey: UNREAD, queryFn: () => unwrap(api.GET('/notifications/unread-count')), refetchInterval: 60000, staleTime: 10000 });
  const { refetch } = unread;
  const shownOn = useRef(pathname);
  useEffect(() => {
    if (shownOn.current === pathname) return; // the first load asks already
    shownOn.current = pathname;
    void refetch();
  }, [pathname, refetch]);
  const count = unread.data?.unread ?? 0;
  // Named by its text (no aria-label, so the visible words are the name): "Meldingen 3 ongelezen".
  return (
    <Link to="/meldingen" className="utrecht-link notification-bell">
      <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24" className="notification-bell__icon">
        <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
      </svg>
      <span>
        {t('notifications.bell')}
        {count ? (
          <>
            {' '}
            <span className="notification-bell__count">{count}</span>
            <span className="visually-hidden"> {t('notifications.bellUnread')}</span>
          </>
        ) : null}
      </span>
    </Link>
  );
}
