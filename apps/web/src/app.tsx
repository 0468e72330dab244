import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { session } from './session';
import { useUser } from './components/use-user';
import { changeLanguage } from './i18n';
import { useFocusOnNavigate } from './components/focus-on-navigate';
import { BusyNotice } from './components/busy-notice';
import { InboxPage } from './pages/inbox';
import { NotFoundPage } from './pages/not-found';
import { NotificationBell } from './components/notification-bell';
import { Loading } from './components/problem';
import { PageLoadBoundary } from './components/page-load-boundary';
import { Button } from '@utrecht/button-react';
import { Link as UtrechtLink } from '@utrecht/link-react';

/** A page's code, loaded when the page is first shown: each route loads only what it uses. */
function page<M, K extends keyof M>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

// The inbox, where every user lands ("/" leads there), is part of the app's first load: it is shown
// without a second round trip; so is "page not found", which many pages show. Every other page is a chunk of its own.
const AccessibilityPage = page(() => import('./pages/accessibility'), 'AccessibilityPage');
const AccessLogPage = page(() => import('./pages/access-log'), 'AccessLogPage');
const JourneyAccessLogPage = page(() => import('./pages/access-log'), 'JourneyAccessLogPage');
// The dashboard's charts (echarts, the largest chunk) are fetched beside the page's code, not after its figures arrived.
const DashboardPage = page(() => {
  import('./charts/bar-chart').catch(() => undefined); // a failure shows where the chart is drawn
  return import('./pages/dashboard');
}, 'DashboardPage');
const JourneyPage = page(() => import('./pages/journey'), 'JourneyPage');
const JourneyClosedPage = page(() => import('./pages/journey-closed'), 'JourneyClosedPage');
const JourneyCorrectionPage = page(() => import('./pages/journey-correction'), 'JourneyCorrectionPage');
const NotificationsPage = page(() => import('./pages/notifications'), 'NotificationsPage');
const NotificationPreferencesPage = page(() => import('./pages/notifications'), 'NotificationPreferencesPage');
const OrganisationsPage = page(() => import('./pages/organisations'), 'OrganisationsPage');
const OrganisationUsersPage = page(() => import('./pages/organisations'), 'OrganisationUsersPage');
const ReconciliationsPage = page(() => import('./pages/reconciliations'), 'ReconciliationsPage');
const ReconciliationPage = page(() => import('./pages/reconciliations'), 'ReconciliationPage');
const ReferralFormPage = page(() => import('./pages/referrals'), 'ReferralFormPage');
const ReferralsPage = page(() => import('./pages/referrals'), 'ReferralsPage');
const SignInPage = page(() => import('./pages/sign-in'), 'SignInPage');
const SignInReturnPage = page(() => import('./pages/sign-in'), 'SignInReturnPage');
const TaskPage = page(() => import('./pages/task'), 'TaskPage');
const PlacementsPage = page(() => import('./pages/workplaces'), 'PlacementsPage');
const WorkplacesPage = page(() => import('./pages/workplaces'), 'WorkplacesPage');
const VenuesPage = page(() => import('./pages/venues/venues'), 'VenuesPage');
const VenuePage = page(() => import('./pages/venues/venues'), 'VenuePage');

/** A page only for a signed-in user: otherwise to sign-in, and back here after it. */
function Private({ children }: { children: ReactNode }) {
  const user = useUser();
  const location = useLocation();
  if (!user) return <Navigate to={`/inloggen?terug=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

function Navigation() {
  const { t } = useTranslation();
  const user = useUser();
  if (!user) return null;
  const type = user.organisationType;
  const items: [string, string][] = [['/taken', 'nav.inbox']];
  if (type === 'CARE_PROVIDER' || type === 'SCHOOL') items.push(['/aanmelden', 'nav.refer'], ['/aanmeldingen', 'nav.referrals']);
  if (type === 'MUNICIPALITY') items.push(['/aanmeldingen', 'nav.referrals'], ['/dashboard', 'nav.dashboard'], ['/toegangslog', 'nav.accessLog']);
  if (type === 'EMPLOYER') items.push(['/werkplekken', 'nav.workplaces'], ['/plaatsingen', 'nav.placements']);
  if (type === 'MUNICIPALITY') items.push(['/plaatsingen', 'nav.placements'], ['/controles', 'nav.reconciliations'], ['/organisaties', 'nav.organisations']);
  if (type === 'MUNICIPALITY' || type === 'EMPLOYER') items.push(['/plekken', 'venues.nav']);
  if (type !== 'MUNICIPALITY' && user.roles.includes('admin')) items.push([`/organisaties/${user.organisationId}`, 'nav.users']);
  return (
    <nav aria-label={t('nav.label')} className="main-nav">
      <ul className="main-nav__list">
        {items.map(([to, key]) => (
          <li key={to}>
            <NavLink to={to} className="utrecht-link main-nav__link">
              {t(key)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Header() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const other = i18n.language === 'en' ? 'nl' : 'en';
  return (
    <header className="utrecht-page-header site-header">
      <div className="site-header__bar">
        <Link to="/" className="utrecht-link site-header__title">
          {t('app.title')}
        </Link>
        <div className="site-header__tools">
          {user ? <NotificationBell /> : null}
          {user ? (
            <span className="site-header__user">
              {t('app.signedInAs', { name: user.name, organisation: user.organisationName })}
            </span>
          ) : null}
          <Button type="button" appearance="subtle-button" lang={other} onClick={() => void changeLanguage(other)}>
            {t('app.switchLanguage')}
          </Button>
          {user ? (
            <Button type="button" appearance="secondary-action-button" onClick={() => session.signOut()}>
              {t('app.signOut')}
            </Button>
          ) : null}
        </div>
      </div>
      <Navigation />
    </header>
  );
}

export function App() {
  const { t } = useTranslation();
  useFocusOnNavigate();
  return (
    <div className="utrecht-page">
      <UtrechtLink href="#main" className="skip-link">
        {t('app.skipToContent')}
      </UtrechtLink>
      <Header />
      <main id="main" className="utrecht-page-content" tabIndex={-1}>
        <BusyNotice />
        <PageLoadBoundary>
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/" element={<Navigate to="/taken" replace />} />
              <Route path="/inloggen" element={<SignInPage />} />
              <Route path="/inloggen/terug" element={<SignInReturnPage />} />
              <Route path="/toegankelijkheid" element={<AccessibilityPage />} />
              <Route path="/taken" element={<Private><InboxPage /></Private>} />
              <Route path="/taken/:candidateId/:taskId" element={<Private><TaskPage /></Private>} />
              <Route path="/trajecten/:candidateId" element={<Private><JourneyPage /></Private>} />
              <Route path="/meldingen" element={<Private><NotificationsPage /></Private>} />
              <Route path="/meldingsvoorkeuren" element={<Private><NotificationPreferencesPage /></Private>} />
              <Route path="/trajecten/:candidateId/corrigeren" element={<Private><JourneyCorrectionPage /></Private>} />
              <Route path="/trajecten/:candidateId/gesloten/:act" element={<Private><JourneyClosedPage /></Private>} />
              <Route path="/aanmelden" element={<Private><ReferralFormPage /></Private>} />
              <Route path="/aanmeldingen" element={<Private><ReferralsPage /></Private>} />
              <Route path="/werkplekken" element={<Private><WorkplacesPage /></Private>} />
              <Route path="/plaatsingen" element={<Private><PlacementsPage /></Private>} />
              <Route path="/dashboard" element={<Private><DashboardPage /></Private>} />
              <Route path="/toegangslog" element={<Private><AccessLogPage /></Private>} />
              <Route path="/trajecten/:candidateId/inzagelog" element={<Private><JourneyAccessLogPage /></Private>} />
              <Route path="/plekken" element={<Private><VenuesPage /></Private>} />
              <Route path="/plekken/:venueId" element={<Private><VenuePage /></Private>} />
              <Route path="/controles" element={<Private><ReconciliationsPage /></Private>} />
              <Route path="/controles/:id" element={<Private><ReconciliationPage /></Private>} />
              <Route path="/organisaties" element={<Private><OrganisationsPage /></Private>} />
              <Route path="/organisaties/:id" element={<Private><OrganisationUsersPage /></Private>} />
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </Suspense>
        </PageLoadBoundary>
      </main>
      <footer className="utrecht-page-footer site-footer">
        <Link to="/toegankelijkheid" className="utrecht-link">
          {t('nav.accessibility')}
        </Link>
      </footer>
    </div>
  );
}
