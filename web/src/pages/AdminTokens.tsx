import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { Page } from '../Layout';
import { CopyButton } from '../components/Copy';
import { Sessions } from '../components/Sessions';
import { errorMessage } from '../viewer';

const TokensDoc = graphql(`
  query APITokens {
    apiTokens {
      id
      name
      role
      createdAt
      revokedAt
    }
  }
`);

const CreateServiceDoc = graphql(`
  mutation CreateServiceToken($name: String!) {
    createServiceToken(name: $name)
  }
`);

const CreateAdminDoc = graphql(`
  mutation CreateAdminToken($name: String!) {
    createAdminToken(name: $name)
  }
`);

const RevokeDoc = graphql(`
  mutation RevokeToken($id: ID!) {
    revokeToken(id: $id) {
      id
      revokedAt
    }
  }
`);

function when(t: string): string {
  return new Date(t).toLocaleString('en-GB', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' }) + ' UTC';
}

/** Admin: service and admin tokens (created and shown once, listed, revoked), and the admin's own sessions. */
export default function AdminTokens() {
  const [{ data, error }, refetch] = useQuery({ query: TokensDoc, requestPolicy: 'cache-and-network' });
  const [name, setName] = useState('');
  const [service, createService] = useMutation(CreateServiceDoc);
  const [admin, createAdmin] = useMutation(CreateAdminDoc);
  const [revoked, revoke] = useMutation(RevokeDoc);
  const [shown, setShown] = useState<{ name: string; role: string; token: string } | null>(null);

  async function create(role: 'service' | 'admin', e?: FormEvent) {
    e?.preventDefault();
    const n = name.trim();
    if (!n) return;
    const r = role === 'service' ? await createService({ name: n }) : await createAdmin({ name: n });
    const token = r.data && ('createServiceToken' in r.data ? r.data.createServiceToken : r.data.createAdminToken);
    if (!r.error && token) {
      setShown({ name: n, role, token });
      setName('');
      refetch({ requestPolicy: 'network-only' });
    }
  }

  const err = error ?? service.error ?? admin.error ?? revoked.error;
  return (
    <Page title="Service tokens">
      <p className="hint">
        A service token lets the company’s backend report signups (<code>recordSignup</code>) and tag customers. An admin
        token can do everything the admin can.
      </p>
      <form className="row panel" onSubmit={(e) => void create('service', e)}>
        <label>
          Token name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </label>
        <button type="submit" disabled={service.fetching}>
          Create service token
        </button>
        <button type="button" className="secondary" onClick={() => void create('admin')} disabled={admin.fetching}>
          Create admin token
        </button>
      </form>
      {shown && (
        <div className="stack">
          <p className="warning">
            The {shown.role} token “{shown.name}” is shown only now. Copy it to where it is used.
          </p>
          <div className="row">
            <output className="secret" aria-label="New token">
              {shown.token}
            </output>
            <CopyButton text={shown.token} label="Copy token" />
          </div>
        </div>
      )}
      {err && (
        <p role="alert" className="error">
          {errorMessage(err)}
        </p>
      )}
      <h2>Tokens</h2>
      {data && data.apiTokens.length === 0 && <p>No admin or service tokens in the database.</p>}
      {data && data.apiTokens.length > 0 && (
        <div className="table-wrap" tabIndex={0}>
          <table aria-label="Tokens">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Revoked</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.apiTokens.map((t) => (
                <tr key={t.id}>
                  <th scope="row">{t.name}</th>
                  <td>{t.role === 'ADMIN' ? 'Admin' : 'Service'}</td>
                  <td>{when(t.createdAt)}</td>
                  <td>{t.revokedAt ? when(t.revokedAt) : '—'}</td>
                  <td>
                    {!t.revokedAt && (
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Revoke ${t.name}`}
                        onClick={() => void revoke({ id: t.id }).then(() => refetch({ requestPolicy: 'network-only' }))}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Sessions timezone="UTC" everywhere={false} />
    </Page>
  );
}
