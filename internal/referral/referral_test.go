package referral_test

import (
	"regexp"
	"testing"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/internal/referral"
)

func TestValidateSlug(t *testing.T) {
	cases := []struct {
		slug string
		ok   bool
	}{
		{"acme", true},
		{"a1b", true},
		{"acme-agency-2026", true},
		{"abcdefghijklmnopqrstuvwxyz012345", true}, // 32
		{"ab", false},
		{"abcdefghijklmnopqrstuvwxyz0123456", false}, // 33
		{"Acme", false},
		{"-acme", false},
		{"acme-", false},
		{"ac me", false},
		{"acmé", false},
		{"a_b_c", false},
		{"admin", false},
		{"graphql", false},
		{"api", false},
		{"", false},
	}
	for _, c := range cases {
		err := referral.ValidateSlug(c.slug)
		if (err == nil) != c.ok {
			t.Errorf("ValidateSlug(%q) = %v, want ok=%v", c.slug, err, c.ok)
		}
		if err != nil && reftrack.KindOf(err) != reftrack.Invalid {
			t.Errorf("ValidateSlug(%q) kind %s, want invalid", c.slug, reftrack.KindOf(err))
		}
	}
}

var slugRule = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$`)

func FuzzValidateSlug(f *testing.F) {
	for _, s := range []string{"acme", "ab", "a-b", "Admin", "x\x00y", "acme-agency-2026", "ünïcode"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := referral.ValidateSlug(s)
		if err == nil && !slugRule.MatchString(s) {
			t.Fatalf("accepted %q", s)
		}
		if err != nil && reftrack.KindOf(err) != reftrack.Invalid {
			t.Fatalf("%q: error of kind %s", s, reftrack.KindOf(err))
		}
	})
}

func TestNewCodeIsUnguessableAndValid(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := referral.NewCode()
		if len(c) != referral.CodeLength || !regexp.MustCompile(`^[a-z0-9]+$`).MatchString(c) || seen[c] {
			t.Fatalf("code %q", c)
		}
		seen[c] = true
	}
}
