package apitest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

// Web is a browser's view of a test server: a real cookie jar, and
// requests sent as the app's own pages send them (same-origin, JSON).
type Web struct {
	s      *Server
	Jar    *cookiejar.Jar
	Client *http.Client
}

// NewWeb returns a browser with an empty cookie jar.
func (s *Server) NewWeb(t testing.TB) *Web {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := *s.Client()
	c.Jar = jar
	return &Web{s: s, Jar: jar, Client: &c}
}

// Post sends body as JSON to path with the given headers (by default
// Content-Type: application/json, Origin and Sec-Fetch-Site of the
// server's own pages; a header set to "" is left out) and returns the
// status and the decoded body.
func (w *Web) Post(t testing.TB, path string, body any, header ...string) (int, map[string]any) {
	t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, w.s.URL+path, bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", w.s.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("User-Agent", Browser)
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			req.Header.Del(header[i])
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	resp, err := w.Client.Do(req)
	if err != nil {
		t.Fatalf("post %s: %v", path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("post %s: status %d, body %q: %v", path, resp.StatusCode, data, err)
	}
	return resp.StatusCode, out
}

// Do runs a GraphQL operation with the browser's session cookie.
func (w *Web) Do(t testing.TB, query string, vars map[string]any, header ...string) *Response {
	t.Helper()
	status, body := w.Post(t, "/graphql", map[string]any{"query": query, "variables": vars}, header...)
	raw, _ := json.Marshal(body)
	out := &Response{Status: status}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatal(err)
	}
	return out
}

// MustDo is Do failing the test on any error, decoding data into v.
func (w *Web) MustDo(t testing.TB, query string, vars map[string]any, v any) {
	t.Helper()
	r := w.Do(t, query, vars)
	if len(r.Errors) > 0 || r.Status != http.StatusOK {
		t.Fatalf("%s: status %d, errors %+v", firstLine(query), r.Status, r.Errors)
	}
	if v != nil {
		r.Decode(t, v)
	}
}

// SignIn signs in as a partner, failing the test unless it works.
func (w *Web) SignIn(t testing.TB, email, password string) {
	t.Helper()
	if status, body := w.Post(t, "/auth/sign-in", map[string]any{"email": email, "password": password}); status != http.StatusOK {
		t.Fatalf("sign in %s: %d %v", email, status, body)
	}
}

// Cookie returns the session cookie the jar holds for the server, or nil.
func (w *Web) Cookie() *http.Cookie {
	u, _ := url.Parse(w.s.URL)
	for _, c := range w.Jar.Cookies(u) {
		if strings.HasSuffix(c.Name, "reftrack_session") {
			return c
		}
	}
	return nil
}

// Invited creates a partner as admin and returns it with the token of its
// invitation link.
func (s *Server) Invited(t testing.TB, name, email string) (Partner, string) {
	t.Helper()
	var out struct {
		CreatePartner struct {
			Partner       struct{ ID string }
			Token         string
			InvitationURL string
		}
	}
	s.MustDo(t, AdminToken, `mutation($in: CreatePartnerInput!) { createPartner(input: $in) { partner { id } token invitationURL } }`,
		map[string]any{"in": map[string]any{"name": name, "email": email}}, &out)
	_, token, ok := strings.Cut(out.CreatePartner.InvitationURL, "#token=")
	if !ok {
		t.Fatalf("invitation URL %q has no token", out.CreatePartner.InvitationURL)
	}
	return Partner{ID: out.CreatePartner.Partner.ID, Token: out.CreatePartner.Token}, token
}

// SignedIn creates a partner, sets its password through its invitation
// and returns it with a browser signed in as it.
func (s *Server) SignedIn(t testing.TB, name, email, password string) (Partner, *Web) {
	t.Helper()
	p, inv := s.Invited(t, name, email)
	w := s.NewWeb(t)
	if status, body := w.Post(t, "/auth/password", map[string]any{"token": inv, "password": password}); status != http.StatusOK {
		t.Fatalf("set password: %d %v", status, body)
	}
	return p, w
}
