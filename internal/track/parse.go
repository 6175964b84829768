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
	raw, ok := scanBeacon(body)
	if !ok {
		var err error
		if raw, err = unmarshalBeacon(body); err != nil {
			return beacon{}, err
		}
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

// beaconFields are a beacon body's fields as encoding/json fills them.
type beaconFields struct {
	Ref      string `json:"ref"`
	VID      string `json:"vid"`
	URL      string `json:"url"`
	Referrer string `json:"referrer"`
}

// unmarshalBeacon reads any body with encoding/json.
func unmarshalBeacon(body []byte) (beaconFields, error) {
	var f beaconFields
	// Unmarshal refuses trailing data itself, and needs no Decoder's buffer.
	if err := json.Unmarshal(body, &f); err != nil {
		return beaconFields{}, errMalformed
	}
	// A JSON null decodes without error; it is no object.
	if bytes.Equal(bytes.TrimSpace(body), []byte("null")) {
		return beaconFields{}, errMalformed
	}
	return f, nil
}

// scanBeacon reads the body ref.js sends, six times faster than
// encoding/json: one object whose keys are the beacon's, in lowercase, and
// whose values are strings of printable ASCII without escapes, with JSON
// whitespace between tokens. For such a body encoding/json finds the same
// fields (FuzzParseBeaconAsDecoder); for any other it reports false, and
// encoding/json reads it.
func scanBeacon(b []byte) (f beaconFields, ok bool) {
	i := skipSpace(b, 0)
	if i == len(b) || b[i] != '{' {
		return f, false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return f, skipSpace(b, i+1) == len(b)
	}
	for {
		key, j, ok := plainString(b, i)
		if !ok {
			return f, false
		}
		i = skipSpace(b, j)
		if i == len(b) || b[i] != ':' {
			return f, false
		}
		value, j, ok := plainString(b, skipSpace(b, i+1))
		if !ok {
			return f, false
		}
		switch string(key) {
		case "ref":
			f.Ref = string(value)
		case "vid":
			f.VID = string(value)
		case "url":
			f.URL = string(value)
		case "referrer":
			f.Referrer = string(value)
		default:
			return f, false
		}
		i = skipSpace(b, j)
		if i == len(b) {
			return f, false
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return f, skipSpace(b, i+1) == len(b)
		default:
			return f, false
		}
	}
}

// skipSpace returns the index of the first byte of b from i on that is not
// JSON whitespace.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// plainString reads a JSON string at b[i] made of printable ASCII without
// escapes, and returns its content and the index after it.
func plainString(b []byte, i int) (s []byte, end int, ok bool) {
	if i == len(b) || b[i] != '"' {
		return nil, 0, false
	}
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			return b[i+1 : j], j + 1, true
		case c < 0x20 || c > 0x7e || c == '\\':
			return nil, 0, false
		}
	}
	return nil, 0, false
}
