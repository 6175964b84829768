// The harness of the end-to-end tests: Debian's Chromium driven by
// playwright-core, axe-core injected into each page, guards that fail a
// test on a console error or a request to another host, and the API calls
// (bearer tokens, plain HTTP) that set a scene up. README.md says how to run.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import axe from 'axe-core';

/** The server under test, e.g. http://127.0.0.1:8080 (no trailing slash). */
export const base = (process.env.REFTRACK_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const origin = new URL(base).origin;
export const adminToken = process.env.REFTRACK_ADMIN_TOKEN || '';
/** internal/webtest's control server (POST /restart); unset against a server started by hand. */
export const controlURL = process.env.REFTRACK_CONTROL_URL || '';
/** Where screenshots go; none are taken when unset. */
const screenshots = process.env.REFTRACK_SCREENSHOTS || '';

// Chromium's own headless User-Agent says "HeadlessChrome", which the
// server counts as a bot: clicks a partner should see come with this one.
export const DESKTOP_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
// A second desktop browser: a visitor without a cookie is known by a hash
// of address and User-Agent, so two visitors from 127.0.0.1 need two.
export const FIREFOX_UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0';
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/**
 * Launches Debian's Chromium (never a downloaded one). Playwright gives
 * every launch a fresh temporary user-data directory, removed on close.
 */
export function launch() {
  return chromium.launch({
    executablePath: process.env.REFTRACK_CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    timeout: 60_000,
  });
}

/**
 * A person at a browser: a context of its own (its own cookies), one page,
 * and the problems the guards saw: console errors, uncaught exceptions and
 * requests to any host but the server's.
 */
export async function person(browser, { allowHosts = [] } = {}) {
  const context = await browser.newContext({ viewport: DESKTOP, userAgent: DESKTOP_UA, baseURL: base });
  context.setDefaultTimeout(15_000);
  const problems = [];
  const hosts = new Set([new URL(base).host, ...allowHosts]);
  const watch = (page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error on ${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`uncaught exception on ${page.url()}: ${e.message}`));
    page.on('websocket', (ws) => checkHost(ws.url()));
  };
  const checkHost = (raw) => {
    const u = new URL(raw);
    if (['data:', 'blob:', 'about:'].includes(u.protocol)) return;
    if (!hosts.has(u.host)) problems.push(`request to another host: ${raw}`);
  };
  context.on('request', (r) => checkHost(r.url()));
  context.on('page', watch);
  const page = await context.newPage();
  return {
    context,
    page,
    problems,
    /**
     * Forgets the problems that match pattern (an error the test expects,
     * named exactly) and returns how many; any other stays for assertClean.
     */
    forgive(pattern) {
      const kept = problems.filter((p) => !pattern.test(p));
      const n = problems.length - kept.length;
      problems.splice(0, problems.length, ...kept);
      return n;
    },
    /** Fails when a guard saw a problem, and forgets them. */
    assertClean(what = 'the page') {
      const seen = problems.splice(0);
      assert.deepEqual(seen, [], `${what}: console errors or requests to other hosts`);
    },
    close: () => context.close(),
  };
}

/**
 * Checks the page as it stands at 1280x800 and at 390x844: axe-core finds
 * no serious or critical violation (outside the selectors in exclude), and
 * no guard saw a problem. With name, it saves NAME.png (desktop) and
 * NAME-phone.png.
 */
export async function checkPage(who, name, { exclude = [] } = {}) {
  const { page } = who;
  await page.waitForLoadState('networkidle');
  for (const [size, suffix] of [[DESKTOP, ''], [PHONE, '-phone']]) {
    await page.setViewportSize(size);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const found = await axeViolations(page, exclude);
    assert.deepEqual(found, [], `axe-core on ${page.url()} at ${size.width}x${size.height}`);
    if (name) await screenshot(page, name + suffix);
  }
  await page.setViewportSize(DESKTOP);
  who.assertClean(page.url());
}

/** The serious and critical axe-core violations of the page, described. */
export async function axeViolations(page, exclude = []) {
  // evaluate runs through the DevTools protocol, which the page's
  // Content-Security-Policy does not govern: no script tag is added.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(axe.source);
  }
  const result = await page.evaluate(
    (exclude) => window.axe.run(exclude.length ? { exclude: exclude.map((s) => [s]) } : document, { resultTypes: ['violations'] }),
    exclude,
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

export async function screenshot(page, name) {
  if (!screenshots) return;
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), animations: 'disabled' });
}

/** A name no other test run uses, for emails and tag names. */
export function unique(prefix) {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Runs a GraphQL operation with a bearer token; returns data or throws. */
export async function gql(token, query, variables = {}) {
  const { status, body } = await gqlRaw(token, query, variables);
  if (status !== 200 || body.errors) {
    throw new Error(`GraphQL ${status}: ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}

export async function gqlRaw(token, query, variables = {}) {
  const resp = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: resp.status, body: await resp.json() };
}

/** The admin creates a partner: its id, API token and invitation link. */
export async function createPartner(name, email, timezone = 'Europe/Berlin') {
  const d = await gql(adminToken, `mutation($in: CreatePartnerInput!) {
    createPartner(input: $in) { partner { id name } token invitationURL }
  }`, { in: { name, email, timezone } });
  const p = d.createPartner;
  return { id: p.partner.id, name, email, token: p.token, invitationURL: p.invitationURL };
}

/** A partner with a password, signed in by nobody yet. */
export async function partnerWithPassword(prefix) {
  const email = `${unique(prefix)}@e2e.example`;
  const p = await createPartner(`${prefix} ${email.slice(prefix.length + 1, prefix.length + 7)}`, email);
  const password = `pw-${unique('secret')}`;
  const token = new URL(p.invitationURL).hash.replace(/^#token=/, '');
  const resp = await fetch(`${base}/auth/password`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify({ token, password }),
  });
  assert.equal(resp.status, 200, `set password: ${await resp.text()}`);
  return { ...p, password };
}

/** The company's backend reports a signup through ref; returns the conversion's id and customer id. */
export async function recordSignup(service, ref, email, name) {
  const d = await gql(service, `mutation($in: RecordSignupInput!) { recordSignup(input: $in) { id customer { id } } }`, {
    in: { ref, email, ...(name ? { name } : {}) },
  });
  return d.recordSignup;
}

/**
 * Restarts the server under test as SIGTERM and a new start would, on the
 * same address and database (internal/webtest's control server); resolves
 * once it is healthy again.
 */
export async function restartServer() {
  const resp = await fetch(`${controlURL}/restart`, { method: 'POST' });
  assert.equal(resp.status, 204, `restart: ${await resp.text()}`);
}

export async function serviceToken() {
  return (await gql(adminToken, `mutation($n: String!) { createServiceToken(name: $n) }`, { n: unique('e2e') }))
    .createServiceToken;
}

/**
 * Follows a tracking link as a visitor's browser would, with a desktop
 * User-Agent (ua) and the visitor's cookie jar (a Map), and returns the response
 * (a 302 to the destination).
 */
export async function click(path, jar = new Map(), ua = DESKTOP_UA) {
  const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const resp = await fetch(new URL(path, base), {
    redirect: 'manual',
    headers: { 'User-Agent': ua, Accept: 'text/html', ...(cookie ? { Cookie: cookie } : {}) },
  });
  for (const c of resp.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
  return resp;
}

/** Signs who in through the sign-in page; ends on the overview. */
export async function signIn(who, email, password) {
  const { page } = who;
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
}

/** Signs who in as the admin through the admin sign-in page. */
export async function adminSignIn(who) {
  const { page } = who;
  await page.goto('/admin/sign-in');
  await page.getByLabel('Admin token').fill(adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => !u.pathname.endsWith('/sign-in'));
}
