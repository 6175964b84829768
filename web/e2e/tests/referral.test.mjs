// The referral URL: its slug is chosen once (a second is refused), its
// destination changes with the server's validation in place, and clicks
// made over HTTP show in its stats; its QR code downloads as PNG and SVG.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { crc32, inflateSync } from 'node:zlib';
import QRCode from 'qrcode';
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
  // A refusal is a GraphQL error in a 200 answer: no console error.
  who.assertClean('the refused second slug');
  const { me } = await gql(partner.token, '{ me { referralURL { url redirectURL } } }');
  assert.deepEqual(me.referralURL, { url: `${base}/r/${slug}`, redirectURL: `${base}/?welcome=acme` });

  // The redirect URL: the server's message in place, then saved.
  const redirect = page.getByLabel('Redirect URL');
  await redirect.fill('ftp://files.example.com/');
  await page.getByRole('button', { name: 'Save redirect URL' }).click();
  await page.locator('#redirect-error').filter({ hasText: 'http or https' }).waitFor();
  who.assertClean('the refused redirect URL');
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

/** The PNG's size after checking its signature, every chunk's CRC and that its pixels inflate to the size IHDR says. */
function checkPNG(png) {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const chunks = [];
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('latin1');
    const data = png.subarray(at + 8, at + 8 + len);
    assert.equal(png.readUInt32BE(at + 8 + len), crc32(png.subarray(at + 4, at + 8 + len)), `CRC of ${type}`);
    chunks.push({ type, data });
    at += 12 + len;
  }
  assert.equal(chunks[0].type, 'IHDR');
  assert.equal(chunks.at(-1).type, 'IEND');
  const ihdr = chunks[0].data;
  const [width, height, depth, color] = [ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9]];
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[color];
  const pixels = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  assert.equal(pixels.length, height * (1 + Math.ceil((width * channels * depth) / 8)), 'inflated pixel bytes');
  return { width, height };
}

/** Whether each module of an n×n grid over the image is dark, sampled at its centre in the page's canvas. */
function modulesOf(page, src, n) {
  return page.evaluate(async ({ src, n }) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const side = 768;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = side;
    const g = canvas.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, side, side);
    g.drawImage(img, 0, 0, side, side);
    const px = g.getImageData(0, 0, side, side).data;
    const dark = [];
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        const [cx, cy] = [Math.floor(((x + 0.5) * side) / n), Math.floor(((y + 0.5) * side) / n)];
        dark.push(px[(cy * side + cx) * 4] < 128 ? 1 : 0);
      }
    }
    return dark;
  }, { src, n });
}

test('the QR code downloads as a PNG and an SVG, each the code of the link', async () => {
  const partner = await partnerWithPassword('qr');
  const slug = unique('qr').toLowerCase();
  await gql(partner.token, `mutation($s: String!, $r: String!) { createReferralURL(input: {slug: $s, redirectURL: $r}) { url } }`,
    { s: slug, r: `${base}/?welcome=qr` });
  const who = await person(browser);
  const { page } = who;
  await signIn(who, partner.email, partner.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Referral URL' }).click();
  await page.getByRole('heading', { name: 'Your link' }).waitFor();
  const link = `${base}/r/${slug}`;
  await page.getByRole('img', { name: `QR code of ${link}` }).waitFor();
  await checkPage(who);

  const files = {};
  for (const kind of ['PNG', 'SVG']) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: `Download QR code (${kind})` }).click()]);
    assert.equal(download.suggestedFilename(), `referral-${slug}.${kind.toLowerCase()}`);
    assert.equal(await download.failure(), null);
    files[kind] = await readFile(await download.path());
  }
  assert.deepEqual(checkPNG(files.PNG), { width: 768, height: 768 });
  const svg = files.SVG.toString('utf8');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return { errors: doc.getElementsByTagName('parsererror').length, root: doc.documentElement.namespaceURI + ' ' + doc.documentElement.localName };
  }, svg);
  assert.deepEqual(parsed, { errors: 0, root: 'http://www.w3.org/2000/svg svg' });

  // Both are the QR code of the link (error correction M, a margin of two
  // modules), module by module.
  const { modules } = QRCode.create(link, { errorCorrectionLevel: 'M' });
  const n = modules.size + 4;
  const want = [];
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const inside = x >= 2 && y >= 2 && x < n - 2 && y < n - 2;
      want.push(inside && modules.data[(y - 2) * modules.size + (x - 2)] ? 1 : 0);
    }
  }
  assert.deepEqual(await modulesOf(page, `data:image/png;base64,${files.PNG.toString('base64')}`, n), want, 'the PNG');
  assert.deepEqual(await modulesOf(page, `data:image/svg+xml;base64,${files.SVG.toString('base64')}`, n), want, 'the SVG');
  who.assertClean();
  await who.close();
});
