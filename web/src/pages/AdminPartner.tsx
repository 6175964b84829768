import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { Page } from '../Layout';
import { useRange } from '../range';
import { RangePicker } from '../components/RangePicker';
import { StatsSection } from '../components/StatsSection';
import { PasswordLinkButton } from '../components/PasswordLink';
import { errorMessage } from '../viewer';
import { NotFound } from './NotFound';

const PartnerDoc = graphql(`
  query AdminPartner($id: ID!) {
    node(id: $id) {
      __typename
      ... on Partner {
        id
        name
        email
        timezone
        hasPassword
        disabledAt
        createdAt
        referralURL {
          id
          url
          redirectURL
        }
      }
    }
  }
`);

const PartnerStatsDoc = graphql(`
  query AdminPartnerStats($id: ID!, $range: DateRange!) {
    node(id: $id) {
      __typename
      ... on Partner {
        id
        stats(range: $range) {
          ...StatsFields
        }
      }
    }
  }
`);

/** Admin: one partner's overview, in the partner's timezone. */
export default function AdminPartner() {
  const { id = '' } = useParams();
  const [{ data, error }] = useQuery({ query: PartnerDoc, variables: { id } });
  const p = data?.node?.__typename === 'Partner' ? data.node : null;
  if ((data && !p) || error?.graphQLErrors.some((e) => ['NOT_FOUND', 'BAD_USER_INPUT'].includes(String(e.extensions?.code)))) {
    return <NotFound what="partner" />;
  }
  if (error) {
    return (
      <Page title="Partner">
        <p role="alert" className="error">
          {errorMessage(error)}
        </p>
      </Page>
    );
  }
  if (!p) return <p role="status">Loading…</p>;
  return (
    <Page title={p.name}>
      <dl className="facts">
        <dt>Email</dt>
        <dd>{p.email}</dd>
        <dt>Timezone</dt>
        <dd>{p.timezone}</dd>
        <dt>Password</dt>
        <dd>{p.hasPassword ? 'Set' : 'Not set yet (invitation not used)'}</dd>
        <dt>Status</dt>
        <dd>{p.disabledAt ? `Disabled since ${new Date(p.disabledAt).toLocaleString('en-GB')}` : 'Active'}</dd>
        <dt>Referral URL</dt>
        <dd>{p.referralURL ? `${p.referralURL.url} → ${p.referralURL.redirectURL}` : 'Not chosen yet'}</dd>
      </dl>
      <PasswordLinkButton partnerID={p.id} name={p.name} />
      <PartnerStats id={p.id} timezone={p.timezone} />
    </Page>
  );
}

function PartnerStats({ id, timezone }: { id: string; timezone: string }) {
  const [range, setRange, today] = useRange(timezone);
  const [{ data, error }] = useQuery({ query: PartnerStatsDoc, variables: { id, range } });
  const stats = data?.node?.__typename === 'Partner' ? data.node.stats : null;
  return (
    <>
      <RangePicker range={range} today={today} onChange={setRange} />
      {error && (
        <p role="alert" className="error">
          {errorMessage(error)}
        </p>
      )}
      <StatsSection title="Clicks and conversions" stats={stats} />
    </>
  );
}
