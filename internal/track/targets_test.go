package track

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// redirectFound must send the Location http.Redirect would, with no body
// nor Content-Type of its own, keeping the headers already set.
func TestRedirectFoundIsHTTPRedirect(t *testing.T) {
	for _, loc := range []string{
		"https://example.com/landing?ref=acme&rt_vid=hAbC-_0123456789xyzABCD&x=1",
		"https://example.com/p?q=%3Cb%3E&a='\"<>#frag",
		"https://example.com/ü?x=1",
		"https:opaque?x=1",
		"/relative/../path?ref=acme",
		"relative?ref=acme",
	} {
		u, err := url.Parse(loc)
		if err != nil {
			t.Fatal(err)
		}
		for _, method := range []string{"GET", "HEAD", "POST"} {
			for _, ct := range []string{"", "text/plain"} {
				want, got := httptest.NewRecorder(), httptest.NewRecorder()
				for _, w := range []*httptest.ResponseRecorder{want, got} {
					w.Header().Set("Cache-Control", "no-store")
					if ct != "" {
						w.Header().Set("Content-Type", ct)
					}
				}
				r := httptest.NewRequest(method, "/r/acme/x", nil)
				http.Redirect(want, r, loc, http.StatusFound)
				redirectFound(got, r, loc, u.IsAbs())
				want.Header().Del("Content-Type")
				if ct != "" {
					want.Header().Set("Content-Type", ct)
				}
				if got.Code != want.Code || !reflect.DeepEqual(got.Header(), want.Header()) || got.Body.Len() != 0 {
					t.Errorf("%s %s, Content-Type %q:\n got %d %v %q\nwant %d %v %q", method, loc, ct,
						got.Code, got.Header(), got.Body, want.Code, want.Header(), want.Body)
				}
			}
		}
	}
}

func TestTargetsCache(t *testing.T) {
	var c targets
	parses := 0
	parse := func(s string) (*url.URL, error) {
		parses++
		if s == "bad" {
			return nil, errors.New("bad")
		}
		return url.Parse(s)
	}
	for range 3 {
		tg, err := c.get("https://example.com/p?x=1", "acme", parse)
		if err != nil || tg.With("vid12345") != "https://example.com/p?ref=acme&rt_vid=vid12345&x=1" {
			t.Fatalf("get = %v, %v", tg, err)
		}
	}
	if parses != 1 {
		t.Errorf("parsed %d times, want once", parses)
	}
	if tg, _ := c.get("https://example.com/p?x=1", "other", parse); tg.With("v") != "https://example.com/p?ref=other&rt_vid=v&x=1" {
		t.Errorf("another ref got %s", tg.With("v"))
	}
	for range 2 {
		if _, err := c.get("bad", "acme", parse); err == nil {
			t.Error("bad destination accepted")
		}
	}
	if parses != 4 {
		t.Errorf("parsed %d times, want 4: errors are not kept", parses)
	}

	// Bounded: it starts over when full, and keeps no long destination.
	for i := range maxTargets + 10 {
		c.get("https://example.com/"+strconv.Itoa(i), "acme", url.Parse)
	}
	long := "https://example.com/" + strings.Repeat("a", maxTargetDest)
	if _, err := c.get(long, "acme", url.Parse); err != nil {
		t.Fatal(err)
	}
	if n := len(c.m); n > maxTargets || n == 0 {
		t.Errorf("%d entries, want 1 to %d", n, maxTargets)
	}
	if _, ok := c.m[targetKey{long, "acme"}]; ok {
		t.Error("long destination kept")
	}
}
