package metrics_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/reftrack/reftrack/internal/metrics"
)

// After a route's first request, counting and timing a request allocates
// nothing: the click path pays no allocation for its metrics.
func TestHTTPAllocatesNothingPerRequest(t *testing.T) {
	m := metrics.New()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /r/{slug}", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusFound) })
	counted := m.HTTP(mux)
	req := httptest.NewRequest("GET", "/r/acme", nil)
	w := &nopWriter{}
	mux.ServeHTTP(w, req)
	bare := testing.AllocsPerRun(100, func() { mux.ServeHTTP(w, req) })
	counted.ServeHTTP(w, req)
	got := testing.AllocsPerRun(100, func() { counted.ServeHTTP(w, req) })
	if got > bare {
		t.Fatalf("%v allocations per request with metrics, %v without", got, bare)
	}
}

// BenchmarkHTTP is the middleware's cost around a handler that does
// nothing, beside the same handler bare: the difference is what every
// click pays for its metrics.
func BenchmarkHTTP(b *testing.B) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /r/{slug}", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusFound) })
	for _, bc := range []struct {
		name string
		h    http.Handler
	}{{"bare", mux}, {"metrics", metrics.New().HTTP(mux)}} {
		b.Run(bc.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", "/r/acme", nil)
			w := &nopWriter{}
			b.ReportAllocs()
			for b.Loop() {
				bc.h.ServeHTTP(w, req)
			}
		})
	}
}

type nopWriter struct{ h http.Header }

func (w *nopWriter) Header() http.Header {
	if w.h == nil {
		w.h = http.Header{}
	}
	return w.h
}
func (w *nopWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *nopWriter) WriteHeader(int)             {}
