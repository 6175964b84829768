import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { postAuth } from '../auth';
import { Page } from '../Layout';
import { AuthForm } from '../components/AuthForm';
import { Field } from '../components/Field';
import { useViewer } from '../viewer';
import { safeNext } from './SignIn';

export function AdminSignIn() {
  const viewer = useViewer();
  const [params] = useSearchParams();
  const [token, setToken] = useState('');

  if (viewer.kind === 'admin') return <Navigate to="/admin" replace />;

  async function submit() {
    await postAuth('admin-sign-in', { token });
    return safeNext(params.get('next'), '/admin');
  }

  return (
    <Page title="Admin sign-in" wide={false}>
      <AuthForm button="Sign in" unauthorized="Wrong admin token." submit={submit}>
        <Field label="Admin token" type="password" name="token" autoComplete="off" required value={token} onValue={setToken} />
        <p className="hint">The value of REFTRACK_ADMIN_TOKEN, or an admin token created in the admin area.</p>
      </AuthForm>
      <p>
        <Link to="/sign-in">Partner sign-in</Link>
      </p>
    </Page>
  );
}
