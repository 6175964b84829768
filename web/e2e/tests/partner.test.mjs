// A partner's first day: the invitation link, the password, the overview,
// a signup arriving live, signing out and in again.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkPage, createPartner, gql, launch, person, serviceToken, signIn, unique } from '../lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

const card = (page, name) => page.getByRole('region', { name, exact: true }).locator('.value');

test('invitation, first sign-in, a live signup, sign-out and sign-in', async () => {
  const email = `${unique('nora')}@e2e.example`;
  const partner = await createPartner('Northwind Partners', email);
  const { code } = (await gql(partner.token, `mutation { createRefTag(input: {name: "Spring Newsletter"}) { code } }`)).createRefTag;
  const who = await person(browser);
  const { page } = who;

  // Not signed in: the app sends the partner to the sign-in page.
  await page.goto('/customers');
  await page.waitForURL('**/sign-in?next=%2Fcustomers');
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await checkPage(who, 'sign-in');

  // The invitation link sets the password and signs in.
  await page.goto(partner.invitationURL);
  await page.getByRole('heading', { level: 1, name: 'Set your password' }).waitFor();
  await checkPage(who);
  await page.getByLabel('New password').fill('short');
  await page.getByLabel('Repeat the password').fill('short');
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  // Too short: the form does not go (the field says why) and the link
  // stays unused.
  assert.equal(await page.getByLabel('New password').evaluate((el) => el.validity.valid), false);
  await page.getByRole('heading', { level: 1, name: 'Set your password' }).waitFor();
  const password = 'correct horse battery';
  await page.getByLabel('New password').fill(password);
  await page.getByLabel('Repeat the password').fill(password);
  await page.getByRole('button', { name: 'Set password and sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  assert.equal(await card(page, 'Conversions').textContent(), '0');
  assert.equal(await page.getByRole('list', { name: 'Latest conversions' }).getByRole('listitem').count(), 0);
  await checkPage(who);

  // The link works once.
  const again = await person(browser);
  await again.page.goto(partner.invitationURL);
  await again.page.getByLabel('New password').fill('another password');
  await again.page.getByLabel('Repeat the password').fill('another password');
  await again.page.getByRole('button', { name: 'Set password and sign in' }).click();
  await again.page.getByRole('alert').filter({ hasText: 'This link has expired or was already used' }).waitFor();
  // The refused POST is the page's one console error.
  assert.equal(again.forgive(/^console error on [^ ]*\/set-password#token=\S+: Failed to load resource: the server responded with a status of 401 \(Unauthorized\)$/), 1);
  again.assertClean();
  await again.close();

  // The company's backend reports a signup: it appears without a reload.
  const service = await serviceToken();
  const marker = await page.evaluate(() => (window.__noReload = Math.random()));
  await gql(service, `mutation($in: RecordSignupInput!) { recordSignup(input: $in) { id } }`, {
    in: { ref: code, email: 'first.customer@example.com', name: 'First Customer' },
  });
  const item = page.getByRole('list', { name: 'Latest conversions' }).getByRole('listitem');
  await item.filter({ hasText: 'first.customer@example.com' }).waitFor();
  assert.equal(await item.count(), 1);
  assert.match(await item.textContent(), /via ref tag Spring Newsletter/);
  await assert.doesNotReject(async () => {
    await page.waitForFunction(() => document.querySelector('[aria-label="Conversions"] .value')?.textContent === '1');
  });
  assert.equal(await page.evaluate(() => window.__noReload), marker, 'the page was reloaded');
  who.assertClean();

  // Signing out ends the session: the app and the API refuse the cookie.
  const cookie = (await who.context.cookies()).find((c) => c.name === 'reftrack_session');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  const resp = await fetch(new URL('/graphql', page.url()), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: new URL(page.url()).origin, Cookie: `${cookie.name}=${cookie.value}` },
    body: JSON.stringify({ query: '{ me { email } }' }),
  });
  const body = await resp.json();
  assert.equal(body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', JSON.stringify(body));
  await page.goto('/');
  await page.waitForURL('**/sign-in?next=%2F');

  // A wrong password is refused; the right one signs in.
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
  // The refused sign-in is the page's one console error.
  assert.equal(who.forgive(/^console error on [^ ]*\/sign-in\?next=%2F: Failed to load resource: the server responded with a status of 401 \(Unauthorized\)$/), 1);
  await checkPage(who);
  await signIn(who, email, password);
  assert.equal(await card(page, 'Conversions').textContent(), '1');
  who.assertClean();
  await who.close();
});
