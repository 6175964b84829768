// The harness itself: its guards must be able to fail, or every test that
// relies on them proves nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, base, checkPage, launch, person } from '../lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

// A page on the server's origin to start from. For a text page Chromium
// also asks for /favicon.ico, which is 404 (the app's pages name their
// icon): that console error is not the test's.
async function onServer(who) {
  const resp = await who.page.goto('/healthz');
  await who.page.waitForLoadState('networkidle');
  who.problems.splice(0);
  return resp;
}

test('the server answers in Chromium', async () => {
  const who = await person(browser);
  const resp = await onServer(who);
  assert.equal(resp.status(), 200);
  assert.equal((await who.page.textContent('body')).trim(), 'ok');
  await who.close();
});

test('axe-core reports what a screen reader would miss, and passes a clean page', async () => {
  const who = await person(browser);
  await onServer(who);
  await who.page.setContent('<html lang="en"><title>t</title><main><h1>Sign in</h1><input type="password"><button></button></main></html>');
  const found = await axeViolations(who.page);
  assert.ok(found.some((v) => v.includes('button-name')), found.join('\n'));
  assert.ok(found.some((v) => v.includes('label')), found.join('\n'));
  await who.page.setContent('<html lang="en"><title>t</title><main><h1>Sign in</h1><label>Password <input type="password"></label><button>Sign in</button></main></html>');
  await checkPage(who);
  await who.close();
});

test('the guards see console errors, exceptions and other hosts', async () => {
  const who = await person(browser);
  await onServer(who);
  await who.page.evaluate(() => {
    console.error('boom');
    setTimeout(() => { throw new Error('uncaught'); });
    fetch('http://other.invalid/x').catch(() => {});
  });
  await who.page.waitForTimeout(300);
  assert.throws(() => who.assertClean(), (e) => {
    const text = String(e.message);
    return text.includes('boom') && text.includes('uncaught') && text.includes('other.invalid');
  });
  who.assertClean(); // assertClean forgets what it reported
  assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
  await who.close();
});
