// Webhooks: a partner creates an endpoint pointing at a real receiver that
// this script runs on loopback (the server runs with --webhook-allow-private),
// sends a test event and sees the attempt in the log, sees a real event
// delivered and replays it, disables and enables the endpoint; the admin
// sees it among the program's endpoints; another partner's endpoint id in
// the address bar is "Not found".
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { adminSignIn, checkPage, gql, launch, partnerWithPassword, person, signIn } from '../lib.mjs';

let browser;
let receiver;
/** Every request the receiver got: its webhook headers and body. */
const received = [];

before(async () => {
  browser = await launch();
  receiver = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({
        id: req.headers['webhook-id'],
        timestamp: req.headers['webhook-timestamp'],
        signature: req.headers['webhook-signature'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('received by the e2e receiver');
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});
after(() => {
  receiver?.close();
  return browser?.close();
});

/** Whether the Standard Webhooks signature of r verifies with secret (whsec_ and base64). */
function verifies(r, secret) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const want = createHmac('sha256', key).update(`${r.id}.${r.timestamp}.${r.body}`).digest('base64');
  return String(r.signature).split(' ').includes(`v1,${want}`);
}

async function until(what, fn, ms = 15_000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const nav = (page, name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

test('a partner\'s endpoint: create, test send in the log, a real event and its replay, disable and enable; another\'s is not found', async () => {
  const partner = await partnerWithPassword('hooks');
  const other = await partnerWithPassword('otherhooks');
  const { port } = receiver.address();
  const hookURL = `http://127.0.0.1:${port}/hooks/${partner.id}`;
  const foreign = (await gql(other.token, `mutation($u: String!) { createWebhookEndpoint(input: {url: $u}) { endpoint { id } } }`,
    { u: `http://127.0.0.1:${port}/other` })).createWebhookEndpoint.endpoint.id;

  const who = await person(browser);
  const { page } = who;
  await signIn(who, partner.email, partner.password);
  await nav(page, 'Webhooks');
  await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
  await page.getByText('No webhook endpoints yet.').waitFor();
  await checkPage(who);

  // Create: the secret is shown once.
  await page.getByLabel('Endpoint URL').fill(hookURL);
  await page.getByLabel('Description').fill('E2E receiver');
  await page.getByRole('button', { name: 'Create endpoint' }).click();
  const secretBox = page.getByLabel('Signing secret', { exact: true });
  await secretBox.waitFor();
  const secret = (await secretBox.textContent()).trim();
  assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  const table = page.getByRole('table', { name: 'Webhook endpoints' });
  await table.getByRole('rowheader', { name: hookURL }).waitFor();
  assert.equal(await table.getByRole('rowheader').count(), 1);
  await table.getByRole('row').filter({ hasText: 'E2E receiver' }).getByText('Enabled', { exact: true }).waitFor();
  await checkPage(who, 'webhooks');

  // The endpoint's page: a test send, answered by the receiver, in the log.
  await table.getByRole('link', { name: hookURL }).click();
  await page.getByRole('heading', { level: 1, name: 'Webhook endpoint' }).waitFor();
  await page.getByRole('button', { name: 'Send test event' }).click();
  await page.getByRole('status').filter({ hasText: 'The test event was answered 200' }).waitFor();
  const log = page.getByRole('table', { name: 'Delivery log' });
  await log.getByRole('row').filter({ hasText: 'webhook.test' }).filter({ hasText: '200 (delivered)' }).waitFor();
  await log.getByRole('row').filter({ hasText: 'received by the e2e receiver' }).waitFor();
  assert.equal(received.length, 1);
  assert.equal(JSON.parse(received[0].body).type, 'webhook.test');
  assert.ok(verifies(received[0], secret), 'the test send verifies with the secret shown');
  await checkPage(who, 'webhook-endpoint');

  // A real event (a ref tag created over the API) arrives, is logged, and replays.
  await gql(partner.token, `mutation { createRefTag(input: {name: "Hooked"}) { id } }`);
  await until('the ref_tag.created delivery', () => received.some((r) => JSON.parse(r.body).type === 'ref_tag.created'));
  const event = received.find((r) => JSON.parse(r.body).type === 'ref_tag.created');
  assert.ok(verifies(event, secret), 'the event verifies with the secret shown');
  await until('the event in the log', async () => {
    await page.getByRole('button', { name: 'Refresh log' }).click();
    return (await log.getByRole('row').filter({ hasText: event.id }).count()) === 1;
  });
  await page.getByRole('button', { name: `Replay ${event.id}` }).click();
  await until('the replay', () => received.filter((r) => r.id === event.id).length === 2);

  // Disabled: says so, and why; enabled again.
  await page.getByRole('button', { name: 'Disable endpoint' }).click();
  await page.getByText(/^Disabled since .*: disabled by hand$/).waitFor();
  await checkPage(who);
  await page.getByRole('button', { name: 'Enable endpoint' }).click();
  await page.getByRole('button', { name: 'Disable endpoint' }).waitFor();

  // Another partner's endpoint by its id: not found, nothing of it shown.
  await page.goto(`/webhooks/${foreign}`);
  await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
  assert.equal(await page.getByText('/other').count(), 0);
  await checkPage(who);

  // The admin sees the partner's endpoint with its owner.
  const admin = await person(browser);
  await adminSignIn(admin);
  await nav(admin.page, 'Webhooks');
  const all = admin.page.getByRole('table', { name: 'Webhook endpoints' });
  await all.getByRole('row').filter({ hasText: hookURL }).getByText(partner.name, { exact: true }).waitFor();
  await checkPage(admin);
  await admin.close();

  // Deleted: gone from the list.
  await page.goto('/webhooks');
  await page.getByRole('table', { name: 'Webhook endpoints' }).getByRole('link', { name: hookURL }).click();
  await page.getByRole('button', { name: 'Delete endpoint' }).click();
  await page.getByRole('button', { name: 'Yes, delete endpoint' }).click();
  await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
  await page.getByText('No webhook endpoints yet.').waitFor();
  who.assertClean();
  await who.close();
});
