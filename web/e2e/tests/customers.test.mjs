// Customers: tagging, filtering by tags, and another partner's customer by
// its id in the address bar.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkPage, gql, launch, partnerWithPassword, person, serviceToken, signIn } from '../lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

test('tagging and filtering customers; another partner\'s customer is not found', async () => {
  const service = await serviceToken();
  const signup = async (partner, email) => {
    const { code } = partner.tag ??= (await gql(partner.token, `mutation { createRefTag(input: {name: "Webinar"}) { code } }`)).createRefTag;
    return (await gql(service, `mutation($in: RecordSignupInput!) { recordSignup(input: $in) { customer { id } } }`,
      { in: { ref: code, email } })).recordSignup;
  };
  const partner = await partnerWithPassword('cust');
  const other = await partnerWithPassword('othercust');
  for (const e of ['ann@example.com', 'bob@example.com', 'cid@example.com']) await signup(partner, e);
  const foreign = await signup(other, 'secret@example.com');

  const who = await person(browser);
  const { page } = who;
  await signIn(who, partner.email, partner.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
  const table = page.getByRole('table', { name: 'Customers' });
  await table.getByRole('rowheader', { name: 'ann@example.com' }).waitFor();
  assert.equal(await table.getByRole('rowheader').count(), 3);

  // A tag of the partner's own, given to two customers.
  await page.getByLabel('New customer tag').fill('VIP');
  await page.getByRole('button', { name: 'Create tag' }).click();
  await page.getByRole('list', { name: 'Your own tags' }).getByText('VIP').waitFor();
  for (const e of ['ann@example.com', 'cid@example.com']) {
    await page.getByLabel(`Tag to add to ${e}`).selectOption({ label: 'VIP' });
    await page.getByRole('button', { name: `Add tag to ${e}` }).click();
    await page.getByRole('list', { name: `Tags of ${e}` }).getByText('VIP').waitFor();
  }
  await checkPage(who);

  // Filtered by VIP: the two, and the filter is in the address.
  await page.getByRole('group', { name: 'Filter by tags' }).getByRole('checkbox', { name: 'VIP' }).check();
  await page.waitForURL(/[?&]tags=/);
  await page.getByRole('status').filter({ hasText: '2 customers' }).waitFor();
  assert.deepEqual((await table.getByRole('rowheader').allTextContents()).map((s) => s.trim()).sort(), ['ann@example.com', 'cid@example.com']);
  await page.reload();
  await page.getByRole('status').filter({ hasText: '2 customers' }).waitFor();

  // Untagging one leaves one in the filter.
  await page.getByRole('button', { name: 'Remove tag VIP from cid@example.com' }).click();
  await page.getByRole('status').filter({ hasText: '1 customers' }).or(page.getByRole('status').filter({ hasText: '1 customer' })).first().waitFor();
  const { customers } = await gql(partner.token, `{ customers(first: 10) { edges { node { email tags { name } } } } }`);
  const vip = customers.edges.filter((e) => e.node.tags.some((t) => t.name === 'VIP')).map((e) => e.node.email);
  assert.deepEqual(vip, ['ann@example.com']);

  // Another partner's customer by its id: "Not found", nothing of it shown.
  await page.goto(`/customers/${foreign.customer.id}`);
  await page.getByRole('heading', { level: 1, name: 'Not found' }).waitFor();
  assert.equal(await page.getByText('secret@example.com').count(), 0);
  who.problems.splice(0); // the NOT_FOUND answer may be logged by the page
  await who.close();
});
