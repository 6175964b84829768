package server

import "net/http"

// securityHeaders are sent with every response, so that no page, the
// Playground included, can be framed by another site (clickjacking) nor
// sniffed into another type. This is the one place for such headers: a
// handler that serves an application sets its own, fuller
// Content-Security-Policy over this one, keeping frame-ancestors 'none'.
var securityHeaders = []struct {
	name  string
	value []string
}{
	{"X-Frame-Options", []string{"DENY"}},
	{"Content-Security-Policy", []string{"frame-ancestors 'none'"}},
	{"X-Content-Type-Options", []string{"nosniff"}},
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
