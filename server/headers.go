package server

import "net/http"

// securityHeaders are sent with every response, so that no page, the
// Playground included, can be framed by another site (clickjacking) nor
// sniffed into another type. This is the one place for such headers: the
// handler that serves the web app (appHandler) sets its own, fuller
// Content-Security-Policy over this one, keeping frame-ancestors 'none',
// and a stricter Referrer-Policy.
var securityHeaders = []struct {
	name  string
	value []string
}{
	{"X-Frame-Options", []string{"DENY"}},
	{"Content-Security-Policy", []string{"frame-ancestors 'none'"}},
	{"X-Content-Type-Options", []string{"nosniff"}},
	// Browsers' default, said explicitly: a tracking redirect passes on
	// the referring site's origin, as the company's analytics expect. The
	// web app's pages send none to other origins (appHandler).
	{"Referrer-Policy", []string{"strict-origin-when-cross-origin"}},
}

// withSecurityHeaders sets securityHeaders before next runs. The values
// are shared, capped slices (Add copies them): no allocation on the click
// path.
func withSecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, sh := range securityHeaders {
			h[sh.name] = sh.value[:1:1]
		}
		next.ServeHTTP(w, r)
	})
}
