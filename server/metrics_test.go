package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/reftrack/reftrack/internal/apitest"
)

// scrape reads s's /metrics as Prometheus does.
func scrape(t *testing.T, s *apitest.Server) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(s.MetricsURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %s", resp.Status)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return families
}

// value returns the counter, gauge or histogram count of family with the
// given labels (name=value pairs), and whether it is there.
func value(families map[string]*dto.MetricFamily, family string, labels ...string) (float64, bool) {
	f := families[family]
	if f == nil {
		return 0, false
	}
metrics:
	for _, m := range f.GetMetric() {
		for i := 0; i+1 < len(labels); i += 2 {
			found := false
			for _, l := range m.GetLabel() {
				if l.GetName() == labels[i] && l.GetValue() == labels[i+1] {
					found = true
				}
			}
			if !found {
				continue metrics
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue(), true
		case m.Gauge != nil:
			return m.Gauge.GetValue(), true
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount()), true
		}
	}
	return 0, false
}

// After real clicks and GraphQL operations, /metrics (served apart from the
// API) says exactly how many of each there were; a second server in the
// same process has its own registry.
func TestMetricsCountClicksRequestsAndOperations(t *testing.T) {
	s := apitest.New(t)
	p := s.CreatePartner(t, "Acme Agency", "ann@acme.example", "UTC")
	s.MustDo(t, p.Token, `mutation { createReferralURL(input: {slug: "acme", redirectURL: "https://example.com/"}) { id } }`, nil, nil)
	s.MustDo(t, p.Token, `mutation { createRefTag(input: {name: "Newsletter"}) { id } }`, nil, nil)

	for _, v := range []string{"visitor-aaaa", "visitor-bbbb", "visitor-cccc", "visitor-aaaa"} {
		if resp := click(t, s, "/r/acme", v); resp.StatusCode != http.StatusFound {
			t.Fatalf("click: %s", resp.Status)
		}
	}
	if resp := click(t, s, "/r/acme", "visitor-dddd", "User-Agent", "Googlebot/2.1 (+http://www.google.com/bot.html)"); resp.StatusCode != http.StatusFound {
		t.Fatalf("bot click: %s", resp.Status)
	}
	click(t, s, "/t/typo?to=https://example.com/", "visitor-aaaa")
	s.MustDo(t, p.Token, `query Totals { me { stats { uniqueClicks } } }`, nil, nil)
	if r := s.Do(t, p.Token, `query Broken { nosuchfield }`, nil); r.Code() == "" {
		t.Fatal("an invalid query was accepted")
	}

	m := scrape(t, s)
	for _, tt := range []struct {
		family string
		labels []string
		want   float64
	}{
		{"reftrack_clicks_recorded_total", []string{"kind", "unique"}, 3},
		{"reftrack_clicks_recorded_total", []string{"kind", "returning"}, 1},
		{"reftrack_clicks_recorded_total", []string{"kind", "bot"}, 1},
		{"reftrack_clicks_recorded_total", []string{"kind", "unmatched"}, 1},
		{"reftrack_http_requests_total", []string{"route", "GET /r/{slug}", "code", "302"}, 5},
		{"reftrack_http_request_duration_seconds", []string{"route", "GET /r/{slug}"}, 5},
		{"reftrack_http_requests_total", []string{"route", "GET /t/{code}", "code", "302"}, 1},
		{"reftrack_graphql_operations_total", []string{"operation", "Totals", "type", "query"}, 1},
		{"reftrack_graphql_operation_duration_seconds", []string{"operation", "Totals", "type", "query"}, 1},
		{"reftrack_graphql_operation_errors_total", []string{"operation", "(invalid)"}, 1},
		{"reftrack_graphql_operations_total", []string{"operation", "(invalid)"}, 1},
		{"reftrack_live_subscribers", nil, 0},
		{"reftrack_events_appended_total", []string{"type", "ref_tag.created"}, 1},
		{"reftrack_webhook_attempts_total", nil, 0},
		{"reftrack_webhook_attempts_failed_total", nil, 0},
		{"reftrack_click_queue_length", nil, 0},
	} {
		if got, ok := value(m, tt.family, tt.labels...); !ok || got != tt.want {
			t.Errorf("%s%v = %v (present %v), want %v", tt.family, tt.labels, got, ok, tt.want)
		}
	}
	if _, ok := value(m, "reftrack_graphql_operation_errors_total", "operation", "Totals"); ok {
		t.Error("the query without errors was counted as an error")
	}
	// Every click is in exactly one committed batch.
	var batched uint64
	var sum float64
	for _, b := range m["reftrack_click_batch_size"].GetMetric() {
		batched += b.GetHistogram().GetSampleCount()
		sum += b.GetHistogram().GetSampleSum()
	}
	if sum != 6 || batched < 1 || batched > 6 {
		t.Errorf("batches: %d holding %v clicks, want 1 to 6 holding 6", batched, sum)
	}
	if n, ok := value(m, "reftrack_click_commit_duration_seconds"); !ok || n != float64(batched) {
		t.Errorf("%v commit durations for %d batches", n, batched)
	}
	for _, family := range []string{"go_goroutines", "go_memstats_heap_alloc_bytes", "process_resident_memory_bytes", "reftrack_sqlite_wal_restarts_total"} {
		if _, ok := m[family]; !ok {
			t.Errorf("%s is missing", family)
		}
	}
	// The API's port does not serve metrics.
	if servesMetrics(t, s.URL) {
		t.Errorf("GET /metrics on the API's port answers metrics")
	}

	other := apitest.New(t)
	if got, _ := value(scrape(t, other), "reftrack_clicks_recorded_total", "kind", "unique"); got != 0 {
		t.Errorf("a second server counts %v unique clicks it never saw", got)
	}
	if !strings.HasPrefix(s.MetricsURL, "http://") {
		t.Fatal(s.MetricsURL)
	}
}

// servesMetrics reports whether GET base/metrics answers Prometheus
// metrics. Without them the path may still be 200: the web app's page,
// which says "not found" in the browser.
func servesMetrics(t *testing.T, base string) bool {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode == http.StatusOK && strings.Contains(string(body), "# HELP ")
}
