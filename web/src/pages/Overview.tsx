import { useCallback, useEffect, useMemo } from 'react';
import { useQuery, useSubscription } from 'urql';
import { graphql } from '../gql';
import type { ConversionRowFragment } from '../gql/graphql';
import { onReconnect } from '../client';
import { Page } from '../Layout';
import { useRange } from '../range';
import { RangePicker } from '../components/RangePicker';
import { StatsSection } from '../components/StatsSection';
import { errorMessage, usePartner } from '../viewer';
import { formatTime } from '../format';

graphql(`
  fragment StatsFields on Stats {
    from
    to
    uniqueClicks
    returningClicks
    totalClicks
    botClicks
    conversions
    conversionRate
    daily {
      date
      uniqueClicks
      returningClicks
      conversions
    }
  }
`);

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

const OverviewDoc = graphql(`
  query Overview($range: DateRange!) {
    me {
      id
      stats(range: $range) {
        ...StatsFields
      }
    }
  }
`);

const LatestDoc = graphql(`
  query LatestConversions {
    conversions(first: 10) {
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
  subscription ConversionAdded {
    conversionAdded {
      ...ConversionRow
    }
  }
`);

export function Overview() {
  const partner = usePartner();
  const [range, setRange, today] = useRange(partner.timezone);
  const [stats, refetchStats] = useQuery({ query: OverviewDoc, variables: { range } });
  const [latest, refetchLatest] = useQuery({ query: LatestDoc });
  const [live] = useSubscription({ query: ConversionAddedDoc }, (prev: ConversionRowFragment[] = [], data) => [
    data.conversionAdded,
    ...prev,
  ]);

  const refresh = useCallback(() => {
    refetchStats({ requestPolicy: 'network-only' });
    refetchLatest({ requestPolicy: 'network-only' });
  }, [refetchStats, refetchLatest]);

  // A new conversion changes the cards; a reconnect may have missed some.
  const liveCount = live.data?.length ?? 0;
  useEffect(() => {
    if (liveCount > 0) refetchStats({ requestPolicy: 'network-only' });
  }, [liveCount, refetchStats]);
  useEffect(() => onReconnect(refresh), [refresh]);

  const rows = useMemo(() => {
    const seen = new Set<string>();
    const all = [...(live.data ?? []), ...(latest.data?.conversions.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []))];
    return all
      .filter((c) => !seen.has(c.id) && seen.add(c.id))
      .sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : 0));
  }, [live.data, latest.data]);

  const s = stats.data?.me?.stats;
  return (
    <Page title="Overview">
      <RangePicker range={range} today={today} onChange={setRange} />
      {stats.error && (
        <p role="alert" className="error">
          {errorMessage(stats.error)}
        </p>
      )}
      <StatsSection title="Clicks and conversions" stats={s} />
      <LatestConversions rows={rows} timezone={partner.timezone} />
    </Page>
  );
}

export function LatestConversions({ rows, timezone }: { rows: ConversionRowFragment[]; timezone: string }) {
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

export default Overview;

