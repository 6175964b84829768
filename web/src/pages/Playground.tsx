import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';
import { useEffect } from 'react';
import { wsClient } from '../client';
import { useViewer } from '../viewer';

// Same-origin POSTs with a JSON body and the session cookie, and the app's
// own websocket for subscriptions: the Playground is signed in as the page.
const fetcher = createGraphiQLFetcher({
  url: '/graphql',
  wsClient,
  fetch: (input, init) => fetch(input, { ...init, method: 'POST', credentials: 'same-origin' }),
});

const partnerQuery = `# Your own data, signed in as you. Ctrl+Enter runs the query.
{
  me {
    name
    timezone
    stats {
      uniqueClicks
      returningClicks
      conversions
      conversionRate
    }
  }
  refTags(first: 10) {
    edges { node { name code stats { uniqueClicks conversions } } }
  }
}
`;

const adminQuery = `# Signed in as the admin. Ctrl+Enter runs the query.
{
  partners(first: 10) {
    totalCount
    edges { node { id name email timezone } }
  }
}
`;

export default function Playground() {
  const viewer = useViewer();
  useEffect(() => {
    document.title = 'Playground · Reftrack';
  }, []);
  return (
    <main className="playground">
      <h1 className="sr-only">Playground</h1>
      <div className="graphiql-box">
        <GraphiQL fetcher={fetcher} defaultQuery={viewer.kind === 'admin' ? adminQuery : partnerQuery} />
      </div>
    </main>
  );
}
