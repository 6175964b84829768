package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reftrack/reftrack/internal/apitest"
)

// requireNode skips a test that needs Node and the node_modules of dir, or
// fails it where REFTRACK_REQUIRE_NODE=1 (CI) says they must be there.
func requireNode(t *testing.T, dir string) string {
	t.Helper()
	skip := t.Skipf
	if os.Getenv("REFTRACK_REQUIRE_NODE") == "1" {
		skip = t.Fatalf
	}
	node, err := exec.LookPath("node")
	if err != nil {
		skip("node is not installed")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules")); err != nil {
		skip("run `npm ci` in %s first", dir)
	}
	return node
}

// graphql-http's audits of the GraphQL-over-HTTP specification, every
// MUST, SHOULD and MAY, against the real server.
func TestGraphQLOverHTTPAudit(t *testing.T) {
	dir := filepath.Join("testdata", "graphql-http")
	node := requireNode(t, dir)
	s := apitest.New(t)
	cmd := exec.Command(node, "audit.mjs", s.URL+"/graphql")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("audit failed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "MUST: 13/13") || !strings.Contains(string(out), "SHOULD and MAY: 48/48") {
		t.Fatalf("audit output:\n%s", out)
	}
	t.Logf("%s", strings.TrimSpace(string(out)))
}

// FuzzGraphQLHTTP sends any body to the real handler, as JSON, anonymous.
// Whatever it holds, the answer is not a 5xx, and is JSON whose every
// error carries a code.
func FuzzGraphQLHTTP(f *testing.F) {
	for _, seed := range []string{
		`{"query": "{ __typename }"}`,
		`{"query": "query($n: String!) { __type(name: $n) { name } }", "variables": {"n": "Query"}}`,
		`{"query": "{ me { name } }", "operationName": null, "extensions": {}}`,
		`{"query": "query { ...F } fragment F on Query { __schema { queryType { name } } }"}`,
		`{"query": "{", "variables": [1]}`,
		`[{"query": "{ __typename }"}]`,
		`{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "00"}}}`,
		`{"query": "{ __typename }", "variables": {"a": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}`,
		`{`,
		``,
	} {
		f.Add([]byte(seed), false)
		f.Add([]byte(seed), true)
	}
	s := apitest.New(f)
	handler := s.Server.Config.Handler
	f.Fuzz(func(t *testing.T, body []byte, graphQLResponse bool) {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if graphQLResponse {
			req.Header.Set("Accept", "application/graphql-response+json")
		}
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		}
		var out struct {
			Errors []struct{ Extensions map[string]any }
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("body %q for %q: %v", rec.Body, body, err)
		}
		for _, e := range out.Errors {
			if _, ok := e.Extensions["code"].(string); !ok {
				t.Fatalf("error without a code for %q: %s", body, rec.Body)
			}
		}
	})
}
