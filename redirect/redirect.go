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
