package publicid_test

import (
	"bytes"
	"strings"
	"testing"

	"entgo.io/contrib/entgql"

	"github.com/reftrack/reftrack/internal/publicid"
)

func codec(t *testing.T, b byte) *publicid.Codec {
	t.Helper()
	c, err := publicid.New(bytes.Repeat([]byte{b}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRoundTrip(t *testing.T) {
	c, other := codec(t, 1), codec(t, 2)
	seen := map[string]bool{}
	for _, id := range []int{1, 2, 3, 1 << 32, 1<<32 + 1, 5<<32 + 7, 1<<63 - 1} {
		s := c.Encode(id)
		if seen[s] {
			t.Fatalf("%d encodes as an id already seen", id)
		}
		seen[s] = true
		if got, err := c.Decode(s); err != nil || got != id {
			t.Fatalf("Decode(Encode(%d)) = %d, %v", id, got, err)
		}
		if _, err := other.Decode(s); err == nil {
			t.Fatalf("another key decodes %d's id", id)
		}
		cur := entgql.Cursor[int]{ID: id, Value: "name"}
		got, err := c.DecodeCursor(c.EncodeCursor(cur))
		if err != nil || got.ID != id || got.Value != "name" {
			t.Fatalf("cursor of %d: %+v, %v", id, got, err)
		}
		if c.EncodeCursor(cur) != c.EncodeCursor(cur) {
			t.Fatal("a cursor has two public forms")
		}
		if _, err := other.DecodeCursor(c.EncodeCursor(cur)); err == nil {
			t.Fatal("another key decodes a cursor")
		}
	}
	// The same id spelt with the last character's unused bits set.
	e := c.Encode(42)
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	alias := e[:len(e)-1] + string(alphabet[strings.IndexByte(alphabet, e[len(e)-1])^1])
	for _, bad := range []string{"", "1", "abc", "!!!!!!!!!!!!!!!!!!!!!!", "AAAAAAAAAAAAAAAAAAAAAAAA", alias} {
		if _, err := c.Decode(bad); err == nil {
			t.Errorf("Decode(%q) succeeds", bad)
		}
		if _, err := c.DecodeCursor(bad); err == nil {
			t.Errorf("DecodeCursor(%q) succeeds", bad)
		}
	}
}

func FuzzDecode(f *testing.F) {
	c, _ := publicid.New(bytes.Repeat([]byte{1}, 32))
	f.Add(c.Encode(42))
	f.Add(c.EncodeCursor(entgql.Cursor[int]{ID: 42}))
	f.Fuzz(func(t *testing.T, s string) {
		if id, err := c.Decode(s); err == nil && c.Encode(id) != s {
			t.Fatalf("%q decodes to %d, which encodes differently", s, id)
		}
		c.DecodeCursor(s) //nolint:errcheck // must not panic
	})
}
