package signin

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestCheckRequest(t *testing.T) {
	h := New(Options{PublicURL: "https://partners.example.com"})
	for _, c := range []struct {
		name                      string
		host, origin, site, ctype string
		websocket, ok             bool
	}{
		{"fetch metadata and origin", "partners.example.com", "https://partners.example.com", "same-origin", "application/json", false, true},
		{"origin only", "partners.example.com", "https://partners.example.com", "", "application/json; charset=utf-8", false, true},
		{"fetch metadata only", "partners.example.com", "", "same-origin", "application/json", false, true},
		{"another name of this host", "10.0.0.5:8080", "https://10.0.0.5:8080", "", "application/json", false, true},
		{"http origin for an https site", "partners.example.com", "http://partners.example.com", "", "application/json", false, false},
		{"cross-site", "partners.example.com", "https://evil.example", "cross-site", "application/json", false, false},
		{"cross-site, no origin", "partners.example.com", "", "cross-site", "application/json", false, false},
		{"same-site", "partners.example.com", "", "same-site", "application/json", false, false},
		{"typed in the address bar", "partners.example.com", "", "none", "application/json", false, false},
		{"nothing says where from", "partners.example.com", "", "", "application/json", false, false},
		{"origin null", "partners.example.com", "null", "", "application/json", false, false},
		{"metadata same-origin, origin elsewhere", "partners.example.com", "https://evil.example", "same-origin", "application/json", false, false},
		{"form", "partners.example.com", "https://partners.example.com", "same-origin", "application/x-www-form-urlencoded", false, false},
		{"text", "partners.example.com", "https://partners.example.com", "same-origin", "text/plain", false, false},
		{"no content type", "partners.example.com", "https://partners.example.com", "same-origin", "", false, false},
		{"websocket, same origin", "partners.example.com", "https://partners.example.com", "", "", true, true},
		{"websocket, cross-site", "partners.example.com", "https://evil.example", "", "", true, false},
	} {
		r := httptest.NewRequest(http.MethodPost, "/graphql", nil)
		r.Host = c.host
		for k, v := range map[string]string{"Origin": c.origin, "Sec-Fetch-Site": c.site, "Content-Type": c.ctype} {
			if v != "" {
				r.Header.Set(k, v)
			}
		}
		if err := h.checkRequest(r, c.websocket); (err == nil) != c.ok {
			t.Errorf("%s: %v, want ok=%v", c.name, err, c.ok)
		}
	}
}

func TestClientAddress(t *testing.T) {
	for addr, want := range map[string]string{
		"192.0.2.7:4000":              "192.0.2.7",
		"[2001:db8:1:2:3:4:5:6]:4000": "2001:db8:1:2::",
		"[2001:db8:1:2:ffff:4:5:6]:1": "2001:db8:1:2::",
		"[::ffff:192.0.2.7]:80":       "192.0.2.7",
	} {
		r := httptest.NewRequest(http.MethodPost, "/", nil)
		r.RemoteAddr = addr
		if got := clientAddress(r); got != want {
			t.Errorf("%s: %s, want %s", addr, got, want)
		}
	}
}
