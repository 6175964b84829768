import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { Page } from '../Layout';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field } from '../components/Field';
import { Secret } from '../components/Secret';
import { Sessions } from '../components/Sessions';
import { Table } from '../components/Table';
import { formatUTC } from '../format';

const TokensDoc = graphql(`
  query APITokens {
    apiTokens { id name role createdAt revokedAt }
  }
`);

// One document for both kinds: the token is shown once, whichever it is.
const CreateDoc = graphql(`
  mutation CreateToken($name: String!, $admin: Boolean!) {
    service: createServiceToken(name: $name) @skip(if: $admin)
    admin: createAdminToken(name: $name) @include(if: $admin)
  }
`);

const RevokeDoc = graphql(`
  mutation RevokeToken($id: ID!) { revokeToken(id: $id) { id revokedAt } }
`);

/** Admin: service and admin tokens (created and shown once, listed, revoked), and the admin's own sessions. */
export default function AdminTokens() {
  const [{ data, error }, refetch] = useQuery({ query: TokensDoc, requestPolicy: 'cache-and-network' });
  const [name, setName] = useState('');
  const [created, create] = useMutation(CreateDoc);
  const [revoked, revoke] = useMutation(RevokeDoc);
  const [shown, setShown] = useState<{ name: string; role: string; token: string } | null>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  async function submit(role: 'service' | 'admin', e?: FormEvent) {
    e?.preventDefault();
    const n = name.trim();
    if (!n) return;
    const r = await create({ name: n, admin: role === 'admin' });
    const token = r.data?.service ?? r.data?.admin;
    if (!r.error && token) {
      setShown({ name: n, role, token });
      setName('');
      reload();
    }
  }

  return (
    <Page title="Service tokens">
      <p className="hint">
        A service token lets the company’s backend report signups (<code>recordSignup</code>) and tag customers. An admin
        token can do everything the admin can.
      </p>
      <form className="row panel" onSubmit={(e) => void submit('service', e)}>
        <Field label="Token name" value={name} onValue={setName} required maxLength={100} />
        <button type="submit" disabled={created.fetching}>
          Create service token
        </button>
        <button type="button" className="secondary" onClick={() => void submit('admin')} disabled={created.fetching}>
          Create admin token
        </button>
      </form>
      {shown && (
        <div className="stack">
          <p className="warning">
            The {shown.role} token “{shown.name}” is shown only now. Copy it to where it is used.
          </p>
          <Secret label="New token" value={shown.token} copy="Copy token" />
        </div>
      )}
      <ErrorAlert error={error ?? created.error ?? revoked.error} />
      <h2>Tokens</h2>
      {data && data.apiTokens.length === 0 && <p>No admin or service tokens in the database.</p>}
      {data && data.apiTokens.length > 0 && (
        <Table label="Tokens" head={['Name', 'Role', 'Created', 'Revoked']} actions>
          {data.apiTokens.map((t) => (
            <tr key={t.id}>
              <th scope="row">{t.name}</th>
              <td>{t.role === 'ADMIN' ? 'Admin' : 'Service'}</td>
              <td>{formatUTC(t.createdAt)}</td>
              <td>{t.revokedAt ? formatUTC(t.revokedAt) : '—'}</td>
              <td>
                {!t.revokedAt && (
                  <button type="button" className="danger" aria-label={`Revoke ${t.name}`} onClick={() => void revoke({ id: t.id }).then(reload)}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <Sessions timezone="UTC" everywhere={false} />
    </Page>
  );
}
