import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { Page } from '../Layout';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field } from '../components/Field';
import { Secret } from '../components/Secret';
import { Table } from '../components/Table';
import { useViewer } from '../viewer';
import { EventTypePicker, EventTypesDoc, statusText, typesText, useTimezone, useWebhooksPath } from '../webhooks';

const EndpointsDoc = graphql(`
  query WebhookEndpoints($after: Cursor) {
    webhookEndpoints(first: 50, after: $after, orderBy: { field: CREATED_AT, direction: ASC }) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...WebhookEndpointFields
        }
      }
    }
  }
`);

const CreateDoc = graphql(`
  mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
    createWebhookEndpoint(input: $input) {
      endpoint {
        id
        url
      }
      secret
    }
  }
`);

/** A partner's most endpoints (the server's rule; it refuses a sixth). */
const partnerMax = 5;

/** Webhook endpoints: a partner's own (at most 5), or for the admin the program-wide ones and every partner's. */
export default function Webhooks() {
  const viewer = useViewer();
  const admin = viewer.kind === 'admin';
  const tz = useTimezone();
  const base = useWebhooksPath();
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const after = pages[pages.length - 1] ?? null;
  const [{ data, error }, refetch] = useQuery({ query: EndpointsDoc, variables: { after }, requestPolicy: 'cache-and-network' });
  const [types] = useQuery({ query: EventTypesDoc });
  const [created, create] = useMutation(CreateDoc);
  const [url, setURL] = useState('');
  const [description, setDescription] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [shown, setShown] = useState<{ id: string; url: string; secret: string } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await create({ input: { url: url.trim(), description: description.trim(), eventTypes: chosen } });
    const out = r.data?.createWebhookEndpoint;
    if (!r.error && out) {
      setShown({ id: out.endpoint.id, url: out.endpoint.url, secret: out.secret });
      setURL('');
      setDescription('');
      setChosen([]);
      refetch({ requestPolicy: 'network-only' });
    }
  }

  const conn = data?.webhookEndpoints;
  const full = !admin && (conn?.totalCount ?? 0) >= partnerMax;
  const err = error ?? types.error;
  return (
    <Page title="Webhooks">
      <p className="hint">
        Reftrack sends each event to these URLs as a signed <code>POST</code> (the Standard Webhooks specification), retries
        for about three days, and keeps a log of every attempt.{' '}
        {admin
          ? 'Program-wide endpoints get every partner’s events; partners’ own endpoints are listed too.'
          : `Your endpoints get your own events; you may have ${partnerMax}.`}
      </p>
      <section className="panel">
        <h2>New endpoint</h2>
        {full ? (
          <p>You have {partnerMax} endpoints, the most a partner may have: delete one to add another.</p>
        ) : (
          <form className="stack" onSubmit={(e) => void submit(e)}>
            <Field label="Endpoint URL" type="url" value={url} onValue={setURL} required placeholder="https://" />
            <Field label="Description" value={description} onValue={setDescription} maxLength={500} />
            <EventTypePicker all={types.data?.webhookEventTypes ?? []} chosen={chosen} onChange={setChosen} />
            <div className="row">
              <button type="submit" disabled={created.fetching}>
                {admin ? 'Create program-wide endpoint' : 'Create endpoint'}
              </button>
            </div>
          </form>
        )}
        <ErrorAlert error={created.error} />
        {shown && (
          <div className="stack">
            <p className="warning">
              The signing secret of <Link to={`${base}/${shown.id}`}>{shown.url}</Link> is shown only now: store it where your
              receiver verifies deliveries.
            </p>
            <Secret label="Signing secret" value={shown.secret} copy="Copy secret" />
          </div>
        )}
      </section>
      <ErrorAlert error={err} />
      <h2>Endpoints</h2>
      {conn && conn.edges?.length === 0 && <p>No webhook endpoints yet.</p>}
      {conn && (conn.edges?.length ?? 0) > 0 && (
        <Table label="Webhook endpoints" head={admin ? ['URL', 'Owner', 'Description', 'Events', 'Status'] : ['URL', 'Description', 'Events', 'Status']}>
          {conn.edges?.map((e) => {
            const ep = e?.node;
            if (!ep) return null;
            return (
              <tr key={ep.id}>
                <th scope="row">
                  <Link className="link" to={`${base}/${ep.id}`}>
                    {ep.url}
                  </Link>
                </th>
                {admin && <td>{ep.partner ? ep.partner.name : 'Program-wide'}</td>}
                <td>{ep.description || '—'}</td>
                <td>{typesText(ep.eventTypes)}</td>
                <td className={ep.disabledAt ? 'error' : undefined}>{statusText(ep, tz)}</td>
              </tr>
            );
          })}
        </Table>
      )}
      {(pages.length > 1 || conn?.pageInfo.hasNextPage) && (
        <nav aria-label="Pages" className="row">
          <button type="button" className="secondary" disabled={pages.length <= 1} onClick={() => setPages(pages.slice(0, -1))}>
            Previous page
          </button>
          <button
            type="button"
            className="secondary"
            disabled={!conn?.pageInfo.hasNextPage}
            onClick={() => setPages([...pages, conn?.pageInfo.endCursor ?? null])}
          >
            Next page
          </button>
        </nav>
      )}
    </Page>
  );
}
