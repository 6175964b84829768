import { useState, type FormEvent, type ReactNode } from 'react';
import { AuthError, reloadAt } from '../auth';
import { ErrorAlert } from './ErrorAlert';

/**
 * A form of the /auth/ endpoints (sign-in, admin sign-in, a password link):
 * its fields, one submit button and the answer in place. check says what is
 * wrong before anything is sent; submit posts and returns the page to load
 * (a fresh page, under the new cookie); a 401 is shown as unauthorized.
 */
export function AuthForm({
  button,
  unauthorized,
  check,
  submit,
  children,
}: {
  button: string;
  unauthorized: string;
  check?: () => string | null;
  submit: () => Promise<string>;
  children: ReactNode;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const problem = check?.() ?? null;
    if (problem) return setError(problem);
    setBusy(true);
    try {
      reloadAt(await submit());
    } catch (err) {
      setError(err instanceof AuthError && err.status === 401 ? unauthorized : (err as Error).message);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="stack">
      {children}
      <ErrorAlert error={error} />
      <button type="submit" disabled={busy}>
        {button}
      </button>
    </form>
  );
}
