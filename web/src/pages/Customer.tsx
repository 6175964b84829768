import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { Page } from '../Layout';
import { formatTime } from '../format';
import { usePartner } from '../viewer';
import { Facts } from '../components/Facts';
import { foundOr, matched } from './NotFound';
import { CustomerTags, source, TagsDoc } from './Customers';

const CustomerDoc = graphql(`
  query Customer($id: ID!) {
    node(id: $id) { ... on Customer { ...CustomerRow externalID emailVerified } }
  }
`);

/** One customer, by id; another partner's id (or no customer's) is not found. */
export default function Customer() {
  const partner = usePartner();
  const { id = '' } = useParams();
  const [q, refetch] = useQuery({ query: CustomerDoc, variables: { id } });
  const [tags] = useQuery({ query: TagsDoc });
  const [c, instead] = foundOr(q, matched(q.data?.node), 'customer');
  if (!c) return instead;
  return (
    <Page title={c.email}>
      <Facts
        items={[
          ['Name', c.name ?? '—'],
          ['Signed up', formatTime(c.signedUpAt, partner.timezone)],
          ['Source', source(c) || '—'],
          ['Email verified', c.emailVerified ? 'Yes' : 'No'],
          ['ID in your company’s system', c.externalID ?? '—'],
        ]}
      />
      <h2>Tags</h2>
      <CustomerTags customer={c} allTags={tags.data?.customerTags ?? []} onChange={() => refetch({ requestPolicy: 'network-only' })} />
    </Page>
  );
}
