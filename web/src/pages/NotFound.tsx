import type { ReactElement } from 'react';
import { Link } from 'react-router';
import type { CombinedError } from 'urql';
import { Page } from '../Layout';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';

export function NotFound({ what = 'page' }: { what?: string }) {
  return (
    <Page title="Not found">
      <p>This {what} does not exist, or it is not yours to see.</p>
      <p>
        <Link to="/">Back to the start</Link>
      </p>
    </Page>
  );
}

/**
 * The one thing a page shows (its id in the address), when the query found
 * it, or what to show instead: "not found" for none (an id of nothing, of
 * something else, or another partner's: the API does not tell them apart),
 * an error, or loading.
 */
export function foundOr<T>(q: { data?: unknown; error?: CombinedError }, found: T | null | undefined, what: string): [T, null] | [null, ReactElement] {
  if (found) return [found, null];
  const missing = q.error?.graphQLErrors.some((e) => ['NOT_FOUND', 'BAD_USER_INPUT'].includes(String(e.extensions?.code)));
  if (q.data || missing) return [null, <NotFound what={what} />];
  if (q.error) {
    return [
      null,
      <Page title="Error">
        <ErrorAlert error={q.error} />
      </Page>,
    ];
  }
  return [null, <Loading />];
}

/**
 * The node of a node(id:) query when its inline fragment matched (the node
 * is of the type asked for); null for a node of another type, which has no
 * fields selected. Queries select no __typename on node: every such query
 * would generate the same union of all node types.
 */
export function matched<N extends object>(node: N | null | undefined): Exclude<N, Record<PropertyKey, never>> | null {
  return node && Object.keys(node).length > 0 ? (node as Exclude<N, Record<PropertyKey, never>>) : null;
}

export default NotFound;
