/*
 * Reftrack ref.js: put it on every page of your site.
 *
 *   <script src="https://REFTRACK/ref.js" async></script>
 *
 * - Keeps a first-party visitor id in the cookie rt_site_vid (one year).
 * - When a page is opened with ?ref=<slug or code>, reports the visit to
 *   Reftrack once, unless Reftrack's own redirect already counted it (it then
 *   adds ?rt_vid=<token>; the script asks Reftrack whether the token was
 *   handed to this browser, adopts its visitor id only if so, and removes it
 *   from the address bar).
 * - Remembers the ref in the cookie rt_ref (90 days) for the signup.
 * - Fills <input name="rt_ref"> and <input name="rt_vid"> in your forms,
 *   those added later too, and offers window.reftrack.ref(),
 *   window.reftrack.visitorID(), window.reftrack.fields() and
 *   window.reftrack.fill(): send both with a signup to your backend, which
 *   passes them to recordSignup.
 */
(function () {
  'use strict';

  // Where Reftrack is reached; the server fills this in.
  const BASE = "__REFTRACK_PUBLIC_URL__";

  const VID = 'rt_vid'; // the address-bar parameter and the form field
  // The cookie is not rt_vid: on a site that shares its host name with
  // Reftrack (another port), Reftrack's HttpOnly rt_vid would hide it.
  const SITE_VID = 'rt_site_vid';
  const REF = 'rt_ref';
  const YEAR = 365 * 24 * 60 * 60; // seconds
  const REF_AGE = 90 * 24 * 60 * 60;
  const refPattern = /^[A-Za-z0-9_-]{1,64}$/;
  const vidPattern = /^[A-Za-z0-9_-]{8,64}$/;

  // Slugs and codes are lowercase; a ref typed in capitals is the same ref.
  function validRef(v) { return v && refPattern.test(v) ? v.toLowerCase() : null; }
  function validVid(v) { return v && vidPattern.test(v) ? v : null; }

  function readCookie(name) {
    const parts = document.cookie ? document.cookie.split(/;\s*/) : [];
    for (const part of parts) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq) === name) {
        try { return decodeURIComponent(part.slice(eq + 1)); } catch (e) { return null; }
      }
    }
    return null;
  }

  function writeCookie(name, value, maxAge) {
    let c = name + '=' + encodeURIComponent(value) + '; Max-Age=' + maxAge + '; Path=/; SameSite=Lax';
    if (location.protocol === 'https:') c += '; Secure';
    document.cookie = c;
  }

  // 22 characters of a 64-letter alphabet: 132 random bits.
  function randomID() {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const bytes = crypto.getRandomValues(new Uint8Array(22));
    let id = '';
    for (let i = 0; i < bytes.length; i++) id += alphabet[bytes[i] & 63];
    return id;
  }

  // A redirect's hand-over: <visitor id>.<expiry>.<mac>. Only Reftrack can
  // tell whether it was handed to this browser.
  function parseHandover(v) {
    const m = v ? /^([A-Za-z0-9_-]{8,64})\.(\d{1,12})\.([A-Za-z0-9_-]{22})$/.exec(v) : null;
    return m ? { vid: m[1], token: v } : null;
  }

  const params = new URLSearchParams(location.search);
  const urlRef = validRef(params.get('ref'));
  const handover = parseHandover(params.get(VID)); // set by Reftrack's redirect: click already counted

  // The visitor id we keep (rt_vid was its name before), else a new one.
  // Written back so the year runs from the last visit.
  let visitor = validVid(readCookie(SITE_VID)) || validVid(readCookie(VID)) || randomID();
  writeCookie(SITE_VID, visitor, YEAR);

  if (urlRef) {
    writeCookie(REF, urlRef, REF_AGE); // the last ref a visitor came with wins
    if (handover) markSent(urlRef); // counted by the redirect: a reload is not a click
    else sendOnce(urlRef);
  }
  if (handover) adopt(handover);

  // Adopts the redirect's visitor id once Reftrack confirms that it handed
  // the token to this browser (same address and browser, not expired).
  function adopt(h) {
    if (!window.fetch) return;
    fetch(BASE + '/t/adopt', {
      method: 'POST',
      body: h.token,
      headers: { 'Content-Type': 'text/plain' },
      mode: 'cors',
      credentials: 'omit',
    }).then(function (resp) {
      if (resp.status !== 204) return;
      visitor = h.vid;
      writeCookie(SITE_VID, visitor, YEAR);
      fillForms();
    }).catch(function () {});
  }

  function sentKey(ref) { return 'reftrack:' + ref + ':' + location.pathname; }

  function markSent(ref) {
    try { sessionStorage.setItem(sentKey(ref), '1'); } catch (e) { /* ignore */ }
  }

  // Reports a visit with ?ref= once per page and session: a reload is not
  // a click.
  function sendOnce(ref) {
    const key = sentKey(ref);
    try {
      if (sessionStorage.getItem(key)) return;
    } catch (e) { /* storage blocked: send anyway */ }
    const body = JSON.stringify({
      ref: ref,
      vid: visitor,
      url: location.href.slice(0, 1024),
      referrer: document.referrer.slice(0, 1024),
    });
    let sent = false;
    try {
      // A string body goes as text/plain: no CORS preflight.
      sent = !!(navigator.sendBeacon && navigator.sendBeacon(BASE + '/t', body));
    } catch (e) { /* fall back to fetch */ }
    if (!sent && window.fetch) {
      fetch(BASE + '/t', {
        method: 'POST',
        body: body,
        headers: { 'Content-Type': 'text/plain' },
        mode: 'no-cors',
        keepalive: true,
      }).catch(function () {});
      sent = true;
    }
    if (sent) markSent(ref);
  }

  // Take rt_vid out of the address bar, so it is neither bookmarked nor
  // shared; ref stays.
  if (params.has(VID) && window.history && history.replaceState) {
    params.delete(VID);
    const qs = params.toString();
    history.replaceState(history.state, '', location.pathname + (qs ? '?' + qs : '') + location.hash);
  }

  const api = {
    // The ref this visitor came with, or null.
    ref: () => urlRef || validRef(readCookie(REF)),
    // This visitor's id.
    visitorID: () => validVid(readCookie(SITE_VID)) || visitor,
    // Both, as recordSignup takes them: for a form a framework submits.
    fields: () => ({ rt_ref: api.ref(), rt_vid: api.visitorID() }),
    // Fills the rt_ref and rt_vid inputs under root (default: the page).
    fill: (root) => fillForms(root),
  };
  window.reftrack = api;

  function fillForms(root) {
    const scope = root && root.querySelectorAll ? root : document;
    const ref = api.ref();
    const vid = api.visitorID();
    scope.querySelectorAll('input[name="rt_ref"]').forEach((el) => { if (ref && el.value !== ref) el.value = ref; });
    scope.querySelectorAll('input[name="rt_vid"]').forEach((el) => { if (el.value !== vid) el.value = vid; });
  }

  // Forms that single-page apps add later: fill them too, once per burst
  // of changes.
  let scheduled = false;
  function watch() {
    if (!window.MutationObserver) return;
    new MutationObserver(function (records) {
      if (scheduled) return;
      for (const r of records) {
        if (r.addedNodes && r.addedNodes.length) {
          scheduled = true;
          setTimeout(function () { scheduled = false; fillForms(); }, 0);
          return;
        }
      }
    }).observe(document.documentElement || document, { childList: true, subtree: true });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', function () { fillForms(); watch(); });
  } else {
    fillForms();
    watch();
  }
})();
