package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/reftrack/reftrack/internal/apitest"
)

// A built app as Vite lays it out: index.html, hashed assets, public files.
var builtApp = fstest.MapFS{
	"index.html":                {Data: []byte(`<!doctype html><script type="module" src="/assets/index-3f2a.js"></script>`)},
	"assets/index-3f2a.js":      {Data: []byte(`console.log("app")`)},
	"assets/playground-9c1d.js": {Data: []byte(`console.log("graphiql")`)},
	"assets/index-77aa.css":     {Data: []byte(`body{}`)},
	"favicon.svg":               {Data: []byte(`<svg/>`)},
}

func get(t *testing.T, s *apitest.Server, method, path string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, s.URL+path, nil)
	resp, err := s.NoRedirects().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func TestWebAppIsServed(t *testing.T) {
	s := apitest.New(t, apitest.Options{App: builtApp})
	index := string(builtApp["index.html"].Data)
	wantCSP := "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self' ws://" +
		strings.TrimPrefix(s.URL, "http://") + "; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
	for _, c := range []struct {
		path, body, cache, typ string
		status                 int
	}{
		{"/", index, "no-cache", "text/html", 200},
		{"/index.html", index, "no-cache", "text/html", 200},
		{"/playground", index, "no-cache", "text/html", 200},
		{"/customers/abc", index, "no-cache", "text/html", 200},
		{"/set-password", index, "no-cache", "text/html", 200},
		{"/assets/index-3f2a.js", `console.log("app")`, "public, max-age=31536000, immutable", "text/javascript", 200},
		{"/assets/index-77aa.css", `body{}`, "public, max-age=31536000, immutable", "text/css", 200},
		{"/favicon.svg", `<svg/>`, "no-cache", "image/svg+xml", 200},
		{"/assets/gone-1234.js", "", "", "", 404},
		{"/robots.txt", "", "", "", 404},
	} {
		resp, body := get(t, s, http.MethodGet, c.path)
		if resp.StatusCode != c.status {
			t.Errorf("GET %s: status %d, want %d", c.path, resp.StatusCode, c.status)
			continue
		}
		if c.status != 200 {
			continue
		}
		if body != c.body || resp.Header.Get("Cache-Control") != c.cache || !strings.HasPrefix(resp.Header.Get("Content-Type"), c.typ) {
			t.Errorf("GET %s: %q, Cache-Control %q, Content-Type %q", c.path, body, resp.Header.Get("Cache-Control"), resp.Header.Get("Content-Type"))
		}
		h := resp.Header
		if got := h.Values("Content-Security-Policy"); len(got) != 1 || got[0] != wantCSP {
			t.Errorf("GET %s: Content-Security-Policy %q\nwant %q", c.path, got, wantCSP)
		}
		if h.Get("X-Frame-Options") != "DENY" || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" {
			t.Errorf("GET %s: headers %v", c.path, h)
		}
	}
	if resp, _ := get(t, s, http.MethodPost, "/customers"); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /customers: %d", resp.StatusCode)
	}
	// The API, tracking and health stay where they were.
	if resp, body := get(t, s, http.MethodGet, "/healthz"); body != "ok\n" {
		t.Errorf("/healthz: %d %q", resp.StatusCode, body)
	}
	if resp, _ := get(t, s, http.MethodGet, "/r/no-such-link"); resp.StatusCode == 200 {
		t.Errorf("/r/no-such-link answered by the app")
	}
	if resp, body := get(t, s, http.MethodGet, "/graphql?query=%7B__typename%7D"); !strings.Contains(body, "Query") {
		t.Errorf("/graphql: %d %q", resp.StatusCode, body)
	}
	if resp, _ := get(t, s, http.MethodGet, "/auth/sign-in"); resp.StatusCode != 404 && resp.StatusCode != 405 {
		t.Errorf("GET /auth/sign-in: %d", resp.StatusCode)
	}
	// An https public URL: the websocket origin is wss.
	s2 := apitest.New(t, apitest.Options{App: builtApp, Env: map[string]string{"REFTRACK_PUBLIC_URL": "https://partners.example.com"}})
	resp, _ := get(t, s2, http.MethodGet, "/")
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self' wss://partners.example.com;") {
		t.Errorf("https: %q", csp)
	}
}
