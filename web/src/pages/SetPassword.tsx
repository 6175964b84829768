import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { AuthError, postAuth, reloadAt } from '../auth';
import { Page } from '../Layout';

const MIN = 10;

/** The invitation (or reset) link: /set-password#token=… */
export function SetPassword() {
  // The token is in the fragment, which no request carries.
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (password.length < MIN) return setError(`The password must have at least ${MIN} characters.`);
    if (password !== repeat) return setError('The two passwords differ.');
    setBusy(true);
    try {
      await postAuth('password', { token, password });
      reloadAt('/');
    } catch (err) {
      setError(
        err instanceof AuthError && err.status === 401
          ? 'This link has expired or was already used. Ask your program’s admin for a new one.'
          : (err as Error).message,
      );
      setBusy(false);
    }
  }

  if (!token) {
    return (
      <Page title="Set your password" wide={false}>
        <p role="alert" className="error">
          This page needs the whole link that your program’s admin gave you (it ends with #token=…).
        </p>
        <p>
          <Link to="/sign-in">Sign in</Link>
        </p>
      </Page>
    );
  }

  return (
    <Page title="Set your password" wide={false}>
      <form onSubmit={submit} className="stack">
        <label>
          New password
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-describedby="pw-hint"
          />
        </label>
        <p id="pw-hint" className="hint">
          At least {MIN} characters. Setting it signs out your other browsers.
        </p>
        <label>
          Repeat the password
          <input type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Set password and sign in
        </button>
      </form>
    </Page>
  );
}
