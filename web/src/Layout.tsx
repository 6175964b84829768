import { useEffect, type ReactNode } from 'react';
import { NavLink, useLocation } from 'react-router';
import { signOut } from './auth';
import { useViewer } from './viewer';

const partnerLinks = [
  { to: '/', label: 'Overview' },
  { to: '/referral-url', label: 'Referral URL' },
  { to: '/ref-tags', label: 'Ref tags' },
  { to: '/customers', label: 'Customers' },
  { to: '/settings', label: 'Settings' },
  { to: '/playground', label: 'Playground' },
];

const adminLinks = [
  { to: '/admin', label: 'Partners' },
  { to: '/admin/tokens', label: 'Service tokens' },
  { to: '/admin/unmatched-refs', label: 'Unmatched refs' },
  { to: '/playground', label: 'Playground' },
];

export function Layout({ children }: { children: ReactNode }) {
  const viewer = useViewer();
  const location = useLocation();
  // The range travels from page to page.
  const params = new URLSearchParams(location.search);
  const keep = new URLSearchParams();
  for (const k of ['from', 'to']) {
    const v = params.get(k);
    if (v) keep.set(k, v);
  }
  const search = keep.size > 0 ? `?${keep.toString()}` : '';
  const links = viewer.kind === 'admin' ? adminLinks : partnerLinks;
  return (
    <div className="shell">
      <header className="top">
        <a className="brand" href={viewer.kind === 'admin' ? '/admin' : '/'}>
          Reftrack
        </a>
        <nav aria-label="Main">
          <ul>
            {links.map((l) => (
              <li key={l.to}>
                <NavLink to={l.to === '/playground' ? l.to : l.to + search} end>
                  {l.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>{viewer.kind === 'partner' ? viewer.partner.name : viewer.kind === 'admin' ? 'Admin' : ''}</span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      {children}
    </div>
  );
}

/** A page's main landmark with its one h1, which also names the tab. */
export function Page({ title, children, wide = true }: { title: string; children: ReactNode; wide?: boolean }) {
  useEffect(() => {
    document.title = `${title} · Reftrack`;
  }, [title]);
  return (
    <main className={wide ? 'page' : 'page narrow'}>
      <h1>{title}</h1>
      {children}
    </main>
  );
}
