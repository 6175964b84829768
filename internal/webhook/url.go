package webhook

import (
	"net"
	"net/url"
	"strings"

	"github.com/reftrack/reftrack"
)

// MaxURLLength bounds an endpoint's URL.
const MaxURLLength = 2048

// CheckURL returns raw when it is a URL Reftrack may deliver to: absolute,
// https (http too when allowPrivate is set, for development and tests),
// without user information or fragment, and not naming an address that
// Dialer would refuse. A host name is checked again, resolved, when each
// delivery dials.
func CheckURL(raw string, allowPrivate bool) (*url.URL, error) {
	if raw == "" {
		return nil, reftrack.Errorf(reftrack.Invalid, "a webhook URL is required")
	}
	if len(raw) > MaxURLLength {
		return nil, reftrack.Errorf(reftrack.Invalid, "webhook URL is longer than %d characters", MaxURLLength)
	}
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" || u.Opaque != "" {
		return nil, reftrack.Errorf(reftrack.Invalid, "webhook URL %q is not an absolute URL", raw)
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && allowPrivate:
	default:
		return nil, reftrack.Errorf(reftrack.Invalid, "webhook URL must use https, not %q", u.Scheme)
	}
	if u.User != nil {
		return nil, reftrack.Errorf(reftrack.Invalid, "webhook URL must not contain a user name or password")
	}
	if u.Fragment != "" || strings.HasSuffix(raw, "#") {
		return nil, reftrack.Errorf(reftrack.Invalid, "webhook URL must not have a fragment")
	}
	host := u.Hostname()
	if host == "" {
		return nil, reftrack.Errorf(reftrack.Invalid, "webhook URL %q has no host", raw)
	}
	if p := u.Port(); p != "" && (len(p) > 5 || p == "0") {
		return nil, reftrack.Errorf(reftrack.Invalid, "webhook URL has an invalid port %q", p)
	}
	if !allowPrivate {
		if ip := net.ParseIP(host); ip != nil && Blocked(ip) {
			return nil, reftrack.Errorf(reftrack.Invalid, "webhook URL names an internal address (%s)", host)
		}
		if h := strings.TrimSuffix(strings.ToLower(host), "."); h == "localhost" || strings.HasSuffix(h, ".localhost") ||
			h == "metadata.google.internal" {
			return nil, reftrack.Errorf(reftrack.Invalid, "webhook URL names an internal host (%s)", host)
		}
	}
	return u, nil
}
