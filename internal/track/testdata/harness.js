// A small fake browser for ref.js, used by refjs_test.go.
//
//   node harness.js <snippet.js> <scenario-json>
//
// The scenario is one browser tab on one site: a cookie jar, localStorage
// and sessionStorage shared by a sequence of page loads. Each load gets a
// fresh window (a vm context whose global object is the window), runs the
// snippet exactly as given, fires DOMContentLoaded if the page was still
// loading, and records what the snippet did. The result is printed as one
// JSON object on stdout.
//
// Scenario:
//   {
//     "now": 1773500966000,               // the clock, ms (optional)
//     "cookies": ["rt_ref=acme"],         // in the jar before the first load
//     "pages": [{
//       "url": "https://shop.example/?ref=acme", // "" or absent: reload the last page
//       "referrer": "https://partner.example/",
//       "readyState": "loading",          // or "interactive", "complete"
//       "inputs": ["rt_ref", "rt_vid"],   // <input name=...> in the page
//       "sendBeacon": "ok",               // "false", "throws", "missing"
//       "fetch": "ok",                    // "reject", "missing"
//       "storage": "ok",                  // "blocked": sessionStorage throws
//       "newSession": false,              // the browser was restarted: sessionStorage empty
//       "runs": 1,                        // times the page includes the snippet
//       "addLater": ["rt_vid"],           // inputs a single-page app adds after load
//       "adopt": "server"                 // POST /t/adopt: "server" sends it for real
//                                         // (same User-Agent, Origin of the page);
//                                         // a number answers that status; default 403
//     }]
//   }
'use strict';

const fs = require('fs');
const vm = require('vm');
const nodeCrypto = require('crypto');

const [snippetPath, scenarioJSON] = process.argv.slice(2);
if (!snippetPath || !scenarioJSON) {
  process.stderr.write('usage: node harness.js <snippet.js> <scenario-json>\n');
  process.exit(2);
}
const code = fs.readFileSync(snippetPath, 'utf8');
const scenario = JSON.parse(scenarioJSON);
const clock = { now: scenario.now || Date.UTC(2026, 2, 14, 15, 9, 26) };

// Errors nobody caught: an exception out of the snippet or a listener, or a
// promise rejection nobody handled.
let pageErrors = null;
function recordError(where, err) {
  const msg = where + ': ' + (err && err.stack ? err.stack : String(err));
  if (pageErrors) pageErrors.push(msg);
  else process.stderr.write(msg + '\n');
}
process.on('unhandledRejection', (err) => recordError('unhandled rejection', err));

function domException(name, message) {
  const e = new Error(message);
  e.name = name;
  return e;
}

// ---- Cookie jar ------------------------------------------------------------

// One jar for the site, as a browser keeps it: by name and path. Only what
// document.cookie can see and set: no HttpOnly, no Domain matching (one host).
class CookieJar {
  constructor() { this.cookies = []; this.seq = 0; }

  // set parses a document.cookie assignment. It returns a record of the
  // write: the parsed attributes and whether the browser would keep it.
  set(str, loc) {
    const parts = String(str).split(';');
    const pair = parts.shift();
    const eq = pair.indexOf('=');
    const name = (eq < 0 ? '' : pair.slice(0, eq)).trim();
    const value = (eq < 0 ? pair : pair.slice(eq + 1)).trim();
    const w = { raw: String(str), name, value, path: null, maxAge: null, expires: null, sameSite: null, secure: false, domain: null, accepted: true, reason: '' };
    for (const p of parts) {
      const i = p.indexOf('=');
      const k = (i < 0 ? p : p.slice(0, i)).trim().toLowerCase();
      const v = i < 0 ? '' : p.slice(i + 1).trim();
      switch (k) {
        case 'max-age':
          if (/^-?\d+$/.test(v)) w.maxAge = parseInt(v, 10);
          break;
        case 'expires': {
          const t = Date.parse(v);
          if (!isNaN(t)) w.expires = new Date(t).toISOString();
          break;
        }
        case 'path': w.path = v.startsWith('/') ? v : null; break;
        case 'domain': w.domain = v; break;
        case 'samesite': w.sameSite = v; break;
        case 'secure': w.secure = true; break;
        case 'httponly': w.accepted = false; w.reason = 'HttpOnly cannot be set from script'; break;
        default: break; // unknown attributes are ignored, as browsers do
      }
    }
    if (w.path === null) { // the default path: the directory of the page
      const dir = loc.pathname.slice(0, loc.pathname.lastIndexOf('/'));
      w.path = dir || '/';
    }
    if (name === '' && eq < 0) { w.accepted = false; w.reason = 'no name'; }
    if (w.secure && loc.protocol !== 'https:') { w.accepted = false; w.reason = 'Secure from an insecure page'; }
    if (w.sameSite && w.sameSite.toLowerCase() === 'none' && !w.secure) { w.accepted = false; w.reason = 'SameSite=None without Secure'; }
    if (w.domain !== null) {
      const d = w.domain.replace(/^\./, '').toLowerCase();
      if (d !== loc.hostname && !loc.hostname.endsWith('.' + d)) { w.accepted = false; w.reason = 'foreign Domain'; }
    }
    if (!w.accepted) return w;

    let expiresAt = null; // session cookie
    if (w.maxAge !== null) expiresAt = clock.now + w.maxAge * 1000; // Max-Age wins over Expires
    else if (w.expires !== null) expiresAt = Date.parse(w.expires);
    const old = this.cookies.findIndex((c) => c.name === name && c.path === w.path);
    if (expiresAt !== null && expiresAt <= clock.now) {
      if (old >= 0) this.cookies.splice(old, 1);
      return w;
    }
    const c = { name, value, path: w.path, maxAge: w.maxAge, expiresAt, sameSite: w.sameSite, secure: w.secure,
      created: old >= 0 ? this.cookies[old].created : this.seq++ };
    if (old >= 0) this.cookies[old] = c; else this.cookies.push(c);
    return w;
  }

  // get is what document.cookie reads on a page: longer paths first, then
  // older cookies first.
  get(loc) {
    return this.visible(loc)
      .sort((a, b) => b.path.length - a.path.length || a.created - b.created)
      .map((c) => (c.name === '' ? c.value : c.name + '=' + c.value))
      .join('; ');
  }

  visible(loc) {
    return this.cookies.filter((c) =>
      (c.expiresAt === null || c.expiresAt > clock.now) &&
      (!c.secure || loc.protocol === 'https:') &&
      pathMatch(loc.pathname, c.path));
  }
}

function pathMatch(reqPath, cookiePath) {
  if (reqPath === cookiePath) return true;
  if (!reqPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || reqPath[cookiePath.length] === '/';
}

// ---- Storage -----------------------------------------------------------------

class FakeStorage {
  constructor(from) { this.m = new Map(Object.entries(from || {})); }
  get length() { return this.m.size; }
  key(i) { return Array.from(this.m.keys())[i] ?? null; }
  getItem(k) { k = String(k); return this.m.has(k) ? this.m.get(k) : null; }
  setItem(k, v) { this.m.set(String(k), String(v)); }
  removeItem(k) { this.m.delete(String(k)); }
  clear() { this.m.clear(); }
  toJSON() { return Object.fromEntries(this.m); }
}

// ---- One page load -----------------------------------------------------------

const jar = new CookieJar();
const localStore = new FakeStorage();
let sessionStore = new FakeStorage();
for (const c of scenario.cookies || []) {
  jar.set(c + '; Path=/', { pathname: '/', protocol: 'https:', hostname: '' });
}

function makeLocation(href) {
  const u = new URL(href);
  return {
    href: u.href, protocol: u.protocol, host: u.host, hostname: u.hostname, port: u.port,
    pathname: u.pathname, search: u.search, hash: u.hash, origin: u.origin,
    toString() { return this.href; },
  };
}

async function loadPage(spec, previousHref) {
  const href = spec.url || previousHref;
  if (!href) throw new Error('the first page needs a url');
  if (spec.newSession) sessionStore = new FakeStorage();
  const errors = [];
  pageErrors = errors;

  const rec = {
    url: href,
    beacons: [],        // sendBeacon and fetch calls, in order
    adopts: [],         // POST /t/adopt calls, with the status answered
    cookieWrites: [],   // every document.cookie assignment, parsed
    replaceState: [],
    pushState: [],
    inputsBeforeReady: {},
    inputs: {},
    href: '',
    documentCookie: '',
    ref: null,
    visitorID: null,
    hasAPI: false,
    globalsAdded: [],
    randomBytes: 0,
    errors,
  };

  let location = makeLocation(href);
  let historyState = null;
  let readyState = spec.readyState || 'complete';
  const listeners = new Map();
  const inputs = (spec.inputs || []).map((name) => ({ tagName: 'INPUT', name, type: 'hidden', value: '' }));
  const observers = [];

  function body(b) {
    const raw = typeof b === 'string' ? b : String(b);
    let parsed = null;
    try { parsed = JSON.parse(raw); } catch (e) { /* left null: the test says so */ }
    return { body: raw, parsed };
  }

  const navigator = { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) reftrack-harness', language: 'en' };
  const sb = spec.sendBeacon || 'ok';
  if (sb !== 'missing') {
    navigator.sendBeacon = function sendBeacon(url, data) {
      if (this !== navigator) throw new TypeError('Illegal invocation');
      const call = { via: 'sendBeacon', url: String(url), ...body(data), returned: sb === 'ok' };
      rec.beacons.push(call);
      if (sb === 'throws') { call.returned = null; throw new TypeError('sendBeacon blocked'); }
      return sb === 'ok';
    };
  }

  const history = {
    get state() { return historyState; },
    get length() { return 1; },
    replaceState(state, title, url) { navigate('replaceState', state, title, url); },
    pushState(state, title, url) { navigate('pushState', state, title, url); },
  };
  function navigate(kind, state, title, url) {
    let next = location.href;
    if (url !== undefined && url !== null) {
      const u = new URL(String(url), location.href);
      if (u.origin !== location.origin) throw domException('SecurityError', kind + ' to another origin: ' + u.href);
      next = u.href;
    }
    rec[kind].push({ state: state === undefined ? null : state, title: String(title), url: url === undefined ? null : String(url), href: next });
    historyState = state === undefined ? null : state;
    location = makeLocation(next);
  }

  const document = {
    get readyState() { return readyState; },
    get referrer() { return spec.referrer || ''; },
    get cookie() { return jar.get(location); },
    set cookie(v) { rec.cookieWrites.push(jar.set(v, location)); },
    get URL() { return location.href; },
    get location() { return location; },
    addEventListener(type, fn) {
      if (!listeners.has(type)) listeners.set(type, []);
      listeners.get(type).push(fn);
    },
    removeEventListener(type, fn) {
      const l = listeners.get(type) || [];
      const i = l.indexOf(fn);
      if (i >= 0) l.splice(i, 1);
    },
    querySelectorAll(sel) {
      const out = [];
      for (const one of String(sel).split(',')) {
        const m = /^\s*input\s*\[\s*name\s*=\s*(?:"([^"]*)"|'([^']*)'|([\w-]+))\s*\]\s*$/.exec(one);
        if (!m) throw domException('SyntaxError', 'the harness supports only input[name="..."] selectors, not ' + one);
        const name = m[1] ?? m[2] ?? m[3];
        for (const el of inputs) if (el.name === name && !out.includes(el)) out.push(el);
      }
      return out; // an array has forEach, as a NodeList does
    },
    querySelector(sel) { return this.querySelectorAll(sel)[0] || null; },
    getElementsByName(name) { return inputs.filter((el) => el.name === name); },
  };

  const crypto = {
    getRandomValues(arr) {
      if (!ArrayBuffer.isView(arr)) throw new TypeError('getRandomValues needs a typed array');
      if (arr.byteLength > 65536) throw domException('QuotaExceededError', 'too many bytes');
      nodeCrypto.randomFillSync(arr);
      rec.randomBytes += arr.byteLength;
      return arr;
    },
  };

  class MutationObserver {
    constructor(fn) { this.fn = fn; }
    observe() { observers.push(this); }
    disconnect() { const i = observers.indexOf(this); if (i >= 0) observers.splice(i, 1); }
  }
  document.documentElement = { tagName: 'HTML' };

  const window = {
    navigator, history, document, crypto, MutationObserver,
    URL, URLSearchParams, TextEncoder, TextDecoder, console,
    setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask,
    localStorage: localStore,
  };
  Object.defineProperty(window, 'location', { get() { return location; }, enumerable: true, configurable: true });
  if ((spec.storage || 'ok') === 'blocked') {
    Object.defineProperty(window, 'sessionStorage', {
      get() { throw domException('SecurityError', 'The operation is insecure.'); },
      enumerable: true, configurable: true,
    });
  } else {
    window.sessionStorage = sessionStore;
  }
  const fm = spec.fetch || 'ok';
  if (fm !== 'missing') {
    window.fetch = function fetch(url, init) {
      if (this !== undefined && this !== window && this !== ctxGlobal) throw new TypeError('Illegal invocation');
      init = init || {};
      const headers = {};
      for (const [k, v] of Object.entries(init.headers || {})) headers[k.toLowerCase()] = String(v);
      rec.beacons.push({
        via: 'fetch', url: String(url), ...body(init.body),
        method: init.method || 'GET', keepalive: !!init.keepalive, mode: init.mode || 'cors',
        credentials: init.credentials || 'same-origin', headers,
      });
      if (fm === 'reject') return Promise.reject(new TypeError('Failed to fetch'));
      if (String(url).endsWith('/t/adopt')) {
        const call = rec.beacons.pop();
        rec.adopts.push(call);
        if (spec.adopt === 'server') {
          return globalThis.fetch(String(url), {
            method: 'POST', body: init.body,
            headers: { 'Content-Type': 'text/plain', 'User-Agent': navigator.userAgent, 'Origin': location.origin },
          }).then((resp) => {
            call.status = resp.status;
            call.allowOrigin = resp.headers.get('access-control-allow-origin');
            // A cross-origin answer without the header is a network error.
            if (call.allowOrigin !== location.origin) throw new TypeError('CORS: ' + call.allowOrigin);
            return { ok: resp.ok, status: resp.status, type: 'cors' };
          });
        }
        const status = typeof spec.adopt === 'number' ? spec.adopt : 403;
        call.status = status;
        return Promise.resolve({ ok: status < 300, status, type: 'cors' });
      }
      return Promise.resolve({ ok: false, status: 0, type: 'opaque' });
    };
  }
  window.window = window;
  window.self = window;

  vm.createContext(window);
  const ctxGlobal = vm.runInContext('this', window);
  const before = new Set(Object.getOwnPropertyNames(ctxGlobal));

  // A page may include the snippet more than once (say, in the template
  // and again through a tag manager).
  for (let i = 0; i < (spec.runs || 1); i++) {
    try {
      vm.runInContext(code, window, { filename: 'ref.js' });
    } catch (e) {
      recordError('ref.js threw', e);
    }
  }
  for (const el of inputs) rec.inputsBeforeReady[el.name] = el.value;

  if (readyState === 'loading') {
    readyState = 'interactive';
    for (const fn of (listeners.get('DOMContentLoaded') || []).slice()) {
      try { fn.call(document, { type: 'DOMContentLoaded', target: document }); } catch (e) { recordError('DOMContentLoaded listener threw', e); }
    }
    readyState = 'complete';
  }
  // Let promises settle (fetch().catch()) and timers of 0 ms run; a real
  // adopt request needs a little longer.
  await new Promise((r) => setTimeout(r, spec.adopt === 'server' ? 300 : 10));

  // A single-page app renders its form now.
  if (spec.addLater && spec.addLater.length) {
    const added = spec.addLater.map((name) => ({ tagName: 'INPUT', name, type: 'hidden', value: '' }));
    inputs.push(...added);
    for (const o of observers.slice()) {
      try { o.fn([{ type: 'childList', addedNodes: added }], o); } catch (e) { recordError('MutationObserver callback threw', e); }
    }
    await new Promise((r) => setTimeout(r, 10));
  }

  for (const el of inputs) rec.inputs[el.name] = el.value;
  rec.href = location.href;
  rec.documentCookie = jar.get(location);
  rec.globalsAdded = Object.getOwnPropertyNames(ctxGlobal).filter((k) => !before.has(k));
  const api = ctxGlobal.reftrack;
  rec.hasAPI = !!api;
  if (api) {
    try { rec.ref = api.ref(); } catch (e) { recordError('reftrack.ref() threw', e); }
    try { rec.visitorID = api.visitorID(); } catch (e) { recordError('reftrack.visitorID() threw', e); }
  }
  pageErrors = null;
  return rec;
}

(async () => {
  const pages = [];
  let last = null;
  for (const spec of scenario.pages || []) {
    const r = await loadPage(spec, last);
    last = r.href;
    pages.push(r);
    clock.now += 60 * 1000; // a minute between loads
  }
  const finalLoc = makeLocation(last || 'https://example.invalid/');
  const cookies = {};
  for (const c of jar.visible(finalLoc)) cookies[c.name] = { value: c.value, path: c.path, maxAge: c.maxAge, sameSite: c.sameSite, secure: c.secure };
  process.stdout.write(JSON.stringify({
    pages,
    cookies,
    sessionStorage: sessionStore.toJSON(),
    localStorage: localStore.toJSON(),
  }) + '\n');
})().catch((e) => {
  process.stderr.write('harness: ' + (e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
