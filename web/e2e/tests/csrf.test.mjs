// Another site's page, in the browser of a signed-in partner, tries to make
// the partner's session act: forms and fetches to /graphql and /auth. The
// cookie goes along (another port on the same host is the same site, so
// SameSite=Lax does not stop it): the origin check must refuse each one,
// and nothing may change.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { base, gql, launch, origin, partnerWithPassword, person } from '../lib.mjs';

let browser;
let evil;
let evilURL;
before(async () => {
  browser = await launch();
  evil = createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(evilPage(req.url));
  });
  await new Promise((r) => evil.listen(0, '127.0.0.1', r));
  evilURL = `http://127.0.0.1:${evil.address().port}`;
});
after(async () => {
  await browser?.close();
  evil?.close();
});

const mutation = 'mutation { createRefTag(input: {name: "Planted by another site"}) { code } }';

function evilPage(path) {
  const body = JSON.stringify({ query: mutation });
  if (path === '/form-graphql') {
    // text/plain lets a form send a body that looks like JSON.
    return `<form method="post" action="${base}/graphql" enctype="text/plain">
      <input name='${body.slice(0, -1)}, "x": "' value='"}'></form>
      <script>document.forms[0].submit()</script>`;
  }
  if (path === '/form-sign-out') {
    return `<form method="post" action="${base}/auth/sign-out" enctype="text/plain">
      <input name='{"everywhere": true, "x": "' value='"}'></form>
      <script>document.forms[0].submit()</script>`;
  }
  if (path === '/fetch') {
    return `<script>
      for (const [url, body] of [["${base}/graphql", ${JSON.stringify(body)}], ["${base}/auth/sign-out", '{"everywhere":true}']]) {
        fetch(url, {method: "POST", mode: "no-cors", credentials: "include", headers: {"Content-Type": "text/plain"}, body});
        fetch(url, {method: "POST", credentials: "include", headers: {"Content-Type": "application/json"}, body}).catch(() => {});
      }
    </script>`;
  }
  return '<p>another site</p>';
}

test('a page on another origin cannot act with the session cookie', async () => {
  const partner = await partnerWithPassword('csrf');
  const who = await person(browser, { allowHosts: [new URL(evilURL).host] });
  const { page, context } = who;

  // Signed in on the server's own origin, as the app does it.
  await page.goto('/healthz');
  const signedIn = await page.evaluate(async ([email, password]) => {
    const r = await fetch('/auth/sign-in', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
    await r.text();
    return r.status;
  }, [partner.email, partner.password]);
  assert.equal(signedIn, 200);
  const cookies = await context.cookies(base);
  assert.ok(cookies.some((c) => c.name === 'reftrack_session' && c.httpOnly && c.sameSite === 'Lax'), JSON.stringify(cookies));

  // Every request the other site's pages send to the server, with what
  // the server answered.
  const answers = [];
  const pending = [];
  let watching = false;
  const seen = (r) => watching && r.url().startsWith(base) && r.method() !== 'OPTIONS';
  page.on('requestfinished', (r) => {
    if (!seen(r)) return;
    pending.push((async () => {
      const resp = await r.response();
      const body = await resp.text().catch(() => '');
      const refused = resp.status() === 403 && body.includes('must come from this site');
      answers.push(`${r.resourceType()} ${new URL(r.url()).pathname} ${refused ? 'refused as cross-site' : `${resp.status()} ${body.slice(0, 80)}`}`);
    })());
  });
  page.on('requestfailed', (r) => {
    // A refused preflight, or an opaque answer that the browser withholds
    // from the page (ORB): either way the page learns nothing.
    if (seen(r)) answers.push(`${r.resourceType()} ${new URL(r.url()).pathname} failed in the browser`);
  });

  watching = true;
  for (const path of ['/form-graphql', '/form-sign-out', '/fetch']) {
    await page.goto(evilURL + path);
    await page.waitForLoadState('networkidle');
  }
  watching = false;
  await Promise.all(pending);
  answers.sort();
  // The refused fetches are console errors of the other site's pages.
  who.problems.splice(0);
  // The forms' answers are pages the browser shows: the server saw the
  // cookie and refused. Whatever the fetches reached, the page could not
  // read it; that they changed nothing is checked below.
  assert.deepEqual(answers, [
    'document /auth/sign-out refused as cross-site',
    'document /graphql refused as cross-site',
    'fetch /auth/sign-out failed in the browser',
    'fetch /auth/sign-out failed in the browser',
    'fetch /graphql failed in the browser',
    'fetch /graphql failed in the browser',
  ]);

  // Nothing changed: no tag, and the session still works on the server's
  // own origin.
  const { refTags } = await gql(partner.token, '{ refTags(first: 10) { totalCount } }');
  assert.equal(refTags.totalCount, 0);
  await page.goto('/healthz');
  const me = await page.evaluate(async () => {
    const r = await fetch('/graphql', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"query":"{ me { email } }"}' });
    return r.json();
  });
  assert.deepEqual(me, { data: { me: { email: partner.email } } });
  who.assertClean();
  await who.close();
});
