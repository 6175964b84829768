package track

import (
	"net/http"
	"net/url"
	"sync"
	"unicode/utf8"

	"github.com/reftrack/reftrack/internal/redirect"
)

// Bounds of a targets cache: about 0.5 MB when full of typical links, at
// most about 3 MB when full of the longest destinations a client can choose.
const (
	maxTargets    = 1024 // entries; when full, the cache starts over
	maxTargetDest = 512  // longer destinations are prepared on each click
)

// targets caches the redirect of each (destination, ref): parsing and
// encoding a destination is the same for every click on a link but for the
// visitor id. The zero value is ready to use.
type targets struct {
	mu sync.Mutex
	m  map[targetKey]*redirect.Target
}

type targetKey struct{ dest, ref string }

// get returns the redirect to dest with ref and, to be filled in, rt_vid.
// parse turns dest into a URL or says why it cannot be one; its errors are
// not cached, so it must give the same answer for the same dest.
func (c *targets) get(dest, ref string, parse func(string) (*url.URL, error)) (*redirect.Target, error) {
	k := targetKey{dest, ref}
	c.mu.Lock()
	t := c.m[k]
	c.mu.Unlock()
	if t != nil {
		return t, nil
	}
	u, err := parse(dest)
	if err != nil {
		return nil, err
	}
	t = redirect.NewTarget(u, "rt_vid", "ref", ref)
	if len(dest) <= maxTargetDest {
		c.put(k, t)
	}
	return t, nil
}

func (c *targets) put(k targetKey, t *redirect.Target) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxTargets {
		c.m = make(map[targetKey]*redirect.Target) // rare; a cold cache only costs parsing
	}
	c.m[k] = t
}

// redirectFound answers 302 with Location only: no body and so no
// Content-Type (browsers and HTTP clients follow a 302 without its note),
// which keeps the click's response to the headers it needs. Location is
// what http.Redirect would send; an absolute ASCII one is sent as it is.
func redirectFound(w http.ResponseWriter, r *http.Request, loc string, abs bool) {
	if !abs || !isASCII(loc) {
		hw := headerOnly{}
		http.Redirect(hw, r, loc, http.StatusFound)
		loc = http.Header(hw).Get("Location")
	}
	w.Header()["Location"] = []string{loc}
	w.WriteHeader(http.StatusFound)
}

// headerOnly is a ResponseWriter that keeps the headers and drops the rest.
type headerOnly http.Header

func (h headerOnly) Header() http.Header       { return http.Header(h) }
func (headerOnly) Write(b []byte) (int, error) { return len(b), nil }
func (headerOnly) WriteHeader(int)             {}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
