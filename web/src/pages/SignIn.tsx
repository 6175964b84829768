import { useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { AuthError, postAuth, reloadAt, type Role } from '../auth';
import { Page } from '../Layout';
import { useViewer } from '../viewer';

/** Where to go after signing in: a path of this app only. */
export function safeNext(next: string | null, fallback: string): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : fallback;
}

export function SignIn() {
  const viewer = useViewer();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (viewer.kind === 'partner') return <Navigate to="/" replace />;
  if (viewer.kind === 'admin') return <Navigate to="/admin" replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await postAuth<{ role: Role }>('sign-in', { email, password });
      reloadAt(safeNext(params.get('next'), r.role === 'ADMIN' ? '/admin' : '/'));
    } catch (err) {
      setError(err instanceof AuthError && err.status === 401 ? 'Wrong email or password.' : String((err as Error).message));
      setBusy(false);
    }
  }

  return (
    <Page title="Sign in" wide={false}>
      <form onSubmit={submit} className="stack">
        <label>
          Email
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <div className="forgot">
        <h2>Forgot your password?</h2>
        <p>
          Ask your program's admin for a new password link. Reftrack sends no email: the admin hands you the link, and you set
          a new password on it.
        </p>
      </div>
      <p>
        <Link to="/admin/sign-in">Sign in as the admin</Link>
      </p>
    </Page>
  );
}
