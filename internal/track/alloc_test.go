package track

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"mime"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/redirect"
)

// The allocation-saving forms of the click path against the plain ones
// they replace.

type noSources struct{}

func (noSources) Lookup(context.Context, string) (*clicks.Source, error) { return nil, nil }

type noRecorder struct{}

func (noRecorder) Record(context.Context, clicks.Click) error { return nil }

func TestHashVisitorIsHMAC(t *testing.T) {
	key := []byte("visitor-key")
	h := New(Options{Sources: noSources{}, Recorder: noRecorder{}, Hosts: redirect.NewAllowlist(nil),
		PublicURL: "http://localhost", VisitorKey: key})
	want := func(ip, ua string) string {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(ip + "\n" + ua))
		return "h" + base64.RawURLEncoding.EncodeToString(m.Sum(nil))[:22]
	}
	// In turns, so that pooled hashes and buffers are reused.
	for range 3 {
		for _, tc := range []struct{ addr, ip, ua string }{
			{"192.0.2.1:1234", "192.0.2.1", "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"},
			{"[2001:db8::1]:443", "2001:db8::1", ""},
			{"192.0.2.1:1234", "192.0.2.1", strings.Repeat("long agent ", 500)},
			{"not-host-port", "not-host-port", "curl/8.0"},
		} {
			r := httptest.NewRequest("GET", "/r/acme", nil)
			r.RemoteAddr = tc.addr
			r.Header.Set("User-Agent", tc.ua)
			if got, want := h.hashVisitor(r), want(tc.ip, tc.ua); got != want {
				t.Errorf("hashVisitor(%s, %.20q) = %s, want %s", tc.addr, tc.ua, got, want)
			}
		}
	}
}

// isBotAgentPlain is isBotAgent as it was, lowercasing with strings.ToLower.
func isBotAgentPlain(ua string) bool {
	ua = strings.ToLower(strings.TrimSpace(ua))
	if ua == "" {
		return true
	}
	for _, s := range botSignatures {
		if strings.Contains(ua, s) {
			return true
		}
	}
	return false
}

func FuzzIsBotAgent(f *testing.F) {
	for _, ua := range []string{"", " ", "Mozilla/5.0 Chrome/126.0", "GoogleBot/2.1", "Slac\u212Abot", "SLACKBOT",
		"x\u00a0", "\u00a0curl/8", strings.Repeat("A", 255) + "Bot/", strings.Repeat("é", 200) + "Bot/", "\xffwget/"} {
		f.Add(ua)
	}
	f.Fuzz(func(t *testing.T, ua string) {
		if got, want := isBotAgent(ua), isBotAgentPlain(ua); got != want {
			t.Fatalf("isBotAgent(%q) = %v, want %v", ua, got, want)
		}
	})
}

// Every Content-Type beaconType accepts without parsing, it would accept
// after parsing.
func TestBeaconTypeShortcut(t *testing.T) {
	for _, ct := range []string{"application/json", "text/plain", "text/plain;charset=UTF-8"} {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && mt != "text/plain") || !beaconType(ct) {
			t.Errorf("%q: parsed as %q, %v; beaconType %v", ct, mt, err, beaconType(ct))
		}
	}
	for _, ct := range []string{"Application/JSON", "text/plain; charset=utf-8", "text/html", "text/plain;", "text/plain; a=1; a=2", "application/x-www-form-urlencoded"} {
		_, _, err := mime.ParseMediaType(ct)
		want := err == nil && !strings.HasPrefix(ct, "text/html") && !strings.HasPrefix(ct, "application/x-www")
		if beaconType(ct) != want {
			t.Errorf("beaconType(%q) = %v, want %v", ct, !want, want)
		}
	}
}

// BenchmarkIsBotAgent classifies the User-Agents of a desktop and a
// mobile browser, which match no signature and so are read to the end,
// and of a crawler.
func BenchmarkIsBotAgent(b *testing.B) {
	for name, ua := range map[string]string{
		"desktop": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
		"mobile":  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
		"crawler": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				isBotAgent(ua)
			}
		})
	}
}
