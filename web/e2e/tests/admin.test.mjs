// The admin creates a partner in the admin area and hands over the
// invitation link, which signs the new partner in; a partner opening an
// admin page sees "Not found"; a password link issued by the admin; service
// and admin tokens created, shown once and revoked.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { adminSignIn, adminToken, base, checkPage, gql, gqlRaw, launch, origin, partnerWithPassword, person, signIn, unique } from '../lib.mjs';

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

test('a password link issued by the admin sets a new password; the old one and an earlier link stop working', async () => {
  const partner = await partnerWithPassword('reset');
  const admin = await person(browser);
  const { page } = admin;
  await adminSignIn(admin);
  await page.goto(`/admin/partners/${partner.id}`);
  await page.getByRole('heading', { level: 1, name: partner.name }).waitFor();
  const issue = page.getByRole('button', { name: `Password link for ${partner.name}`, exact: true });
  const output = page.locator(`output[aria-label="Password link for ${partner.name}"]`);
  await issue.click();
  await output.waitFor();
  const first = (await output.textContent()).trim();
  assert.match(first, new RegExp(`^${base}/set-password#token=\\S+$`));
  await page.getByText('Reftrack sends no email').first().waitFor();
  await checkPage(admin);
  // A second link replaces the first.
  await issue.click();
  await page.waitForFunction(([sel, was]) => document.querySelector(sel)?.textContent.trim() !== was,
    [`output[aria-label="Password link for ${partner.name}"]`, first]);
  const link = (await output.textContent()).trim();
  admin.assertClean();

  const who = await person(browser);
  const p = who.page;
  const setPassword = async (url, password) => {
    await p.goto(url);
    await p.getByRole('heading', { level: 1, name: 'Set your password' }).waitFor();
    await p.getByLabel('New password').fill(password);
    await p.getByLabel('Repeat the password').fill(password);
    await p.getByRole('button', { name: 'Set password and sign in' }).click();
  };
  await setPassword(first, 'an earlier link password');
  await p.getByRole('alert').filter({ hasText: 'This link has expired or was already used' }).waitFor();
  assert.equal(who.forgive(/^console error on .*\/set-password#token=\S+: Failed to load resource: the server responded with a status of 401 \(Unauthorized\)$/), 1);
  who.assertClean();
  const password = 'a brand new password';
  await setPassword(link, password);
  await p.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  assert.match(await p.locator('.who').textContent(), new RegExp(partner.name));
  who.assertClean();
  await who.close();

  // The old password is refused, the new one signs in; the link is spent.
  const signInStatus = async (pw) => (await fetch(`${base}/auth/sign-in`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin }, body: JSON.stringify({ email: partner.email, password: pw }),
  })).status;
  assert.equal(await signInStatus(partner.password), 401);
  const spent = await fetch(`${base}/auth/password`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify({ token: new URL(link).hash.replace(/^#token=/, ''), password: 'yet another password' }),
  });
  assert.equal(spent.status, 401);
  const again = await person(browser);
  await signIn(again, partner.email, password);
  again.assertClean();
  await again.close();
  await admin.close();
});

test('service and admin tokens: created and shown once, then revoked and refused by the API; the last admin token stays', async () => {
  const admin = await person(browser);
  const { page } = admin;
  await adminSignIn(admin);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Service tokens' }).click();
  await page.getByRole('heading', { level: 1, name: 'Service tokens' }).waitFor();
  const table = page.getByRole('table', { name: 'Tokens' });
  // What each kind of token may do, and the answer once it is revoked.
  const probes = {
    service: `{ events(first: 1) { edges { cursor } } }`,
    admin: `{ apiTokens { id } }`,
  };

  const create = async (kind) => {
    const name = unique(`e2e-${kind}`);
    await page.getByLabel('Token name').fill(name);
    await page.getByRole('button', { name: `Create ${kind} token` }).click();
    const shown = page.locator('output[aria-label="New token"]');
    await page.getByText(`The ${kind} token “${name}” is shown only now.`).waitFor();
    const token = (await shown.textContent()).trim();
    assert.match(token, /^rt_\S{20,}$/);
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    // Role, created, revoked.
    const cells = async () => (await row.getByRole('cell').allTextContents()).map((c) => c.trim());
    await row.waitFor();
    assert.deepEqual([(await cells())[0], (await cells())[2]], [kind === 'admin' ? 'Admin' : 'Service', '—']);
    assert.equal((await gqlRaw(token, probes[kind])).body.errors, undefined, `the new ${kind} token works`);
    return { kind, name, token, row, cells };
  };
  const revoke = async (t) => {
    await t.row.getByRole('button', { name: `Revoke ${t.name}` }).click();
    await t.row.getByRole('button', { name: `Revoke ${t.name}` }).waitFor({ state: 'detached' });
    assert.match((await t.cells())[2], /\d{4}.*UTC$/);
    // Refused before it runs: in JSON, 200 with the error and no data
    // (decision 0021).
    const refused = await gqlRaw(t.token, probes[t.kind]);
    assert.deepEqual([refused.status, refused.body.errors?.[0]?.extensions?.code, refused.body.data], [200, 'UNAUTHENTICATED', undefined],
      JSON.stringify(refused.body));
  };

  const service = await create('service');
  await checkPage(admin);
  // Shown once: after a reload the token is nowhere on the page.
  await page.reload();
  await service.row.waitFor();
  assert.equal(await page.locator('output[aria-label="New token"]').count(), 0);
  assert.equal((await page.content()).includes(service.token), false);
  await revoke(service);

  // Two admin tokens: the first is revoked; the last one in the database
  // is not (this session came through REFTRACK_ADMIN_TOKEN, but a session
  // is not that token), and it still works.
  const first = await create('admin');
  const last = await create('admin');
  assert.equal((await page.content()).includes(first.token), false, 'only the newest token is shown');
  await revoke(first);
  await last.row.getByRole('button', { name: `Revoke ${last.name}` }).click();
  await page.getByRole('alert').filter({ hasText: 'this is the last admin token' }).waitFor();
  assert.equal((await last.cells())[2], '—');
  assert.equal((await gqlRaw(last.token, probes.admin)).body.errors, undefined, 'the last admin token still works');
  await checkPage(admin);
  admin.assertClean();
  await admin.close();
});
