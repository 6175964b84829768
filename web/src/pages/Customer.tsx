import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { Page } from '../Layout';
import { formatTime } from '../format';
import { errorMessage, usePartner } from '../viewer';
import { NotFound } from './NotFound';
import { CustomerTags, source, TagsDoc } from './Customers';

const CustomerDoc = graphql(`
  query Customer($id: ID!) {
    node(id: $id) {
      __typename
      ... on Customer {
        ...CustomerRow
        externalID
        emailVerified
      }
    }
  }
`);

/** One customer, by id; another partner's id (or no customer's) is not found. */
export default function Customer() {
  const partner = usePartner();
  const { id = '' } = useParams();
  const [{ data, error }, refetch] = useQuery({ query: CustomerDoc, variables: { id } });
  const [tags] = useQuery({ query: TagsDoc });
  const notFound =
    (data && data.node?.__typename !== 'Customer') ||
    error?.graphQLErrors.some((e) => ['NOT_FOUND', 'BAD_USER_INPUT'].includes(String(e.extensions?.code)));
  if (notFound) return <NotFound what="customer" />;
  if (error) {
    return (
      <Page title="Customer">
        <p role="alert" className="error">
          {errorMessage(error)}
        </p>
      </Page>
    );
  }
  const c = data?.node?.__typename === 'Customer' ? data.node : null;
  if (!c) return <p role="status">Loading…</p>;
  return (
    <Page title={c.email}>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{c.name ?? '—'}</dd>
        <dt>Signed up</dt>
        <dd>{formatTime(c.signedUpAt, partner.timezone)}</dd>
        <dt>Source</dt>
        <dd>{source(c) || '—'}</dd>
        <dt>Email verified</dt>
        <dd>{c.emailVerified ? 'Yes' : 'No'}</dd>
        <dt>ID in your company’s system</dt>
        <dd>{c.externalID ?? '—'}</dd>
      </dl>
      <h2>Tags</h2>
      <CustomerTags customer={c} allTags={tags.data?.customerTags ?? []} onChange={() => refetch({ requestPolicy: 'network-only' })} />
    </Page>
  );
}
