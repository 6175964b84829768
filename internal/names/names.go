// Package names cleans the names people give things (partners, ref tags,
// customer tags, tokens, customers) and the keys they are compared by. A
// name is NFKC-normalised, its runs of spaces collapsed, and refused when
// it holds a control, format (bidi overrides, zero-width characters),
// private-use or invisible filler character; two names are the same when
// their case-folded forms are. Lengths count characters, as the schema's
// validators do (see Validator).
package names

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/reftrack/reftrack"
)

// The longest names, in characters.
const (
	PartnerMax     = 200
	RefTagMax      = 100
	CustomerTagMax = 50
	TokenMax       = 100
	CustomerMax    = 200
)

// Clean returns name as it is stored and the key it is compared by, or an
// Invalid error naming what (e.g. "a ref tag name").
func Clean(what, name string, max int) (clean, key string, err error) {
	if !utf8.ValidString(name) {
		return "", "", reftrack.Errorf(reftrack.Invalid, "%s must be valid UTF-8", what)
	}
	name = norm.NFKC.String(name)
	for _, r := range name {
		if refused(r) {
			return "", "", reftrack.Errorf(reftrack.Invalid, "%s may not contain control or invisible characters (found U+%04X)", what, r)
		}
	}
	name = strings.Join(strings.Fields(name), " ")
	if n := utf8.RuneCountInString(name); n == 0 || n > max {
		return "", "", reftrack.Errorf(reftrack.Invalid, "%s must be 1 to %d characters", what, max)
	}
	return name, Key(name), nil
}

// Lenient cleans a name that must not be refused, such as the display name
// of a signup: refused characters are dropped (controls become spaces) and
// the name is cut to max characters. It may return "".
func Lenient(name string, max int) string {
	name = norm.NFKC.String(strings.ToValidUTF8(name, ""))
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r):
			return ' '
		case refused(r):
			return -1
		}
		return r
	}, name)
	name = strings.Join(strings.Fields(name), " ")
	if utf8.RuneCountInString(name) > max {
		name = strings.TrimSpace(string([]rune(name)[:max]))
	}
	return name
}

// Key returns the form two names are compared by: NFKC of the case-folded
// NFKC form, so that "ＶＩＰ", "vip" and "VIP" are one name.
func Key(name string) string {
	return norm.NFKC.String(cases.Fold().String(norm.NFKC.String(name)))
}

// Validator returns an ent validator: at most max characters, none of them
// refused. Every write goes through it, so no path stores what Clean
// would refuse.
func Validator(max int) func(string) error {
	return func(s string) error {
		if !utf8.ValidString(s) {
			return fmt.Errorf("not valid UTF-8")
		}
		if n := utf8.RuneCountInString(s); n > max {
			return fmt.Errorf("%d characters, more than %d", n, max)
		}
		if i := strings.IndexFunc(s, refused); i >= 0 {
			return fmt.Errorf("a control or invisible character at byte %d", i)
		}
		return nil
	}
}

// refused reports the characters no name may hold: controls (Cc), format
// characters (Cf: bidi overrides, zero-width spaces and joiners, the byte
// order mark), private-use and surrogate code points, the replacement
// character, and the fillers that display as nothing.
func refused(r rune) bool {
	switch r {
	case utf8.RuneError, '\u034f', '\u115f', '\u1160', '\u3164', '\uffa0', '\u2800':
		return true
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs)
}
