import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../api/client';
import { Loading, PageTitle, ProblemMessage, QueryState } from '../components/problem';
import { beginSignIn, completeSignIn, SignInError, type OidcConfig } from '../oidc';
import { session } from '../session';
import { Button } from '@utrecht/button-react';
import { Link as UtrechtLink } from '@utrecht/link-react';
import { FormLabel } from '@utrecht/form-label-react';

/** The page a user came from, when it is one of this app's (never another site). */
function safeReturn(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/taken';
}

/** How this API signs users in (GET /auth/config). */
function useAuthConfig() {
  return useQuery({ queryKey: ['auth-config'], queryFn: () => unwrap(api.GET('/auth/config')), staleTime: Infinity });
}

/**
 * Sign-in: at the configured OIDC issuer (authorization code with PKCE), and in development also
 * by picking one of the demo users (the dev-token endpoint). Afterwards, back to the page the user
 * was on.
 */
export function SignInPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const config = useAuthConfig();
  const back = safeReturn(params.get('terug'));
  return (
    <>
      <PageTitle>{t('signIn.title')}</PageTitle>
      <QueryState query={config} />
      {config.data?.oidc ? <IssuerSignIn config={config.data.oidc} back={back} /> : null}
      {config.data?.developmentSignIn ? <DemoSignIn back={back} /> : null}
    </>
  );
}

function IssuerSignIn({ config, back }: { config: OidcConfig; back: string }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  function go(): void {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    beginSignIn(config, back).catch((e: unknown) => {
      setBusy(false);
      setError(e);
    });
  }
  return (
    <section aria-labelledby="issuer-title">
      <h2 id="issuer-title" className="utrecht-heading-2">
        {t('signIn.issuerTitle')}
      </h2>
      <p className="utrecht-paragraph">{t('signIn.issuerIntro')}</p>
      <Button type="button" appearance="primary-action-button" aria-disabled={busy || undefined} onClick={go}>
        {t('signIn.atIssuer')}
      </Button>
      {error ? <SignInProblem error={error} /> : null}
    </section>
  );
}

function SignInProblem({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!(error instanceof SignInError)) return <ProblemMessage error={error} />;
  return (
    <div role="alert" className="utrecht-alert utrecht-alert--error problem">
      <p className="utrecht-paragraph">{t(`signIn.error_${error.reason}`)}</p>
    </div>
  );
}

/** Runs once per page load, however often React mounts the page (the code can be exchanged once). */
let returning: ReturnType<typeof completeSignIn> | undefined;

/** The issuer sent the user back with a code: exchange it, learn who signed in (GET /me), go back. */
export function SignInReturnPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    returning ??= completeSignIn();
    returning
      .then(async ({ accessToken, expiresIn, refreshToken, back, issuer, clientId }) => {
        const user = await unwrap(api.GET('/me', { headers: { authorization: `Bearer ${accessToken}` } }));
        session.signIn(accessToken, user, expiresIn, refreshToken ? { issuer, clientId, refreshToken } : undefined);
        await navigate(safeReturn(back), { replace: true });
      })
      .catch(setError)
      .finally(() => {
        returning = undefined;
      });
  }, [navigate]);
  return (
    <>
      <PageTitle>{t('signIn.title')}</PageTitle>
      {error ? (
        <>
          <SignInProblem error={error} />
          <p className="utrecht-paragraph">
            <UtrechtLink href={error instanceof SignInError && error.back ? `/inloggen?terug=${encodeURIComponent(safeReturn(error.back))}` : '/inloggen'}>
              {t('signIn.again')}
            </UtrechtLink>
          </p>
        </>
      ) : (
        <Loading />
      )}
    </>
  );
}

/** Development: pick one of the demo users. */
function DemoSignIn({ back }: { back: string }) {
  const { t } = useTranslation();
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
      await navigate(back, { replace: true });
    } catch (e) {
      setError(e);
    }
  }

  function find(event: FormEvent): void {
    event.preventDefault();
    setApplied(search.trim());
  }

  return (
    <section aria-labelledby="demo-title">
      <h2 id="demo-title" className="utrecht-heading-2">
        {t('signIn.demoTitle')}
      </h2>
      <p className="utrecht-paragraph">{t('signIn.intro')}</p>
      <form role="search" onSubmit={find} className="inline-form">
        <div className="utrecht-form-field">
          <FormLabel htmlFor="user-search">
            {t('signIn.search')}
          </FormLabel>
          <input id="user-search" type="search" className="utrecht-textbox utrecht-textbox--html-input" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <Button type="submit" appearance="secondary-action-button">
          {t('signIn.find')}
        </Button>
      </form>
      {error ? <ProblemMessage error={error} /> : null}
      <QueryState query={users} />
      {users.data ? (
        users.data.length ? (
          <ul className="user-list" aria-label={t('signIn.users')}>
            {users.data.map((u) => (
              <li key={u.userId}>
                <Button type="button" appearance="secondary-action-button" className="user-list__button" onClick={() => void signIn(u)}>
                  {t('signIn.as', { name: u.name, organisation: u.organisationName, type: t(`organisationType.${u.organisationType}`) })}
                </Button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="utrecht-paragraph">{t('signIn.none')}</p>
        )
      ) : null}
    </section>
  );
}
