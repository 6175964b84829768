package track_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack/clicks"
	"github.com/reftrack/reftrack/redirect"
	"github.com/reftrack/reftrack/track"
)

// refRecorder keeps the refs of the clicks it records.
type refRecorder struct {
	mu   sync.Mutex
	refs []string
}

func (r *refRecorder) Record(_ context.Context, c clicks.Click) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refs = append(r.refs, c.Ref)
	return nil
}

func stubHandler(srcs stubSources, rec track.Recorder, maxBeacon int64) *http.ServeMux {
	mux := http.NewServeMux()
	track.New(track.Options{
		Sources: srcs, Recorder: rec, Hosts: redirect.NewAllowlist([]string{"example.com"}),
		PublicURL: "http://localhost:8080", VisitorKey: []byte("test-visitor-key"),
		MaxBeaconBytes: maxBeacon, Logger: slog.New(slog.DiscardHandler),
	}).Register(mux)
	return mux
}

func serve(h http.Handler, method, target, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("User-Agent", chromeUA)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// A referral URL's stored destination, no longer on the allowed hosts,
// still redirects; the same destination in a tagged link is still refused,
// however often the referral URL was followed.
func TestTaggedLinkIsCheckedAfterReferralURL(t *testing.T) {
	const old = "https://old.example/x?a=1"
	h := stubHandler(stubSources{
		"acme": {ID: 1, Ref: "acme", ReferralURL: true, Location: time.UTC, RedirectURL: old},
	}, nopRecorder{}, 0)
	for range 2 {
		w := serve(h, "GET", "/r/acme", "")
		if loc := w.Header().Get("Location"); w.Code != 302 || !strings.HasPrefix(loc, "https://old.example/x?a=1&ref=acme&rt_vid=h") {
			t.Fatalf("/r/acme: %d %q", w.Code, loc)
		}
		if w := serve(h, "GET", "/t/acme?to="+url.QueryEscape(old), ""); w.Code != 400 {
			t.Fatalf("tagged link to %s: %d, want 400", old, w.Code)
		}
	}
	for range 2 {
		w := serve(h, "GET", "/t/acme?to="+url.QueryEscape("https://example.com/p#top"), "")
		if loc := w.Header().Get("Location"); w.Code != 302 || !strings.HasPrefix(loc, "https://example.com/p?ref=acme&rt_vid=h") || !strings.HasSuffix(loc, "#top") {
			t.Fatalf("tagged link: %d %q", w.Code, loc)
		}
	}
}

// The beacon's size limit is exact, whether the length is announced or
// not, and a reused buffer carries nothing from one beacon to the next.
func TestBeaconLimitWithReusedBuffers(t *testing.T) {
	const limit = 200
	rec := &refRecorder{}
	h := stubHandler(stubSources{}, rec, limit)
	beaconOf := func(ref string, size int) string {
		b := `{"ref":"` + ref + `","url":""}`
		return b[:len(b)-2] + strings.Repeat("x", size-len(b)) + `"}`
	}
	var want []string
	for i, tc := range []struct {
		ref    string
		size   int
		status int
	}{
		{"big1", limit, 404}, {"over", limit + 1, 413}, {"small", 30, 404},
		{"big2", limit, 404}, {"over", limit + 1000, 413}, {"tiny", 40, 404},
	} {
		for _, chunked := range []bool{false, true} {
			body := beaconOf(tc.ref, tc.size)
			req := httptest.NewRequest("POST", "/t", strings.NewReader(body))
			req.Header.Set("Content-Type", "text/plain")
			if chunked {
				req.ContentLength = -1
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != tc.status {
				t.Errorf("%d: %d-byte beacon, chunked %v: %d %q, want %d", i, len(body), chunked, w.Code, w.Body, tc.status)
			}
			if tc.status == 404 {
				want = append(want, tc.ref)
			}
		}
	}
	if strings.Join(rec.refs, " ") != strings.Join(want, " ") {
		t.Errorf("recorded %v, want %v", rec.refs, want)
	}
}

// parseBeaconDecoder is parseBeacon as it was, with a json.Decoder.
func parseBeaconDecoder(body []byte) (track.Beacon, error) {
	var raw struct {
		Ref      string `json:"ref"`
		VID      string `json:"vid"`
		URL      string `json:"url"`
		Referrer string `json:"referrer"`
	}
	malformed := track.ErrMalformed
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&raw); err != nil {
		return track.Beacon{}, malformed
	}
	if bytes.Equal(bytes.TrimSpace(body), []byte("null")) {
		return track.Beacon{}, malformed
	}
	if _, err := dec.Token(); err != io.EOF {
		return track.Beacon{}, malformed
	}
	ref, err := track.ParseRef(raw.Ref)
	if err != nil {
		return track.Beacon{}, err
	}
	b := track.Beacon{Ref: ref, URL: raw.URL, Referrer: raw.Referrer}
	if raw.VID != "" {
		if b.VID, err = track.ParseVisitorID(raw.VID); err != nil {
			return track.Beacon{}, err
		}
	}
	return b, nil
}

func FuzzParseBeaconAsDecoder(f *testing.F) {
	for _, s := range []string{
		`{"ref":"acme","vid":"abcdefgh1234","url":"https://example.com/?ref=acme","referrer":""}`,
		`{"REF":"Acme","Vid":null}`, `{"ref":null}`, `{"ref":"acme","ref":"x y"}`, `{"r\u0065f":"acme"}`,
		` {"ref":"acme"} ` + "\n\t\r", `{"ref":"acme"} x`, `{"ref":"acme"}{}`, `{"ref":"acme"}null`, `null `, "\u00a0null",
		`{"ref":"acme","x":1e999}`, `{"ref":"acme","vid":5}`, `{"ref":"a\ud800"}`, "{\"ref\":\"acme\xff\"}", `[]`, `1 2`, `"s"`, ``, ` `,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		got, gerr := track.ParseBeacon(body)
		want, werr := parseBeaconDecoder(body)
		if got != want || gerr != werr {
			t.Fatalf("parseBeacon(%q) = %+v, %v; the Decoder gave %+v, %v", body, got, gerr, want, werr)
		}
	})
}
