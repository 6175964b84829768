/*
 * Reftrack ref.js: put it on every page of your site.
 *
 *   <script src="https://REFTRACK/ref.js" async></script>
 *
 * - Keeps a first-party visitor id in the cookie rt_vid (one year).
 * - When a page is opened with ?ref=<slug or code>, reports the visit to
 *   Reftrack once, unless Reftrack's own redirect already counted it (it then
 *   adds ?rt_vid=, whose id this script adopts and removes from the address
 *   bar).
 * - Remembers the ref in the cookie rt_ref (90 days) for the signup.
 * - Fills <input name="rt_ref"> and <input name="rt_vid"> in your forms, and
 *   offers window.reftrack.ref() and window.reftrack.visitorID(): send both
 *   with a signup to your backend, which passes them to recordSignup.
 */
(function () {
  'use strict';

  // Where Reftrack is reached; the server fills this in.
  const BASE = "__REFTRACK_PUBLIC_URL__";

  const VID = 'rt_vid';
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

  const params = new URLSearchParams(location.search);
  const urlRef = validRef(params.get('ref'));
  const urlVid = validVid(params.get(VID)); // set by Reftrack's redirect: click already counted

  // The visitor id: the one Reftrack handed over, else the one we keep,
  // else a new one. Written back so the year runs from the last visit.
  const visitor = urlVid || validVid(readCookie(VID)) || randomID();
  writeCookie(VID, visitor, YEAR);

  if (urlRef) {
    writeCookie(REF, urlRef, REF_AGE); // the last ref a visitor came with wins
    if (urlVid) markSent(urlRef); // counted by the redirect: a reload is not a click
    else sendOnce(urlRef);
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
    visitorID: () => validVid(readCookie(VID)) || visitor,
  };
  window.reftrack = api;

  function fillForms() {
    const ref = api.ref();
    const vid = api.visitorID();
    document.querySelectorAll('input[name="rt_ref"]').forEach((el) => { if (ref) el.value = ref; });
    document.querySelectorAll('input[name="rt_vid"]').forEach((el) => { el.value = vid; });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', fillForms);
  } else {
    fillForms();
  }
})();
