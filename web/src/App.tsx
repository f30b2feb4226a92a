import { lazy, Suspense, type ReactNode } from 'react';
import { NavLink, Route, Routes } from 'react-router-dom';
import { useAuth, useIdentity } from './auth/AuthContext';
import { canSee, type Group } from './auth/identity';
import { ErrorState, Loading } from './components/states';
import { NotificationBell, NotificationsProvider } from './components/Notifications';
import { Portal } from './pages/Portal';
import { SignIn } from './pages/SignIn';

// The portal is the first load; every other page (and the chart and graph libraries they pull in) is split
// into its own chunk, which keeps the first load inside its gzipped-JavaScript budget.
const DatasetPage = lazy(() => import('./pages/DatasetPage'));
const SearchPage = lazy(() => import('./pages/SearchPage'));
const EngineeringPage = lazy(() => import('./pages/EngineeringPage'));
const GovernancePage = lazy(() => import('./pages/GovernancePage'));
const DocReviewPage = lazy(() => import('./pages/DocReviewPage'));
const IngestionsPage = lazy(() => import('./pages/IngestionsPage'));

/** The spokes in navigation order; each is shown to its group and to admins. */
export const SPOKES: { group: Group; path: string; label: string; title: string }[] = [
  { group: 'da', path: '/search', label: 'Search', title: 'Data Analysis: find the right table' },
  {
    group: 'de',
    path: '/engineering',
    label: 'Engineering',
    title: 'Data Engineering: health and validation',
  },
  { group: 'dg', path: '/governance', label: 'Governance', title: 'Data Governance: catalog summary' },
];

export function App() {
  const { state, retry } = useAuth();
  switch (state.status) {
    case 'checking':
      return (
        <main className="centered" id="main">
          <Loading what="your identity" />
        </main>
      );
    case 'unreachable':
      return (
        <main className="centered" id="main">
          <ErrorState what="DataSpoke" error={state.message} onRetry={retry} />
        </main>
      );
    case 'signed-out':
      return <SignIn reason={state.reason} />;
    case 'signed-in':
      return <Shell />;
  }
}

function Shell() {
  const identity = useIdentity();
  const { signOut, state } = useAuth();
  const open = state.status === 'signed-in' && state.identity.auth === 'open';
  return (
    <NotificationsProvider>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand" end>
          DataSpoke
        </NavLink>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/" end>
                Portal
              </NavLink>
            </li>
            {SPOKES.filter((s) => canSee(identity, s.group)).map((s) => (
              <li key={s.path}>
                <NavLink to={s.path} title={s.title}>
                  {s.label}
                </NavLink>
              </li>
            ))}
            {(canSee(identity, 'de') || canSee(identity, 'dg')) && (
              <li>
                <NavLink to="/doc-review" title="Documentation suggestions to accept or reject">
                  Doc review
                </NavLink>
              </li>
            )}
          </ul>
        </nav>
        <div className="who">
          <NotificationBell />
          <span className="subject" title={`groups: ${identity.groups.join(', ') || 'none'}`}>
            {identity.subject}
            <span className="groups">{identity.groups.join(' · ') || 'no groups'}</span>
          </span>
          {open ? (
            <span
              className="badge"
              title="The gateway runs with --open: every request is an anonymous admin."
            >
              open mode
            </span>
          ) : (
            <button type="button" onClick={() => signOut()}>
              Sign out
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading what="the page" />}>
          <Routes>
            <Route path="/" element={<Portal />} />
            <Route path="/datasets/:urn" element={<DatasetPage />} />
            <Route path="/search" element={<Guard group="da">{<SearchPage />}</Guard>} />
            <Route path="/engineering" element={<Guard group="de">{<EngineeringPage />}</Guard>} />
            <Route path="/engineering/ingestions" element={<Guard group="de">{<IngestionsPage />}</Guard>} />
            <Route path="/governance" element={<Guard group="dg">{<GovernancePage />}</Guard>} />
            <Route
              path="/doc-review"
              element={
                <Guard group={canSee(identity, 'dg') ? 'dg' : 'de'}>
                  <DocReviewPage />
                </Guard>
              }
            />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </main>
    </NotificationsProvider>
  );
}

/** A spoke page for a user outside its group says so instead of showing a wall of FORBIDDEN errors. */
function Guard({ group, children }: { group: Group; children: ReactNode }) {
  const identity = useIdentity();
  if (canSee(identity, group)) return <>{children}</>;
  return (
    <section className="card">
      <h1>Not available to your groups</h1>
      <p>
        This page belongs to the <strong>{group.toUpperCase()}</strong> spoke. You are in{' '}
        {identity.groups.length ? identity.groups.join(', ') : 'no group'}; ask an admin for access.
      </p>
      <NavLink to="/">Back to the portal</NavLink>
    </section>
  );
}

function NotFound() {
  return (
    <section className="card">
      <h1>Page not found</h1>
      <NavLink to="/">Back to the portal</NavLink>
    </section>
  );
}
