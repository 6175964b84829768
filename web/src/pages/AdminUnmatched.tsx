import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { Page } from '../Layout';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { Table } from '../components/Table';
import { formatInt, formatUTC } from '../format';

const UnmatchedDoc = graphql(`
  query UnmatchedRefs($after: Cursor) {
    unmatchedRefs(first: 100, after: $after, orderBy: { field: CLICKS, direction: DESC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id ref clicks firstSeenAt lastSeenAt } }
    }
    unmatchedRefsDropped
  }
`);

/** Admin: ref values that were clicked but name no source (mistyped codes), most clicked first. */
export default function AdminUnmatched() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const [{ data, error, fetching }] = useQuery({ query: UnmatchedDoc, variables: { after } });
  const rows = (data?.unmatchedRefs.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  return (
    <Page title="Unmatched refs">
      <p className="hint">
        Ref values that visitors clicked but that name no referral URL or ref tag, usually mistyped codes. Most clicked first.
      </p>
      <ErrorAlert error={error} />
      {!data && fetching && <Loading />}
      {data && (
        <p role="status">
          {data.unmatchedRefs.totalCount} unmatched refs
          {data.unmatchedRefsDropped > 0 &&
            `; ${formatInt(data.unmatchedRefsDropped)} more clicks on values past the first 10,000 are counted together`}
        </p>
      )}
      {rows.length > 0 && (
        <Table label="Unmatched refs" head={['Ref', <th key="clicks" scope="col" className="num">Clicks</th>, 'First seen', 'Last seen']}>
          {rows.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                <code>{r.ref}</code>
              </th>
              <td className="num">{formatInt(r.clicks)}</td>
              <td>{formatUTC(r.firstSeenAt)}</td>
              <td>{formatUTC(r.lastSeenAt)}</td>
            </tr>
          ))}
        </Table>
      )}
      <nav aria-label="Pages" className="row">
        <button type="button" className="secondary" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Previous page
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!data?.unmatchedRefs.pageInfo.hasNextPage}
          onClick={() => setCursors((c) => [...c, data?.unmatchedRefs.pageInfo.endCursor ?? null])}
        >
          Next page
        </button>
      </nav>
    </Page>
  );
}
