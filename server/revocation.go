package server

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/reftrack/reftrack/internal/auth"
	"github.com/reftrack/reftrack/internal/graphqlws"
	"github.com/reftrack/reftrack/internal/viewer"
)

// CloseRevoked is the websocket close code of a connection whose token
// (or partner, or session) was revoked: 4403, Forbidden, which
// graphql-transport-ws clients do not retry. The reason is "token revoked".
const CloseRevoked = graphqlws.CloseForbidden

// revokedEvent is what an event stream whose token was revoked gets last.
const revokedEvent = "event: next\ndata: {\"errors\":[{\"message\":\"token revoked\",\"extensions\":{\"code\":\"UNAUTHENTICATED\"}}]}\n\nevent: complete\n\n"

// endStreamsOnRevocation ends a server-sent event stream when a credential
// it was opened with is revoked: the stream gets an UNAUTHENTICATED error,
// then complete.
func (s *Server) endStreamsOnRevocation(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := viewer.FromContext(r.Context())
		if v == nil || !strings.Contains(r.Header.Get("Accept"), "text/event-stream") {
			next.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithCancel(r.Context())
		defer cancel()
		sw := &streamWriter{ResponseWriter: w}
		closeSession := s.live.Open(auth.Credentials(v), func() {
			sw.mu.Lock()
			sw.revoked = true
			sw.mu.Unlock()
			cancel()
		})
		defer closeSession()
		next.ServeHTTP(sw, r.WithContext(ctx))
		sw.mu.Lock()
		defer sw.mu.Unlock()
		if sw.revoked && sw.started {
			io.WriteString(w, revokedEvent)       //nolint:errcheck // the client may be gone
			http.NewResponseController(w).Flush() //nolint:errcheck // as above
		}
	})
}

// streamWriter holds back the stream's own complete event once it is
// revoked, so that the error comes before it.
type streamWriter struct {
	http.ResponseWriter
	mu      sync.Mutex
	revoked bool
	started bool // something was written
}

func (w *streamWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.revoked && string(p) == "event: complete\n\n" {
		return len(p), nil
	}
	w.started = true
	return w.ResponseWriter.Write(p)
}

func (w *streamWriter) Flush() {
	http.NewResponseController(w.ResponseWriter).Flush() //nolint:errcheck // the client may be gone
}

func (w *streamWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
