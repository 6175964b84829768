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
	"slices"
	"strings"
	"testing"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/unmatchedclick"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/track"
)

// A referral URL's stored destination, no longer on the allowed hosts,
// still redirects; the same destination in a tagged link is still refused,
// however often the referral URL was followed.
func TestTaggedLinkIsCheckedAfterReferralURL(t *testing.T) {
	e := setup(t)
	const old = "https://old.example/x?a=1"
	// Saved when old.example was allowed.
	e.db.ReferralURL.Update().SetRedirectURL(old).ExecX(store.System(context.Background()))
	c := newClient(false)
	for range 2 {
		resp := e.get(t, c, "/r/acme")
		if loc := resp.Header.Get("Location"); resp.StatusCode != 302 || !strings.HasPrefix(loc, "https://old.example/x?a=1&ref=acme&rt_vid=") {
			t.Fatalf("/r/acme: %d %q", resp.StatusCode, loc)
		}
		// The same destination and ref as the referral URL's redirect.
		if resp := e.get(t, c, "/t/acme?to="+url.QueryEscape(old)); resp.StatusCode != 400 {
			t.Fatalf("tagged link to %s: %d, want 400", old, resp.StatusCode)
		}
	}
	for range 2 {
		resp := e.get(t, c, "/t/"+e.code+"?to="+url.QueryEscape("https://example.com/p#top"))
		if loc := resp.Header.Get("Location"); resp.StatusCode != 302 || !strings.HasPrefix(loc, "https://example.com/p?ref="+e.code+"&rt_vid=") || !strings.HasSuffix(loc, "#top") {
			t.Fatalf("tagged link: %d %q", resp.StatusCode, loc)
		}
	}
}

// The beacon's size limit is exact, whether the length is announced or
// not, and a reused buffer carries nothing from one beacon to the next.
func TestBeaconLimitWithReusedBuffers(t *testing.T) {
	e := setup(t)
	const limit = 200
	mux := http.NewServeMux()
	o := e.options()
	o.MaxBeaconBytes, o.Logger, o.Now = limit, slog.New(slog.DiscardHandler), nil
	track.New(o).Register(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	beaconOf := func(ref string, size int) string {
		b := `{"ref":"` + ref + `","url":""}`
		return b[:len(b)-2] + strings.Repeat("x", size-len(b)) + `"}`
	}
	var want []string // refs of the beacons recorded, unmatched: they name nothing
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
			req, err := http.NewRequest("POST", srv.URL+"/t", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "text/plain")
			req.Header.Set("User-Agent", chromeUA)
			if chunked {
				req.ContentLength = -1
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			msg, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Errorf("%d: %d-byte beacon, chunked %v: %d %q, want %d", i, len(body), chunked, resp.StatusCode, msg, tc.status)
			}
			if tc.status == 404 {
				want = append(want, tc.ref)
			}
		}
	}
	var got []string
	for _, u := range e.db.UnmatchedClick.Query().Order(ent.Asc(unmatchedclick.FieldID)).AllX(store.System(context.Background())) {
		got = append(got, u.Ref)
	}
	if !slices.Equal(got, want) {
		t.Errorf("recorded %v, want %v", got, want)
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
		// The shapes scanBeacon reads itself, and their near misses.
		`{}`, ` { } `, `{"ref":"acme"}`, "{ \"ref\" :\t\"acme\" ,\r\n\"vid\": \"abcdefgh1234\" }\n", `{"ref":"x","ref":"acme"}`,
		`{"ref":"acme",}`, `{,"ref":"acme"}`, `{"ref" "acme"}`, `{"ref":"acme"`, `{"ref":"acme"}}`, `{"ref":"acme" "vid":"abcdefgh1234"}`,
		`{"Ref":"acme"}`, `{"ref":"ac\"me"}`, `{"ref":"acme","url":"https://example.com/a b?c=d&e=f#g"}`, "{\"ref\":\"acme\",\"url\":\"caf\u00e9\"}",
		"{\"ref\":\"ac\x7fme\"}", "{\"ref\":\"ac\x1fme\"}", `{"ref":"acme","referrer":""}`, `{"vid":"abcdefgh1234"}`, "\v{\"ref\":\"acme\"}",
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
