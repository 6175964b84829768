import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { reloadAt } from '../auth';
import { formatTime } from '../format';
import { ErrorAlert } from './ErrorAlert';
import { Table } from './Table';

const SessionsDoc = graphql(`
  query Sessions {
    sessions { id createdAt lastSeenAt userAgent current }
  }
`);

const RevokeDoc = graphql(`
  mutation RevokeSession($id: ID!) { revokeSession(id: $id) }
`);

const RevokeAllDoc = graphql(`
  mutation RevokeSessions { revokeSessions }
`);

/** A short name for a User-Agent: the browser and the system. */
function browserName(ua: string): string {
  const b = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : '';
  const os = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : '';
  return [b, os].filter(Boolean).join(' on ') || ua || 'Unknown browser';
}

/** The caller's signed-in browsers, each revocable; partners may end them all. */
export function Sessions({ timezone, everywhere }: { timezone: string; everywhere: boolean }) {
  const [{ data, error }, refetch] = useQuery({ query: SessionsDoc, requestPolicy: 'network-only' });
  const [revoked, revoke] = useMutation(RevokeDoc);
  const [all, revokeAll] = useMutation(RevokeAllDoc);

  async function end(id: string, current: boolean) {
    const r = await revoke({ id });
    if (r.error) return;
    if (current) reloadAt('/sign-in');
    else refetch({ requestPolicy: 'network-only' });
  }

  return (
    <section className="panel">
      <h2>Signed-in browsers</h2>
      <p className="hint">A session ends after 30 days without use, or when you end it here.</p>
      <ErrorAlert error={error ?? revoked.error ?? all.error} />
      {data && (
        <Table label="Sessions" head={['Browser', 'Signed in', 'Last used']} actions>
          {data.sessions.map((s) => (
            <tr key={s.id}>
              <th scope="row" title={s.userAgent}>
                {browserName(s.userAgent)}
                {s.current && <strong> (this browser)</strong>}
              </th>
              <td>{formatTime(s.createdAt, timezone)}</td>
              <td>{formatTime(s.lastSeenAt, timezone)}</td>
              <td>
                <button
                  type="button"
                  className="danger"
                  aria-label={s.current ? 'Sign out this browser' : `End session ${browserName(s.userAgent)} signed in ${formatTime(s.createdAt, timezone)}`}
                  onClick={() => void end(s.id, s.current)}
                >
                  {s.current ? 'Sign out' : 'End session'}
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {everywhere && (
        <p>
          <button type="button" className="danger" onClick={() => void revokeAll({}).then((r) => !r.error && reloadAt('/sign-in'))}>
            Sign out everywhere
          </button>
        </p>
      )}
    </section>
  );
}
