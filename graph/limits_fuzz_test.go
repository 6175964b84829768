package graph_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"

	"github.com/reftrack/reftrack/graph"
	"github.com/reftrack/reftrack/internal/viewer"
)

// FuzzOperation runs a document and its variables through everything that
// happens before execution: the lexer's counts, parsing, validation,
// variable coercion, and the depth, cost and argument walks. None of it may
// panic, and every error it reports carries a code.
func FuzzOperation(f *testing.F) {
	for _, seed := range []struct{ doc, vars string }{
		{`{ __typename }`, `{}`},
		{`{ me { name stats(range: {from: "2026-01-01", to: "2026-12-31"}) { daily { date totalClicks } } } }`, ``},
		{`query($n: Int) { refTags(first: $n) { edges { node { name } } } }`, `{"n": 5}`},
		{`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, `{"ids": ["a", "b"]}`},
		{`query($w: CustomerWhereInput) { customers(where: $w) { totalCount } }`, `{"w": {"or": [{"name": "x"}, {"not": {"name": "y"}}]}}`},
		{`query { ...F0 } fragment F0 on Query { ...F1 ...F1 } fragment F1 on Query { __typename }`, ``},
		{`query { ...F } fragment F on Query { ...F }`, ``},
		{`mutation { createRefTag(input: {name: "X"}) { id } }`, ``},
		{`{ me { name @skip(if: false) @skip(if: false) } }`, ``},
		{`{`, `{`},
	} {
		f.Add(seed.doc, seed.vars, true)
		f.Add(seed.doc, seed.vars, false)
	}
	exec := executor.New(graph.NewSchema(&graph.Resolver{}))
	exec.SetParserTokenLimit(2000)
	exec.Use(&graph.Limits{Tokens: 2000, Fragments: 20, Depth: 12, Complexity: 5000})
	f.Fuzz(func(t *testing.T, doc, vars string, signedIn bool) {
		ctx := graphql.StartOperationTrace(context.Background())
		if signedIn {
			ctx = viewer.NewContext(ctx, &viewer.Viewer{Role: viewer.Admin})
		}
		params := &graphql.RawParams{Query: doc}
		if vars != "" {
			dec := json.NewDecoder(strings.NewReader(vars))
			dec.UseNumber()
			if dec.Decode(&params.Variables) != nil {
				params.Variables = nil
			}
		}
		_, errs := exec.CreateOperationContext(ctx, params)
		for _, err := range errs {
			if _, ok := err.Extensions["code"].(string); !ok {
				t.Errorf("error without a code: %v", err)
			}
		}
	})
}
