// Package redirect decides where Reftrack may send a visitor: only http and
// https URLs on the configured hosts, so no link of ours is an open redirect.
package redirect

import (
	"net"
	"net/url"
	"strings"

	"github.com/reftrack/reftrack"
)

// MaxURLLength bounds any redirect URL.
const MaxURLLength = 2048

// Allowlist is the set of hosts redirects may go to.
type Allowlist struct {
	hosts map[string]bool
}

// NewAllowlist returns an allowlist of hosts, each a host name or host:port.
// A bare host name allows it on any port.
func NewAllowlist(hosts []string) *Allowlist {
	a := &Allowlist{hosts: make(map[string]bool, len(hosts))}
	for _, h := range hosts {
		a.hosts[strings.ToLower(strings.TrimSpace(h))] = true
	}
	return a
}

// Check parses raw and returns it when it is an absolute http(s) URL on an
// allowed host; otherwise an Invalid error that says why.
func (a *Allowlist) Check(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, reftrack.Errorf(reftrack.Invalid, "a redirect URL is required")
	}
	if len(raw) > MaxURLLength {
		return nil, reftrack.Errorf(reftrack.Invalid, "redirect URL is longer than %d characters", MaxURLLength)
	}
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" {
		return nil, reftrack.Errorf(reftrack.Invalid, "%q is not an absolute URL", raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, reftrack.Errorf(reftrack.Invalid, "redirect URL must use http or https, not %q", u.Scheme)
	}
	if u.User != nil {
		return nil, reftrack.Errorf(reftrack.Invalid, "redirect URL must not contain a user name or password")
	}
	if !a.Allows(u.Host) {
		return nil, reftrack.Errorf(reftrack.Invalid, "redirects to host %q are not allowed", u.Hostname())
	}
	return u, nil
}

// Allows reports whether host (host or host:port) is on the list.
func (a *Allowlist) Allows(host string) bool {
	host = strings.ToLower(host)
	if a.hosts[host] {
		return true
	}
	name, _, err := net.SplitHostPort(host)
	if err != nil {
		return false
	}
	return a.hosts[name]
}

// WithQuery returns u with the given parameters added to its query, its own
// parameters kept.
func WithQuery(u *url.URL, params ...string) string {
	q := u.Query()
	for i := 0; i+1 < len(params); i += 2 {
		q.Set(params[i], params[i+1])
	}
	v := *u
	v.RawQuery = q.Encode()
	return v.String()
}

// Target is a redirect URL whose query is encoded once for a parameter
// that changes with every request: With(v) returns what WithQuery(u,
// params..., key, v) would, without parsing and encoding u's query again.
type Target struct {
	URL        *url.URL // read only
	head, tail string   // the URL around the escaped value
}

// NewTarget prepares WithQuery(u, params..., key, value) for any value;
// params are pairs.
func NewTarget(u *url.URL, key string, params ...string) *Target {
	q := u.Query()
	for i := 0; i+1 < len(params); i += 2 {
		q.Set(params[i], params[i+1])
	}
	q.Del(key)
	// Encode sorts by key, so key's pair goes between the keys that sort
	// before it and those after.
	before, after := url.Values{}, url.Values{}
	for k, vs := range q {
		if k < key {
			before[k] = vs
		} else {
			after[k] = vs
		}
	}
	head, tail := before.Encode(), after.Encode()
	if head != "" {
		head += "&"
	}
	if tail != "" {
		tail = "&" + tail
	}
	// URL.String writes the URL without query and fragment, then ?query,
	// then #fragment.
	base := *u
	base.RawQuery, base.ForceQuery, base.Fragment, base.RawFragment = "", false, "", ""
	t := &Target{URL: u, head: base.String() + "?" + head + url.QueryEscape(key) + "=", tail: tail}
	if u.Fragment != "" {
		t.tail += "#" + u.EscapedFragment()
	}
	return t
}

// With returns the target URL with key set to value.
func (t *Target) With(value string) string {
	return t.head + url.QueryEscape(value) + t.tail
}
