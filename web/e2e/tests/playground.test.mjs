// The Playground (GraphiQL) with its own markup axe-checked, as it loads
// and with each of its panels and dialogs open, at both sizes, with no
// console error; and the one finding GraphiQL's markup leaves, named
// exactly (docs/web-app.md says why it stays).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, checkPage, DESKTOP, launch, partnerWithPassword, person, PHONE, signIn } from '../lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(() => browser?.close());

test('the Playground, its panels and dialogs pass axe with GraphiQL\'s markup; a second tab brings the one documented finding', async () => {
  const partner = await partnerWithPassword('play');
  const who = await person(browser);
  const { page } = who;
  await signIn(who, partner.email, partner.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Playground', exact: true }).click();
  await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
  await checkPage(who);
  const button = (name) => page.getByRole('button', { name, exact: true });

  // The Documentation Explorer: its root, a type, a field.
  await button('Show Documentation Explorer').click();
  await page.locator('.graphiql-doc-explorer-root-type').first().waitFor();
  await checkPage(who);
  await page.locator('.graphiql-doc-explorer-type-name').first().click();
  await page.locator('.graphiql-doc-explorer-field-name').first().waitFor();
  await checkPage(who);
  await page.locator('.graphiql-doc-explorer-field-name').first().click();
  await checkPage(who);
  await button('Hide Documentation Explorer').click();

  await button('Show History').click();
  await checkPage(who);
  await button('Hide History').click();

  // Dialogs: no <style> element is added (the CSP would refuse it and say
  // so in the console; checkPage fails on that).
  for (const name of ['Open settings dialog', 'Open short keys dialog']) {
    await button(name).click();
    await page.getByRole('dialog').waitFor();
    await checkPage(who);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  }
  await button('Show editor tools').click();
  await checkPage(who);

  // A second tab shows the tab bar, whose tabs hold buttons: GraphiQL 4's
  // markup, the one finding left, and nothing else.
  await button('New tab').click();
  await page.locator('.graphiql-tab').nth(1).waitFor();
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    const found = await axeViolations(page);
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^serious nested-interactive: .*\(\.graphiql-tab\[role="tab"\]/);
  }
  await page.setViewportSize(DESKTOP);
  who.assertClean();
  await who.close();
});
