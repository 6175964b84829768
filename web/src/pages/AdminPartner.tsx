import { useCallback } from 'react';
import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { Page } from '../Layout';
import { useRange } from '../range';
import { RangePicker } from '../components/RangePicker';
import { StatsSection } from '../components/StatsSection';
import { PasswordLinkButton } from '../components/PasswordLink';
import { LiveConversions } from '../components/LiveConversions';
import { ErrorAlert } from '../components/ErrorAlert';
import { Facts } from '../components/Facts';
import { foundOr } from './NotFound';

// By id through partners(where:), the admin's own query: typed as a
// Partner, where node(id:) would be any node.
const PartnerDoc = graphql(`
  query AdminPartner($id: ID!) {
    partners(first: 1, where: { id: $id }) {
      edges {
        node {
          id name email timezone hasPassword disabledAt createdAt
          referralURL { id url redirectURL }
        }
      }
    }
  }
`);

const PartnerStatsDoc = graphql(`
  query AdminPartnerStats($id: ID!, $range: DateRange!) {
    partners(first: 1, where: { id: $id }) {
      edges { node { id stats(range: $range) { ...StatsFields } } }
    }
  }
`);

/** Admin: one partner's overview, in the partner's timezone. */
export default function AdminPartner() {
  const { id = '' } = useParams();
  const [q] = useQuery({ query: PartnerDoc, variables: { id } });
  const [p, instead] = foundOr(q, q.data?.partners.edges?.[0]?.node, 'partner');
  if (!p) return instead;
  const facts: [string, string][] = [
    ['Email', p.email],
    ['Timezone', p.timezone],
    ['Password', p.hasPassword ? 'Set' : 'Not set yet (invitation not used)'],
    ['Status', p.disabledAt ? `Disabled since ${new Date(p.disabledAt).toLocaleString('en-GB')}` : 'Active'],
    ['Referral URL', p.referralURL ? `${p.referralURL.url} → ${p.referralURL.redirectURL}` : 'Not chosen yet'],
  ];
  return (
    <Page title={p.name}>
      <Facts items={facts} />
      <PasswordLinkButton partnerID={p.id} name={p.name} />
      <PartnerStats id={p.id} timezone={p.timezone} />
    </Page>
  );
}

/** The partner's overview as the partner sees it: the cards, the chart and the live list of its conversions. */
function PartnerStats({ id, timezone }: { id: string; timezone: string }) {
  const [range, setRange, today] = useRange(timezone);
  const [{ data, error }, refetch] = useQuery({ query: PartnerStatsDoc, variables: { id, range } });
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  const stats = data?.partners.edges?.[0]?.node?.stats;
  return (
    <>
      <RangePicker range={range} today={today} onChange={setRange} />
      <ErrorAlert error={error} />
      <StatsSection title="Clicks and conversions" stats={stats} />
      <LiveConversions partnerID={id} timezone={timezone} onChange={refresh} />
    </>
  );
}
