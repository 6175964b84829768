package server

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// isEventStream reports whether r asks for server-sent events.
func isEventStream(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "text/event-stream")
}

// streamWriter carries a server-sent event stream. Each write gets
// writeTimeout of its own, instead of the server's one deadline for the
// whole response, which a stream outlives; so a client that stops reading
// is dropped and one that reads stays. Once the stream's credential is
// revoked (endStreamsOnRevocation) it holds back the stream's own
// complete event, so that the error comes first.
type streamWriter struct {
	http.ResponseWriter
	writeTimeout time.Duration

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
	return w.writeLocked(p)
}

func (w *streamWriter) writeLocked(p []byte) (int, error) {
	http.NewResponseController(w.ResponseWriter).SetWriteDeadline(time.Now().Add(w.writeTimeout)) //nolint:errcheck // unsupported only off a real server
	return w.ResponseWriter.Write(p)
}

func (w *streamWriter) Flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.flushLocked()
}

func (w *streamWriter) flushLocked() {
	rc := http.NewResponseController(w.ResponseWriter)
	rc.SetWriteDeadline(time.Now().Add(w.writeTimeout)) //nolint:errcheck // as above
	rc.Flush()                                          //nolint:errcheck // a failed flush fails the next write
}

func (w *streamWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
