package server

import (
	"bytes"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
)

// appPolicy is the Content-Security-Policy of the web app's pages: its own
// files and API only, no inline script, nothing from another host. Images
// may be data: and blob: URLs (the QR code and CSV downloads are made in
// the page); connect-src names the websocket origin, which 'self' does not
// cover in every browser.
func appPolicy(publicURL string) string {
	connect := "'self'"
	if u, err := url.Parse(publicURL); err == nil && u.Host != "" {
		ws := "ws://"
		if u.Scheme == "https" {
			ws = "wss://"
		}
		connect += " " + ws + u.Host
	}
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self'",
		"style-src 'self'",
		"img-src 'self' data: blob:",
		"font-src 'self'",
		"connect-src " + connect,
		"worker-src 'self' blob:",
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	}, "; ")
}

// appHandler serves the built web app (web/dist): files by their path, the
// hashed ones under assets/ cached for a year, and index.html, never
// cached, for every other path that names no file, so that the app's own
// routes (/customers, /playground, …) load it. A missing file with an
// extension or under assets/ is a 404, not the app.
// noApp is a web app without a single file.
type noApp struct{}

func (noApp) Open(string) (fs.File, error) { return nil, fs.ErrNotExist }

func appHandler(files fs.FS, policy string) http.Handler {
	index, indexErr := fs.ReadFile(files, "index.html")
	modTime := time.Time{} // embedded files have none: no Last-Modified
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("Content-Security-Policy", policy)
		h.Set("Referrer-Policy", "same-origin")
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name != "" && name != "index.html" {
			if f, err := fs.Stat(files, name); err == nil && !f.IsDir() {
				if strings.HasPrefix(name, "assets/") {
					h.Set("Cache-Control", "public, max-age=31536000, immutable")
				} else {
					h.Set("Cache-Control", "no-cache")
				}
				http.ServeFileFS(w, r, files, name)
				return
			}
			if strings.HasPrefix(name, "assets/") || path.Ext(name) != "" {
				http.NotFound(w, r)
				return
			}
		}
		if indexErr != nil {
			http.Error(w, "the web app is not built into this binary", http.StatusNotFound)
			return
		}
		h.Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, "index.html", modTime, bytes.NewReader(index))
	})
}
