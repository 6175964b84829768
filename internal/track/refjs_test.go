package track_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent/unmatchedclick"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/track"
)

// The snippet as served runs in Node.js inside testdata/harness.js, a small
// fake browser: one tab on the company's site (cookie jar, sessionStorage),
// page loads in sequence, with sendBeacon and fetch recorded instead of sent.

// harnessPage is one page load; see testdata/harness.js.
type harnessPage struct {
	URL        string   `json:"url,omitempty"` // empty: reload the last page
	Referrer   string   `json:"referrer,omitempty"`
	ReadyState string   `json:"readyState,omitempty"` // default complete
	Inputs     []string `json:"inputs,omitempty"`     // <input name=...> on the page
	SendBeacon string   `json:"sendBeacon,omitempty"` // ok (default), false, throws, missing
	Fetch      string   `json:"fetch,omitempty"`      // ok (default), reject, missing
	Storage    string   `json:"storage,omitempty"`    // ok (default), blocked
	NewSession bool     `json:"newSession,omitempty"` // sessionStorage emptied first
	Runs       int      `json:"runs,omitempty"`       // times the page includes the snippet
	AddLater   []string `json:"addLater,omitempty"`   // inputs a single-page app adds after load
	Adopt      any      `json:"adopt,omitempty"`      // POST /t/adopt: "server", or the status to answer (default 403)
}

type harnessScenario struct {
	Cookies []string      `json:"cookies,omitempty"` // name=value, Path=/, before the first load
	Pages   []harnessPage `json:"pages"`
}

type harnessCall struct {
	Via       string            `json:"via"` // sendBeacon or fetch
	URL       string            `json:"url"`
	Body      string            `json:"body"`
	Returned  *bool             `json:"returned"` // sendBeacon's answer; null when it threw
	Method    string            `json:"method"`
	Keepalive bool              `json:"keepalive"`
	Mode      string            `json:"mode"`
	Headers   map[string]string `json:"headers"`
	Status    int               `json:"status"` // POST /t/adopt's answer
}

// delivered reports whether the browser took the beacon: sendBeacon said
// yes, or fetch was called (no-cors: its outcome is invisible anyway).
func (c harnessCall) delivered() bool {
	return c.Via == "fetch" || (c.Returned != nil && *c.Returned)
}

type harnessCookieWrite struct {
	Raw      string  `json:"raw"`
	Name     string  `json:"name"`
	Value    string  `json:"value"`
	Path     string  `json:"path"`
	MaxAge   *int    `json:"maxAge"`
	SameSite *string `json:"sameSite"`
	Secure   bool    `json:"secure"`
	Accepted bool    `json:"accepted"`
	Reason   string  `json:"reason"`
}

type harnessNavigation struct {
	URL  *string `json:"url"`  // as passed to replaceState
	Href string  `json:"href"` // the address bar after it
}

type harnessPageResult struct {
	URL               string               `json:"url"`
	Beacons           []harnessCall        `json:"beacons"`
	Adopts            []harnessCall        `json:"adopts"`
	CookieWrites      []harnessCookieWrite `json:"cookieWrites"`
	ReplaceState      []harnessNavigation  `json:"replaceState"`
	PushState         []harnessNavigation  `json:"pushState"`
	InputsBeforeReady map[string]string    `json:"inputsBeforeReady"`
	Inputs            map[string]string    `json:"inputs"`
	Href              string               `json:"href"`
	DocumentCookie    string               `json:"documentCookie"`
	Ref               *string              `json:"ref"`
	VisitorID         *string              `json:"visitorID"`
	HasAPI            bool                 `json:"hasAPI"`
	GlobalsAdded      []string             `json:"globalsAdded"`
	Errors            []string             `json:"errors"`
}

func (p harnessPageResult) delivered() []harnessCall {
	var out []harnessCall
	for _, c := range p.Beacons {
		if c.delivered() {
			out = append(out, c)
		}
	}
	return out
}

type harnessResult struct {
	Pages   []harnessPageResult `json:"pages"`
	Cookies map[string]struct { // the jar after the last load
		Value  string `json:"value"`
		Path   string `json:"path"`
		MaxAge int    `json:"maxAge"`
		Secure bool   `json:"secure"`
	} `json:"cookies"`
	SessionStorage map[string]string `json:"sessionStorage"`
}

func (r *harnessResult) cookie(name string) string { return r.Cookies[name].Value }

func (r *harnessResult) last() harnessPageResult { return r.Pages[len(r.Pages)-1] }

// refJS is the snippet as the test server serves it, in a file node reads.
type refJS struct {
	node, path, base string
}

func servedRefJS(t *testing.T, e *env) refJS {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node (Node.js 20+) is not on PATH: ref.js is not run in the fake browser")
	}
	resp, err := http.Get(e.srv.URL + "/ref.js")
	if err != nil {
		t.Fatal(err)
	}
	js, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /ref.js: status %d", resp.StatusCode)
	}
	if !bytes.Contains(js, []byte(`const BASE = "`+e.srv.URL+`";`)) || bytes.Contains(js, []byte("__REFTRACK_PUBLIC_URL__")) {
		t.Fatalf("served ref.js does not name the test server %s or still holds the placeholder:\n%.800s", e.srv.URL, js)
	}
	path := filepath.Join(t.TempDir(), "ref.js")
	if err := os.WriteFile(path, js, 0o644); err != nil {
		t.Fatal(err)
	}
	return refJS{node: node, path: path, base: e.srv.URL}
}

// run loads the scenario's pages in the fake browser.
func (s refJS) run(t *testing.T, sc harnessScenario) *harnessResult {
	t.Helper()
	arg, err := json.Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, s.node, filepath.Join("testdata", "harness.js"), s.path, string(arg))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node testdata/harness.js: %v\n%s", err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Logf("harness stderr: %s", stderr.String())
	}
	var r harnessResult
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("harness output: %v\n%s", err, stdout.String())
	}
	if len(r.Pages) != len(sc.Pages) {
		t.Fatalf("harness loaded %d pages, want %d", len(r.Pages), len(sc.Pages))
	}
	return &r
}

var visitorIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{8,64}$`)

const (
	shopSite     = "https://shop.example.com"
	refCookieAge = 90 * 24 * 60 * 60
	adoptedVID   = "visitor-abc12345"                                // a visitor id handed over by Reftrack's redirect
	handedOver   = adoptedVID + ".1773501086.AAAAAAAAAAAAAAAAAAAAAA" // its rt_vid token; the harness answers /t/adopt
	harnessUA    = "Mozilla/5.0 (X11; Linux x86_64) reftrack-harness"
)

// checkPage checks what every page load must get right, whatever the
// scenario: no error, only window.reftrack added, cookies as documented,
// beacons to the public URL in a body the server accepts.
func (s refJS) checkPage(t *testing.T, i int, p harnessPageResult) {
	t.Helper()
	for _, err := range p.Errors {
		t.Errorf("page %d: %s", i, err)
	}
	if !p.HasAPI || !slices.Equal(p.GlobalsAdded, []string{"reftrack"}) {
		t.Errorf("page %d: globals added %v, want only reftrack", i, p.GlobalsAdded)
	}
	if len(p.PushState) > 0 {
		t.Errorf("page %d: pushState %+v: the snippet must not add history entries", i, p.PushState)
	}
	https := strings.HasPrefix(p.URL, "https:")
	for _, w := range p.CookieWrites {
		want := map[string]int{"rt_site_vid": oneYear, "rt_ref": refCookieAge}
		age, known := want[w.Name]
		switch {
		case !known:
			t.Errorf("page %d: cookie %q written: %s", i, w.Name, w.Raw)
		case !w.Accepted:
			t.Errorf("page %d: browser refuses %s: %s", i, w.Raw, w.Reason)
		case w.MaxAge == nil || *w.MaxAge != age || w.Path != "/" || w.SameSite == nil || *w.SameSite != "Lax" || w.Secure != https:
			t.Errorf("page %d: cookie %s; want Max-Age=%d; Path=/; SameSite=Lax, Secure only on https", i, w.Raw, age)
		}
	}
	if p.VisitorID == nil || !visitorIDPattern.MatchString(*p.VisitorID) {
		t.Errorf("page %d: visitorID() = %v, want 8..64 of [A-Za-z0-9_-]", i, p.VisitorID)
	}
	for _, c := range p.Beacons {
		if c.URL != s.base+"/t" {
			t.Errorf("page %d: %s to %s, want %s/t", i, c.Via, c.URL, s.base)
		}
		b, err := track.ParseBeacon([]byte(c.Body))
		if err != nil {
			t.Errorf("page %d: the server refuses the body %s: %v", i, c.Body, err)
			continue
		}
		if p.VisitorID != nil && b.VID != *p.VisitorID {
			t.Errorf("page %d: beacon vid %q, visitorID() %v", i, b.VID, *p.VisitorID)
		}
		if c.Via == "fetch" && (c.Method != "POST" || !c.Keepalive || c.Mode != "no-cors" || !strings.HasPrefix(c.Headers["content-type"], "text/plain")) {
			t.Errorf("page %d: fetch %+v; want POST, keepalive, no-cors, text/plain (no preflight)", i, c)
		}
	}
}

func TestRefJSInBrowser(t *testing.T) {
	e := setup(t)
	js := servedRefJS(t, e)

	// Where Reftrack's own redirect sends a visitor: the click is counted.
	redirected := e.get(t, newClient(true), "/r/acme", withUA(harnessUA)).Header.Get("Location")
	redirectedURL, err := url.Parse(redirected)
	if err != nil || redirectedURL.Query().Get("rt_vid") == "" {
		t.Fatalf("GET /r/acme redirects to %q", redirected)
	}

	ptr := func(s string) *string { return &s }
	long64 := strings.Repeat("a", 64)
	landing := shopSite + "/landing?ref=acme&rt_vid=" + handedOver + "&utm_source=mail&q=a%20b#plans"
	redirectedVID, _, _ := strings.Cut(redirectedURL.Query().Get("rt_vid"), ".")
	// A hand-over that another browser's click minted, pasted into a link.
	mintedURL, _ := url.Parse(e.get(t, newClient(true), "/r/acme", withUA("Mozilla/5.0 (Windows NT 10.0) Edge/120")).Header.Get("Location"))
	minted := mintedURL.String()
	mintedVID, _, _ := strings.Cut(mintedURL.Query().Get("rt_vid"), ".")
	pricing := shopSite + "/plans/pricing?ref=Newsletter-code" // not at the root: cookies need Path=/

	// The body of the one beacon a scenario delivers.
	beacon := func(t *testing.T, r *harnessResult) harnessCall {
		t.Helper()
		var all []harnessCall
		for _, p := range r.Pages {
			all = append(all, p.delivered()...)
		}
		if len(all) != 1 {
			t.Fatalf("%d beacons delivered, want 1", len(all))
		}
		return all[0]
	}
	oneFetch := func(t *testing.T, r *harnessResult) {
		t.Helper()
		var fetches int
		for _, p := range r.Pages {
			for _, c := range p.Beacons {
				if c.Via == "fetch" {
					fetches++
				}
			}
		}
		if fetches != 1 {
			t.Errorf("%d fetch calls, want 1 (the fallback)", fetches)
		}
	}
	noRefCookie := func(t *testing.T, r *harnessResult) {
		t.Helper()
		for _, p := range r.Pages {
			for _, w := range p.CookieWrites {
				if w.Name == "rt_ref" {
					t.Errorf("rt_ref written: %s", w.Raw)
				}
			}
		}
	}
	badRef := func(ref string) harnessPage {
		return harnessPage{URL: shopSite + "/?ref=" + ref, Inputs: []string{"rt_ref", "rt_vid"}}
	}
	noRefFilled := func(t *testing.T, r *harnessResult) {
		t.Helper()
		noRefCookie(t, r)
		if in := r.last().Inputs; in["rt_ref"] != "" || in["rt_vid"] != r.cookie("rt_site_vid") {
			t.Errorf("inputs %v: want rt_ref empty, rt_vid the visitor", in)
		}
	}

	for _, tc := range []struct {
		name    string
		cookies []string
		pages   []harnessPage
		beacons []int   // beacons delivered per page load
		ref     *string // window.reftrack.ref() on the last page
		vid     string  // visitorID() on every page; "" = one generated id on all pages
		status  int     // the server's answer to each beacon body; 0 = not posted
		check   func(t *testing.T, r *harnessResult)
	}{
		{
			name: "redirect landing: adopts the counted visitor, no beacon",
			pages: []harnessPage{{URL: landing, ReadyState: "loading", Referrer: "https://partner.example/",
				Inputs: []string{"rt_ref", "rt_vid", "email"}, Adopt: 204}},
			beacons: []int{0}, ref: ptr("acme"), vid: adoptedVID,
			check: func(t *testing.T, r *harnessResult) {
				p := r.Pages[0]
				if r.cookie("rt_site_vid") != adoptedVID || r.cookie("rt_ref") != "acme" {
					t.Errorf("cookies %q, want rt_vid=%s and rt_ref=acme", p.DocumentCookie, adoptedVID)
				}
				if len(p.ReplaceState) != 1 {
					t.Fatalf("replaceState calls %+v, want 1", p.ReplaceState)
				}
				u, err := url.Parse(p.Href)
				if err != nil {
					t.Fatal(err)
				}
				q := u.Query()
				if u.Host != "shop.example.com" || u.Path != "/landing" || u.Fragment != "plans" || q.Has("rt_vid") ||
					q.Get("ref") != "acme" || q.Get("utm_source") != "mail" || q.Get("q") != "a b" {
					t.Errorf("address bar %s: want rt_vid gone, ref, other parameters and #plans kept", p.Href)
				}
				if in := p.InputsBeforeReady; in["rt_ref"] != "" || in["rt_vid"] != "" {
					t.Errorf("inputs filled before DOMContentLoaded: %v", in)
				}
				if in := p.Inputs; in["rt_ref"] != "acme" || in["rt_vid"] != adoptedVID || in["email"] != "" {
					t.Errorf("inputs after DOMContentLoaded %v, want rt_ref=acme rt_vid=%s email untouched", in, adoptedVID)
				}
			},
		},
		{
			name:    "redirect landing: the counted visitor replaces an older id",
			cookies: []string{"rt_vid=OlderVisitor_0001", "rt_ref=oldref"},
			pages:   []harnessPage{{URL: landing, Adopt: 204}},
			beacons: []int{0}, ref: ptr("acme"), vid: adoptedVID,
			check: func(t *testing.T, r *harnessResult) {
				if r.cookie("rt_site_vid") != adoptedVID || r.cookie("rt_ref") != "acme" {
					t.Errorf("cookies %v", r.Cookies)
				}
			},
		},
		{
			name:    "real /r/acme redirect followed to the landing page",
			pages:   []harnessPage{{URL: redirected, Adopt: "server"}},
			beacons: []int{0}, ref: ptr("acme"), vid: redirectedVID,
			check: func(t *testing.T, r *harnessResult) {
				if u, _ := url.Parse(r.last().Href); u.Query().Has("rt_vid") || u.Query().Get("x") != "1" {
					t.Errorf("address bar %s", r.last().Href)
				}
				if got := e.tally(t); got.Clicks != 2 {
					t.Errorf("clicks stored %d, want 2: the two redirects' (this one and the minted one)", got.Clicks)
				}
			},
		},
		{
			// Issue 17.15: a partner plants an id it knows in a link to the site.
			name:    "planted visitor id: not adopted, the visit reported with the snippet's own id",
			pages:   []harnessPage{{URL: shopSite + "/?ref=acme&rt_vid=" + adoptedVID, Inputs: []string{"rt_vid"}}},
			beacons: []int{1}, ref: ptr("acme"),
			check: func(t *testing.T, r *harnessResult) {
				if v := r.last().VisitorID; v == nil || *v == adoptedVID || r.cookie("rt_site_vid") == adoptedVID || r.last().Inputs["rt_vid"] == adoptedVID {
					t.Errorf("the planted id was adopted: visitorID %v, cookie %q", v, r.cookie("rt_site_vid"))
				}
				if n := len(r.last().Adopts); n != 0 {
					t.Errorf("%d adopt calls for a plain id, want 0", n)
				}
			},
		},
		{
			name:    "hand-over refused by Reftrack: not adopted, and no beacon (the link counted the click)",
			pages:   []harnessPage{{URL: landing, Adopt: 403, Inputs: []string{"rt_vid"}}},
			beacons: []int{0}, ref: ptr("acme"),
			check: func(t *testing.T, r *harnessResult) {
				if v := r.last().VisitorID; v == nil || *v == adoptedVID || r.last().Inputs["rt_vid"] == adoptedVID {
					t.Errorf("visitorID %v adopted after a 403", v)
				}
			},
		},
		{
			name:    "real hand-over minted by another browser: refused by the server",
			pages:   []harnessPage{{URL: minted, Adopt: "server"}},
			beacons: []int{0}, ref: ptr("acme"),
			check: func(t *testing.T, r *harnessResult) {
				a := r.last().Adopts
				if len(a) != 1 || a[0].Status != http.StatusForbidden {
					t.Fatalf("adopt calls %+v, want one answered 403", a)
				}
				if v := r.last().VisitorID; v == nil || *v == mintedVID {
					t.Errorf("visitorID %v: the other browser's id was adopted", v)
				}
			},
		},
		{
			// Issue 17.21: single-page apps render their forms after load.
			name:    "form added after load is filled",
			cookies: []string{"rt_ref=acme", "rt_site_vid=Remembered_vid_01"},
			pages:   []harnessPage{{URL: shopSite + "/app/signup", AddLater: []string{"rt_ref", "rt_vid"}}},
			beacons: []int{0}, ref: ptr("acme"), vid: "Remembered_vid_01",
			check: func(t *testing.T, r *harnessResult) {
				if in := r.last().Inputs; in["rt_ref"] != "acme" || in["rt_vid"] != "Remembered_vid_01" {
					t.Errorf("inputs %v, want the later form filled", in)
				}
			},
		},
		{
			name:    "reload after a redirect landing: no second beacon",
			pages:   []harnessPage{{URL: landing, Adopt: 204}, {}},
			beacons: []int{0, 0}, ref: ptr("acme"), vid: adoptedVID,
		},
		{
			name:    "snippet included twice on a redirect landing: no beacon",
			pages:   []harnessPage{{URL: landing, Runs: 2, Adopt: 204}},
			beacons: []int{0}, ref: ptr("acme"), vid: adoptedVID,
		},
		{
			name: "ref in the URL, no cookie: one beacon",
			pages: []harnessPage{{URL: pricing, Referrer: "https://news.example.org/issue-7",
				Inputs: []string{"rt_ref", "rt_vid"}}},
			beacons: []int{1}, ref: ptr("newsletter-code"),
			status: http.StatusNotFound, // no such code: kept as unmatched
			check: func(t *testing.T, r *harnessResult) {
				c := beacon(t, r)
				var b struct{ Ref, VID, URL, Referrer string }
				if err := json.Unmarshal([]byte(c.Body), &b); err != nil {
					t.Fatal(err)
				}
				if c.Via != "sendBeacon" || b.Ref != "newsletter-code" || !visitorIDPattern.MatchString(b.VID) ||
					b.URL != pricing || b.Referrer != "https://news.example.org/issue-7" {
					t.Errorf("%s body %s", c.Via, c.Body)
				}
				if b.VID != r.cookie("rt_site_vid") || r.cookie("rt_ref") != "newsletter-code" {
					t.Errorf("beacon vid %q; cookies %v", b.VID, r.Cookies)
				}
				if len(r.Pages[0].ReplaceState) != 0 {
					t.Errorf("address bar changed without rt_vid: %+v", r.Pages[0].ReplaceState)
				}
				if in := r.Pages[0].Inputs; in["rt_ref"] != "newsletter-code" || in["rt_vid"] != b.VID {
					t.Errorf("inputs %v (page already loaded: filled at once)", in)
				}
				u := e.db.UnmatchedClick.Query().Where(unmatchedclick.Ref("newsletter-code")).OnlyX(store.System(context.Background()))
				if u.Visitor != b.VID {
					t.Errorf("unmatched click visitor %q, want %q", u.Visitor, b.VID)
				}
			},
		},
		{
			name:    "same page again in the same session: no second beacon",
			pages:   []harnessPage{{URL: pricing}, {}, {URL: pricing}},
			beacons: []int{1, 0, 0}, ref: ptr("newsletter-code"),
		},
		{
			name:    "same page in a new session: reported again, same visitor",
			pages:   []harnessPage{{URL: pricing}, {NewSession: true}},
			beacons: []int{1, 1}, ref: ptr("newsletter-code"),
		},
		{
			name:    "page without ref, ref remembered from before: no beacon",
			cookies: []string{"rt_ref=acme", "rt_vid=Remembered_vid_01"},
			pages:   []harnessPage{{URL: shopSite + "/signup", ReadyState: "loading", Inputs: []string{"rt_ref", "rt_vid"}}},
			beacons: []int{0}, ref: ptr("acme"), vid: "Remembered_vid_01",
			check: func(t *testing.T, r *harnessResult) {
				noRefCookie(t, r) // its 90 days run from the visit with the ref
				if in := r.last().Inputs; in["rt_ref"] != "acme" || in["rt_vid"] != "Remembered_vid_01" {
					t.Errorf("inputs %v", in)
				}
			},
		},
		{
			name:    "a new ref replaces the remembered one",
			cookies: []string{"rt_ref=acme"},
			pages:   []harnessPage{{URL: shopSite + "/?ref=Partner2"}},
			beacons: []int{1}, ref: ptr("partner2"),
			check: func(t *testing.T, r *harnessResult) {
				if r.cookie("rt_ref") != "partner2" {
					t.Errorf("rt_ref = %q", r.cookie("rt_ref"))
				}
			},
		},
		{
			name:    "ref typed in capitals reaches the server as the tag's code",
			pages:   []harnessPage{{URL: shopSite + "/?ref=" + strings.ToUpper(e.code)}},
			beacons: []int{1}, ref: ptr(e.code), status: http.StatusNoContent,
		},
		{
			name:    "64-character ref: sent, and the server takes it",
			pages:   []harnessPage{{URL: shopSite + "/?ref=" + long64}},
			beacons: []int{1}, ref: ptr(long64), status: http.StatusNotFound,
		},
		{
			name:    "no sendBeacon: fetch with keepalive, once",
			pages:   []harnessPage{{URL: pricing, SendBeacon: "missing"}, {SendBeacon: "missing"}},
			beacons: []int{1, 0}, ref: ptr("newsletter-code"), check: oneFetch,
		},
		{
			name:    "sendBeacon returns false: fetch with keepalive, once",
			pages:   []harnessPage{{URL: pricing, SendBeacon: "false"}, {SendBeacon: "false"}},
			beacons: []int{1, 0}, ref: ptr("newsletter-code"), check: oneFetch,
		},
		{
			name:    "sendBeacon throws: fetch with keepalive, once",
			pages:   []harnessPage{{URL: pricing, SendBeacon: "throws"}, {SendBeacon: "throws"}},
			beacons: []int{1, 0}, ref: ptr("newsletter-code"), check: oneFetch,
		},
		{
			name:    "neither sendBeacon nor fetch: nothing sent, no error, ref kept",
			pages:   []harnessPage{{URL: pricing, SendBeacon: "missing", Fetch: "missing"}},
			beacons: []int{0}, ref: ptr("newsletter-code"),
			check: func(t *testing.T, r *harnessResult) {
				if len(r.SessionStorage) != 0 {
					t.Errorf("visit marked as reported: %v", r.SessionStorage)
				}
			},
		},
		{
			name:    "sessionStorage blocked: beacon sent anyway, no error",
			pages:   []harnessPage{{URL: pricing, Storage: "blocked"}},
			beacons: []int{1}, ref: ptr("newsletter-code"),
		},
		{
			name:    "invalid rt_vid: not from our redirect, so reported; removed from the URL",
			pages:   []harnessPage{{URL: shopSite + "/?ref=acme&rt_vid=short"}},
			beacons: []int{1}, ref: ptr("acme"),
			check: func(t *testing.T, r *harnessResult) {
				if strings.Contains(r.last().Href, "rt_vid") || r.cookie("rt_site_vid") == "short" {
					t.Errorf("address bar %s, rt_vid cookie %q", r.last().Href, r.cookie("rt_site_vid"))
				}
			},
		},
		{
			name:    "rt_vid without ref: adoptedVID, no beacon",
			pages:   []harnessPage{{URL: shopSite + "/?rt_vid=" + handedOver, Adopt: 204}},
			beacons: []int{0}, vid: adoptedVID,
			check: func(t *testing.T, r *harnessResult) {
				if h := r.last().Href; h != shopSite+"/" {
					t.Errorf("address bar %s, want %s/", h, shopSite)
				}
				noRefCookie(t, r)
			},
		},
		{name: "65-character ref: no beacon", pages: []harnessPage{badRef(long64 + "a")}, beacons: []int{0}, check: noRefFilled},
		{name: "absurdly long ref: no beacon", pages: []harnessPage{badRef(strings.Repeat("x", 3000))}, beacons: []int{0}, check: noRefFilled},
		{name: "SQL in ref: no beacon", pages: []harnessPage{badRef(url.QueryEscape("a'; DROP TABLE clicks;--"))}, beacons: []int{0}, check: noRefFilled},
		{name: "space in ref: no beacon", pages: []harnessPage{badRef("acme+corp")}, beacons: []int{0}, check: noRefFilled},
		{name: "non-ASCII ref: no beacon", pages: []harnessPage{badRef("acm%C3%A9")}, beacons: []int{0}, check: noRefFilled},
		{name: "script in ref: no beacon", pages: []harnessPage{badRef("%3Cscript%3Ealert(1)%3C%2Fscript%3E")}, beacons: []int{0}, check: noRefFilled},
		{name: "empty ref: no beacon", pages: []harnessPage{badRef("")}, beacons: []int{0}, check: noRefFilled},
		{
			name:    "bad ref keeps the remembered one",
			cookies: []string{"rt_ref=acme"},
			pages:   []harnessPage{badRef(strings.Repeat("x", 3000))},
			beacons: []int{0}, ref: ptr("acme"), check: func(t *testing.T, r *harnessResult) { noRefCookie(t, r) },
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := js.run(t, harnessScenario{Cookies: tc.cookies, Pages: tc.pages})
			var got []int
			for _, p := range r.Pages {
				got = append(got, len(p.delivered()))
			}
			if !slices.Equal(got, tc.beacons) {
				t.Errorf("beacons per page load %v, want %v", got, tc.beacons)
			}

			first := r.Pages[0].VisitorID
			for i, p := range r.Pages {
				js.checkPage(t, i, p)
				switch {
				case p.VisitorID == nil:
				case tc.vid != "" && *p.VisitorID != tc.vid:
					t.Errorf("page %d: visitorID() = %q, want %q", i, *p.VisitorID, tc.vid)
				case tc.vid == "" && first != nil && *p.VisitorID != *first:
					t.Errorf("page %d: visitorID() = %q, page 0 had %q: one visitor", i, *p.VisitorID, *first)
				}
			}
			if vid := r.last().VisitorID; vid != nil && r.cookie("rt_site_vid") != *vid {
				t.Errorf("rt_vid cookie %q, visitorID() %q", r.cookie("rt_site_vid"), *vid)
			}
			if ref := r.last().Ref; (ref == nil) != (tc.ref == nil) || (ref != nil && *ref != *tc.ref) {
				t.Errorf("reftrack.ref() = %s, want %s", showRef(ref), showRef(tc.ref))
			}

			if tc.status != 0 {
				for _, p := range r.Pages {
					for _, c := range p.delivered() {
						// As sendBeacon sends a string.
						resp := e.send(t, newClient(false), http.MethodPost, "/t", strings.NewReader(c.Body),
							withHeader("Content-Type", "text/plain;charset=UTF-8"))
						if resp.StatusCode != tc.status {
							t.Errorf("server answers the beacon %s with %d %q, want %d", c.Body, resp.StatusCode, resp.body, tc.status)
						}
					}
				}
			}
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}

func showRef(s *string) string {
	if s == nil {
		return "null"
	}
	return `"` + *s + `"`
}
