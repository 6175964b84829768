import { useEffect, useMemo } from 'react';
import { useQuery, useSubscription } from 'urql';
import { graphql } from '../gql';
import type { ConversionRowFragment } from '../gql/graphql';
import { onReconnect } from '../client';
import { formatTime } from '../format';

graphql(`
  fragment ConversionRow on Conversion {
    id
    occurredAt
    customer {
      id
      email
      name
    }
    refTag {
      id
      name
      code
    }
    referralURL {
      id
      slug
    }
  }
`);

const LatestDoc = graphql(`
  query LatestConversions($partnerID: ID) {
    conversions(first: 10, partnerID: $partnerID) {
      totalCount
      edges {
        node {
          ...ConversionRow
        }
      }
    }
  }
`);

const ConversionAddedDoc = graphql(`
  subscription ConversionAdded($partnerID: ID) {
    conversionAdded(partnerID: $partnerID) {
      ...ConversionRow
    }
  }
`);

/**
 * The latest conversions, the signed-in partner's (or, for the admin, those
 * of partnerID), growing live over conversionAdded. onChange runs after each
 * new one and after the websocket reconnects (a server restart), when the
 * list is fetched again; each conversion is shown once, by id.
 */
export function LiveConversions({ partnerID, timezone, onChange }: { partnerID?: string; timezone: string; onChange: () => void }) {
  const variables = useMemo(() => ({ partnerID }), [partnerID]);
  const [latest, refetchLatest] = useQuery({ query: LatestDoc, variables });
  const [live] = useSubscription({ query: ConversionAddedDoc, variables }, (prev: ConversionRowFragment[] = [], data) => [
    data.conversionAdded,
    ...prev,
  ]);

  const liveCount = live.data?.length ?? 0;
  useEffect(() => {
    if (liveCount > 0) onChange();
  }, [liveCount, onChange]);
  useEffect(
    () =>
      onReconnect(() => {
        refetchLatest({ requestPolicy: 'network-only' });
        onChange();
      }),
    [refetchLatest, onChange],
  );

  const rows = useMemo(() => {
    const seen = new Set<string>();
    const all = [...(live.data ?? []), ...(latest.data?.conversions.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []))];
    return all
      .filter((c) => !seen.has(c.id) && seen.add(c.id))
      .sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : 0));
  }, [live.data, latest.data]);

  return (
    <section>
      <h2 id="latest">Latest conversions</h2>
      <p className="hint">New signups appear here as they happen.</p>
      {rows.length === 0 ? (
        <p>No conversions yet.</p>
      ) : (
        <ul className="conversions" aria-label="Latest conversions">
          {rows.map((c) => (
            <li key={c.id}>
              <time dateTime={c.occurredAt}>{formatTime(c.occurredAt, timezone)}</time>{' '}
              <span className="email">{c.customer.email}</span>
              {c.customer.name && <span> ({c.customer.name})</span>}{' '}
              <span className="source">
                {c.refTag ? `via ref tag ${c.refTag.name}` : c.referralURL ? `via referral URL /r/${c.referralURL.slug}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
