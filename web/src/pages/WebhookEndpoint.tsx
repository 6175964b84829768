import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { WebhookEndpointFieldsFragment } from '../gql/graphql';
import { Page } from '../Layout';
import { ErrorAlert } from '../components/ErrorAlert';
import { Facts } from '../components/Facts';
import { Field } from '../components/Field';
import { Secret } from '../components/Secret';
import { Table } from '../components/Table';
import { formatInt, formatTime } from '../format';
import { useViewer } from '../viewer';
import { foundOr, matched } from './NotFound';
import { EventTypePicker, EventTypesDoc, statusText, typesText, useTimezone, useWebhooksPath } from '../webhooks';

const EndpointDoc = graphql(`
  query WebhookEndpoint($id: ID!) {
    node(id: $id) {
      ... on WebhookEndpoint {
        ...WebhookEndpointFields
      }
    }
  }
`);

const AttemptsDoc = graphql(`
  query WebhookEndpointAttempts($id: ID!, $first: Int, $after: Cursor, $last: Int, $before: Cursor) {
    node(id: $id) {
      ... on WebhookEndpoint {
        id
        attempts(first: $first, after: $after, last: $last, before: $before, orderBy: { field: CREATED_AT, direction: DESC }) {
          totalCount
          pageInfo {
            hasNextPage
            hasPreviousPage
            startCursor
            endCursor
          }
          edges {
            node {
              id
              createdAt
              eventID
              eventType
              statusCode
              ok
              latencyMs
              response
            }
          }
        }
      }
    }
  }
`);

const UpdateDoc = graphql(`
  mutation UpdateWebhookEndpoint($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { ...WebhookEndpointFields } }
`);

const RotateDoc = graphql(`
  mutation RotateWebhookSecret($id: ID!) { rotateWebhookSecret(id: $id) { secret } }
`);

const DisableDoc = graphql(`
  mutation DisableWebhookEndpoint($id: ID!) { disableWebhookEndpoint(id: $id) { ...WebhookEndpointFields } }
`);

const EnableDoc = graphql(`
  mutation EnableWebhookEndpoint($id: ID!) { enableWebhookEndpoint(id: $id) { ...WebhookEndpointFields } }
`);

const DeleteDoc = graphql(`
  mutation DeleteWebhookEndpoint($id: ID!) {
    deleteWebhookEndpoint(id: $id)
  }
`);

const TestDoc = graphql(`
  mutation SendTestWebhook($id: ID!) {
    sendTestWebhook(endpointID: $id) {
      id
      statusCode
      ok
      latencyMs
    }
  }
`);

const ReplayDoc = graphql(`
  mutation ReplayWebhookEvent($id: ID!, $eventID: String!) {
    replayWebhookEvent(endpointID: $id, eventID: $eventID)
  }
`);

const ResendDoc = graphql(`
  mutation ResendFailedWebhooks($id: ID!, $since: Time!) {
    resendFailedWebhooks(endpointID: $id, since: $since)
  }
`);

/** How many attempts a page of the log shows. */
const logPage = 20;

/** The response's first bytes, shortened for the table. */
function shortResponse(s: string): string {
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

/** A datetime-local value, 24 hours ago in the browser's time. */
function dayAgo(): string {
  const d = new Date(Date.now() - 24 * 3600 * 1000 - new Date().getTimezoneOffset() * 60000);
  return d.toISOString().slice(0, 16);
}

/** One webhook endpoint: its status, settings, secret, test send, replay, resend and delivery log. */
export default function WebhookEndpoint() {
  const { id = '' } = useParams();
  const [q, refetch] = useQuery({ query: EndpointDoc, variables: { id } });
  const [ep, instead] = foundOr(q, matched(q.data?.node), 'webhook endpoint');
  if (!ep) return instead;
  return <Endpoint ep={ep} reload={() => refetch({ requestPolicy: 'network-only' })} />;
}

function Endpoint({ ep, reload }: { ep: WebhookEndpointFieldsFragment; reload: () => void }) {
  const tz = useTimezone();
  const admin = useViewer().kind === 'admin';
  const base = useWebhooksPath();
  const navigate = useNavigate();
  const [disabled, disable] = useMutation(DisableDoc);
  const [enabled, enable] = useMutation(EnableDoc);
  const [rotated, rotate] = useMutation(RotateDoc);
  const [deleted, del] = useMutation(DeleteDoc);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [logVersion, setLogVersion] = useState(0);
  const refreshLog = () => setLogVersion((v) => v + 1);
  const err = disabled.error ?? enabled.error ?? rotated.error ?? deleted.error;

  async function remove() {
    const r = await del({ id: ep.id });
    if (!r.error) void navigate(base);
  }

  return (
    <Page title="Webhook endpoint">
      <Facts
        items={[
          ['URL', <span className="link">{ep.url}</span>],
          ...(admin ? [['Owner', ep.partner ? ep.partner.name : 'Program-wide (every partner’s events)'] as [string, string]] : []),
          ['Description', ep.description || '—'],
          ['Events', typesText(ep.eventTypes)],
          ['Created', formatTime(ep.createdAt, tz)],
          ['Status', <span className={ep.disabledAt ? 'error' : undefined}>{statusText(ep, tz)}</span>],
        ]}
      />
      <div className="row">
        {ep.disabledAt ? (
          <button type="button" onClick={() => void enable({ id: ep.id }).then(refreshLog)} disabled={enabled.fetching}>
            Enable endpoint
          </button>
        ) : (
          <button type="button" className="secondary" onClick={() => void disable({ id: ep.id })} disabled={disabled.fetching}>
            Disable endpoint
          </button>
        )}
      </div>
      {ep.disabledAt && (
        <p className="hint">Its deliveries wait: enabling it sends them first, then everything that happened meanwhile.</p>
      )}
      <ErrorAlert error={err} />

      <Edit ep={ep} onSaved={reload} />

      <section className="panel">
        <h2>Signing secret</h2>
        <p>
          A new secret replaces the current one; the old one keeps signing beside it for 24 hours, so your receiver can switch
          without missing a delivery.
        </p>
        {rotated.data ? (
          <div className="stack">
            <p className="warning">The new secret is shown only now.</p>
            <Secret label="New signing secret" value={rotated.data.rotateWebhookSecret.secret} copy="Copy secret" />
          </div>
        ) : (
          <button type="button" className="secondary" onClick={() => void rotate({ id: ep.id })} disabled={rotated.fetching}>
            Rotate secret
          </button>
        )}
      </section>

      <Sending id={ep.id} onSent={refreshLog} />

      <Log id={ep.id} tz={tz} version={logVersion} onReplayed={refreshLog} />

      <section className="panel">
        <h2>Delete</h2>
        {confirmDelete ? (
          <p className="row">
            <span>Its log and the deliveries still owed go with it.</span>
            <button type="button" className="danger" onClick={() => void remove()} disabled={deleted.fetching}>
              Yes, delete endpoint
            </button>
            <button type="button" className="secondary" onClick={() => setConfirmDelete(false)}>
              Keep endpoint
            </button>
          </p>
        ) : (
          <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>
            Delete endpoint
          </button>
        )}
      </section>
    </Page>
  );
}

function Edit({ ep, onSaved }: { ep: WebhookEndpointFieldsFragment; onSaved: () => void }) {
  const [types] = useQuery({ query: EventTypesDoc });
  const [url, setURL] = useState(ep.url);
  const [description, setDescription] = useState(ep.description);
  const [chosen, setChosen] = useState<string[]>([...ep.eventTypes]);
  const [saved, save] = useMutation(UpdateDoc);
  const [done, setDone] = useState(false);
  useEffect(() => setDone(false), [url, description, chosen]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await save({ input: { id: ep.id, url: url.trim(), description: description.trim(), eventTypes: chosen } });
    if (!r.error) {
      setDone(true);
      onSaved();
    }
  }
  return (
    <section className="panel">
      <h2>Settings</h2>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <Field label="Endpoint URL" type="url" value={url} onValue={setURL} required />
        <Field label="Description" value={description} onValue={setDescription} maxLength={500} />
        <EventTypePicker all={types.data?.webhookEventTypes ?? []} chosen={chosen} onChange={setChosen} />
        <div className="row">
          <button type="submit" disabled={saved.fetching}>
            Save changes
          </button>
          <span role="status" className="ok">
            {done ? 'Saved.' : ''}
          </span>
        </div>
      </form>
      <ErrorAlert error={saved.error ?? types.error} />
    </section>
  );
}

function Sending({ id, onSent }: { id: string; onSent: () => void }) {
  const [tested, test] = useMutation(TestDoc);
  const [replayed, replay] = useMutation(ReplayDoc);
  const [resent, resend] = useMutation(ResendDoc);
  const [eventID, setEventID] = useState('');
  const [since, setSince] = useState(dayAgo);
  const [message, setMessage] = useState('');
  const err = tested.error ?? replayed.error ?? resent.error;

  async function sendTest() {
    setMessage('');
    const r = await test({ id });
    const a = r.data?.sendTestWebhook;
    if (a) {
      setMessage(
        a.ok
          ? `The test event was answered ${a.statusCode} in ${formatInt(a.latencyMs)} ms.`
          : `The test event failed: ${a.statusCode === 0 ? 'no answer' : `status ${a.statusCode}`} after ${formatInt(a.latencyMs)} ms.`,
      );
      onSent();
    }
  }
  async function submitReplay(e: FormEvent) {
    e.preventDefault();
    setMessage('');
    const evt = eventID.trim();
    const r = await replay({ id, eventID: evt });
    if (!r.error) {
      setMessage(`${evt} will be delivered again in a moment.`);
      setEventID('');
      onSent();
    }
  }
  async function submitResend(e: FormEvent) {
    e.preventDefault();
    setMessage('');
    const t = new Date(since);
    if (Number.isNaN(t.getTime())) return;
    const r = await resend({ id, since: t.toISOString() });
    if (!r.error && r.data) {
      const n = r.data.resendFailedWebhooks;
      setMessage(n === 1 ? '1 failed delivery will be sent again.' : `${formatInt(n)} failed deliveries will be sent again.`);
      onSent();
    }
  }
  return (
    <section className="panel">
      <h2>Send</h2>
      <div className="stack">
        <div className="row">
          <button type="button" onClick={() => void sendTest()} disabled={tested.fetching}>
            Send test event
          </button>
          <span className="hint">
            A signed <code>webhook.test</code> message, sent now.
          </span>
        </div>
        <form className="row" onSubmit={(e) => void submitReplay(e)}>
          <Field label="Event ID" value={eventID} onValue={setEventID} required placeholder="evt_…" />
          <button type="submit" className="secondary" disabled={replayed.fetching}>
            Replay event
          </button>
        </form>
        <form className="row" onSubmit={(e) => void submitResend(e)}>
          <Field label="Failed since" type="datetime-local" value={since} onValue={setSince} required />
          <button type="submit" className="secondary" disabled={resent.fetching}>
            Resend failed deliveries
          </button>
        </form>
        <p role="status" className="ok">
          {message}
        </p>
        <ErrorAlert error={err} />
      </div>
    </section>
  );
}

type Cursors = { after?: string; before?: string };

function Log({ id, tz, version, onReplayed }: { id: string; tz: string; version: number; onReplayed: () => void }) {
  const [at, setAt] = useState<Cursors>({});
  const variables = at.before ? { id, last: logPage, before: at.before } : { id, first: logPage, after: at.after };
  const [{ data, error, fetching }, refetch] = useQuery({ query: AttemptsDoc, variables, requestPolicy: 'network-only' });
  const [replayed, replay] = useMutation(ReplayDoc);
  useEffect(() => {
    if (version > 0) refetch({ requestPolicy: 'network-only' });
  }, [version, refetch]);
  const conn = matched(data?.node)?.attempts ?? null;
  const rows = conn?.edges?.flatMap((e) => (e?.node ? [e.node] : [])) ?? [];
  return (
    <section className="panel">
      <h2>Delivery log</h2>
      <div className="row">
        <p className="grow" role="status">
          {conn ? (conn.totalCount === 1 ? '1 attempt' : `${formatInt(conn.totalCount)} attempts`) : fetching ? 'Loading…' : ''}
        </p>
        <button type="button" className="secondary" onClick={() => refetch({ requestPolicy: 'network-only' })}>
          Refresh log
        </button>
      </div>
      <ErrorAlert error={error ?? replayed.error} />
      {rows.length > 0 && (
        <Table label="Delivery log" head={['Time', 'Event', 'Status', 'Latency', 'Response']} actions>
          {rows.map((a) => (
            <tr key={a.id}>
              <th scope="row">{formatTime(a.createdAt, tz)}</th>
              <td>
                {a.eventType}
                <br />
                <code>{a.eventID}</code>
              </td>
              <td className={a.ok ? 'ok' : 'error'}>
                {a.statusCode === 0 ? 'no answer' : a.statusCode} {a.ok ? '(delivered)' : '(failed)'}
              </td>
              <td className="num">{formatInt(a.latencyMs)} ms</td>
              <td>
                <code>{shortResponse(a.response) || '—'}</code>
              </td>
              <td>
                {a.eventID.startsWith('evt_') && (
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Replay ${a.eventID}`}
                    onClick={() => void replay({ id, eventID: a.eventID }).then((r) => !r.error && onReplayed())}
                    disabled={replayed.fetching}
                  >
                    Replay
                  </button>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {conn && (conn.pageInfo.hasNextPage || conn.pageInfo.hasPreviousPage || at.after || at.before) && (
        <nav aria-label="Log pages" className="row">
          <button
            type="button"
            className="secondary"
            disabled={!at.after && !at.before ? true : at.before ? !conn.pageInfo.hasPreviousPage : false}
            onClick={() => setAt({ before: conn.pageInfo.startCursor ?? undefined })}
          >
            Newer attempts
          </button>
          <button
            type="button"
            className="secondary"
            disabled={at.before ? false : !conn.pageInfo.hasNextPage}
            onClick={() => setAt({ after: conn.pageInfo.endCursor ?? undefined })}
          >
            Older attempts
          </button>
        </nav>
      )}
    </section>
  );
}
