import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { createClient as createWSClient } from 'graphql-ws';

// Listeners told when the websocket (re)connects, so that live views can
// fetch what they may have missed while it was down.
const reconnectListeners = new Set<() => void>();

export function onReconnect(fn: () => void): () => void {
  reconnectListeners.add(fn);
  return () => reconnectListeners.delete(fn);
}

let connectedBefore = false;

const wsURL = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/graphql`;

// graphql-transport-ws over the same origin: the browser sends the session
// cookie with the upgrade. It retries forever (with graphql-ws's backoff),
// so a restarted server is reached again.
export const wsClient = createWSClient({
  url: wsURL,
  lazy: true,
  retryAttempts: Number.MAX_SAFE_INTEGER,
  shouldRetry: () => true,
  on: {
    connected: () => {
      if (connectedBefore) reconnectListeners.forEach((fn) => fn());
      connectedBefore = true;
    },
  },
});

// Cookie-authenticated requests must be same-origin POSTs with a JSON body
// (docs/decisions/0060-sign-in-endpoints.md), so never GET.
export const client = new Client({
  url: '/graphql',
  preferGetMethod: false,
  fetchOptions: { credentials: 'same-origin' },
  exchanges: [
    cacheExchange,
    fetchExchange,
    subscriptionExchange({
      forwardSubscription(request) {
        const input = { ...request, query: request.query ?? '' };
        return {
          subscribe(sink) {
            const unsubscribe = wsClient.subscribe(input, sink);
            return { unsubscribe };
          },
        };
      },
    }),
  ],
});
