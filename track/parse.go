package track

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
)

// Limits of the values a client sends, checked before any database access.
const (
	maxRefLen = 64
	minVIDLen = 8
	maxVIDLen = 64
)

var (
	errRef       = errors.New("missing or invalid ref")
	errVisitorID = errors.New("invalid vid")
	errMalformed = errors.New("malformed JSON body")
)

// parseRef checks a ref value (a referral URL's slug or a ref tag's code):
// 1 to 64 characters of [A-Za-z0-9_-]. It returns it lowercased, as every
// slug and code is lowercase, so a ref typed in capitals still counts.
func parseRef(s string) (string, error) {
	if len(s) < 1 || len(s) > maxRefLen || !token(s) {
		return "", errRef
	}
	return strings.ToLower(s), nil
}

// parseVisitorID checks a visitor id: 8 to 64 characters of [A-Za-z0-9_-].
func parseVisitorID(s string) (string, error) {
	if len(s) < minVIDLen || len(s) > maxVIDLen || !token(s) {
		return "", errVisitorID
	}
	return s, nil
}

// token reports whether s has only the characters [A-Za-z0-9_-].
func token(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_':
		default:
			return false
		}
	}
	return true
}

// beacon is what ref.js reports of a visit that arrived with ?ref=.
type beacon struct {
	Ref      string // valid, lowercased
	VID      string // valid, or empty when the beacon carried none
	URL      string // the landing page; accepted, not stored
	Referrer string // accepted, not stored
}

// parseBeacon parses a beacon body: one JSON object
// {"ref","vid","url","referrer"} of strings. Unknown fields are ignored; an
// empty vid counts as none.
func parseBeacon(body []byte) (beacon, error) {
	var raw struct {
		Ref      string `json:"ref"`
		VID      string `json:"vid"`
		URL      string `json:"url"`
		Referrer string `json:"referrer"`
	}
	// Unmarshal refuses trailing data itself, and needs no Decoder's buffer.
	if err := json.Unmarshal(body, &raw); err != nil {
		return beacon{}, errMalformed
	}
	// A JSON null decodes without error; it is no object.
	if bytes.Equal(bytes.TrimSpace(body), []byte("null")) {
		return beacon{}, errMalformed
	}
	ref, err := parseRef(raw.Ref)
	if err != nil {
		return beacon{}, err
	}
	b := beacon{Ref: ref, URL: raw.URL, Referrer: raw.Referrer}
	if raw.VID != "" {
		if b.VID, err = parseVisitorID(raw.VID); err != nil {
			return beacon{}, err
		}
	}
	return b, nil
}
