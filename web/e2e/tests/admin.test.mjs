// The admin creates a partner in the admin area and hands over the
// invitation link, which signs the new partner in; a partner opening an
// admin page sees "Not found".
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { adminSignIn, adminToken, checkPage, gql, launch, person, unique } from '../lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

test('the admin creates a partner, whose invitation link signs it in', async () => {
  const admin = await person(browser);
  const { page } = admin;
  await adminSignIn(admin);
  await page.getByRole('heading', { level: 1, name: 'Partners' }).waitFor();
  const email = `${unique('wendy')}@e2e.example`;
  const name = `Westwind ${email.slice(6, 12)}`;
  await page.getByLabel('Partner name').fill(name);
  await page.getByLabel('Partner email').fill(email);
  await page.getByLabel('Timezone').fill('America/New_York');
  await page.getByRole('button', { name: 'Create partner' }).click();
  await page.locator('output[aria-label="Invitation link"]').waitFor();
  const invitation = (await page.locator('output[aria-label="Invitation link"]').textContent()).trim();
  assert.match(invitation, /\/set-password#token=\S+$/);
  await checkPage(admin);

  // The API agrees: one partner by that email, without a password yet.
  const { partnerLeaderboard } = await gql(adminToken, `query($r: DateRange!) { partnerLeaderboard(range: $r) { partner { name email timezone hasPassword } } }`,
    { r: { from: '2026-01-01', to: '2026-01-02' } });
  assert.deepEqual(partnerLeaderboard.map((e) => e.partner).filter((p) => p.email === email),
    [{ name, email, timezone: 'America/New_York', hasPassword: false }]);

  // The new partner follows the link in a browser of its own.
  const partner = await person(browser);
  await partner.page.goto(invitation);
  await partner.page.getByLabel('New password').fill('a long enough password');
  await partner.page.getByLabel('Repeat the password').fill('a long enough password');
  await partner.page.getByRole('button', { name: 'Set password and sign in' }).click();
  await partner.page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  assert.equal(await partner.page.locator('.who').textContent().then((t) => t.includes(name)), true);

  // Admin pages are not a partner's: "Not found", and no admin data.
  await partner.page.goto('/admin');
  await partner.page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
  assert.equal(await partner.page.getByRole('table', { name: 'Partners' }).count(), 0);
  partner.assertClean();
  await partner.close();
  await admin.close();
});
