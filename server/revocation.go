package server

import (
	"context"
	"net/http"

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
		sw, ok := w.(*streamWriter) // limitRequest wraps every event stream
		if v == nil || !ok {
			next.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithCancel(r.Context())
		defer cancel()
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
			sw.writeLocked([]byte(revokedEvent)) //nolint:errcheck // the client may be gone
			sw.flushLocked()
		}
	})
}
