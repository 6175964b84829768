import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/style.css';
import { useEffect, useRef } from 'react';
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

/**
 * Names what GraphiQL 4 (CodeMirror 5) leaves unnamed, so that screen
 * readers and axe see labelled editors: hidden textareas get a label,
 * scrolling editors can take focus. (The tab bar, a button inside each
 * tab, is hidden while there is one tab: styles.css.)
 */
function labelEditors(root: HTMLElement) {
  const label = (sel: string, name: string) =>
    root.querySelectorAll<HTMLTextAreaElement>(`${sel} .CodeMirror textarea`).forEach((t) => {
      if (!t.hasAttribute('aria-label')) t.setAttribute('aria-label', name);
    });
  label('.graphiql-query-editor', 'Query editor');
  label('.graphiql-editor-tool', 'Variables or headers editor');
  label('.graphiql-response', 'Result');
  root.querySelectorAll('.CodeMirror textarea:not([aria-label])').forEach((t) => t.setAttribute('aria-label', 'Editor'));
  root.querySelectorAll('.CodeMirror-scroll:not([tabindex="0"])').forEach((e) => e.setAttribute('tabindex', '0'));
}

export default function Playground() {
  const viewer = useViewer();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    document.title = 'Playground · Reftrack';
    const el = box.current;
    if (!el) return;
    labelEditors(el);
    const mo = new MutationObserver(() => labelEditors(el));
    mo.observe(el, { childList: true, subtree: true });
    return () => mo.disconnect();
  }, []);
  return (
    <main className="playground">
      <h1 className="sr-only">Playground</h1>
      <div className="graphiql-box" ref={box}>
        <GraphiQL fetcher={fetcher} defaultQuery={viewer.kind === 'admin' ? adminQuery : partnerQuery} />
      </div>
    </main>
  );
}
