import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { PageTitle, ProblemMessage, QueryState } from '../components/problem';
import { session } from '../session';

/** The page a user came from, when it is one of this app's (never another site). */
function safeReturn(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/taken';
}

/**
 * Sign-in in development: pick one of the demo users (the dev-token endpoint). In production the
 * configured OIDC issuer signs users in instead (not in this build yet).
 */
export function SignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  const [error, setError] = useState<unknown>();
  const users = useQuery({
    queryKey: ['dev-users', applied],
    queryFn: () => unwrap(api.GET('/dev/users', { params: { query: applied ? { search: applied } : {} } })),
  });

  async function signIn(user: NonNullable<typeof users.data>[number]): Promise<void> {
    setError(undefined);
    try {
      const token = await unwrap(api.POST('/dev/tokens', { body: { userId: user.userId } }));
      session.signIn(token.accessToken, user, token.expiresIn);
      await navigate(safeReturn(params.get('terug')), { replace: true });
    } catch (e) {
      setError(e);
    }
  }

  function find(event: FormEvent): void {
    event.preventDefault();
    setApplied(search.trim());
  }

  return (
    <>
      <PageTitle>{t('signIn.title')}</PageTitle>
      <p className="utrecht-paragraph">{t('signIn.intro')}</p>
      <form role="search" onSubmit={find} className="inline-form">
        <div className="utrecht-form-field">
          <label htmlFor="user-search" className="utrecht-form-label">
            {t('signIn.search')}
          </label>
          <input id="user-search" type="search" className="utrecht-textbox utrecht-textbox--html-input" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <button type="submit" className="utrecht-button utrecht-button--secondary-action">
          {t('signIn.find')}
        </button>
      </form>
      {error ? <ProblemMessage error={error} /> : null}
      <QueryState query={users} />
      {users.data ? (
        users.data.length ? (
          <ul className="user-list" aria-label={t('signIn.users')}>
            {users.data.map((u) => (
              <li key={u.userId}>
                <button type="button" className="utrecht-button utrecht-button--secondary-action user-list__button" onClick={() => void signIn(u)}>
                  {t('signIn.as', { name: u.name, organisation: u.organisationName, type: t(`organisationType.${u.organisationType}`) })}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="utrecht-paragraph">{t('signIn.none')}</p>
        )
      ) : null}
    </>
  );
}
