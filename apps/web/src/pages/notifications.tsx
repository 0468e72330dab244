import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap, type Schemas } from '../api/client';
import { usePersonName } from '../components/person';
import { CommandOutcome, PageTitle, ProblemMessage, QueryState } from '../components/problem';
import { useCommand } from '../components/use-command';
import { formatDate } from '../i18n';
import { Button } from '@utrecht/button-react';
import { FormLabel } from '@utrecht/form-label-react';

type Notification = Schemas['NotificationDto'];
type Preferences = Schemas['NotificationPreferencesDto'];
type Kind = keyof Preferences['kinds'];

const KINDS: Kind[] = ['TASK_ASSIGNED', 'TASK_REMINDER', 'TASK_ESCALATED', 'JOURNEY_ACT'];
const DELIVERIES: Preferences['kinds'][Kind][] = ['IMMEDIATE', 'DIGEST', 'OFF'];

/** The in-app path of a notification's link (the API makes it under PUBLIC_URL: activities/notifications/notification-mail.ts `links`). */
function inAppPath(link: string): string {
  const url = new URL(link, location.origin);
  return url.pathname + url.search;
}

/** The user's notifications (meldingen), newest first: each links to its task or journey; mark read one by one or all at once. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: ['notifications', 'list'],
    queryFn: ({ pageParam }) => unwrap(api.GET('/notifications', { params: { query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor,
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ['notifications'] });
  const markAll = useCommand((_: null, key: string) => unwrap(api.POST('/notifications/read-all', { params: { header: { 'Idempotency-Key': key } } })).then(refresh));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const anyUnread = items.some((n) => !n.read);

  return (
    <>
      <PageTitle>{t('notifications.title')}</PageTitle>
      <p className="utrecht-paragraph">
        {t('notifications.intro')}{' '}
        <Link className="utrecht-link" to="/meldingsvoorkeuren">
          {t('notifications.preferencesLink')}
        </Link>
        .
      </p>
      <QueryState query={list} />
      {list.data ? (
        items.length ? (
          <>
            {anyUnread ? (
              <Button type="button" appearance="secondary-action-button" aria-disabled={markAll.busy || undefined} onClick={() => void markAll.run(null)}>
                {t('notifications.markAllRead')}
              </Button>
            ) : null}
            <CommandOutcome command={markAll} done={t('notifications.allRead')} />
            <ul className="notification-list" aria-label={t('notifications.title')}>
              {items.map((n) => (
                <NotificationItem key={n.id} notification={n} onRead={refresh} />
              ))}
            </ul>
            {list.hasNextPage ? (
              <Button type="button" appearance="secondary-action-button" aria-disabled={list.isFetchingNextPage || undefined} onClick={() => void list.fetchNextPage()}>
                {t('notifications.more')}
              </Button>
            ) : null}
          </>
        ) : (
          <p className="utrecht-paragraph" role="status">
            {t('notifications.empty')}
          </p>
        )
      ) : null}
    </>
  );
}

function NotificationItem({ notification: n, onRead }: { notification: Notification; onRead: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const read = useCommand((_: null, key: string) => unwrap(api.POST('/notifications/{id}/read', { params: { path: { id: n.id }, header: { 'Idempotency-Key': key } } })).then(onRead));
  const personName = usePersonName();
  const toTask = n.taskId !== undefined && n.eventType !== 'task.cancelled';
  // Whom it is about (as far as the reader may see): two alike notifications are told apart by it.
  const title = n.person ? `${n.title} – ${personName(n.person)}` : n.title;
  return (
    <li className={`notification-list__item${n.read ? '' : ' notification-list__item--unread'}`} data-notification={n.id}>
      <div className="notification-list__main">
        <span className="notification-list__title">
          {n.read ? null : <span className="badge badge--unread">{t('notifications.unread')}</span>}
          {title}
        </span>
        <span className="notification-list__meta">
          {formatDate(n.occurredAt, true)}
          {n.dueAt ? ` · ${t('inbox.due', { date: formatDate(n.dueAt) })}` : ''}
        </span>
        <Link className="utrecht-link" to={inAppPath(n.link)} onClick={() => (n.read ? undefined : void read.run(null))}>
          {toTask ? t('notifications.openTask') : t('notifications.openJourney')}
          <span className="visually-hidden">: {title}</span>
        </Link>
      </div>
      {n.read ? null : (
        <Button type="button" appearance="subtle-button" aria-disabled={read.busy || undefined} onClick={() => void read.run(null)} aria-label={`${t('notifications.markRead')}: ${title}`}>
          {t('notifications.markRead')}
        </Button>
      )}
      {read.error ? <ProblemMessage error={read.error} onRetry={() => void read.retry()} /> : null}
    </li>
  );
}

/** The user's notification preferences (meldingsvoorkeuren), which every mail's footer names: per kind at once, in the digest or not; the digest; the language. */
export function NotificationPreferencesPage() {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const current = useQuery({ queryKey: ['notifications', 'preferences'], queryFn: () => unwrap(api.GET('/notification-preferences')) });
  const [draft, setDraft] = useState<Preferences | undefined>(undefined);
  const save = useCommand((body: Preferences, key: string) =>
    unwrap(api.PUT('/notification-preferences', { params: { header: { 'Idempotency-Key': key } }, body })).then((saved) => {
      queries.setQueryData(['notifications', 'preferences'], saved);
      setDraft(saved);
      return saved;
    }),
  );
  const value = draft ?? current.data;

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (value) void save.run(value);
  }

  return (
    <>
      <PageTitle>{t('notifications.preferencesTitle')}</PageTitle>
      <p className="utrecht-paragraph">{t('notifications.preferencesIntro')}</p>
      <QueryState query={current} />
      {value ? (
        <form className="task-form" onSubmit={submit} noValidate>
          {KINDS.map((kind) => (
            <fieldset key={kind} className="utrecht-form-fieldset utrecht-form-field">
              <legend className="utrecht-form-fieldset__legend utrecht-form-label">{t(`notifications.kind.${kind}`)}</legend>
              {DELIVERIES.map((delivery) => (
                <div key={delivery} className="utrecht-form-field utrecht-form-field--checkbox">
                  <input
                    type="radio"
                    id={`pref-${kind}-${delivery}`}
                    name={kind}
                    value={delivery}
                    className="utrecht-radio-button utrecht-radio-button--html-input"
                    checked={value.kinds[kind] === delivery}
                    onChange={() => setDraft({ ...value, kinds: { ...value.kinds, [kind]: delivery } })}
                  />
                  <FormLabel htmlFor={`pref-${kind}-${delivery}`} type="checkbox">
                    {t(`notifications.delivery.${delivery}`)}
                  </FormLabel>
                </div>
              ))}
            </fieldset>
          ))}
          <div className="utrecht-form-field utrecht-form-field--checkbox">
            <input
              type="checkbox"
              id="pref-dailyDigest"
              name="dailyDigest"
              className="utrecht-checkbox utrecht-checkbox--html-input"
              checked={value.dailyDigest}
              onChange={(e) => setDraft({ ...value, dailyDigest: e.target.checked })}
            />
            <FormLabel htmlFor="pref-dailyDigest" type="checkbox">
              {t('notifications.dailyDigest')}
            </FormLabel>
          </div>
          <div className="utrecht-form-field">
            <FormLabel htmlFor="pref-language">{t('notifications.language')}</FormLabel>
            <select id="pref-language" name="language" className="utrecht-select utrecht-select--html-select" value={value.language} onChange={(e) => setDraft({ ...value, language: e.target.value as Preferences['language'] })}>
              <option value="nl" lang="nl">
                Nederlands
              </option>
              <option value="en" lang="en">
                English
              </option>
            </select>
          </div>
          <Button type="submit" appearance="primary-action-button" aria-disabled={save.busy || undefined}>
            {t('notifications.save')}
          </Button>
          <CommandOutcome command={save} done={t('notifications.saved')} />
        </form>
      ) : null}
      <p className="utrecht-paragraph">
        <Link className="utrecht-link notification-back" to="/meldingen">
          {t('notifications.back')}
        </Link>
      </p>
    </>
  );
}
