import { useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { AuthError, postAuth, reloadAt } from '../auth';
import { Page } from '../Layout';
import { useViewer } from '../viewer';
import { safeNext } from './SignIn';

export function AdminSignIn() {
  const viewer = useViewer();
  const [params] = useSearchParams();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (viewer.kind === 'admin') return <Navigate to="/admin" replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await postAuth('admin-sign-in', { token });
      reloadAt(safeNext(params.get('next'), '/admin'));
    } catch (err) {
      setError(err instanceof AuthError && err.status === 401 ? 'Wrong admin token.' : String((err as Error).message));
      setBusy(false);
    }
  }

  return (
    <Page title="Admin sign-in" wide={false}>
      <form onSubmit={submit} className="stack">
        <label>
          Admin token
          <input
            type="password"
            name="token"
            autoComplete="off"
            required
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
        </label>
        <p className="hint">The value of REFTRACK_ADMIN_TOKEN, or an admin token created in the admin area.</p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <p>
        <Link to="/sign-in">Partner sign-in</Link>
      </p>
    </Page>
  );
}
