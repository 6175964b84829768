// Every page, as the demo partner and as the admin: axe-core at both
// sizes, no console error, no other host, and the screenshots of the
// README (docs/screenshots). The demo partner signs in with the password
// that --demo printed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { adminSignIn, checkPage, launch, person, signIn } from '../lib.mjs';

const demoPassword = process.env.REFTRACK_DEMO_PASSWORD;
let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

const heading = (page, name) => page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
const nav = (page, name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

test('every partner page, and the Playground with the session', { skip: !demoPassword && 'REFTRACK_DEMO_PASSWORD is not set' }, async () => {
  const who = await person(browser);
  const { page } = who;
  await signIn(who, 'demo@acme.example', demoPassword);
  await page.getByRole('button', { name: 'Last 30 days' }).click();
  await page.waitForURL(/from=\d{4}-\d\d-\d\d&to=/);
  await page.getByRole('list', { name: 'Latest conversions' }).getByRole('listitem').first().waitFor();
  assert.notEqual(await page.getByRole('region', { name: 'Conversions', exact: true }).locator('.value').textContent(), '0');
  await checkPage(who, 'overview');

  await nav(page, 'Referral URL');
  await heading(page, 'Referral URL');
  await page.getByRole('heading', { name: 'Your link' }).waitFor();
  await checkPage(who, 'referral-url');

  await nav(page, 'Ref tags');
  await heading(page, 'Ref tags');
  await page.getByRole('table', { name: 'Ref tags' }).getByRole('rowheader', { name: 'Newsletter' }).waitFor();
  await checkPage(who, 'ref-tags');

  await nav(page, 'Customers');
  await heading(page, 'Customers');
  const table = page.getByRole('table', { name: 'Customers' });
  await table.getByRole('rowheader').first().waitFor();
  await checkPage(who, 'customers');
  const first = table.getByRole('rowheader').first();
  const email = (await first.textContent()).trim();
  await first.getByRole('link').click();
  await heading(page, email);
  await checkPage(who);

  await nav(page, 'Settings');
  await heading(page, 'Settings');
  await page.getByRole('table', { name: 'Sessions' }).waitFor();
  await checkPage(who, 'settings');

  await nav(page, 'Webhooks');
  await heading(page, 'Webhooks');
  await page.getByRole('heading', { name: 'New endpoint' }).waitFor();
  await checkPage(who); // the webhooks script's screenshots show one with an endpoint

  // The Playground runs a query with the session: no token pasted.
  await nav(page, 'Playground');
  const editor = page.locator('.graphiql-query-editor .CodeMirror');
  await editor.waitFor();
  await editor.evaluate((el) => el.CodeMirror.setValue('{ me { name email } }'));
  await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();
  await page.locator('.result-window').filter({ hasText: 'Acme Agency' }).waitFor();
  assert.match(await page.locator('.result-window').textContent(), /demo@acme\.example/);
  // GraphiQL's markup included (docs/web-app.md says what the app does
  // about its findings).
  await checkPage(who, 'playground');
  await who.close();
});

test('every admin page', async () => {
  const who = await person(browser);
  const { page } = who;
  await page.goto('/admin');
  await page.waitForURL('**/admin/sign-in?next=%2Fadmin');
  await checkPage(who, 'admin-sign-in');
  await adminSignIn(who);
  await heading(page, 'Partners');
  const acme = page.getByRole('link', { name: 'Acme Agency' });
  await acme.waitFor();
  await checkPage(who, 'admin-partners');
  await acme.click();
  await heading(page, 'Acme Agency');
  await checkPage(who);

  await nav(page, 'Service tokens');
  await heading(page, 'Service tokens');
  await checkPage(who);
  await nav(page, 'Unmatched refs');
  await heading(page, 'Unmatched refs');
  await checkPage(who);
  await nav(page, 'Webhooks');
  await heading(page, 'Webhooks');
  await page.getByRole('button', { name: 'Create program-wide endpoint' }).waitFor();
  await checkPage(who);
  await who.close();
});
