package track_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/track"
)

// Issue 17.15: a visitor id in a landing page's address is adopted only
// when Reftrack handed it, moments ago, to the same browser. A partner who
// plants an id it knows gets nothing adopted.
func TestPlantedVisitorIDIsNotAdopted(t *testing.T) {
	e := setup(t)
	token := redirectTo(t, e.get(t, newClient(true), "/r/acme", withUA(firefoxUA)), "example.com/landing").Get("rt_vid")
	vid, _, _ := strings.Cut(token, ".")

	adopt := func(t *testing.T, srv string, body, ua, origin string) response {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, srv+"/t/adopt", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "text/plain;charset=UTF-8")
		req.Header.Set("User-Agent", ua)
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return response{Response: resp}
	}

	before := e.tally(t)
	// Expired: a handler whose clock is past the token's expiry.
	later := httptest.NewServer(func() http.Handler {
		mux := http.NewServeMux()
		o := e.options()
		o.Now = func() time.Time { return now.Add(3 * time.Minute) }
		track.New(o).Register(mux)
		return mux
	}())
	defer later.Close()

	mac := token[strings.LastIndex(token, ".")+1:]
	forged := strings.Replace(token, mac, strings.Repeat("A", len(mac)), 1)
	other := "attacker-0001" + token[len(vid):] // another id under the same mac
	for _, tc := range []struct {
		name, srv, body, ua, origin string
		status                      int
		allowOrigin                 string
	}{
		{"the browser it was handed to", e.srv.URL, token, firefoxUA, "https://example.com", http.StatusNoContent, "https://example.com"},
		{"another browser", e.srv.URL, token, "Mozilla/5.0 (Macintosh) Safari/605", "https://example.com", http.StatusForbidden, "https://example.com"},
		{"a forged mac", e.srv.URL, forged, firefoxUA, "", http.StatusForbidden, ""},
		{"another id under a real mac", e.srv.URL, other, firefoxUA, "", http.StatusForbidden, ""},
		{"a plain visitor id", e.srv.URL, vid, firefoxUA, "", http.StatusBadRequest, ""},
		{"garbage", e.srv.URL, "a.b.c", firefoxUA, "", http.StatusBadRequest, ""},
		{"expired", later.URL, token, firefoxUA, "", http.StatusForbidden, ""},
		{"from a site that is not allowed", e.srv.URL, token, firefoxUA, "https://evil.example", http.StatusNoContent, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := adopt(t, tc.srv, tc.body, tc.ua, tc.origin)
			if resp.StatusCode != tc.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if got := resp.Header.Get("Access-Control-Allow-Origin"); got != tc.allowOrigin {
				t.Errorf("Access-Control-Allow-Origin %q, want %q", got, tc.allowOrigin)
			}
		})
	}
	if after := e.tally(t); after != before {
		t.Errorf("adoption recorded something: %+v, then %+v", before, after)
	}
}

// Issue 17.15: beacons are limited per visitor and per address; a refused
// beacon records nothing.
func TestBeaconsAreRateLimited(t *testing.T) {
	e := setup(t)
	mux := http.NewServeMux()
	o := e.options()
	o.AddressBeacons, o.VisitorBeacons = 30, 5
	track.New(o).Register(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	post := func(vid string) int {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/t", strings.NewReader(beaconJSON("acme", vid)))
		req.Header.Set("Content-Type", "text/plain")
		req.Header.Set("User-Agent", firefoxUA)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusTooManyRequests && resp.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		return resp.StatusCode
	}
	before := e.tally(t)
	for i := 0; i < 5; i++ {
		if s := post("same-visitor-01"); s != http.StatusNoContent {
			t.Fatalf("beacon %d of one visitor: %d", i+1, s)
		}
	}
	if s := post("same-visitor-01"); s != http.StatusTooManyRequests {
		t.Fatalf("6th beacon of one visitor in a minute: %d, want 429", s)
	}
	for i := 0; i < 24; i++ { // the address has 30: 5 + 1 refused + 24
		if s := post(fmt.Sprintf("visitor-%05d", i)); s != http.StatusNoContent {
			t.Fatalf("beacon %d of the address: %d", i+7, s)
		}
	}
	if s := post("visitor-fresh-1"); s != http.StatusTooManyRequests {
		t.Fatalf("31st beacon of one address in a minute: %d, want 429", s)
	}
	if got := e.tally(t); got.Clicks-before.Clicks != 29 {
		t.Errorf("%d clicks recorded, want 29: refused beacons record nothing", got.Clicks-before.Clicks)
	}
}
