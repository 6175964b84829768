import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useViewerQuery, ViewerContext, type Viewer } from './viewer';
import { Layout } from './Layout';
import { SignIn } from './pages/SignIn';
import { AdminSignIn } from './pages/AdminSignIn';
import { SetPassword } from './pages/SetPassword';
import { Overview } from './pages/Overview';
import { NotFound } from './pages/NotFound';

// Each page but the first one a partner sees is its own chunk.
const Referral = lazy(() => import('./pages/Referral'));
const RefTags = lazy(() => import('./pages/RefTags'));
const Customers = lazy(() => import('./pages/Customers'));
const Customer = lazy(() => import('./pages/Customer'));
const Settings = lazy(() => import('./pages/Settings'));
const Playground = lazy(() => import('./pages/Playground'));
const AdminPartners = lazy(() => import('./pages/AdminPartners'));
const AdminPartner = lazy(() => import('./pages/AdminPartner'));
const AdminTokens = lazy(() => import('./pages/AdminTokens'));
const AdminUnmatched = lazy(() => import('./pages/AdminUnmatched'));

function Loading() {
  return (
    <p className="loading" role="status">
      Loading…
    </p>
  );
}

/** Sends a visitor without the right session to the right sign-in page. */
function Require({ viewer, role, children }: { viewer: Viewer; role: 'partner' | 'admin' | 'any'; children: ReactNode }) {
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
  return <Layout>{children}</Layout>;
}

export function App() {
  const viewer = useViewerQuery();
  const page = (role: 'partner' | 'admin' | 'any', node: ReactNode) => (
    <Require viewer={viewer} role={role}>
      <Suspense fallback={<Loading />}>{node}</Suspense>
    </Require>
  );
  return (
    <ViewerContext.Provider value={viewer}>
      <Routes>
        <Route path="/sign-in" element={<SignIn />} />
        <Route path="/admin/sign-in" element={<AdminSignIn />} />
        <Route path="/set-password" element={<SetPassword />} />
        <Route path="/" element={page('partner', <Overview />)} />
        <Route path="/referral-url" element={page('partner', <Referral />)} />
        <Route path="/ref-tags" element={page('partner', <RefTags />)} />
        <Route path="/customers" element={page('partner', <Customers />)} />
        <Route path="/customers/:id" element={page('partner', <Customer />)} />
        <Route path="/settings" element={page('partner', <Settings />)} />
        <Route path="/playground" element={page('any', <Playground />)} />
        <Route path="/admin" element={page('admin', <AdminPartners />)} />
        <Route path="/admin/partners/:id" element={page('admin', <AdminPartner />)} />
        <Route path="/admin/tokens" element={page('admin', <AdminTokens />)} />
        <Route path="/admin/unmatched-refs" element={page('admin', <AdminUnmatched />)} />
        <Route path="*" element={page('any', <NotFound />)} />
      </Routes>
    </ViewerContext.Provider>
  );
}
