// The referral URL: its slug is chosen once (a second is refused), its
// destination changes with the server's validation in place, and clicks
// made over HTTP show in its stats.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { base, checkPage, click, DESKTOP_UA, FIREFOX_UA, gql, launch, partnerWithPassword, person, signIn, unique } from '../lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

test('choosing the slug once, the redirect URL, clicks in the stats', async () => {
  const other = await partnerWithPassword('taken');
  const taken = unique('taken').toLowerCase();
  await gql(other.token, `mutation($s: String!, $r: String!) { createReferralURL(input: {slug: $s, redirectURL: $r}) { url } }`,
    { s: taken, r: `${base}/?welcome=other` });
  const partner = await partnerWithPassword('slug');
  const slug = unique('acme').toLowerCase();
  const who = await person(browser);
  const { page } = who;
  await signIn(who, partner.email, partner.password);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Referral URL' }).click();
  await page.getByRole('heading', { level: 1, name: 'Referral URL' }).waitFor();
  await page.getByRole('heading', { name: 'Choose your referral URL' }).waitFor();
  await page.getByText('can’t edit it in future').waitFor();
  await page.getByLabel('Slug').fill(taken);
  await page.locator('#slug-status').filter({ hasText: 'Not available' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Continue' }).isDisabled(), true);
  await page.getByLabel('Slug').fill(slug);
  await page.locator('#slug-status').filter({ hasText: `“${slug}” is available.` }).waitFor();
  await page.getByLabel('Redirect URL').fill(`${base}/?welcome=acme`);
  await checkPage(who, 'referral-url-choose');

  // A second tab gets as far as the confirmation with another slug.
  const second = await who.context.newPage();
  await second.goto('/referral-url');
  await second.getByLabel('Slug').fill(`${slug}-two`);
  await second.locator('#slug-status').filter({ hasText: 'is available.' }).waitFor();
  await second.getByLabel('Redirect URL').fill(`${base}/?welcome=two`);
  await second.getByRole('button', { name: 'Continue' }).click();

  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Confirm your referral URL' }).waitFor();
  await page.getByRole('button', { name: 'Create referral URL' }).click();
  await page.getByRole('heading', { name: 'Your link' }).waitFor();
  await page.getByRole('link', { name: `${base}/r/${slug}` }).waitFor();

  // The second slug is refused: a partner has one referral URL.
  await second.getByRole('button', { name: 'Create referral URL' }).click();
  await second.getByRole('alert').waitFor();
  await second.close();
  who.problems.splice(0); // the refused request is a console error of that tab
  const { me } = await gql(partner.token, '{ me { referralURL { url redirectURL } } }');
  assert.deepEqual(me.referralURL, { url: `${base}/r/${slug}`, redirectURL: `${base}/?welcome=acme` });

  // The redirect URL: the server's message in place, then saved.
  const redirect = page.getByLabel('Redirect URL');
  await redirect.fill('ftp://files.example.com/');
  await page.getByRole('button', { name: 'Save redirect URL' }).click();
  await page.locator('#redirect-error').filter({ hasText: 'http or https' }).waitFor();
  who.problems.splice(0);
  assert.equal((await gql(partner.token, '{ me { referralURL { redirectURL } } }')).me.referralURL.redirectURL, `${base}/?welcome=acme`);
  await redirect.fill(`${base}/pricing`);
  await page.getByRole('button', { name: 'Save redirect URL' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

  // Two visitors follow the link, one of them twice.
  const first = new Map();
  for (const [jar, ua] of [[first, DESKTOP_UA], [new Map(), FIREFOX_UA], [first, DESKTOP_UA]]) {
    const resp = await click(`/r/${slug}`, jar, ua);
    assert.equal(resp.status, 302);
    assert.match(resp.headers.get('location'), new RegExp(`^${base}/pricing\\?`));
  }
  await page.reload();
  const stats = page.getByRole('heading', { name: 'This link’s clicks and conversions' }).locator('..');
  const value = (name) => stats.getByRole('region', { name, exact: true }).locator('.value');
  await page.waitForFunction(() => document.querySelector('[aria-label="Total clicks"] .value')?.textContent === '3');
  assert.deepEqual(
    [await value('Unique clicks').textContent(), await value('Returning clicks').textContent(), await value('Total clicks').textContent(), await value('Bot clicks').textContent()],
    ['2', '1', '3', '0'],
  );
  await checkPage(who);
  await who.close();
});
