package track_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image/gif"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent/click"
	"github.com/reftrack/reftrack/ent/dailystat"
	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/redirect"
	"github.com/reftrack/reftrack/internal/referral"
	"github.com/reftrack/reftrack/internal/secret"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
	"github.com/reftrack/reftrack/internal/track"
)

// now is when every click of the tests happens.
var now = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)

const (
	landing = "https://example.com/landing?x=1" // the referral URL's destination
	oneYear = 365 * 24 * 60 * 60
)

// env is a running Reftrack click path on a fresh SQLite file: partner
// "Acme Agency" with referral URL /r/acme and one ref tag.
type env struct {
	db       *store.DB
	rec      *clicks.Recorder
	lookups  *countingSources
	srv      *httptest.Server
	mux      *http.ServeMux
	slugSrc  int    // source of the referral URL
	code     string // the ref tag's code
	codeSrc  int    // source of the ref tag
	logs     *syncBuffer
	hosts    *redirect.Allowlist
	visitKey []byte
}

// countingSources passes lookups to the real directory, counting them: a
// request refused before any database access makes none.
type countingSources struct {
	track.Sources
	n atomic.Int64
}

func (c *countingSources) Lookup(ctx context.Context, ref string) (*clicks.Source, error) {
	c.n.Add(1)
	return c.Sources.Lookup(ctx, ref)
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func setup(t testing.TB) *env {
	t.Helper()
	ctx := context.Background()
	sys := store.System(ctx)
	db, err := database.Open(ctx, storetest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	hosts := redirect.NewAllowlist([]string{"example.com"})
	p := db.Partner.Create().SetName("Acme Agency").SetEmail("acme@example.com").SaveX(sys)
	u, err := referral.CreateURL(sys, db.Client, hosts, p.ID, "acme", landing)
	if err != nil {
		t.Fatal(err)
	}
	tag, err := referral.CreateTag(sys, db.Client, p.ID, "Newsletter")
	if err != nil {
		t.Fatal(err)
	}
	key, err := secret.Get(ctx, db.Client, "visitor-key")
	if err != nil {
		t.Fatal(err)
	}
	rec := clicks.NewRecorder(db, clicks.Options{})
	t.Cleanup(func() { rec.Close() })

	e := &env{
		db: db, rec: rec, lookups: &countingSources{Sources: referral.NewDirectory(db.Client)},
		mux: http.NewServeMux(), slugSrc: u.SourceID, code: tag.Code, codeSrc: tag.SourceID,
		logs: &syncBuffer{}, hosts: hosts, visitKey: key,
	}
	e.srv = httptest.NewServer(e.mux)
	t.Cleanup(e.srv.Close)
	e.handler(e.srv.URL).Register(e.mux)
	return e
}

func (e *env) handler(publicURL string) *track.Handler {
	o := e.options()
	o.PublicURL = publicURL
	return track.New(o)
}

// options are the handler's options in this environment: its database,
// its public URL, its log and the test's fixed clock.
func (e *env) options() track.Options {
	return track.Options{
		Sources: e.lookups, Recorder: e.rec, Hosts: e.hosts,
		PublicURL: e.srv.URL, VisitorKey: e.visitKey,
		Logger: slog.New(slog.NewTextHandler(e.logs, nil)),
		Now:    func() time.Time { return now },
	}
}

// newClient returns a client that does not follow redirects, with a cookie
// jar when jar is true.
func newClient(jar bool) *http.Client {
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if jar {
		c.Jar, _ = cookiejar.New(nil)
	}
	return c
}

type response struct {
	*http.Response
	body string
}

// send makes a request as a browser (Chrome's User-Agent) unless edit says
// otherwise, and checks what every tracking response must carry.
func (e *env) send(t *testing.T, c *http.Client, method, path string, body io.Reader, edit ...func(*http.Request)) response {
	t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("User-Agent", chromeUA)
	for _, f := range edit {
		f(req)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if got := resp.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("%s %.60s: Cache-Control = %q, want no-store", method, path, got)
	}
	return response{resp, string(b)}
}

func (e *env) get(t *testing.T, c *http.Client, path string, edit ...func(*http.Request)) response {
	t.Helper()
	return e.send(t, c, http.MethodGet, path, nil, edit...)
}

func withUA(ua string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("User-Agent", ua) }
}

func withHeader(k, v string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set(k, v) }
}

func withCookie(vid string) func(*http.Request) {
	return func(r *http.Request) { r.AddCookie(&http.Cookie{Name: "rt_vid", Value: vid}) }
}

// tally is what the database holds of the clicks.
type tally struct {
	Unique, Returning, Bot int // the DailyStat rollup, all sources
	Clicks, Unmatched      int // raw rows
}

func (e *env) tally(t *testing.T) tally {
	t.Helper()
	ctx := store.System(context.Background())
	var n tally
	for _, s := range e.db.DailyStat.Query().AllX(ctx) {
		if s.Day != "2026-03-14" {
			t.Errorf("rollup day = %q", s.Day)
		}
		n.Unique += s.UniqueClicks
		n.Returning += s.ReturningClicks
		n.Bot += s.BotClicks
	}
	n.Clicks = e.db.Click.Query().CountX(ctx)
	n.Unmatched = e.db.UnmatchedClick.Query().CountX(ctx)
	return n
}

// stat is the rollup of one source: unique, returning, bot.
func (e *env) stat(t *testing.T, source int) [3]int {
	t.Helper()
	s, err := e.db.DailyStat.Query().Where(dailystat.SourceID(source)).Only(store.System(context.Background()))
	if err != nil {
		t.Fatalf("rollup of source %d: %v", source, err)
	}
	return [3]int{s.UniqueClicks, s.ReturningClicks, s.BotClicks}
}

func vidCookie(resp response) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == "rt_vid" {
			return c
		}
	}
	return nil
}

// redirectTo checks a 302 to host+path and returns its query.
func redirectTo(t *testing.T, resp response, hostPath string) url.Values {
	t.Helper()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("status = %d, want 302; body %q", resp.StatusCode, resp.body)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if loc.Scheme != "https" || loc.Host+loc.Path != hostPath {
		t.Fatalf("Location = %s, want https://%s", loc, hostPath)
	}
	return loc.Query()
}

func TestReferralURLRedirectsAndSetsCookieOnce(t *testing.T) {
	e := setup(t)
	c := newClient(true)

	first := e.get(t, c, "/r/acme")
	q := redirectTo(t, first, "example.com/landing")
	if q.Get("x") != "1" || q.Get("ref") != "acme" {
		t.Errorf("Location query = %v: want its own x=1 kept and ref=acme", q)
	}
	ck := vidCookie(first)
	if ck == nil {
		t.Fatal("first click set no rt_vid cookie")
	}
	if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.MaxAge != oneYear || ck.Secure {
		t.Errorf("cookie = %+v: want HttpOnly, SameSite=Lax, Path=/, one year, not Secure on http", ck)
	}
	vid, _, _ := strings.Cut(q.Get("rt_vid"), ".")
	if vid != ck.Value || !strings.HasPrefix(vid, "h") || len(vid) != 23 {
		t.Errorf("rt_vid = %q, cookie = %q: want the same hashed id", vid, ck.Value)
	}

	// The cookie comes back and is reused; a pasted trailing slash works.
	for _, path := range []string{"/r/acme", "/r/acme/", "/r/ACME"} {
		again := e.get(t, c, path)
		q := redirectTo(t, again, "example.com/landing")
		if got, _, _ := strings.Cut(q.Get("rt_vid"), "."); got != vid || q.Get("ref") != "acme" {
			t.Errorf("%s: query %v, want rt_vid %q and ref acme", path, q, vid)
		}
		if vidCookie(again) != nil {
			t.Errorf("%s: cookie set again although the request had it", path)
		}
	}

	if got, want := e.tally(t), (tally{Unique: 1, Returning: 3, Clicks: 4}); got != want {
		t.Errorf("tally = %+v, want %+v", got, want)
	}
	ctx := store.System(context.Background())
	for _, row := range e.db.Click.Query().AllX(ctx) {
		if row.Visitor != vid || row.SourceID != e.slugSrc || !row.At.Equal(now) {
			t.Errorf("click row = %+v", row)
		}
	}
}

func TestThreeVisitorsCountUniqueAndReturning(t *testing.T) {
	e := setup(t)
	// Three browsers from one address: told apart by User-Agent at first,
	// by their cookies afterwards.
	for _, ua := range []string{chromeUA, safariUA, firefoxUA} {
		c := newClient(true)
		for range 4 {
			redirectTo(t, e.get(t, c, "/r/acme", withUA(ua)), "example.com/landing")
		}
		for range 2 {
			redirectTo(t, e.get(t, c, "/t/"+e.code+"?to="+url.QueryEscape("https://example.com/pricing"), withUA(ua)), "example.com/pricing")
		}
	}
	if got, want := e.stat(t, e.slugSrc), [3]int{3, 9, 0}; got != want {
		t.Errorf("referral URL rollup = %v, want %v", got, want)
	}
	if got, want := e.stat(t, e.codeSrc), [3]int{3, 3, 0}; got != want {
		t.Errorf("ref tag rollup = %v, want %v", got, want)
	}
	ctx := store.System(context.Background())
	if n := e.db.Click.Query().Where(click.KindEQ(click.KindUnique)).CountX(ctx); n != 6 {
		t.Errorf("unique click rows = %d, want 6", n)
	}
}

func TestCookielessClientIsOneVisitor(t *testing.T) {
	e := setup(t)
	c := newClient(false)
	var vid string
	for i := range 3 {
		resp := e.get(t, c, "/r/acme")
		redirectTo(t, resp, "example.com/landing")
		ck := vidCookie(resp)
		if ck == nil {
			t.Fatal("no cookie offered to a cookieless client")
		}
		if i > 0 && ck.Value != vid {
			t.Fatalf("visitor id changed: %q then %q", vid, ck.Value)
		}
		vid = ck.Value
	}
	if got, want := e.stat(t, e.slugSrc), [3]int{1, 2, 0}; got != want {
		t.Fatalf("after 3 cookieless clicks: rollup = %v, want %v", got, want)
	}

	// Its later click with the cookie is the same visitor.
	resp := e.get(t, c, "/r/acme", withCookie(vid))
	if vidCookie(resp) != nil {
		t.Error("cookie set again although the request had it")
	}
	// A cookie that is no visitor id is ignored and replaced.
	resp = e.get(t, c, "/r/acme", withCookie("x"))
	if ck := vidCookie(resp); ck == nil || ck.Value != vid {
		t.Errorf("invalid cookie: replaced by %v, want %q", ck, vid)
	}
	if got, want := e.stat(t, e.slugSrc), [3]int{1, 4, 0}; got != want {
		t.Fatalf("rollup = %v, want %v", got, want)
	}

	// Another browser on the same address is another visitor.
	e.get(t, c, "/r/acme", withUA(firefoxUA))
	if got, want := e.stat(t, e.slugSrc), [3]int{2, 4, 0}; got != want {
		t.Fatalf("rollup = %v, want %v", got, want)
	}
	ctx := store.System(context.Background())
	for _, row := range e.db.Click.Query().AllX(ctx) {
		if strings.Contains(row.Visitor, "127.0.0.1") || !strings.HasPrefix(row.Visitor, "h") {
			t.Errorf("stored visitor %q", row.Visitor)
		}
	}
}

func TestBotsAreRedirectedButCountOnlyAsBots(t *testing.T) {
	e := setup(t)
	cases := []struct {
		name   string
		method string
		edit   func(*http.Request)
	}{
		{"googlebot", "GET", withUA("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")},
		{"slack unfurl", "GET", withUA("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")},
		{"whatsapp preview", "GET", withUA("WhatsApp/2.23.20.0")},
		{"curl", "GET", withUA("curl/8.5.0")},
		{"Go client", "GET", withUA("Go-http-client/1.1")},
		{"empty User-Agent", "GET", func(r *http.Request) { r.Header.Set("User-Agent", "") }},
		{"HEAD", "HEAD", withUA(chromeUA)},
		{"Sec-Purpose prefetch", "GET", withHeader("Sec-Purpose", "prefetch")},
		{"Purpose prefetch", "GET", withHeader("Purpose", "prefetch")},
		{"X-Purpose preview", "GET", withHeader("X-Purpose", "preview")},
		{"X-Moz prefetch", "GET", withHeader("X-Moz", "prefetch")},
	}
	for i, tc := range cases {
		for j, path := range []string{"/r/acme", "/t/" + e.code + "?to=https://example.com/"} {
			resp := e.send(t, newClient(false), tc.method, path, nil, tc.edit)
			if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") == "" {
				t.Errorf("%s %s: status %d, Location %q; want a redirect", tc.name, path, resp.StatusCode, resp.Header.Get("Location"))
			}
			if got, want := e.tally(t), (tally{Bot: 2*i + j + 1, Clicks: 2*i + j + 1}); got != want {
				t.Fatalf("%s %s: tally = %+v, want %+v", tc.name, path, got, want)
			}
		}
	}
	ctx := store.System(context.Background())
	if n := e.db.Click.Query().Where(click.KindNEQ(click.KindBot)).CountX(ctx); n != 0 {
		t.Errorf("%d bot clicks stored as human", n)
	}
	if n := e.db.Visit.Query().CountX(ctx); n != 0 {
		t.Errorf("bots made %d visits", n)
	}
}

func TestBadLinksRecordNothing(t *testing.T) {
	e := setup(t)
	long := strings.Repeat("a", 10000)
	tag := "/t/" + e.code + "?to="
	for _, tc := range []struct {
		name, path string
		status     int
		lookup     bool // whether the database is asked
	}{
		{"unknown slug", "/r/nope", 404, true},
		{"ref tag code on /r", "/r/" + e.code, 404, true},
		{"absurd slug", "/r/" + long, 400, false},
		{"slug with a space", "/r/a%20b", 400, false},
		{"slug with invalid UTF-8", "/r/%ff", 400, false},
		{"slug with an encoded slash", "/r/a%2Fb", 400, false},
		{"missing to", "/t/" + e.code, 400, false},
		{"empty to", tag, 400, false},
		{"host not allowed", tag + url.QueryEscape("https://evil.com/"), 400, false},
		{"look-alike host", tag + url.QueryEscape("https://example.com.evil.com/"), 400, false},
		{"javascript URL", tag + url.QueryEscape("javascript:alert(1)"), 400, false},
		{"data URL", tag + url.QueryEscape("data:text/html,<script>alert(1)</script>"), 400, false},
		{"relative to", tag + url.QueryEscape("/landing"), 400, false},
		{"scheme-relative to", tag + url.QueryEscape("//evil.com/"), 400, false},
		{"credentials in to", tag + url.QueryEscape("https://me:pw@example.com/"), 400, false},
		{"ftp to", tag + url.QueryEscape("ftp://example.com/"), 400, false},
		{"absurd code", "/t/" + long + "?to=https://example.com/", 400, false},
		{"code with punctuation", "/t/ab!c?to=https://example.com/", 400, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.lookups.n.Load()
			resp := e.get(t, newClient(true), tc.path)
			if resp.StatusCode != tc.status {
				t.Errorf("status = %d, want %d; body %q", resp.StatusCode, tc.status, resp.body)
			}
			if loc := resp.Header.Get("Location"); loc != "" {
				t.Errorf("redirected to %q", loc)
			}
			if vidCookie(resp) != nil {
				t.Error("cookie set on a refused link")
			}
			if asked := e.lookups.n.Load() > before; asked != tc.lookup {
				t.Errorf("database asked = %v, want %v", asked, tc.lookup)
			}
			if got := e.tally(t); got != (tally{}) {
				t.Errorf("recorded %+v, want nothing", got)
			}
		})
	}
	resp := e.get(t, newClient(true), "/r/nope")
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || !strings.Contains(resp.body, "not found") {
		t.Errorf("unknown slug page: %s %q", ct, resp.body)
	}
}

func TestTaggedLink(t *testing.T) {
	e := setup(t)
	c := newClient(true)
	to := url.QueryEscape("https://example.com/pricing?plan=pro&ref=stale")

	resp := e.get(t, c, "/t/"+e.code+"?to="+to)
	q := redirectTo(t, resp, "example.com/pricing")
	ck := vidCookie(resp)
	if ck == nil || q.Get("plan") != "pro" || q.Get("ref") != e.code || !strings.HasPrefix(q.Get("rt_vid"), ck.Value+".") {
		t.Fatalf("query %v, cookie %v: want plan kept, ref=%s, rt_vid = cookie", q, ck, e.code)
	}
	// In capitals it is the same code; the referral URL's slug works here too.
	q = redirectTo(t, e.get(t, c, "/t/"+strings.ToUpper(e.code)+"?to="+to), "example.com/pricing")
	if q.Get("ref") != e.code {
		t.Errorf("ref = %q, want %q", q.Get("ref"), e.code)
	}
	redirectTo(t, e.get(t, c, "/t/acme?to="+to), "example.com/pricing")
	if got, want := e.stat(t, e.codeSrc), [3]int{1, 1, 0}; got != want {
		t.Errorf("ref tag rollup = %v, want %v", got, want)
	}
	if got, want := e.stat(t, e.slugSrc), [3]int{1, 0, 0}; got != want {
		t.Errorf("referral URL rollup = %v, want %v", got, want)
	}

	// An unknown code still gets the visitor there, and is kept as unmatched.
	before := e.tally(t)
	q = redirectTo(t, e.get(t, c, "/t/zz9unknown?to="+to), "example.com/pricing")
	if got, _, _ := strings.Cut(q.Get("rt_vid"), "."); q.Get("ref") != "zz9unknown" || got != ck.Value {
		t.Errorf("unknown code: query %v", q)
	}
	after := e.tally(t)
	before.Unmatched++
	if after != before {
		t.Errorf("tally = %+v, want %+v", after, before)
	}
	u := e.db.UnmatchedClick.Query().OnlyX(store.System(context.Background()))
	if u.Ref != "zz9unknown" || u.Visitor != ck.Value || !u.At.Equal(now) {
		t.Errorf("unmatched row = %+v", u)
	}
}

func beaconJSON(ref, vid string) string {
	b, _ := json.Marshal(map[string]string{"ref": ref, "vid": vid, "url": "https://example.com/?ref=" + ref, "referrer": "https://partner.example/"})
	return string(b)
}

func TestBeacon(t *testing.T) {
	e := setup(t)
	const vid = "Vx7_kq-2ZpQm9LrT3sWc1a"
	big := `{"ref":"acme","url":"https://example.com/?p=` + strings.Repeat("x", 5000) + `"}`
	for _, tc := range []struct {
		name        string
		contentType string
		body        io.Reader
		status      int
		lookup      bool
		want        tally // recorded by this beacon
		wantBody    string
	}{
		{"sendBeacon text/plain", "text/plain;charset=UTF-8", strings.NewReader(beaconJSON(e.code, vid)), 204, true, tally{Unique: 1, Clicks: 1}, ""},
		{"JSON, same visitor", "application/json", strings.NewReader(beaconJSON(e.code, vid)), 204, true, tally{Returning: 1, Clicks: 1}, ""},
		{"referral URL slug", "text/plain", strings.NewReader(beaconJSON("acme", vid)), 204, true, tally{Unique: 1, Clicks: 1}, ""},
		{"no vid", "text/plain", strings.NewReader(`{"ref":"acme"}`), 204, true, tally{Unique: 1, Clicks: 1}, ""},
		{"unknown ref", "text/plain", strings.NewReader(beaconJSON("zz9unknown", vid)), 404, true, tally{Unmatched: 1}, `{"errors":[{"message":"unknown ref","extensions":{"code":"NOT_FOUND"}}]}`},
		{"oversized", "text/plain", strings.NewReader(big), 413, false, tally{}, ""},
		{"oversized, chunked", "text/plain", io.MultiReader(strings.NewReader(big)), 413, false, tally{}, ""},
		{"malformed JSON", "text/plain", strings.NewReader(`{"ref":"acme"`), 400, false, tally{}, ""},
		{"not an object", "application/json", strings.NewReader(`["acme"]`), 400, false, tally{}, ""},
		{"empty body", "text/plain", strings.NewReader(""), 400, false, tally{}, ""},
		{"missing ref", "text/plain", strings.NewReader(`{"vid":"` + vid + `"}`), 400, false, tally{}, ""},
		{"absurd ref", "text/plain", strings.NewReader(`{"ref":"` + strings.Repeat("a", 3000) + `"}`), 400, false, tally{}, ""},
		{"invalid ref", "text/plain", strings.NewReader(`{"ref":"a'; DROP TABLE clicks;--"}`), 400, false, tally{}, ""},
		{"invalid vid", "text/plain", strings.NewReader(beaconJSON("acme", "short")), 400, false, tally{}, ""},
		{"form post", "application/x-www-form-urlencoded", strings.NewReader("ref=acme"), 415, false, tally{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, asked := e.tally(t), e.lookups.n.Load()
			resp := e.send(t, newClient(false), http.MethodPost, "/t", tc.body, withHeader("Content-Type", tc.contentType))
			if resp.StatusCode != tc.status {
				t.Errorf("status = %d, want %d; body %q", resp.StatusCode, tc.status, resp.body)
			}
			if tc.wantBody != "" && strings.TrimSpace(resp.body) != tc.wantBody {
				t.Errorf("body = %q, want %q", resp.body, tc.wantBody)
			}
			if (e.lookups.n.Load() > asked) != tc.lookup {
				t.Errorf("database asked = %v, want %v", !tc.lookup, tc.lookup)
			}
			after := e.tally(t)
			got := tally{after.Unique - before.Unique, after.Returning - before.Returning, after.Bot - before.Bot,
				after.Clicks - before.Clicks, after.Unmatched - before.Unmatched}
			if got != tc.want {
				t.Errorf("recorded %+v, want %+v", got, tc.want)
			}
		})
	}
	ctx := store.System(context.Background())
	if u := e.db.UnmatchedClick.Query().OnlyX(ctx); u.Ref != "zz9unknown" || u.Visitor != vid {
		t.Errorf("unmatched row = %+v", u)
	}
}

// A click through /r hands its visitor id to the landing page; ref.js there
// uses it, so whatever it reports later is the same visitor.
func TestRedirectVisitorIsBeaconVisitor(t *testing.T) {
	e := setup(t)
	vid, _, _ := strings.Cut(redirectTo(t, e.get(t, newClient(true), "/r/acme"), "example.com/landing").Get("rt_vid"), ".")
	resp := e.send(t, newClient(false), http.MethodPost, "/t", strings.NewReader(beaconJSON("acme", vid)),
		withHeader("Content-Type", "text/plain"), withUA(firefoxUA))
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("beacon status %d", resp.StatusCode)
	}
	if got, want := e.stat(t, e.slugSrc), [3]int{1, 1, 0}; got != want {
		t.Errorf("rollup = %v, want %v", got, want)
	}
}

func TestPixel(t *testing.T) {
	e := setup(t)
	c := newClient(false)
	const vid = "Vx7_kq-2ZpQm9LrT3sWc1a"

	resp := e.get(t, c, "/t.gif?ref="+e.code+"&vid="+vid)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/gif" {
		t.Fatalf("pixel: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	img, err := gif.Decode(strings.NewReader(resp.body))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1 || b.Dy() != 1 {
		t.Errorf("pixel is %v", b)
	}
	if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
		t.Errorf("pixel is not transparent")
	}
	if got, want := e.tally(t), (tally{Unique: 1, Clicks: 1}); got != want {
		t.Fatalf("tally = %+v, want %+v", got, want)
	}

	if resp := e.get(t, c, "/t.gif?ref=zz9unknown&vid="+vid); resp.StatusCode != 404 {
		t.Errorf("unknown ref: status %d, want 404", resp.StatusCode)
	}
	if got, want := e.tally(t), (tally{Unique: 1, Clicks: 1, Unmatched: 1}); got != want {
		t.Fatalf("tally = %+v, want %+v", got, want)
	}

	asked := e.lookups.n.Load()
	for _, q := range []string{"", "?vid=" + vid, "?ref=", "?ref=a%20b", "?ref=" + strings.Repeat("a", 65), "?ref=acme&vid=short", "?ref=acme&vid=" + strings.Repeat("v", 65)} {
		if resp := e.get(t, c, "/t.gif"+q); resp.StatusCode != 400 {
			t.Errorf("%q: status %d, want 400", q, resp.StatusCode)
		}
	}
	if e.lookups.n.Load() != asked {
		t.Error("invalid pixels asked the database")
	}
	if resp := e.send(t, c, http.MethodHead, "/t.gif?ref=acme", nil); resp.StatusCode != 200 {
		t.Errorf("HEAD pixel: %d", resp.StatusCode)
	}
	if got, want := e.tally(t), (tally{Unique: 1, Bot: 1, Clicks: 2, Unmatched: 1}); got != want {
		t.Fatalf("tally = %+v, want %+v", got, want)
	}
}

func TestRefJS(t *testing.T) {
	e := setup(t)
	resp, err := http.Get(e.srv.URL + "/ref.js")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/javascript; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=3600" {
		t.Errorf("Cache-Control = %q", cc)
	}
	js := string(body)
	if !strings.Contains(js, `const BASE = "`+e.srv.URL+`";`) || strings.Contains(js, "__REFTRACK_PUBLIC_URL__") {
		t.Errorf("public URL %s not filled in:\n%s", e.srv.URL, js[:min(len(js), 1500)])
	}
	for _, want := range []string{"sendBeacon", "keepalive", "sessionStorage", "replaceState", "getRandomValues", "rt_ref", "window.reftrack", "DOMContentLoaded"} {
		if !strings.Contains(js, want) {
			t.Errorf("ref.js lacks %s", want)
		}
	}
}

func TestSecureCookieOnHTTPS(t *testing.T) {
	e := setup(t)
	mux := http.NewServeMux()
	e.handler("https://track.example.com/").Register(mux)
	req := httptest.NewRequest(http.MethodGet, "https://track.example.com/r/acme", nil)
	req.Header.Set("User-Agent", chromeUA)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, req)
	if w.Code != http.StatusFound {
		t.Fatalf("status %d", w.Code)
	}
	cookies := w.Result().Cookies()
	if len(cookies) != 1 || !cookies[0].Secure || !cookies[0].HttpOnly {
		t.Errorf("cookies = %+v, want one Secure HttpOnly rt_vid", cookies)
	}
	w = httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/ref.js", nil))
	if !strings.Contains(w.Body.String(), `"https://track.example.com"`) {
		t.Error("ref.js does not name the public URL without its trailing slash")
	}
}

func TestUnavailableNeverClaimsAClick(t *testing.T) {
	e := setup(t)
	e.rec.Close() // the recorder is shut down: nothing can be stored
	c := newClient(true)
	for _, tc := range []struct {
		name, method, path, body string
		link                     string // the page links to the destination, with ref and without rt_vid
	}{
		{"referral URL", "GET", "/r/acme", "", `href="https://example.com/landing?ref=acme&amp;x=1"`},
		{"tagged link", "GET", "/t/" + e.code + "?to=https://example.com/p", "", `href="https://example.com/p?ref=` + e.code + `"`},
		{"unknown code", "GET", "/t/zz9unknown?to=https://example.com/p", "", `href="https://example.com/p?ref=zz9unknown"`},
		{"beacon", "POST", "/t", beaconJSON("acme", "Vx7_kq-2ZpQm9LrT3sWc1a"), ""},
		{"pixel", "GET", "/t.gif?ref=acme", "", ""},
	} {
		resp := e.send(t, c, tc.method, tc.path, strings.NewReader(tc.body), withHeader("Content-Type", "text/plain"))
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != "1" {
			t.Errorf("%s: status %d, Retry-After %q; want 503, 1", tc.name, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		if resp.Header.Get("Location") != "" {
			t.Errorf("%s: redirected although the click was not stored", tc.name)
		}
		if tc.link != "" && (!strings.Contains(resp.body, tc.link) || strings.Contains(resp.body, "rt_vid")) {
			t.Errorf("%s: page %q lacks %s", tc.name, resp.body, tc.link)
		}
	}
	// Bad input is still the client's fault, not ours.
	if resp := e.get(t, c, "/t/"+e.code+"?to=https://evil.com/"); resp.StatusCode != 400 {
		t.Errorf("bad destination while unavailable: %d, want 400", resp.StatusCode)
	}

	if got := e.tally(t); got != (tally{}) {
		t.Errorf("recorded %+v while unavailable", got)
	}

	// The database itself gone: a ref not yet cached cannot be looked up.
	e.db.Close()
	resp := e.get(t, c, "/t/fresh9code?to=https://example.com/p")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(resp.body, `href="https://example.com/p?ref=fresh9code"`) {
		t.Errorf("lookup failure: %d %q", resp.StatusCode, resp.body)
	}
	if resp := e.get(t, c, "/r/fresh-slug"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("lookup failure on /r: %d", resp.StatusCode)
	}

	logs := e.logs.String()
	if !strings.Contains(logs, "record click") {
		t.Errorf("failures not logged: %q", logs)
	}
	if strings.Contains(logs, "127.0.0.1") || strings.Contains(logs, "::1") {
		t.Errorf("logs hold a raw IP address: %q", logs)
	}
}
