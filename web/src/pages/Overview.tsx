import { useCallback } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { Page } from '../Layout';
import { useRange } from '../range';
import { RangePicker } from '../components/RangePicker';
import { StatsSection } from '../components/StatsSection';
import { LiveConversions } from '../components/LiveConversions';
import { ErrorAlert } from '../components/ErrorAlert';
import { usePartner } from '../viewer';

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

export function Overview() {
  const partner = usePartner();
  const [range, setRange, today] = useRange(partner.timezone);
  const [stats, refetchStats] = useQuery({ query: OverviewDoc, variables: { range } });
  // A new conversion changes the cards; a reconnect may have missed some.
  const refresh = useCallback(() => refetchStats({ requestPolicy: 'network-only' }), [refetchStats]);
  return (
    <Page title="Overview">
      <RangePicker range={range} today={today} onChange={setRange} />
      <ErrorAlert error={stats.error} />
      <StatsSection title="Clicks and conversions" stats={stats.data?.me?.stats} />
      <LiveConversions timezone={partner.timezone} onChange={refresh} />
    </Page>
  );
}

export default Overview;
