package graph_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"

	"github.com/reftrack/reftrack/graph"
)

// Issue 17.1: gqlgen's complexity.Calculate walked a fragment again at
// every spread (a DAG of 26 levels: 67 million leaves, 9.5 s). The walk
// prices each fragment once and stops at the limit.
func TestCostWalkPricesEachFragmentOnce(t *testing.T) {
	es := graph.NewSchema(&graph.Resolver{})
	l := &graph.Limits{Tokens: 10000, Fragments: 100, Depth: 12, Complexity: 5000}
	if err := l.Validate(es); err != nil {
		t.Fatal(err)
	}
	for _, levels := range []int{26, 60} {
		var b strings.Builder
		b.WriteString("query { ...F0 }\n")
		for i := range levels {
			fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
		}
		fmt.Fprintf(&b, "fragment F%d on Query { me { name } }\n", levels)
		doc, errs := gqlparser.LoadQuery(es.Schema(), b.String())
		if errs != nil {
			t.Fatal(errs)
		}
		oc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0], Variables: map[string]any{}}
		err := l.MutateOperationContext(context.Background(), oc)
		if err == nil || err.Extensions["code"] != graph.CodeLimitExceeded || !strings.Contains(err.Message, "costs more") {
			t.Errorf("%d levels: %v", levels, err)
		}
	}
	// Within the limit, the count is exact: 2^10 leaves of me { name }.
	var b strings.Builder
	b.WriteString("query { ...F0 }\n")
	for i := range 10 {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	b.WriteString("fragment F10 on Query { me { name } }\n")
	doc, errs := gqlparser.LoadQuery(es.Schema(), b.String())
	if errs != nil {
		t.Fatal(errs)
	}
	l.Complexity = 2048
	oc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0], Variables: map[string]any{}}
	if err := l.MutateOperationContext(context.Background(), oc); err != nil {
		t.Errorf("1024 × me { name } (cost 2048) under a limit of 2048: %v", err)
	}
	l.Complexity = 2047
	if err := l.MutateOperationContext(context.Background(), oc); err == nil {
		t.Errorf("cost 2048 under a limit of 2047: accepted")
	}
}

// Issue 17.1: the measuring stops when the request ends (the client hung
// up, or --request-timeout passed).
func TestMeasuringStopsWhenTheRequestEnds(t *testing.T) {
	es := graph.NewSchema(&graph.Resolver{})
	l := &graph.Limits{Tokens: 10000, Fragments: 100, Depth: 12, Complexity: 5000}
	if err := l.Validate(es); err != nil {
		t.Fatal(err)
	}
	doc, errs := gqlparser.LoadQuery(es.Schema(), `{ me { name } }`)
	if errs != nil {
		t.Fatal(errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	oc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0], Variables: map[string]any{}}
	if err := l.MutateOperationContext(ctx, oc); err == nil || err.Extensions["code"] != graph.CodeLimitExceeded {
		t.Errorf("a request already ended was measured: %v", err)
	}
	if err := l.MutateOperationContext(context.Background(), oc); err != nil {
		t.Errorf("a live request: %v", err)
	}
}
