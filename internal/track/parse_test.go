package track_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/reftrack/reftrack/internal/track"
)

// tokenChars reports whether s has only [A-Za-z0-9_-]: the rule, written
// independently of the code under test.
func tokenChars(s string) bool {
	return strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == ""
}

func validRef(s string) bool { return len(s) >= 1 && len(s) <= 64 && tokenChars(s) }
func validVID(s string) bool { return len(s) >= 8 && len(s) <= 64 && tokenChars(s) }

func TestParseRef(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"acme", "acme", true},
		{"k7x2mbq9rtzc3d", "k7x2mbq9rtzc3d", true},
		{"a", "a", true},
		{"ACME-Co_1", "acme-co_1", true},
		{strings.Repeat("a", 64), strings.Repeat("a", 64), true},
		{"", "", false},
		{strings.Repeat("a", 65), "", false},
		{strings.Repeat("a", 100000), "", false},
		{"ac me", "", false},
		{"acme/", "", false},
		{"acme%20", "", false},
		{"<script>", "", false},
		{"açme", "", false},
		{"acme\x00", "", false},
	} {
		got, err := track.ParseRef(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseRef(%.20q) = %q, %v; want %q, ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestParseVisitorID(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"abcdefgh", true},
		{"hAbC-_0123456789xyzABCD", true},
		{strings.Repeat("Z", 64), true},
		{"abcdefg", false},
		{strings.Repeat("Z", 65), false},
		{"", false},
		{"abcd efgh", false},
		{"abcdefgh=", false},
		{"abcdefgh\n", false},
	} {
		got, err := track.ParseVisitorID(tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.in) {
			t.Errorf("parseVisitorID(%.20q) = %q, %v; want ok=%v", tc.in, got, err, tc.ok)
		}
	}
}

func TestParseBeacon(t *testing.T) {
	for _, tc := range []struct {
		body     string
		ref, vid string
		ok       bool
	}{
		{`{"ref":"acme","vid":"abcdefgh1234","url":"https://example.com/?ref=acme","referrer":""}`, "acme", "abcdefgh1234", true},
		{`{"ref":"Acme"}`, "acme", "", true},
		{`{"ref":"acme","vid":""}`, "acme", "", true},
		{` {"ref":"acme","extra":[1,2,{"x":null}]} ` + "\n", "acme", "", true},
		{``, "", "", false},
		{`null`, "", "", false},
		{`[]`, "", "", false},
		{`"acme"`, "", "", false},
		{`{"ref":"acme"`, "", "", false},
		{`{"ref":"acme"}{"ref":"acme"}`, "", "", false},
		{`{"ref":"acme"} x`, "", "", false},
		{`{"ref":1}`, "", "", false},
		{`{"ref":"acme","vid":42}`, "", "", false},
		{`{}`, "", "", false},
		{`{"ref":""}`, "", "", false},
		{`{"ref":"` + strings.Repeat("a", 65) + `"}`, "", "", false},
		{`{"ref":"a b"}`, "", "", false},
		{`{"ref":"acme","vid":"short"}`, "", "", false},
		{`{"ref":"acme","vid":"has space in it"}`, "", "", false},
		{`{"ref":"acme","url":{}}`, "", "", false},
	} {
		b, err := track.ParseBeacon([]byte(tc.body))
		if (err == nil) != tc.ok || b.Ref != tc.ref || b.VID != tc.vid {
			t.Errorf("parseBeacon(%.40q) = %+v, %v; want ref %q vid %q ok=%v", tc.body, b, err, tc.ref, tc.vid, tc.ok)
		}
	}
}

func FuzzParseRef(f *testing.F) {
	for _, s := range []string{"acme", "k7x2mbq9rtzc3d", "A-b_C", "", "a b", strings.Repeat("x", 64), strings.Repeat("x", 65), "é", "\x00", "acme/../x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := track.ParseRef(s)
		if err != nil {
			if validRef(s) {
				t.Fatalf("parseRef(%q) rejected a valid ref: %v", s, err)
			}
			if got != "" {
				t.Fatalf("parseRef(%q) returned %q with an error", s, got)
			}
			return
		}
		if !validRef(s) {
			t.Fatalf("parseRef(%q) accepted an invalid ref", s)
		}
		if !validRef(got) || got != strings.ToLower(got) || !strings.EqualFold(got, s) {
			t.Fatalf("parseRef(%q) = %q", s, got)
		}
	})
}

func FuzzParseVisitorID(f *testing.F) {
	for _, s := range []string{"abcdefgh", "hAbC-_0123456789xyzABCD", "abcdefg", "", strings.Repeat("Z", 64), strings.Repeat("Z", 65), "abcd efgh", "abcdéfgh"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := track.ParseVisitorID(s)
		if validVID(s) != (err == nil) {
			t.Fatalf("parseVisitorID(%q) = %q, %v; valid=%v", s, got, err, validVID(s))
		}
		if err == nil && got != s {
			t.Fatalf("parseVisitorID(%q) = %q, changed", s, got)
		}
	})
}

func FuzzParseBeacon(f *testing.F) {
	for _, s := range []string{
		`{"ref":"acme","vid":"abcdefgh1234","url":"https://example.com/?ref=acme","referrer":"https://partner.example/"}`,
		`{"ref":"ACME"}`,
		`{"ref":"acme","vid":""}`,
		`{"ref":"acme","vid":"short"}`,
		`{"ref":""}`,
		`{"ref":1}`,
		`{"ref":"acme"}{"ref":"acme"}`,
		`{"ref":"a\u0000b"}`,
		`{"ref":"\ud800"}`,
		`null`, `[]`, `""`, ``, `{`, `{"ref":"acme","x":[[[[[]]]]]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		b, err := track.ParseBeacon(body)
		if err != nil {
			if b.Ref != "" || b.VID != "" {
				t.Fatalf("parseBeacon(%q) returned %+v with an error", body, b)
			}
			return
		}
		if !validRef(b.Ref) || b.Ref != strings.ToLower(b.Ref) {
			t.Fatalf("parseBeacon(%q): invalid ref %q", body, b.Ref)
		}
		if b.VID != "" && !validVID(b.VID) {
			t.Fatalf("parseBeacon(%q): invalid vid %q", body, b.VID)
		}
		if !utf8.ValidString(b.URL) || !utf8.ValidString(b.Referrer) {
			t.Fatalf("parseBeacon(%q): invalid UTF-8 in url or referrer", body)
		}
	})
}

// BenchmarkParseBeacon parses the body ref.js sends.
func BenchmarkParseBeacon(b *testing.B) {
	body := []byte(`{"ref":"acme-spring","vid":"bv-000012345","url":"https://www.example.com/pricing?utm_source=newsletter&ref=acme-spring","referrer":"https://partner.example/blog/best-tools"}`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := track.ParseBeacon(body); err != nil {
			b.Fatal(err)
		}
	}
}

// scanBeacon reads the bodies ref.js sends itself, finding what
// encoding/json finds, and leaves every other shape to encoding/json.
func TestScanBeacon(t *testing.T) {
	tests := []struct {
		body    string
		scanned bool
	}{
		{`{"ref":"acme","vid":"abcdefgh1234","url":"https://example.com/p?ref=acme&x=1#top","referrer":"https://blog.example/"}`, true},
		{`{"ref":"acme","url":"https://example.com/","referrer":""}`, true},
		{" {\t\"ref\" : \"acme\" ,\r\n \"vid\":\"abcdefgh1234\"}\n", true},
		{`{"ref":"first","ref":"acme"}`, true},
		{`{}`, true},
		{`{"ref":"acme","extra":"x"}`, false}, // unknown key: encoding/json ignores it
		{`{"REF":"acme"}`, false},             // keys match whatever their case
		{`{"ref":"ac\u006de"}`, false},        // escape
		{`{"ref":"acme","url":"https://example.com/café"}`, false},
		{`{"ref":"acme","vid":null}`, false},
		{`{"ref":"acme",}`, false},
		{`{"ref":"acme"} {}`, false},
		{`null`, false},
		{``, false},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			got, ok := track.ScanBeacon([]byte(tt.body))
			if ok != tt.scanned {
				t.Fatalf("scanned = %v, want %v", ok, tt.scanned)
			}
			if !ok {
				return
			}
			want, err := track.UnmarshalBeacon([]byte(tt.body))
			if err != nil || got != want {
				t.Fatalf("scanned %+v; encoding/json found %+v, %v", got, want, err)
			}
		})
	}
}
