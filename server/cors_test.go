package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/reftrack/reftrack/internal/apitest"
)

// corsCall sends a preflight for a POST from origin, then the POST itself,
// as a browser would, and returns both responses' Access-Control-Allow-Origin.
func corsCall(t *testing.T, s *apitest.Server, origin, token string) (preflight, actual string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodOptions, s.URL+"/graphql", nil)
	req.Header.Set("Origin", origin)
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "authorization, content-type")
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	preflight = resp.Header.Get("Access-Control-Allow-Origin")

	req, _ = http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(`{"query":"{ me { name } }"}`))
	req.Header.Set("Origin", origin)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err = s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return preflight, resp.Header.Get("Access-Control-Allow-Origin")
}

// dialFrom opens a websocket to the API with an Origin header and returns
// the handshake's status (101 when it opened).
func dialFrom(t *testing.T, s *apitest.Server, origin string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, resp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(s.URL, "http")+"/graphql", &websocket.DialOptions{
		Subprotocols: []string{"graphql-transport-ws"},
		HTTPHeader:   http.Header{"Origin": {origin}},
	})
	if err == nil {
		conn.Close(websocket.StatusNormalClosure, "")
	}
	if resp == nil {
		t.Fatalf("dial from %s: %v", origin, err)
	}
	return resp.StatusCode
}

// Issue 17.10: without --cors-origins every origin was allowed
// (Access-Control-Allow-Origin: *), where the README promises same-origin
// only.
func TestCORSWithoutOriginsIsSameOriginOnly(t *testing.T) {
	s := apitest.New(t)
	p := s.CreatePartner(t, "A", "a@a.example", "UTC")
	for _, origin := range []string{"https://evil.example", "http://localhost:1"} {
		if pre, got := corsCall(t, s, origin, p.Token); pre != "" || got != "" {
			t.Errorf("origin %s allowed: preflight %q, request %q", origin, pre, got)
		}
		if status := dialFrom(t, s, origin); status != http.StatusForbidden {
			t.Errorf("websocket from %s: status %d, want 403", origin, status)
		}
	}
	// The server's own origin needs no CORS and may open websockets.
	if status := dialFrom(t, s, s.URL); status != http.StatusSwitchingProtocols {
		t.Errorf("websocket from the server's own origin: status %d, want 101", status)
	}
}

func TestCORSAllowsOnlyTheListedOrigins(t *testing.T) {
	s := apitest.New(t, apitest.Options{Env: map[string]string{"REFTRACK_CORS_ORIGINS": "https://app.example.com"}})
	p := s.CreatePartner(t, "A", "a@a.example", "UTC")
	if pre, got := corsCall(t, s, "https://app.example.com", p.Token); pre != "https://app.example.com" || got != "https://app.example.com" {
		t.Errorf("listed origin: preflight %q, request %q", pre, got)
	}
	if status := dialFrom(t, s, "https://app.example.com"); status != http.StatusSwitchingProtocols {
		t.Errorf("websocket from the listed origin: status %d, want 101", status)
	}
	if pre, got := corsCall(t, s, "https://evil.example", p.Token); pre != "" || got != "" {
		t.Errorf("unlisted origin allowed: preflight %q, request %q", pre, got)
	}
	if status := dialFrom(t, s, "https://evil.example"); status != http.StatusForbidden {
		t.Errorf("websocket from an unlisted origin: status %d, want 403", status)
	}
}
