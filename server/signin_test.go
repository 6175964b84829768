package server_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/reftrack/reftrack/internal/apitest"
)

// webClock is a server clock that tests move forward.
type webClock struct {
	mu sync.Mutex
	t  time.Time
}

func newWebClock() *webClock { return &webClock{t: time.Now().UTC()} }

func (c *webClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *webClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

const password = "correct horse battery"

func code(body map[string]any) string {
	errs, _ := body["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	ext, _ := errs[0].(map[string]any)["extensions"].(map[string]any)
	c, _ := ext["code"].(string)
	return c
}

const meQuery = `{ me { email hasPassword } }`

type meJSON struct {
	Me *struct {
		Email       string
		HasPassword bool
	}
}

func TestInvitationSetsPasswordOnce(t *testing.T) {
	s := apitest.New(t)
	var created struct {
		CreatePartner struct {
			InvitationURL       string
			InvitationExpiresAt time.Time
		}
	}
	s.MustDo(t, apitest.AdminToken, `mutation { createPartner(input: {name: "A", email: "a@a.example"}) { invitationURL invitationExpiresAt } }`, nil, &created)
	link := created.CreatePartner.InvitationURL
	if !strings.HasPrefix(link, s.Config.PublicURL+"/set-password#token=") {
		t.Fatalf("invitation link %q is not on the public URL %s", link, s.Config.PublicURL)
	}
	if d := time.Until(created.CreatePartner.InvitationExpiresAt); d < 7*24*time.Hour-time.Minute || d > 7*24*time.Hour {
		t.Fatalf("invitation expires in %v, want 7 days", d)
	}
	_, token, _ := strings.Cut(link, "#token=")

	// Before: no password, so no sign-in.
	w := s.NewWeb(t)
	if status, _ := w.Post(t, "/auth/sign-in", map[string]any{"email": "a@a.example", "password": password}); status != http.StatusUnauthorized {
		t.Fatalf("sign-in before the invitation: %d, want 401", status)
	}
	// A short password is refused and leaves the link usable.
	status, body := w.Post(t, "/auth/password", map[string]any{"token": token, "password": "too short"})
	if status != http.StatusBadRequest || code(body) != "BAD_USER_INPUT" {
		t.Fatalf("short password: %d %v", status, body)
	}
	status, body = w.Post(t, "/auth/password", map[string]any{"token": token, "password": password})
	if status != http.StatusOK || body["role"] != "PARTNER" {
		t.Fatalf("set password: %d %v", status, body)
	}
	if w.Cookie() == nil {
		t.Fatal("no session cookie after setting the password")
	}
	var me meJSON
	w.MustDo(t, meQuery, nil, &me)
	if me.Me == nil || me.Me.Email != "a@a.example" || !me.Me.HasPassword {
		t.Fatalf("me: %+v", me.Me)
	}
	// Used once: a second use is refused, the password stays.
	other := s.NewWeb(t)
	status, body = other.Post(t, "/auth/password", map[string]any{"token": token, "password": "another password"})
	if status != http.StatusUnauthorized || code(body) != "UNAUTHENTICATED" || other.Cookie() != nil {
		t.Fatalf("second use of the invitation: %d %v", status, body)
	}
	if status, _ := other.Post(t, "/auth/sign-in", map[string]any{"email": "a@a.example", "password": "another password"}); status != http.StatusUnauthorized {
		t.Fatalf("sign-in with the password of the refused second use: %d", status)
	}
	other.SignIn(t, "A@A.example", password)
	w.MustDo(t, meQuery, nil, &me) // the first browser stays signed in
}

func TestInvitationExpiresAndResetReplacesIt(t *testing.T) {
	c := newWebClock()
	s := apitest.New(t, apitest.Options{Now: c.Now})
	p, token := s.Invited(t, "A", "a@a.example")
	c.Add(7*24*time.Hour + time.Second)
	w := s.NewWeb(t)
	if status, body := w.Post(t, "/auth/password", map[string]any{"token": token, "password": password}); status != http.StatusUnauthorized {
		t.Fatalf("expired invitation: %d %v", status, body)
	}
	// The admin issues a new link ("forgot password"); a partner may not.
	var out struct{ IssuePasswordLink struct{ URL string } }
	issue := `mutation($id: ID!) { issuePasswordLink(partnerID: $id) { url expiresAt } }`
	if r := s.Do(t, p.Token, issue, map[string]any{"id": p.ID}); r.Code() != "FORBIDDEN" {
		t.Fatalf("partner issuing a password link: %+v", r.Errors)
	}
	s.MustDo(t, apitest.AdminToken, issue, map[string]any{"id": p.ID}, &out)
	_, first, _ := strings.Cut(out.IssuePasswordLink.URL, "#token=")
	s.MustDo(t, apitest.AdminToken, issue, map[string]any{"id": p.ID}, &out)
	_, second, _ := strings.Cut(out.IssuePasswordLink.URL, "#token=")
	if status, _ := w.Post(t, "/auth/password", map[string]any{"token": first, "password": password}); status != http.StatusUnauthorized {
		t.Fatalf("a replaced link: %d, want 401", status)
	}
	if status, body := w.Post(t, "/auth/password", map[string]any{"token": second, "password": password}); status != http.StatusOK {
		t.Fatalf("the newest link: %d %v", status, body)
	}
	// A reset ends the partner's other sessions.
	s.MustDo(t, apitest.AdminToken, issue, map[string]any{"id": p.ID}, &out)
	_, third, _ := strings.Cut(out.IssuePasswordLink.URL, "#token=")
	if status, _ := s.NewWeb(t).Post(t, "/auth/password", map[string]any{"token": third, "password": "a new password"}); status != http.StatusOK {
		t.Fatal("reset refused")
	}
	if r := w.Do(t, meQuery, nil); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("a session from before the reset: %+v", r.Errors)
	}
}

func TestSignInSameAnswerForUnknownEmailAndWrongPassword(t *testing.T) {
	s := apitest.New(t)
	s.SignedIn(t, "A", "a@a.example", password)
	w := s.NewWeb(t)
	s1, unknown := w.Post(t, "/auth/sign-in", map[string]any{"email": "nobody@a.example", "password": password})
	s2, wrong := w.Post(t, "/auth/sign-in", map[string]any{"email": "a@a.example", "password": "wrong password"})
	if s1 != http.StatusUnauthorized || s1 != s2 || fmt.Sprint(unknown) != fmt.Sprint(wrong) {
		t.Fatalf("unknown email: %d %v; wrong password: %d %v", s1, unknown, s2, wrong)
	}
	if w.Cookie() != nil {
		t.Fatal("a cookie after failed sign-ins")
	}
}

func TestSignInLimits(t *testing.T) {
	c := newWebClock()
	s := apitest.New(t, apitest.Options{Now: c.Now})
	s.SignedIn(t, "A", "a@a.example", password)
	s.SignedIn(t, "B", "b@b.example", password)
	w := s.NewWeb(t)
	try := func(email, pw string) (int, map[string]any) {
		return w.Post(t, "/auth/sign-in", map[string]any{"email": email, "password": pw})
	}
	for i := range 10 {
		if status, _ := try("a@a.example", "wrong password"); status != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, status)
		}
	}
	// The account is locked, even for the right password; another is not.
	status, body := try("a@a.example", password)
	if status != http.StatusTooManyRequests || code(body) != "LIMIT_EXCEEDED" || w.Cookie() != nil {
		t.Fatalf("11th attempt: %d %v", status, body)
	}
	// An unknown email is locked the same way, so the limit tells nothing.
	for range 10 {
		try("nobody@a.example", "wrong password")
	}
	if status, _ := try("nobody@a.example", "wrong password"); status != http.StatusTooManyRequests {
		t.Fatalf("unknown email after 10 failures: %d", status)
	}
	// 20 failures so far from this address; 10 more lock the address out.
	for i := range 10 {
		try(fmt.Sprintf("other%d@a.example", i), "wrong password")
	}
	if status, _ := try("b@b.example", password); status != http.StatusTooManyRequests {
		t.Fatalf("fresh account from a locked address: %d", status)
	}
	c.Add(15 * time.Minute)
	w.SignIn(t, "a@a.example", password)
	// The admin's sign-in is limited the same way.
	admin := s.NewWeb(t)
	for range 10 {
		admin.Post(t, "/auth/admin-sign-in", map[string]any{"token": "rt_wrong-admin-token-0123456789"})
	}
	if status, _ := admin.Post(t, "/auth/admin-sign-in", map[string]any{"token": apitest.AdminToken}); status != http.StatusTooManyRequests {
		t.Fatalf("admin sign-in after 10 failures: %d", status)
	}
}

func TestAdminSignIn(t *testing.T) {
	s := apitest.New(t)
	p := s.CreatePartner(t, "A", "a@a.example", "UTC")
	w := s.NewWeb(t)
	if status, body := w.Post(t, "/auth/admin-sign-in", map[string]any{"token": p.Token}); status != http.StatusUnauthorized {
		t.Fatalf("admin sign-in with a partner token: %d %v", status, body)
	}
	if status, body := w.Post(t, "/auth/admin-sign-in", map[string]any{"token": apitest.AdminToken}); status != http.StatusOK || body["role"] != "ADMIN" {
		t.Fatalf("admin sign-in: %d %v", status, body)
	}
	var out struct {
		Me       *struct{ ID string }
		Partners struct{ TotalCount int }
	}
	w.MustDo(t, `{ me { id } partners { totalCount } }`, nil, &out)
	if out.Me != nil || out.Partners.TotalCount != 1 {
		t.Fatalf("admin session: %+v", out)
	}
}

// A request with the session cookie that another site could have sent is
// refused, and changes nothing.
func TestSessionCookieCSRF(t *testing.T) {
	s := apitest.New(t)
	p, w := s.SignedIn(t, "A", "a@a.example", password)
	create := `mutation { createRefTag(input: {name: "Evil"}) { id } }`
	for _, c := range []struct {
		name   string
		header []string
	}{
		{"cross-origin Origin", []string{"Origin", "https://evil.example", "Sec-Fetch-Site", ""}},
		{"cross-site fetch metadata", []string{"Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"}},
		{"no Origin, cross-site", []string{"Origin", "", "Sec-Fetch-Site", "cross-site"}},
		{"same-site subdomain", []string{"Sec-Fetch-Site", "same-site", "Origin", ""}},
		{"no Origin, no fetch metadata", []string{"Origin", "", "Sec-Fetch-Site", ""}},
		{"form content type", []string{"Content-Type", "application/x-www-form-urlencoded"}},
		{"text/plain", []string{"Content-Type", "text/plain"}},
		{"multipart form", []string{"Content-Type", "multipart/form-data; boundary=x"}},
	} {
		r := w.Do(t, create, nil, c.header...)
		if r.Status != http.StatusForbidden || r.Code() != "FORBIDDEN" {
			t.Errorf("%s: status %d, errors %+v", c.name, r.Status, r.Errors)
		}
	}
	var tags struct{ RefTags struct{ TotalCount int } }
	s.MustDo(t, p.Token, `{ refTags { totalCount } }`, nil, &tags)
	if tags.RefTags.TotalCount != 0 {
		t.Fatalf("%d ref tags after refused requests, want 0", tags.RefTags.TotalCount)
	}
	// The app's own request works, with fetch metadata or Origin alone.
	w.MustDo(t, create, nil, nil)
	if r := w.Do(t, meQuery, nil, "Sec-Fetch-Site", ""); r.Status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("same-origin by Origin only: %d %+v", r.Status, r.Errors)
	}
	// A bearer token works from anywhere, as scripts always did.
	if r := w.Do(t, meQuery, nil, "Authorization", "Bearer "+p.Token, "Origin", "https://evil.example", "Content-Type", "application/json"); r.Status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("bearer with a cookie from another origin: %d %+v", r.Status, r.Errors)
	}
	// Sign-in itself refuses other sites (login CSRF), and sets no cookie.
	fresh := s.NewWeb(t)
	if status, _ := fresh.Post(t, "/auth/sign-in", map[string]any{"email": "a@a.example", "password": password}, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"); status != http.StatusForbidden || fresh.Cookie() != nil {
		t.Fatalf("cross-site sign-in: %d", status)
	}
	// Sign-out from another site does not sign out.
	w.Post(t, "/auth/sign-out", map[string]any{}, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	w.MustDo(t, meQuery, nil, nil)
}

func TestSessionCookieFlags(t *testing.T) {
	for _, c := range []struct {
		public, name string
		secure       bool
	}{
		{"", "reftrack_session", false},
		{"https://partners.example.com", "__Host-reftrack_session", true},
	} {
		opts := apitest.Options{}
		if c.public != "" {
			opts.Env = map[string]string{"REFTRACK_PUBLIC_URL": c.public}
		}
		s := apitest.New(t, opts)
		w := s.NewWeb(t)
		origin := c.public
		if origin == "" {
			origin = s.URL
		}
		status, _ := w.Post(t, "/auth/admin-sign-in", map[string]any{"token": apitest.AdminToken}, "Origin", origin)
		if status != http.StatusOK {
			t.Fatalf("%s: sign-in %d", origin, status)
		}
		// The jar keeps no Secure cookie from plain http: read the header.
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/auth/admin-sign-in", strings.NewReader(`{"token":"`+apitest.AdminToken+`"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", origin)
		resp, err := s.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		cookies := resp.Cookies()
		if len(cookies) != 1 {
			t.Fatalf("%s: cookies %v", origin, cookies)
		}
		k := cookies[0]
		if k.Name != c.name || k.Secure != c.secure || !k.HttpOnly || k.SameSite != http.SameSiteLaxMode || k.Path != "/" || k.Domain != "" {
			t.Errorf("%s: cookie %s", origin, resp.Header.Get("Set-Cookie"))
		}
	}
}

func TestSessionExpiresAfter30IdleDays(t *testing.T) {
	c := newWebClock()
	s := apitest.New(t, apitest.Options{Now: c.Now})
	_, w := s.SignedIn(t, "A", "a@a.example", password)
	// Within the hour, requests write nothing.
	before := s.Queries()
	w.MustDo(t, meQuery, nil, nil)
	quiet := s.Queries() - before
	c.Add(2 * time.Hour)
	before = s.Queries()
	w.MustDo(t, meQuery, nil, nil)
	if touched := s.Queries() - before; touched != quiet+1 {
		t.Fatalf("statements: %d within the hour, %d two hours later; want one more (the last-seen update)", quiet, touched)
	}
	before = s.Queries()
	w.MustDo(t, meQuery, nil, nil)
	if n := s.Queries() - before; n != quiet {
		t.Fatalf("statements right after the update: %d, want %d", n, quiet)
	}
	// Sliding: used every 29 days, it lasts.
	for range 3 {
		c.Add(29 * 24 * time.Hour)
		w.MustDo(t, meQuery, nil, nil)
	}
	c.Add(30*24*time.Hour + time.Minute)
	if r := w.Do(t, meQuery, nil); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("after 30 idle days: %+v", r.Errors)
	}
}

type sessionsJSON struct {
	Sessions []struct {
		ID        string
		UserAgent string
		Current   bool
	}
}

const sessionsQuery = `{ sessions { id userAgent current lastSeenAt createdAt } }`

func TestSessionRevocation(t *testing.T) {
	s := apitest.New(t)
	a, laptop := s.SignedIn(t, "A", "a@a.example", password)
	phone := s.NewWeb(t)
	phone.SignIn(t, "a@a.example", password)
	b, bWeb := s.SignedIn(t, "B", "b@b.example", password)

	var list sessionsJSON
	laptop.MustDo(t, sessionsQuery, nil, &list)
	if len(list.Sessions) != 2 || list.Sessions[0].Current == list.Sessions[1].Current || list.Sessions[0].UserAgent != apitest.Browser {
		t.Fatalf("A's sessions: %+v", list.Sessions)
	}
	var phoneID string
	for _, x := range list.Sessions {
		if !x.Current {
			phoneID = x.ID
		}
	}
	var bList sessionsJSON
	bWeb.MustDo(t, sessionsQuery, nil, &bList)
	bID := bList.Sessions[0].ID

	// Another partner's session: not found, and it stays.
	revoke := `mutation($id: ID!) { revokeSession(id: $id) }`
	if r := laptop.Do(t, revoke, map[string]any{"id": bID}); r.Code() != "NOT_FOUND" {
		t.Fatalf("A revoking B's session: %+v", r.Errors)
	}
	bWeb.MustDo(t, meQuery, nil, nil)
	var other sessionsJSON
	laptop.MustDo(t, `query($p: ID) { sessions(partnerID: $p) { id } }`, map[string]any{"p": b.ID}, &other)
	if len(other.Sessions) != 0 {
		t.Fatalf("A listing B's sessions: %+v", other.Sessions)
	}
	if r := laptop.Do(t, `mutation($p: ID) { revokeSessions(partnerID: $p) }`, map[string]any{"p": b.ID}); r.Code() != "FORBIDDEN" {
		t.Fatalf("A revoking all of B's sessions: %+v", r.Errors)
	}
	bWeb.MustDo(t, meQuery, nil, nil)

	// A signs its phone out from the laptop.
	laptop.MustDo(t, revoke, map[string]any{"id": phoneID}, nil)
	if r := phone.Do(t, meQuery, nil); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("revoked phone: %+v", r.Errors)
	}
	laptop.MustDo(t, meQuery, nil, nil)

	// The admin signs B out everywhere; bearer tokens are not sessions.
	var revoked struct{ RevokeSessions []string }
	s.MustDo(t, apitest.AdminToken, `mutation($p: ID) { revokeSessions(partnerID: $p) }`, map[string]any{"p": b.ID}, &revoked)
	if len(revoked.RevokeSessions) != 1 || revoked.RevokeSessions[0] != bID {
		t.Fatalf("admin revoked %v, want [%s]", revoked.RevokeSessions, bID)
	}
	if r := bWeb.Do(t, meQuery, nil); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("B after the admin's revocation: %+v", r.Errors)
	}
	s.MustDo(t, b.Token, meQuery, nil, nil)

	// Sign out, then sign out everywhere.
	phone.SignIn(t, "a@a.example", password)
	if status, _ := laptop.Post(t, "/auth/sign-out", map[string]any{}); status != http.StatusOK || laptop.Cookie() != nil {
		t.Fatalf("sign-out: %d, cookie %v", status, laptop.Cookie())
	}
	phone.MustDo(t, meQuery, nil, nil)
	laptop.SignIn(t, "a@a.example", password)
	phone.Post(t, "/auth/sign-out", map[string]any{"everywhere": true})
	if r := laptop.Do(t, meQuery, nil); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("laptop after sign-out everywhere: %+v", r.Errors)
	}
	s.MustDo(t, a.Token, meQuery, nil, nil)
}

// dialSession opens a websocket with a browser's session cookie and the
// given Origin, sending connection_init without a token.
func dialSession(t *testing.T, s *apitest.Server, w *apitest.Web, origin string) (*wsClient, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	h := http.Header{}
	h.Set("Cookie", w.Cookie().Name+"="+w.Cookie().Value)
	h.Set("Origin", origin)
	conn, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(s.URL, "http")+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}, HTTPHeader: h})
	if err != nil {
		if resp != nil && resp.StatusCode != http.StatusForbidden {
			t.Fatalf("refused upgrade: status %d, want 403", resp.StatusCode)
		}
		return nil, err
	}
	t.Cleanup(func() { conn.Close(websocket.StatusNormalClosure, "") })
	c := &wsClient{t: t, conn: conn}
	c.send(map[string]any{"type": "connection_init", "payload": map[string]any{}})
	return c, nil
}

func TestSessionWebsocket(t *testing.T) {
	s := apitest.New(t)
	_, laptop := s.SignedIn(t, "A", "a@a.example", password)
	phone := s.NewWeb(t)
	phone.SignIn(t, "a@a.example", password)

	if _, err := dialSession(t, s, laptop, "https://evil.example"); err == nil {
		t.Fatal("a websocket with the session cookie from another origin was accepted")
	}
	ws, err := dialSession(t, s, laptop, s.URL)
	if err != nil {
		t.Fatal(err)
	}
	ws.expect("connection_ack")
	ws.send(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": `{ me { email } }`}})
	if m := ws.expect("next"); !strings.Contains(string(m.Payload), "a@a.example") {
		t.Fatalf("me over the session's websocket: %s", m.Payload)
	}
	ws.expect("complete")
	ws.subscribe("2")
	phoneWS, err := dialSession(t, s, phone, s.URL)
	if err != nil {
		t.Fatal(err)
	}
	phoneWS.expect("connection_ack")

	// The laptop revokes the phone's session: the phone's websocket
	// closes, the laptop's stays.
	var list sessionsJSON
	laptop.MustDo(t, sessionsQuery, nil, &list)
	for _, x := range list.Sessions {
		if !x.Current {
			laptop.MustDo(t, `mutation($id: ID!) { revokeSession(id: $id) }`, map[string]any{"id": x.ID}, nil)
		}
	}
	phoneWS.expectClosed(4403, 5*time.Second)
	ws.send(map[string]any{"id": "3", "type": "subscribe", "payload": map[string]any{"query": `{ __typename }`}})
	ws.expect("next")
	ws.expect("complete")
	// Signing out closes the laptop's own websocket.
	laptop.Post(t, "/auth/sign-out", map[string]any{})
	ws.expectClosed(4403, 5*time.Second)
}

// A disabled partner cannot sign in, and its open session stops working.
func TestDisabledPartnerCannotSignIn(t *testing.T) {
	s := apitest.New(t)
	p, w := s.SignedIn(t, "A", "a@a.example", password)
	s.MustDo(t, apitest.AdminToken, `mutation($id: ID!) { disablePartner(id: $id) { id } }`, map[string]any{"id": p.ID}, nil)
	if r := w.Do(t, meQuery, nil); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("the disabled partner's session: %+v", r.Errors)
	}
	fresh := s.NewWeb(t)
	status, body := fresh.Post(t, "/auth/sign-in", map[string]any{"email": "a@a.example", "password": password})
	if status != http.StatusUnauthorized || !strings.Contains(fmt.Sprint(body), "disabled") || fresh.Cookie() != nil {
		t.Fatalf("sign-in of a disabled partner: %d %v", status, body)
	}
	// A wrong password still gets the common answer.
	_, wrong := fresh.Post(t, "/auth/sign-in", map[string]any{"email": "a@a.example", "password": "wrong password"})
	_, unknown := fresh.Post(t, "/auth/sign-in", map[string]any{"email": "nobody@a.example", "password": "wrong password"})
	if fmt.Sprint(wrong) != fmt.Sprint(unknown) {
		t.Fatalf("wrong password %v, unknown email %v", wrong, unknown)
	}
	s.MustDo(t, apitest.AdminToken, `mutation($id: ID!) { enablePartner(id: $id) { id } }`, map[string]any{"id": p.ID}, nil)
	fresh.SignIn(t, "a@a.example", password)
}

// An event stream opened with the session cookie ends when the session
// does.
func TestSessionEventStreamEndsAtSignOut(t *testing.T) {
	s := apitest.New(t)
	_, w := s.SignedIn(t, "A", "a@a.example", password)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req := sseRequest(ctx, s, "subscription { conversionAdded { id } }")
	req.Header.Set("Origin", s.URL)
	st := openSSE(t, w.Client, req, cancel)
	w.Post(t, "/auth/sign-out", map[string]any{})
	if events := sseEnd(t, st, 5*time.Second); len(events) != 1 || !strings.Contains(events[0], "UNAUTHENTICATED") {
		t.Fatalf("the stream ended with %q, want one UNAUTHENTICATED error", events)
	}
}
