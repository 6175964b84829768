package graphqlws

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTruncateKeepsWholeCharacters(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want int // length in bytes
	}{
		{"short", "invalid token", 13},
		{"ascii", strings.Repeat("x", 200), 123},
		{"cut inside a character", strings.Repeat("x", 122) + "é", 122},
		{"cut after a character", strings.Repeat("x", 121) + "éx", 123},
		{"four-byte characters", strings.Repeat("😀", 40), 120},
	}
	for _, tc := range cases {
		got := truncate(tc.in)
		if len(got) != tc.want || !utf8.ValidString(got) || !strings.HasPrefix(tc.in, got) {
			t.Errorf("%s: got %d bytes %q, want %d valid bytes", tc.name, len(got), got, tc.want)
		}
	}
}
