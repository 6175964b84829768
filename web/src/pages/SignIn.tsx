import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { postAuth, type Role } from '../auth';
import { Page } from '../Layout';
import { AuthForm } from '../components/AuthForm';
import { Field } from '../components/Field';
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

  if (viewer.kind === 'partner') return <Navigate to="/" replace />;
  if (viewer.kind === 'admin') return <Navigate to="/admin" replace />;

  async function submit() {
    const r = await postAuth<{ role: Role }>('sign-in', { email, password });
    return safeNext(params.get('next'), r.role === 'ADMIN' ? '/admin' : '/');
  }

  return (
    <Page title="Sign in" wide={false}>
      <AuthForm button="Sign in" unauthorized="Wrong email or password." submit={submit}>
        <Field label="Email" type="email" name="email" autoComplete="username" required value={email} onValue={setEmail} />
        <Field label="Password" type="password" name="password" autoComplete="current-password" required value={password} onValue={setPassword} />
      </AuthForm>
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
