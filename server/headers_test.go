package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/reftrack/reftrack/internal/apitest"
)

// Issue 17.17: other sites could frame the Playground (clickjacking).
// No response of the server, HTML pages above all, may be framed.
func TestPagesCannotBeFramed(t *testing.T) {
	s := apitest.New(t)
	for _, path := range []string{"/", "/graphql?query=%7B__typename%7D", "/healthz", "/r/no-such-link", "/t/bad%20code", "/ref.js"} {
		resp, err := s.NoRedirects().Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("X-Frame-Options"); got != "DENY" {
			t.Errorf("GET %s: X-Frame-Options %q, want DENY", path, got)
		}
		if got := resp.Header.Get("Content-Security-Policy"); !strings.Contains(got, "frame-ancestors 'none'") {
			t.Errorf("GET %s: Content-Security-Policy %q lacks frame-ancestors 'none'", path, got)
		}
		want := "strict-origin-when-cross-origin"
		if path == "/" {
			want = "same-origin" // the web app's pages (appHandler)
		}
		if got := resp.Header.Values("Referrer-Policy"); len(got) != 1 || got[0] != want {
			t.Errorf("GET %s: Referrer-Policy %q", path, got)
		}
		if got := resp.Header.Values("X-Content-Type-Options"); len(got) != 1 || got[0] != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q, want nosniff once", path, got)
		}
	}
	// A preflight is answered with them too.
	req, _ := http.NewRequest(http.MethodOptions, s.URL+"/graphql", nil)
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("OPTIONS /graphql: no X-Frame-Options")
	}
}
