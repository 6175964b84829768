import { useEffect, type ReactNode } from 'react';
import { NavLink, useLocation } from 'react-router';
import { signOut } from './auth';
import { useViewer } from './viewer';

/** The header (the menu, who is signed in, sign-out) above a page. */
export function Layout({ menu, children }: { menu: [string, string][]; children: ReactNode }) {
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
  return (
    <div className="shell">
      <header className="top">
        <a className="brand" href={viewer.kind === 'admin' ? '/admin' : '/'}>
          Reftrack
        </a>
        <nav aria-label="Main">
          <ul>
            {menu.map(([to, label]) => (
              <li key={to}>
                <NavLink to={to === '/playground' ? to : to + search} end>
                  {label}
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
