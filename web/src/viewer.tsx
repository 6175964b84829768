import { createContext, useContext } from 'react';
import { useQuery } from 'urql';
import { graphql } from './gql';
import type { MeQuery } from './gql/graphql';

const MeDoc = graphql(`
  query Me {
    me {
      id
      name
      email
      timezone
      hasPassword
    }
  }
`);

export type Partner = NonNullable<MeQuery['me']>;

export type Viewer =
  | { kind: 'loading' }
  | { kind: 'anonymous' }
  | { kind: 'partner'; partner: Partner }
  | { kind: 'admin' }
  | { kind: 'error'; message: string };

/** Who the session cookie belongs to: me is a partner, null for an admin; no session is UNAUTHENTICATED. */
export function useViewerQuery(): Viewer {
  const [{ data, error, fetching }] = useQuery({ query: MeDoc, requestPolicy: 'network-only' });
  if (fetching && !data && !error) return { kind: 'loading' };
  if (error) {
    const codes = error.graphQLErrors.map((e) => e.extensions?.code);
    if (codes.includes('UNAUTHENTICATED') || error.response?.status === 401) return { kind: 'anonymous' };
    return { kind: 'error', message: error.message };
  }
  if (data?.me) return { kind: 'partner', partner: data.me };
  if (data) return { kind: 'admin' };
  return { kind: 'loading' };
}

export const ViewerContext = createContext<Viewer>({ kind: 'loading' });

export function useViewer() {
  return useContext(ViewerContext);
}

/** The signed-in partner; only under a route that requires one. */
export function usePartner(): Partner {
  const v = useViewer();
  if (v.kind !== 'partner') throw new Error('no partner signed in');
  return v.partner;
}

/** Turns an urql error into the message to show a person. */
export function errorMessage(e: { graphQLErrors: { message: string }[]; networkError?: Error; message: string }): string {
  if (e.graphQLErrors.length > 0) return e.graphQLErrors.map((g) => g.message).join('; ');
  if (e.networkError) return 'The server cannot be reached; try again.';
  return e.message;
}
