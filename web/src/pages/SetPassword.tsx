import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import { postAuth } from '../auth';
import { Page } from '../Layout';
import { AuthForm } from '../components/AuthForm';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field } from '../components/Field';

const MIN = 10;

/** The invitation (or reset) link: /set-password#token=… */
export function SetPassword() {
  // The token is in the fragment, which no request carries; read on every
  // render, since a second link opened in the same tab changes only it.
  const token = new URLSearchParams(useLocation().hash.slice(1)).get('token') ?? '';
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');

  function check() {
    if (password.length < MIN) return `The password must have at least ${MIN} characters.`;
    if (password !== repeat) return 'The two passwords differ.';
    return null;
  }

  async function submit() {
    await postAuth('password', { token, password });
    return '/';
  }

  return (
    <Page title="Set your password" wide={false}>
      {token ? (
        <AuthForm
          button="Set password and sign in"
          unauthorized="This link has expired or was already used. Ask your program’s admin for a new one."
          check={check}
          submit={submit}
        >
          <Field
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN}
            value={password}
            onValue={setPassword}
            aria-describedby="pw-hint"
          />
          <p id="pw-hint" className="hint">
            At least {MIN} characters. Setting it signs out your other browsers.
          </p>
          <Field label="Repeat the password" type="password" autoComplete="new-password" required value={repeat} onValue={setRepeat} />
        </AuthForm>
      ) : (
        <>
          <ErrorAlert error="This page needs the whole link that your program’s admin gave you (it ends with #token=…)." />
          <p>
            <Link to="/sign-in">Sign in</Link>
          </p>
        </>
      )}
    </Page>
  );
}
