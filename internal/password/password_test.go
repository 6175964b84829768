package password

import (
	"context"
	"strings"
	"testing"

	"github.com/reftrack/reftrack"
)

func TestHashVerify(t *testing.T) {
	ctx := context.Background()
	h, err := Hash(ctx, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q", h)
	}
	h2, _ := Hash(ctx, "correct horse battery")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for _, c := range []struct {
		hash, plain string
		want        bool
	}{
		{h, "correct horse battery", true},
		{h, "correct horse batterY", false},
		{h, "", false},
		{"", "", false},
		{"", "correct horse battery", false},
		{"$argon2id$v=19$m=99999999,t=2,p=1$AAAA$AAAAAAAAAAAAAAAAAAAAAA", "x", false},
	} {
		got, err := Verify(ctx, c.hash, c.plain)
		if err != nil || got != c.want {
			t.Errorf("Verify(%q, %q) = %v, %v; want %v", c.hash, c.plain, got, err, c.want)
		}
	}
}

func TestCheck(t *testing.T) {
	for plain, ok := range map[string]bool{
		"":                       false,
		"123456789":              false,
		"1234567890":             true,
		"ééééééééé":              false, // 9 characters, 18 bytes
		"éééééééééé":             true,
		strings.Repeat("a", 256): true,
		strings.Repeat("a", 257): false,
	} {
		err := Check(plain)
		if (err == nil) != ok || err != nil && reftrack.KindOf(err) != reftrack.Invalid {
			t.Errorf("Check(%q) = %v, want ok=%v", plain, err, ok)
		}
	}
}
