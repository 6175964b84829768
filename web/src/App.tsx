import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useViewerQuery, ViewerContext, type Viewer } from './viewer';
import { Layout } from './Layout';
import { SignIn } from './pages/SignIn';
import { AdminSignIn } from './pages/AdminSignIn';
import { SetPassword } from './pages/SetPassword';
import { Overview } from './pages/Overview';
import { NotFound } from './pages/NotFound';
import { Loading } from './components/Loading';

// Each page but the first one a partner sees is its own chunk; these two
// serve the partner's and the admin's routes.
const Webhooks = lazy(() => import('./pages/Webhooks'));
const WebhookEndpoint = lazy(() => import('./pages/WebhookEndpoint'));

type Role = 'partner' | 'admin' | 'any';

/** Sends a visitor without the right session to the right sign-in page. */
function Require({ viewer, role, children }: { viewer: Viewer; role: Role; children: ReactNode }) {
  const location = useLocation();
  if (viewer.kind === 'loading') return <Loading />;
  if (viewer.kind === 'error') {
    return (
      <main className="narrow">
        <h1>Reftrack is unavailable</h1>
        <p role="alert">{viewer.message}</p>
      </main>
    );
  }
  if (viewer.kind === 'anonymous') {
    const next = encodeURIComponent(location.pathname + location.search);
    const to = location.pathname.startsWith('/admin') ? `/admin/sign-in?next=${next}` : `/sign-in?next=${next}`;
    return <Navigate to={to} replace />;
  }
  if (role === 'partner' && viewer.kind === 'admin') return <Navigate to="/admin" replace />;
  if (role === 'admin' && viewer.kind === 'partner') return <NotFound />;
  return <Layout menu={menu(viewer.kind)}>{children}</Layout>;
}

// Each page: its route, who may see it, its name in the menu (in this
// order; none for a page reached from another), and the page.
const pages: [string, Role, string | null, ComponentType][] = [
  ['/', 'partner', 'Overview', Overview],
  ['/referral-url', 'partner', 'Referral URL', lazy(() => import('./pages/Referral'))],
  ['/ref-tags', 'partner', 'Ref tags', lazy(() => import('./pages/RefTags'))],
  ['/customers', 'partner', 'Customers', lazy(() => import('./pages/Customers'))],
  ['/customers/:id', 'partner', null, lazy(() => import('./pages/Customer'))],
  ['/settings', 'partner', 'Settings', lazy(() => import('./pages/Settings'))],
  ['/webhooks', 'partner', 'Webhooks', Webhooks],
  ['/webhooks/:id', 'partner', null, WebhookEndpoint],
  ['/admin', 'admin', 'Partners', lazy(() => import('./pages/AdminPartners'))],
  ['/admin/partners/:id', 'admin', null, lazy(() => import('./pages/AdminPartner'))],
  ['/admin/tokens', 'admin', 'Service tokens', lazy(() => import('./pages/AdminTokens'))],
  ['/admin/unmatched-refs', 'admin', 'Unmatched refs', lazy(() => import('./pages/AdminUnmatched'))],
  ['/admin/webhooks', 'admin', 'Webhooks', Webhooks],
  ['/admin/webhooks/:id', 'admin', null, WebhookEndpoint],
  ['/playground', 'any', 'Playground', lazy(() => import('./pages/Playground'))],
  ['*', 'any', null, NotFound],
];

/** The menu of a partner or of the admin: path and name. */
function menu(kind: 'partner' | 'admin'): [string, string][] {
  return pages.flatMap(([path, role, name]) => (name && (role === kind || role === 'any') ? [[path, name] as [string, string]] : []));
}

export function App() {
  const viewer = useViewerQuery();
  return (
    <ViewerContext.Provider value={viewer}>
      <Routes>
        <Route path="/sign-in" element={<SignIn />} />
        <Route path="/admin/sign-in" element={<AdminSignIn />} />
        <Route path="/set-password" element={<SetPassword />} />
        {pages.map(([path, role, , Page]) => (
          <Route
            key={path}
            path={path}
            element={
              <Require viewer={viewer} role={role}>
                <Suspense fallback={<Loading />}>
                  <Page />
                </Suspense>
              </Require>
            }
          />
        ))}
      </Routes>
    </ViewerContext.Provider>
  );
}
