// Package email checks and normalises email addresses.
package email

import (
	"net/mail"
	"strings"

	"github.com/reftrack/reftrack"
)

// MaxLength is the longest address RFC 5321 allows.
const MaxLength = 254

// Normalize returns addr trimmed and lower-cased when it is a plain address
// such as ann@example.com (no display name, a dot in the domain).
func Normalize(addr string) (string, error) {
	addr = strings.TrimSpace(addr)
	bad := reftrack.Errorf(reftrack.Invalid, "%q is not a valid email address", clip(addr))
	if addr == "" || len(addr) > MaxLength {
		return "", bad
	}
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Address != addr || a.Name != "" {
		return "", bad
	}
	_, domain, _ := strings.Cut(addr, "@")
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return "", bad
	}
	return strings.ToLower(addr), nil
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
