package webhook_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/internal/webhook"
)

func key(t *testing.T, secret string) []byte {
	t.Helper()
	k, err := webhook.SecretKey(secret)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// A delivery is accepted by the specification's own verifier, with either
// secret while two sign it, and by neither a third secret nor a changed body.
func TestStandardWebhooksLibraryVerifiesDeliveries(t *testing.T) {
	oldSecret, newSecret := webhook.NewSecret(), webhook.NewSecret()
	type got struct {
		h    http.Header
		body []byte
	}
	ch := make(chan got, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		ch <- got{r.Header.Clone(), b}
	}))
	defer srv.Close()

	body := []byte(`{"type":"conversion.created","data":{"id":"x"}}`)
	res := webhook.NewClient(true).Send(context.Background(), webhook.Message{
		URL: srv.URL, ID: "evt_abc", Time: time.Now(), Body: body,
		Keys: [][]byte{key(t, newSecret), key(t, oldSecret)},
	})
	if !res.OK() || res.Status != 200 {
		t.Fatalf("send: %+v", res)
	}
	d := <-ch
	if n := len(strings.Split(d.h.Get("webhook-signature"), " ")); n != 2 {
		t.Fatalf("%d signatures during a rotation, want 2", n)
	}
	for _, s := range []string{oldSecret, newSecret} {
		wh, err := standardwebhooks.NewWebhook(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := wh.Verify(d.body, d.h); err != nil {
			t.Errorf("the library refuses a delivery signed with %s…: %v", s[:10], err)
		}
		if err := wh.Verify(append(d.body, ' '), d.h); err == nil {
			t.Error("the library accepts a changed body")
		}
	}
	other, _ := standardwebhooks.NewWebhook(webhook.NewSecret())
	if err := other.Verify(d.body, d.h); err == nil {
		t.Error("another secret verifies the delivery")
	}
	if d.h.Get("webhook-id") != "evt_abc" || d.h.Get("Content-Type") != "application/json" {
		t.Errorf("headers %v", d.h)
	}
}

// The signature is the specification's: the library's own Sign gives the
// same string for the same inputs.
func TestSignatureMatchesTheLibrary(t *testing.T) {
	secret := webhook.NewSecret()
	ts := time.Unix(1614265330, 0)
	body := []byte(`{"test": 2432232314}`)
	wh, _ := standardwebhooks.NewWebhook(secret)
	want, err := wh.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", ts, body)
	if err != nil {
		t.Fatal(err)
	}
	if got := webhook.Signature(key(t, secret), "msg_p5jXN8AQM9LWM0D4loKWxJek", ts, body); got != want {
		t.Fatalf("signature %s, the library's %s", got, want)
	}
}

func TestSecrets(t *testing.T) {
	a, b := webhook.NewSecret(), webhook.NewSecret()
	if a == b || !strings.HasPrefix(a, "whsec_") || len(key(t, a)) != 32 {
		t.Fatalf("secrets %q %q", a, b)
	}
	for _, bad := range []string{"", "whsec_", "whsec_!!!", "whsec_" + "c2hvcnQ=", strings.TrimPrefix(a, "whsec_")} {
		if _, err := webhook.SecretKey(bad); err == nil {
			t.Errorf("SecretKey(%q) accepted", bad)
		}
	}
}

func TestCheckURL(t *testing.T) {
	for _, tc := range []struct {
		url          string
		allowPrivate bool
		ok           bool
	}{
		{"https://hooks.example.com/reftrack?x=1", false, true},
		{"https://hooks.example.com:8443/p", false, true},
		{"https://93.184.216.34/p", false, true},
		{"http://hooks.example.com/p", false, false},
		{"http://hooks.example.com/p", true, true},
		{"http://127.0.0.1:8080/p", true, true},
		{"ftp://hooks.example.com/p", true, false},
		{"https://user:pw@hooks.example.com/p", false, false},
		{"https://hooks.example.com/p#frag", false, false},
		{"https://hooks.example.com:0/p", false, false},
		{"/relative", false, false},
		{"https:///nohost", false, false},
		{"mailto:a@example.com", false, false},
		{"", false, false},
		{"https://" + strings.Repeat("a", 2100) + ".com", false, false},
		{"https://localhost/p", false, false},
		{"https://app.localhost./p", false, false},
		{"https://127.0.0.1/p", false, false},
		{"https://[::1]/p", false, false},
		{"https://10.1.2.3/p", false, false},
		{"https://172.16.0.1/p", false, false},
		{"https://192.168.1.1/p", false, false},
		{"https://100.64.0.1/p", false, false},
		{"https://169.254.169.254/latest/meta-data", false, false},
		{"https://[fd00:ec2::254]/", false, false},
		{"https://metadata.google.internal/", false, false},
		{"https://0.0.0.0/", false, false},
		{"https://[::]/", false, false},
		{"https://224.0.0.1/", false, false},
		{"https://[::ffff:127.0.0.1]/", false, false},
		{"https://[fe80::1]/", false, false},
	} {
		_, err := webhook.CheckURL(tc.url, tc.allowPrivate)
		if (err == nil) != tc.ok {
			t.Errorf("CheckURL(%q, %v): %v, want ok=%v", tc.url, tc.allowPrivate, err, tc.ok)
		}
		if err != nil && reftrack.KindOf(err) != reftrack.Invalid {
			t.Errorf("CheckURL(%q): kind %s", tc.url, reftrack.KindOf(err))
		}
	}
}

// Whatever the text, CheckURL either refuses it as invalid or returns an
// https URL whose host, if an address, is not internal.
func FuzzCheckURL(f *testing.F) {
	for _, s := range []string{"https://example.com/x", "https://127.0.0.1/", "https://[::ffff:10.0.0.1]/", "http://x", "https://0x7f.1/", "https://%31%32%37.0.0.1/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := webhook.CheckURL(s, false)
		if err != nil {
			if reftrack.KindOf(err) != reftrack.Invalid {
				t.Fatalf("kind %s", reftrack.KindOf(err))
			}
			return
		}
		if u.Scheme != "https" || u.User != nil || u.Hostname() == "" {
			t.Fatalf("accepted %q", s)
		}
		if ip := net.ParseIP(u.Hostname()); ip != nil && webhook.Blocked(ip) {
			t.Fatalf("accepted internal %q", s)
		}
	})
}

// The client refuses internal addresses when it dials, whatever the URL
// said: a name that resolves to loopback is refused as the address is.
func TestClientRefusesInternalAddressesAtDial(t *testing.T) {
	hit := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hit++ }))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	c := webhook.NewClient(false)
	for _, u := range []string{srv.URL, "http://localhost:" + port + "/", "http://[::ffff:127.0.0.1]:" + port + "/"} {
		res := c.Send(context.Background(), webhook.Message{URL: u, ID: "evt_1", Time: time.Now(), Body: []byte("{}"), Keys: [][]byte{make([]byte, 24)}})
		if res.OK() || !errors.Is(res.Err, webhook.ErrBlocked) || res.Status != 0 {
			t.Errorf("%s: %+v", u, res)
		}
		if string(res.Response) != webhook.ErrBlocked.Error() {
			t.Errorf("%s: logged %q", u, res.Response)
		}
	}
	if hit != 0 {
		t.Fatalf("the receiver was reached %d times", hit)
	}
}

// A redirect is not followed and counts as a failure; Retry-After is read.
func TestClientAnswers(t *testing.T) {
	var target int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/redirect":
			http.Redirect(w, r, "/target", http.StatusFound)
		case "/target":
			target++
		case "/busy":
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, strings.Repeat("x", 5000))
		case "/gone":
			w.WriteHeader(http.StatusGone)
		}
	}))
	defer srv.Close()
	c := webhook.NewClient(true)
	send := func(p string) webhook.Result {
		return c.Send(context.Background(), webhook.Message{URL: srv.URL + p, ID: "evt_1", Time: time.Now(), Body: []byte("{}"), Keys: [][]byte{make([]byte, 24)}})
	}
	if r := send("/redirect"); r.OK() || r.Status != http.StatusFound || target != 0 {
		t.Errorf("redirect: %+v, target reached %d times", r, target)
	}
	if r := send("/busy"); r.OK() || r.Status != 429 || r.RetryAfter != 2*time.Minute || len(r.Response) != webhook.ResponseBytes {
		t.Errorf("busy: status %d, retry after %s, %d bytes kept", r.Status, r.RetryAfter, len(r.Response))
	}
	if r := send("/gone"); !r.Gone() || r.OK() {
		t.Errorf("gone: %+v", r)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"": 0, "0": 0, "-5": 0, "abc": 0, "30": 30 * time.Second, " 30 ": 30 * time.Second,
		"99999999999": webhook.MaxRetryAfter,
		now.Add(time.Hour).Format(http.TimeFormat):  time.Hour,
		now.Add(-time.Hour).Format(http.TimeFormat): 0,
	} {
		if got := webhook.RetryAfter(v, now); got != want {
			t.Errorf("RetryAfter(%q) = %s, want %s", v, got, want)
		}
	}
}

// The schedule spans about three days; each wait is within 20% of the
// schedule's, and a longer Retry-After wins.
func TestSchedule(t *testing.T) {
	var total time.Duration
	for _, d := range webhook.Schedule {
		total += d
	}
	if total < 72*time.Hour || total > 80*time.Hour {
		t.Fatalf("the schedule spans %s", total)
	}
	for n := 1; n <= len(webhook.Schedule); n++ {
		d, ok := webhook.Next(n, 0)
		s := webhook.Schedule[n-1]
		if !ok || d < s-s/5 || d > s+s/5 {
			t.Errorf("wait after attempt %d: %s (schedule %s)", n, d, s)
		}
	}
	if _, ok := webhook.Next(len(webhook.Schedule)+1, 0); ok {
		t.Error("a retry after the last attempt")
	}
	if d, _ := webhook.Next(1, time.Hour); d != time.Hour {
		t.Errorf("Retry-After of an hour gave %s", d)
	}
}
