package names_test

import (
	"strings"
	"testing"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/internal/names"
)

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, name, key string }{
		{"VIP", "VIP", "vip"},
		{"ＶＩＰ", "VIP", "vip"},
		{"  Big \u3000 Partner ", "Big Partner", "big partner"},
		{"Ｎｅｗ Ｓｉｇｎｕｐ", "New Signup", "new signup"},
		{"Straße", "Straße", "strasse"},
		{"ﬁnance", "finance", "finance"},
		{"東京の顧客", "東京の顧客", "東京の顧客"},
		{"Café", "Café", "café"},
		{"Cafe\u0301", "Café", "café"},
	} {
		name, key, err := names.Clean("a name", tc.in, 50)
		if err != nil || name != tc.name || key != tc.key {
			t.Errorf("Clean(%q) = %q, %q, %v; want %q, %q", tc.in, name, key, err, tc.name, tc.key)
		}
	}
	for _, in := range []string{
		"", "   ", "New Signup\u200b", "a\x00b", "a\tb", "line\nbreak", "\u202eevil", "a\u2066b\u2069",
		"\ufeffBOM", "soft\u00adhyphen", "\u3164", "a\ue000b", "bad\xffutf8", strings.Repeat("x", 51), strings.Repeat("東", 51),
	} {
		if _, _, err := names.Clean("a name", in, 50); reftrack.KindOf(err) != reftrack.Invalid {
			t.Errorf("Clean(%q) = %v, want Invalid", in, err)
		}
	}
	if _, _, err := names.Clean("a name", strings.Repeat("東", 50), 50); err != nil {
		t.Errorf("50 CJK characters: %v", err)
	}
}

func TestLenient(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"Bob", 10, "Bob"},
		{"Bob\u200b \tSmith\x00", 20, "Bob Smith"},
		{"\u202eevil", 10, "evil"},
		{strings.Repeat("東", 300), 200, strings.Repeat("東", 200)},
		{"abcde fgh", 6, "abcde"},
		{"\u200b\u200b", 10, ""},
		{"bad\xffutf8", 10, "badutf8"},
	} {
		if got := names.Lenient(tc.in, tc.max); got != tc.want {
			t.Errorf("Lenient(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
		if err := names.Validator(tc.max)(names.Lenient(tc.in, tc.max)); err != nil {
			t.Errorf("Lenient(%q) is refused by the schema: %v", tc.in, err)
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"VIP", "ＶＩＰ", "New Signup\u200b", "東京", "a\tb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, key, err := names.Clean("a name", s, 50)
		if err == nil {
			if verr := names.Validator(50)(name); verr != nil {
				t.Fatalf("Clean(%q) = %q, which the schema refuses: %v", s, name, verr)
			}
			if n2, k2, err := names.Clean("a name", name, 50); err != nil || n2 != name || k2 != key {
				t.Fatalf("Clean is not idempotent on %q: %q %q %v", name, n2, k2, err)
			}
		}
		if l := names.Lenient(s, 50); names.Validator(50)(l) != nil {
			t.Fatalf("Lenient(%q) = %q, which the schema refuses", s, l)
		}
	})
}
