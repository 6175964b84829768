import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useClient, useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { CustomerRowFragment, TagFieldsFragment } from '../gql/graphql';
import { Page } from '../Layout';
import { download, toCSV } from '../csv';
import { formatTime } from '../format';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field } from '../components/Field';
import { Table } from '../components/Table';
import { errorMessage, usePartner } from '../viewer';

graphql(`
  fragment TagFields on CustomerTag { id name system }
`);

graphql(`
  fragment CustomerRow on Customer {
    id email name signedUpAt
    refTag { id name code }
    referralURL { id slug }
    tags { ...TagFields }
  }
`);

const CustomersDoc = graphql(`
  query Customers($first: Int, $after: Cursor, $last: Int, $before: Cursor, $tagIDs: [ID!]) {
    customers(first: $first, after: $after, last: $last, before: $before, tagIDs: $tagIDs, orderBy: { field: SIGNED_UP_AT, direction: DESC }) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { ...CustomerRow } }
    }
  }
`);

export const TagsDoc = graphql(`
  query CustomerTags { customerTags { ...TagFields } }
`);

export const AddTagsDoc = graphql(`
  mutation AddCustomerTags($customerID: ID!, $tagIDs: [ID!]!) { addCustomerTags(customerID: $customerID, tagIDs: $tagIDs) { ...CustomerRow } }
`);

export const RemoveTagsDoc = graphql(`
  mutation RemoveCustomerTags($customerID: ID!, $tagIDs: [ID!]!) { removeCustomerTags(customerID: $customerID, tagIDs: $tagIDs) { ...CustomerRow } }
`);

const CreateTagDoc = graphql(`
  mutation CreateCustomerTag($input: CreateCustomerTagInput!) { createCustomerTag(input: $input) { ...TagFields } }
`);

const DeleteTagDoc = graphql(`
  mutation DeleteCustomerTag($id: ID!) { deleteCustomerTag(id: $id) }
`);

const PAGE = 20;

export function source(c: CustomerRowFragment): string {
  if (c.refTag) return `Ref tag ${c.refTag.name}`;
  if (c.referralURL) return `Referral URL /r/${c.referralURL.slug}`;
  return '';
}

export default function Customers() {
  const partner = usePartner();
  const client = useClient();
  const [params, setParams] = useSearchParams();
  const tagsParam = params.get('tags') ?? '';
  const tagIDs = useMemo(() => tagsParam.split(',').filter(Boolean), [tagsParam]);
  // The boxes follow the click at once; the URL (a router transition) follows.
  const [checked, setChecked] = useState(tagIDs);
  useEffect(() => setChecked(tagIDs), [tagIDs]);
  const after = params.get('after');
  const before = params.get('before');
  const vars = before ? { last: PAGE, before, tagIDs } : { first: PAGE, after, tagIDs };
  const [{ data, error, fetching }, refetch] = useQuery({ query: CustomersDoc, variables: vars });
  const [tagsResult, refetchTags] = useQuery({ query: TagsDoc });
  const allTags = tagsResult.data?.customerTags ?? [];
  const [exporting, setExporting] = useState<string | null>(null);

  const reload = () => {
    refetch({ requestPolicy: 'network-only' });
    refetchTags({ requestPolicy: 'network-only' });
  };

  function setFilter(ids: string[]) {
    setChecked(ids);
    const next = new URLSearchParams(params);
    if (ids.length > 0) next.set('tags', ids.join(','));
    else next.delete('tags');
    next.delete('after');
    next.delete('before');
    setParams(next);
  }

  function page(dir: 'next' | 'prev') {
    const info = data?.customers.pageInfo;
    if (!info) return;
    const next = new URLSearchParams(params);
    next.delete('after');
    next.delete('before');
    if (dir === 'next' && info.endCursor) next.set('after', info.endCursor);
    if (dir === 'prev' && info.startCursor) next.set('before', info.startCursor);
    setParams(next);
  }

  async function exportCSV() {
    setExporting('Exporting…');
    const rows: CustomerRowFragment[] = [];
    let cursor: string | null | undefined = null;
    for (;;) {
      const r = await client
        .query(CustomersDoc, { first: 100, after: cursor, tagIDs }, { requestPolicy: 'network-only' })
        .toPromise();
      if (r.error || !r.data) {
        setExporting(r.error ? errorMessage(r.error) : 'Export failed.');
        return;
      }
      rows.push(...(r.data.customers.edges ?? []).flatMap((e) => (e?.node ? [e.node] : [])));
      if (!r.data.customers.pageInfo.hasNextPage) break;
      cursor = r.data.customers.pageInfo.endCursor;
    }
    const names = tagIDs.map((id) => allTags.find((t) => t.id === id)?.name ?? id);
    download(
      `customers${names.length > 0 ? '-tagged-' + names.join('-').replace(/[^\w-]+/g, '_') : ''}.csv`,
      toCSV(
        ['Email', 'Name', 'Signed up', 'Source', 'Tags'],
        rows.map((c) => [c.email, c.name ?? '', c.signedUpAt, source(c), c.tags.map((t) => t.name).join('; ')]),
      ),
    );
    setExporting(`Exported ${rows.length} customers.`);
  }

  const customers = (data?.customers.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  return (
    <Page title="Customers">
      <fieldset className="panel">
        <legend>Filter by tags</legend>
        <p className="hint">Shows the customers that have all the chosen tags.</p>
        <div className="row">
          {allTags.map((t) => (
            <label key={t.id} className="inline">
              <input
                type="checkbox"
                checked={checked.includes(t.id)}
                onChange={(e) => setFilter(e.target.checked ? [...checked, t.id] : checked.filter((id) => id !== t.id))}
              />
              {t.name}
              {t.system && <span className="hint"> (system)</span>}
            </label>
          ))}
        </div>
      </fieldset>
      <ErrorAlert error={error} />
      <div className="row">
        <p role="status" className="grow">
          {data ? `${data.customers.totalCount} customers` : fetching ? 'Loading…' : ''}
        </p>
        <button type="button" className="secondary" onClick={() => void exportCSV()} disabled={!data}>
          Export CSV
        </button>
        <span role="status" className="hint">
          {exporting ?? ''}
        </span>
      </div>
      {data && customers.length === 0 && <p>No customers{tagIDs.length > 0 ? ' have all these tags' : ' yet'}.</p>}
      {customers.length > 0 && (
        <Table label="Customers" head={['Email', 'Name', 'Signed up', 'Source', 'Tags']}>
              {customers.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/customers/${c.id}`}>{c.email}</Link>
                  </th>
                  <td>{c.name ?? ''}</td>
                  <td>
                    <time dateTime={c.signedUpAt}>{formatTime(c.signedUpAt, partner.timezone)}</time>
                  </td>
                  <td>{source(c)}</td>
                  <td>
                    <CustomerTags customer={c} allTags={allTags} onChange={reload} />
                  </td>
                </tr>
              ))}
        </Table>
      )}
      <nav aria-label="Pages" className="row">
        <button type="button" className="secondary" onClick={() => page('prev')} disabled={!data?.customers.pageInfo.hasPreviousPage}>
          Previous page
        </button>
        <button type="button" className="secondary" onClick={() => page('next')} disabled={!data?.customers.pageInfo.hasNextPage}>
          Next page
        </button>
      </nav>
      <ManageTags tags={allTags} onChange={reload} />
    </Page>
  );
}

/** A customer's tags as chips, each removable, and a select to add one. */
export function CustomerTags({
  customer,
  allTags,
  onChange,
}: {
  customer: CustomerRowFragment;
  allTags: TagFieldsFragment[];
  onChange: () => void;
}) {
  const [added, add] = useMutation(AddTagsDoc);
  const [removed, remove] = useMutation(RemoveTagsDoc);
  const [pick, setPick] = useState('');
  const missing = allTags.filter((t) => !customer.tags.some((c) => c.id === t.id));
  const error = added.error ?? removed.error;

  async function addTag(e: FormEvent) {
    e.preventDefault();
    if (!pick) return;
    const r = await add({ customerID: customer.id, tagIDs: [pick] });
    if (!r.error) {
      setPick('');
      onChange();
    }
  }

  return (
    <div className="stack tight">
      <ul className="chips" aria-label={`Tags of ${customer.email}`}>
        {customer.tags.map((t) => (
          <li key={t.id} className={t.system ? 'chip system' : 'chip'}>
            {t.name}
            {t.system && <span className="sr-only"> (system tag)</span>}
            <button
              type="button"
              aria-label={`Remove tag ${t.name} from ${customer.email}`}
              onClick={() => void remove({ customerID: customer.id, tagIDs: [t.id] }).then((r) => !r.error && onChange())}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {missing.length > 0 && (
        <form className="row" onSubmit={addTag}>
          <label>
            <span className="sr-only">Tag to add to {customer.email}</span>
            <select value={pick} onChange={(e) => setPick(e.target.value)}>
              <option value="">Add a tag…</option>
              {missing.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="secondary" disabled={!pick || added.fetching} aria-label={`Add tag to ${customer.email}`}>
            Add
          </button>
        </form>
      )}
      <ErrorAlert error={error} />
    </div>
  );
}

function ManageTags({ tags, onChange }: { tags: TagFieldsFragment[]; onChange: () => void }) {
  const [name, setName] = useState('');
  const [created, create] = useMutation(CreateTagDoc);
  const [deleted, del] = useMutation(DeleteTagDoc);
  const [confirming, setConfirming] = useState<string | null>(null);
  const own = tags.filter((t) => !t.system);
  const system = tags.filter((t) => t.system);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await create({ input: { name: name.trim() } });
    if (!r.error) {
      setName('');
      onChange();
    }
  }

  return (
    <section className="panel">
      <h2>Customer tags</h2>
      <p className="hint">System tags: {system.map((t) => t.name).join(', ')}. They cannot be deleted.</p>
      <h3>Your own tags</h3>
      {own.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <ul className="chips" aria-label="Your own tags">
          {own.map((t) => (
            <li key={t.id} className="chip">
              {t.name}
              {confirming === t.id ? (
                <>
                  <span> Delete it from every customer?</span>
                  <button
                    type="button"
                    onClick={() =>
                      void del({ id: t.id }).then((r) => {
                        setConfirming(null);
                        if (!r.error) onChange();
                      })
                    }
                  >
                    Yes, delete {t.name}
                  </button>
                  <button type="button" onClick={() => setConfirming(null)}>
                    Keep {t.name}
                  </button>
                </>
              ) : (
                <button type="button" aria-label={`Delete tag ${t.name}`} onClick={() => setConfirming(t.id)}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="row" onSubmit={submit}>
        <Field label="New customer tag" value={name} onValue={setName} required maxLength={100} />
        <button type="submit" disabled={created.fetching}>
          Create tag
        </button>
      </form>
      <ErrorAlert error={created.error ?? deleted.error} />
    </section>
  );
}
