package redirect_test

import (
	"net/url"
	"testing"

	"github.com/reftrack/reftrack/internal/redirect"
)

// targetURLs are destinations whose query, fragment or form could put the
// filled-in parameter in the wrong place.
var targetURLs = []string{
	"https://example.com/landing?x=1",
	"https://example.com",
	"https://example.com/",
	"https://example.com/p?",
	"https://example.com/p?ref=stale&rt_vid=old&rt_vid=older",
	"https://example.com/p?zz=1&aa=2&rt=3&rt_vie=4&rt_vic=5&s=%20&a+b=c%26d",
	"https://example.com/p?flag&=x&a=1;b=2&bad=%zz",
	"https://example.com/a%2Fb/c d?q=é#frag",
	"https://example.com/p#a b&c",
	"https://example.com/p?x=1#",
	"https://user:pw@example.com:8443/p?x=1",
	"https://EXAMPLE.com/ünï/?q=<\"'>#<>",
	"http://[::1]:8080/p?x=y",
	"https:opaque?x=1",
	"//example.com/p?x=1",
	"/relative/path?x=1",
	"rel:ative",
}

func TestTargetIsWithQuery(t *testing.T) {
	for _, raw := range targetURLs {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		for _, vid := range []string{"hAbC-_0123456789xyzABCD", "", "a b&c=d", "é#?"} {
			want := redirect.WithQuery(u, "ref", "acme", "rt_vid", vid)
			if got := redirect.NewTarget(u, "rt_vid", "ref", "acme").With(vid); got != want {
				t.Errorf("%s with rt_vid %q:\n got %s\nwant %s", raw, vid, got, want)
			}
		}
	}
}

func FuzzTarget(f *testing.F) {
	for _, raw := range targetURLs {
		f.Add(raw, "ref", "acme", "rt_vid", "hAbC-_0123456789xyzABCD")
	}
	f.Add("https://example.com/?a=1&b=2", "b", "x", "a", "y")
	f.Add("https://example.com/?a=1&b=2", "a", "x", "a", "y")
	f.Fuzz(func(t *testing.T, raw, pkey, pval, key, value string) {
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		want := redirect.WithQuery(u, pkey, pval, key, value)
		if got := redirect.NewTarget(u, key, pkey, pval).With(value); got != want {
			t.Fatalf("NewTarget(%q, %q, %q, %q).With(%q):\n got %s\nwant %s", raw, key, pkey, pval, value, got, want)
		}
	})
}
