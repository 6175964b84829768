package server

import (
	"net/http"

	"github.com/reftrack/reftrack/internal/config"
)

// ConfigureHTTP sets the HTTP server's limits on slow clients from cfg:
// --read-header-timeout for the headers, --read-timeout for the whole
// request with its body, --write-timeout for the response (each event of
// an event stream: streamWriter), --idle-timeout between keep-alive
// requests.
// The read deadline bounds only the sending: net/http lifts it once the
// body is read (so event streams outlive it) and websockets once they
// upgrade (their pings find dead peers).
func ConfigureHTTP(hs *http.Server, cfg config.Config) {
	hs.ReadHeaderTimeout = cfg.ReadHeaderTimeout
	hs.ReadTimeout = cfg.ReadTimeout
	hs.WriteTimeout = cfg.WriteTimeout
	hs.IdleTimeout = cfg.IdleTimeout
}
