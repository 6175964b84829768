// Package metrics exposes what an operator watches, in the Prometheus
// exposition format, from one registry per server (tests run several
// servers in one process). The click path pays nothing per click: the
// recorder counts per batch and the gauges are read at scrape time.
package metrics

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vektah/gqlparser/v2/ast"
)

// Metrics is one server's registry and the metrics it observes itself.
type Metrics struct {
	reg *prometheus.Registry

	batchSize     prometheus.Histogram
	commitSeconds prometheus.Histogram

	httpRequests *prometheus.CounterVec
	httpSeconds  *prometheus.HistogramVec
	// routes caches each route's children of the vectors, copied on write:
	// a request reads it with one atomic load and no lock or allocation.
	routes  atomic.Pointer[map[string]*route]
	routesM sync.Mutex

	events *prometheus.CounterVec

	gqlOps     *prometheus.CounterVec
	gqlErrors  *prometheus.CounterVec
	gqlSeconds *prometheus.HistogramVec
	opNames    sync.Map // operation name -> struct{}: the names labelled so far
	opCount    atomic.Int64
}

// MaxOperationNames bounds the distinct GraphQL operation names labelled;
// later ones count as "(other)". Clients choose the names, so without a
// bound anyone could grow the registry without end.
const MaxOperationNames = 100

// New returns a registry holding the Go runtime and process collectors.
func New() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	clickCommit := []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}
	m.batchSize = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "reftrack_click_batch_size",
		Help: "Clicks committed per batch (one transaction).", Buckets: []float64{1, 2, 5, 10, 25, 50, 100, 250, 500, 1000}})
	m.commitSeconds = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "reftrack_click_commit_duration_seconds",
		Help: "Time to write and commit one batch of clicks, retries included.", Buckets: clickCommit})
	m.httpRequests = counterVec("reftrack_http_requests_total",
		"HTTP requests answered, by route pattern and status code.", "route", "code")
	m.httpSeconds = histogramVec("reftrack_http_request_duration_seconds",
		"Time to answer an HTTP request, by route pattern; websockets and event streams are left out.", "route")
	m.gqlOps = counterVec("reftrack_graphql_operations_total",
		"GraphQL operations, by operation name and type; a subscription counts once.", "operation", "type")
	m.gqlErrors = counterVec("reftrack_graphql_operation_errors_total",
		"GraphQL responses carrying errors, by operation name and type.", "operation", "type")
	m.gqlSeconds = histogramVec("reftrack_graphql_operation_duration_seconds",
		"Time from the start of a query or mutation to its response, by operation name and type.", "operation", "type")
	m.events = counterVec("reftrack_events_appended_total", "Events appended to the log by this instance, by type.", "type")
	m.routes.Store(&map[string]*route{})
	m.reg.MustRegister(m.batchSize, m.commitSeconds, m.httpRequests, m.httpSeconds, m.events, m.gqlOps, m.gqlErrors, m.gqlSeconds)
	return m
}

func counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
}

// histogramVec has Prometheus's default buckets (5 ms to 10 s), which suit
// request durations.
func histogramVec(name, help string, labels ...string) *prometheus.HistogramVec {
	return prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: prometheus.DefBuckets}, labels)
}

// Handler serves the registry.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Committed observes one committed batch of clicks (clicks.Options.OnCommit).
func (m *Metrics) Committed(clicks int, took time.Duration) {
	m.batchSize.Observe(float64(clicks))
	m.commitSeconds.Observe(took.Seconds())
}

// EventAppended counts one committed event of type typ (one of the
// event log's few types, so the label stays bounded).
func (m *Metrics) EventAppended(typ string) {
	m.events.WithLabelValues(typ).Inc()
}

// Clicks exposes the clicks committed by kind, read at scrape time.
func (m *Metrics) Clicks(read func() (unique, returning, bot, unmatched uint64)) {
	m.reg.MustRegister(clickCollector{read})
}

var clicksDesc = prometheus.NewDesc("reftrack_clicks_recorded_total",
	"Clicks committed, by kind: unique, returning, bot, or unmatched (a ref naming no link).", []string{"kind"}, nil)

type clickCollector struct {
	read func() (unique, returning, bot, unmatched uint64)
}

func (c clickCollector) Describe(ch chan<- *prometheus.Desc) { ch <- clicksDesc }

func (c clickCollector) Collect(ch chan<- prometheus.Metric) {
	u, r, b, n := c.read()
	for kind, v := range map[string]uint64{"unique": u, "returning": r, "bot": b, "unmatched": n} {
		ch <- prometheus.MustNewConstMetric(clicksDesc, prometheus.CounterValue, float64(v), kind)
	}
}

// Gauge exposes a value read at scrape time.
func (m *Metrics) Gauge(name, help string, read func() float64) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, read))
}

// Counter exposes a running count read at scrape time.
func (m *Metrics) Counter(name, help string, read func() float64) {
	m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, read))
}

// HTTP counts and times the requests next answers. next must be the
// http.ServeMux (or wrap nothing that replaces the request): the route is
// the pattern the mux matched, "" (unmatched) counting as "other".
func (m *Metrics) HTTP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := recorders.Get().(*recorder)
		rec.ResponseWriter, rec.code, rec.streamed = w, 0, false
		start := time.Now()
		next.ServeHTTP(rec, r)
		route := r.Pattern
		if route == "" {
			route = "other"
		}
		code := rec.code
		if code == 0 {
			code = http.StatusOK
		}
		rt := m.route(route)
		rt.requests(m, code).Inc()
		if !rec.streamed {
			rt.seconds.Observe(time.Since(start).Seconds())
		}
		rec.ResponseWriter = nil
		recorders.Put(rec)
	})
}

// route holds one route's metrics; codes is copied on write like routes.
type route struct {
	name    string
	seconds prometheus.Observer
	codes   atomic.Pointer[map[int]prometheus.Counter]
	mu      sync.Mutex
}

func (m *Metrics) route(name string) *route {
	if rt, ok := (*m.routes.Load())[name]; ok {
		return rt
	}
	m.routesM.Lock()
	defer m.routesM.Unlock()
	old := *m.routes.Load()
	if rt, ok := old[name]; ok {
		return rt
	}
	rt := &route{name: name, seconds: m.httpSeconds.WithLabelValues(name)}
	rt.codes.Store(&map[int]prometheus.Counter{})
	routes := make(map[string]*route, len(old)+1)
	for k, v := range old {
		routes[k] = v
	}
	routes[name] = rt
	m.routes.Store(&routes)
	return rt
}

func (rt *route) requests(m *Metrics, code int) prometheus.Counter {
	if c, ok := (*rt.codes.Load())[code]; ok {
		return c
	}
	rt.mu.Lock()
	defer rt.mu.Unlock()
	old := *rt.codes.Load()
	if c, ok := old[code]; ok {
		return c
	}
	c := m.httpRequests.WithLabelValues(rt.name, statusText(code))
	codes := make(map[int]prometheus.Counter, len(old)+1)
	for k, v := range old {
		codes[k] = v
	}
	codes[code] = c
	rt.codes.Store(&codes)
	return c
}

var recorders = sync.Pool{New: func() any { return new(recorder) }}

// statusText formats a status code without allocating for the usual ones.
func statusText(code int) string {
	if code >= 100 && code < 600 {
		return codes[code]
	}
	return strconv.Itoa(code)
}

var codes = func() (c [600]string) {
	for i := range c {
		c[i] = strconv.Itoa(i)
	}
	return c
}()

// recorder notes the status; websockets (hijacked) and event streams
// (flushed) are counted but not timed, as they last as long as the client
// stays.
type recorder struct {
	http.ResponseWriter
	code     int
	streamed bool
}

func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *recorder) Flush() {
	r.streamed = true
	if r.code == 0 {
		r.code = http.StatusOK
	}
	http.NewResponseController(r.ResponseWriter).Flush() //nolint:errcheck
}

func (r *recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	r.streamed = true
	if r.code == 0 {
		r.code = http.StatusSwitchingProtocols
	}
	h, ok := r.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("metrics: the response writer cannot be hijacked")
	}
	return h.Hijack()
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// GraphQL returns the gqlgen extension that counts and times operations.
func (m *Metrics) GraphQL() graphql.HandlerExtension { return gqlExtension{m} }

type gqlExtension struct{ m *Metrics }

var (
	_ graphql.HandlerExtension     = gqlExtension{}
	_ graphql.OperationInterceptor = gqlExtension{}
	_ graphql.ResponseInterceptor  = gqlExtension{}
)

func (gqlExtension) ExtensionName() string                   { return "Metrics" }
func (gqlExtension) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation counts subscriptions once, when they start.
func (e gqlExtension) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if oc := graphql.GetOperationContext(ctx); oc.Operation != nil && oc.Operation.Operation == ast.Subscription {
		e.m.gqlOps.WithLabelValues(e.m.labels(oc)).Inc()
	}
	return next(ctx)
}

// InterceptResponse counts and times queries and mutations, including
// those refused before they ran (parse or validation errors), and the
// errors of every response.
func (e gqlExtension) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if !graphql.HasOperationContext(ctx) {
		return resp
	}
	oc := graphql.GetOperationContext(ctx)
	name, typ := e.m.labels(oc)
	if typ != string(ast.Subscription) {
		e.m.gqlOps.WithLabelValues(name, typ).Inc()
		if start := oc.Stats.OperationStart; !start.IsZero() {
			e.m.gqlSeconds.WithLabelValues(name, typ).Observe(time.Since(start).Seconds())
		}
	}
	if resp != nil && len(resp.Errors) > 0 {
		e.m.gqlErrors.WithLabelValues(name, typ).Inc()
	}
	return resp
}

// labels names an operation: its name, "(anonymous)", "(invalid)" when the
// document did not parse or validate, "(other)" past MaxOperationNames.
func (m *Metrics) labels(oc *graphql.OperationContext) (name, typ string) {
	if oc == nil || oc.Operation == nil {
		return "(invalid)", "unknown"
	}
	typ = string(oc.Operation.Operation)
	name = oc.Operation.Name
	if name == "" {
		return "(anonymous)", typ
	}
	if _, ok := m.opNames.Load(name); ok {
		return name, typ
	}
	if m.opCount.Add(1) > MaxOperationNames {
		m.opCount.Add(-1)
		return "(other)", typ
	}
	if _, loaded := m.opNames.LoadOrStore(name, struct{}{}); loaded {
		m.opCount.Add(-1)
	}
	return name, typ
}
