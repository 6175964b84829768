package track_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/redirect"
	"github.com/reftrack/reftrack/internal/track"
)

// The click path's requests, each run twice: against SQLite as in the
// tests ("sqlite"), and against in-memory stubs ("stub"), whose counts are
// what the handler itself allocates (plus the mux and the recorder).

const benchVID = "Vx7_kq-2ZpQm9LrT3sWc1a"

type benchCase struct {
	name, method, target, contentType, body string
	cookie                                  bool
	status                                  int
}

func benchCases(code string) []benchCase {
	to := url.QueryEscape("https://example.com/pricing?plan=pro&utm_source=news")
	return []benchCase{
		{name: "redirect", method: "GET", target: "/r/acme", status: http.StatusFound},
		{name: "redirect-cookie", method: "GET", target: "/r/acme", cookie: true, status: http.StatusFound},
		{name: "tagged", method: "GET", target: "/t/" + code + "?to=" + to, cookie: true, status: http.StatusFound},
		{name: "beacon", method: "POST", target: "/t", contentType: "text/plain;charset=UTF-8",
			body: beaconJSON("acme", benchVID), status: http.StatusNoContent},
		{name: "beacon-json", method: "POST", target: "/t", contentType: "application/json",
			body: beaconJSON("acme", benchVID), status: http.StatusNoContent},
	}
}

func BenchmarkClickPath(b *testing.B) {
	e := setup(b)
	stub := stubMux(e.code)
	// One visitor from one address, as fast as it goes: the beacon limits
	// are lifted (their lookups still run).
	mux := http.NewServeMux()
	o := e.options()
	o.AddressBeacons, o.VisitorBeacons = 1e8, 1e8
	track.New(o).Register(mux)
	for _, tc := range benchCases(e.code) {
		b.Run(tc.name+"/sqlite", func(b *testing.B) { runBench(b, mux, tc) })
		b.Run(tc.name+"/stub", func(b *testing.B) { runBench(b, stub, tc) })
	}
}

func runBench(b *testing.B, h http.Handler, tc benchCase) {
	body := new(bytes.Buffer) // reused: the recorder's growth is not the handler's
	b.ReportAllocs()
	for b.Loop() {
		var rd io.Reader
		if tc.body != "" {
			rd = strings.NewReader(tc.body)
		}
		req := httptest.NewRequest(tc.method, tc.target, rd)
		req.Header.Set("User-Agent", chromeUA)
		if tc.contentType != "" {
			req.Header.Set("Content-Type", tc.contentType)
		}
		if tc.cookie {
			req.Header.Set("Cookie", "rt_vid="+benchVID)
		}
		body.Reset()
		w := &httptest.ResponseRecorder{HeaderMap: make(http.Header), Body: body, Code: http.StatusOK}
		h.ServeHTTP(w, req)
		if w.Code != tc.status {
			b.Fatalf("%s %s: status %d, want %d; body %q", tc.method, tc.target, w.Code, tc.status, body)
		}
	}
}

// stubMux serves the track endpoints with a fixed directory ("acme" and
// code) and a recorder that stores nothing.
func stubMux(code string) *http.ServeMux {
	srcs := stubSources{
		"acme": {ID: 1, PartnerID: 1, Ref: "acme", ReferralURL: true, Location: time.UTC, RedirectURL: landing},
		code:   {ID: 2, PartnerID: 1, Ref: code, Location: time.UTC},
	}
	mux := http.NewServeMux()
	track.New(track.Options{
		Sources: srcs, Recorder: nopRecorder{}, Hosts: redirect.NewAllowlist([]string{"example.com"}),
		PublicURL: "http://localhost:8080", VisitorKey: []byte("bench-visitor-key"),
		AddressBeacons: 1e8, VisitorBeacons: 1e8,
		Logger: slog.New(slog.DiscardHandler),
	}).Register(mux)
	return mux
}

type stubSources map[string]*clicks.Source

func (s stubSources) Lookup(_ context.Context, ref string) (*clicks.Source, error) {
	return s[ref], nil
}

type nopRecorder struct{}

func (nopRecorder) Record(context.Context, clicks.Click) error { return nil }
