// The live "latest conversions" list: it survives a restart of the real
// server (the page reconnects, fetches what it missed and shows each
// conversion once), and the admin sees one partner's live list on that
// partner's page, none of another partner's.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  adminSignIn, base, checkPage, controlURL, gql, launch, partnerWithPassword, person, recordSignup, restartServer,
  serviceToken, signIn,
} from '../lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

const listed = (page) => page.getByRole('list', { name: 'Latest conversions' }).getByRole('listitem');
const emailsListed = async (page) => (await listed(page).locator('.email').allTextContents()).sort();
const conversionsCard = (page) => page.getByRole('region', { name: 'Conversions', exact: true }).locator('.value');
const tagOf = async (partner, name) =>
  (await gql(partner.token, `mutation($n: String!) { createRefTag(input: {name: $n}) { code } }`, { n: name })).createRefTag.code;

// While the server is down, the page's reconnection attempts fail, and so
// does a query it sends then (a refetch); Chromium reports each as one of
// these console errors, and nothing else is expected.
const wsRefused = new RegExp(`^console error on ${base}/[^:]*: WebSocket connection to 'ws://${new URL(base).host}/graphql' failed: .*ERR_CONNECTION_REFUSED`);
const fetchRefused = new RegExp(`^console error on ${base}/[^:]*: Failed to load resource: net::ERR_CONNECTION_REFUSED$`);

test('the live list survives a server restart: reconnects, misses nothing, shows nothing twice', {
  skip: !controlURL && 'REFTRACK_CONTROL_URL is not set (internal/webtest sets it)',
}, async () => {
  const partner = await partnerWithPassword('live');
  const code = await tagOf(partner, 'Launch');
  const service = await serviceToken();
  const who = await person(browser);
  const { page } = who;
  // Every websocket the page opens, with the frames it sent.
  const sockets = [];
  page.on('websocket', (ws) => {
    const sent = [];
    ws.on('framesent', (f) => sent.push(String(f.payload)));
    sockets.push({ ws, sent });
  });
  await signIn(who, partner.email, partner.password);
  const marker = await page.evaluate(() => (window.__noReload = Math.random()));

  await recordSignup(service, code, 'before@example.com');
  await listed(page).filter({ hasText: 'before@example.com' }).waitFor();
  assert.equal(sockets.length, 1);

  // The server stops (closing the websocket with 1001) and starts again on
  // the same port and database. A signup arrives before the page is back.
  const refetched = page.waitForResponse((r) => r.url() === `${base}/graphql` && /LatestConversions/.test(r.request().postData() ?? ''), { timeout: 60_000 });
  await restartServer();
  await recordSignup(service, code, 'during@example.com');
  await refetched;
  await listed(page).filter({ hasText: 'during@example.com' }).waitFor();
  assert.deepEqual(await emailsListed(page), ['before@example.com', 'during@example.com']);

  // The new websocket carries the subscription again: a signup now arrives
  // over it, without a reload, once.
  // Attempts made while the server was down are websockets too: the last
  // one is the page's connection now.
  assert.ok(sockets.length >= 2, 'a new websocket after the restart');
  const again = sockets.at(-1);
  for (let i = 0; !again.sent.some((f) => /"type":"subscribe".*ConversionAdded/.test(f)); i++) {
    assert.ok(i < 100, `no subscription on the new websocket: ${again.sent.join(' | ')}`);
    await page.waitForTimeout(50);
  }
  const delivered = again.ws.waitForEvent('framereceived', { predicate: (f) => /after@example\.com/.test(String(f.payload)), timeout: 15_000 });
  await recordSignup(service, code, 'after@example.com');
  await delivered;
  await listed(page).filter({ hasText: 'after@example.com' }).waitFor();
  await page.waitForFunction(() => document.querySelector('[aria-label="Conversions"] .value')?.textContent === '3');
  assert.deepEqual(await emailsListed(page), ['after@example.com', 'before@example.com', 'during@example.com']);
  assert.equal(await page.evaluate(() => window.__noReload), marker, 'the page was reloaded');
  who.forgive(wsRefused);
  who.forgive(fetchRefused);
  await checkPage(who);
  await who.close();
});

test('the admin sees one partner\'s live list on its page, none of another\'s', async () => {
  const [mine, other] = [await partnerWithPassword('watched'), await partnerWithPassword('unwatched')];
  const [mineCode, otherCode] = [await tagOf(mine, 'Blog'), await tagOf(other, 'Podcast')];
  const service = await serviceToken();
  await recordSignup(service, mineCode, 'old-mine@example.com');
  await recordSignup(service, otherCode, 'old-other@example.com');

  const admin = await person(browser);
  const { page } = admin;
  await adminSignIn(admin);
  await page.goto(`/admin/partners/${mine.id}`);
  await page.getByRole('heading', { level: 1, name: mine.name }).waitFor();
  await listed(page).first().waitFor();
  assert.deepEqual(await emailsListed(page), ['old-mine@example.com']);
  assert.equal(await conversionsCard(page).textContent(), '1');
  await checkPage(admin);

  // Another partner's signup first, then this partner's: only this one
  // appears, live, and the cards follow.
  await recordSignup(service, otherCode, 'new-other@example.com');
  await recordSignup(service, mineCode, 'new-mine@example.com', 'New Mine');
  await listed(page).filter({ hasText: 'new-mine@example.com' }).waitFor();
  await page.waitForFunction(() => document.querySelector('[aria-label="Conversions"] .value')?.textContent === '2');
  assert.deepEqual(await emailsListed(page), ['new-mine@example.com', 'old-mine@example.com']);
  assert.match(await listed(page).filter({ hasText: 'new-mine@example.com' }).textContent(), /\(New Mine\) via ref tag Blog/);
  assert.equal(await page.getByText(/other@example\.com/).count(), 0);

  // The other partner, signed in, sees its own two and none of these.
  const partner = await person(browser);
  await signIn(partner, other.email, other.password);
  await listed(partner.page).nth(1).waitFor();
  assert.deepEqual(await emailsListed(partner.page), ['new-other@example.com', 'old-other@example.com']);
  admin.assertClean();
  partner.assertClean();
  await partner.close();
  await admin.close();
});
