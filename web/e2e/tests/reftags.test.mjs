// Ref tags: "Ref Tag", a name, Save; rename in place; clicks made over HTTP
// in the table; the CSV holds exactly the API's numbers; the link builder.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { base, checkPage, click, DESKTOP_UA, FIREFOX_UA, gql, launch, partnerWithPassword, person, serviceToken, signIn } from '../lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

test('creating and renaming tags, clicks in the table, the CSV', async () => {
  const partner = await partnerWithPassword('tags');
  const who = await person(browser);
  const { page } = who;
  await signIn(who, partner.email, partner.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Ref tags' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ref tags' }).waitFor();

  const codes = {};
  for (const name of ['Facebook Campaign', 'Spring Newsletter']) {
    await page.getByRole('button', { name: 'Ref Tag' }).click();
    await page.getByLabel('New tag name').fill(name);
    await page.getByRole('button', { name: 'Save' }).click();
    const status = page.getByRole('status').filter({ hasText: `Created “${name}” with code` });
    await status.waitFor();
    codes[name] = (await status.textContent()).match(/with code (\S+?)\.?$/)[1];
  }
  const table = page.getByRole('table', { name: 'Ref tags' });
  await table.getByRole('rowheader', { name: 'Spring Newsletter' }).waitFor();

  await table.getByRole('button', { name: 'Rename Spring Newsletter' }).click();
  await table.getByLabel('New name for Spring Newsletter').fill('Summer Newsletter');
  await table.getByRole('button', { name: 'Save' }).click();
  await table.getByRole('rowheader', { name: 'Summer Newsletter' }).waitFor();
  const { refTags } = await gql(partner.token, '{ refTags(first: 10, orderBy: {field: NAME, direction: ASC}) { edges { node { name code } } } }');
  assert.deepEqual(refTags.edges.map((e) => e.node), [
    { name: 'Facebook Campaign', code: codes['Facebook Campaign'] },
    { name: 'Summer Newsletter', code: codes['Spring Newsletter'] },
  ]);

  // Clicks over HTTP: two visitors on the newsletter tag, one of them
  // twice, and one on the campaign; a signup through the campaign.
  const to = encodeURIComponent(`${base}/pricing?plan=pro`);
  const a = new Map();
  for (const [jar, ua, code] of [
    [a, DESKTOP_UA, codes['Spring Newsletter']],
    [new Map(), FIREFOX_UA, codes['Spring Newsletter']],
    [a, DESKTOP_UA, codes['Spring Newsletter']],
    [a, DESKTOP_UA, codes['Facebook Campaign']],
  ]) {
    assert.equal((await click(`/t/${code}?to=${to}`, jar, ua)).status, 302);
  }
  await gql(await serviceToken(), `mutation($in: RecordSignupInput!) { recordSignup(input: $in) { id } }`, {
    in: { ref: codes['Facebook Campaign'], email: 'tagged@example.com' },
  });

  await page.reload();
  const row = (name) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
  await row('Summer Newsletter').getByRole('cell').first().waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('table td')].some((td) => td.textContent === '3'));
  // The numbers; the last cell holds the rename button.
  const cells = async (name) => (await row(name).getByRole('cell').allTextContents()).map((s) => s.trim()).slice(0, 6);
  assert.deepEqual(await cells('Summer Newsletter'), [codes['Spring Newsletter'], '2', '1', '3', '0', '0.0%']);
  assert.deepEqual(await cells('Facebook Campaign'), [codes['Facebook Campaign'], '1', '0', '1', '1', '100.0%']);
  await checkPage(who, 'ref-tags');

  // Sorted by total clicks, most first.
  const sortBy = table.getByRole('button', { name: 'Total clicks' });
  const th = table.getByRole('columnheader').filter({ has: page.getByRole('button', { name: 'Total clicks' }) });
  await sortBy.click();
  if ((await th.getAttribute('aria-sort')) !== 'descending') await sortBy.click();
  assert.equal(await th.getAttribute('aria-sort'), 'descending');
  assert.deepEqual(await table.getByRole('rowheader').allTextContents(), ['Summer Newsletter', 'Facebook Campaign']);
  await sortBy.click();
  assert.equal(await th.getAttribute('aria-sort'), 'ascending');
  assert.deepEqual(await table.getByRole('rowheader').allTextContents(), ['Facebook Campaign', 'Summer Newsletter']);
  await sortBy.click();

  // The CSV: the rows as shown (most clicks first), and the API's numbers
  // for the same range.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const [, from, toDay] = download.suggestedFilename().match(/^ref-tags-(\d{4}-\d\d-\d\d)-to-(\d{4}-\d\d-\d\d)\.csv$/);
  const csv = (await readFile(await download.path(), 'utf8')).trim().split(/\r?\n/);
  const api = await gql(partner.token, `query($r: DateRange!) { refTags(first: 10) { edges { node { name code
    stats(range: $r) { uniqueClicks returningClicks totalClicks conversions conversionRate } } } } }`, { r: { from, to: toDay } });
  const want = new Map(api.refTags.edges.map(({ node: n }) => [n.name,
    [n.name, n.code, n.stats.uniqueClicks, n.stats.returningClicks, n.stats.totalClicks, n.stats.conversions, `${(n.stats.conversionRate * 100).toFixed(1)}%`].join(',')]));
  assert.deepEqual(csv, [
    'Name,Code,Unique clicks,Returning clicks,Total clicks,Conversions,Conversion rate',
    want.get('Summer Newsletter'),
    want.get('Facebook Campaign'),
  ]);
  assert.equal(want.get('Summer Newsletter'), `Summer Newsletter,${codes['Spring Newsletter']},2,1,3,0,0.0%`);
  who.assertClean();
  await who.close();
});

test('the link builder: a pasted page keeps its own query and gets ?ref= or &ref=, copied', async () => {
  const partner = await partnerWithPassword('builder');
  const codes = {};
  for (const name of ['Autumn Sale', 'Newsletter']) {
    codes[name] = (await gql(partner.token, `mutation($n: String!) { createRefTag(input: {name: $n}) { code } }`, { n: name })).createRefTag.code;
  }
  const who = await person(browser);
  const { page } = who;
  await who.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await signIn(who, partner.email, partner.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Ref tags' }).click();
  await page.getByRole('heading', { name: 'Link builder' }).waitFor();

  const pageField = page.getByLabel('Page of your site');
  const tagged = page.getByLabel('Tagged link');
  const paste = async (text) => {
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await pageField.fill('');
    await pageField.focus();
    await page.keyboard.press('Control+V');
    assert.equal(await pageField.inputValue(), text);
  };
  const cases = [
    // No query of its own: ?ref= is added.
    ['https://shop.example.com/pricing', 'Autumn Sale', `https://shop.example.com/pricing?ref=${codes['Autumn Sale']}`],
    // Its own query stays as it was, encoding included, and so does the
    // fragment: &ref= is added.
    ['https://shop.example.com/search?q=red%20shoes&utm_source=mail#results', 'Newsletter',
      `https://shop.example.com/search?q=red%20shoes&utm_source=mail&ref=${codes.Newsletter}#results`],
    // An earlier ref is replaced, not repeated.
    ['https://shop.example.com/?ref=old&page=2', 'Autumn Sale', `https://shop.example.com/?page=2&ref=${codes['Autumn Sale']}`],
  ];
  for (const [pasted, tag, want] of cases) {
    await paste(pasted);
    // The select's name is its label and the chosen option: "Tag NAME (CODE)".
    await page.getByRole('combobox', { name: /^Tag\b/ }).selectOption({ label: `${tag} (${codes[tag]})` });
    assert.equal(await tagged.inputValue(), want, pasted);
    await page.getByRole('button', { name: 'Copy tagged link' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), want);
  }
  await checkPage(who);

  // Not a web address: said in place, and nothing to copy.
  await pageField.fill('shop.example.com/pricing');
  await page.getByRole('alert').filter({ hasText: 'Enter a whole address' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Copy tagged link' }).count(), 0);
  who.assertClean();
  await who.close();
});
