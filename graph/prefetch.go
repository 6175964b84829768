package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reftrack/reftrack/internal/calendar"
	"github.com/reftrack/reftrack/internal/stats"
)

// statsField is one stats field a page asks for.
type statsField struct {
	r     *calendar.Range
	daily bool
}

// statsFields returns the stats fields selected at edges.node.stats under
// the current connection field, for nodes of typeName. A range that does
// not parse is skipped: the field resolver reports it.
func statsFields(ctx context.Context, typeName string) []statsField {
	oc := graphql.GetOperationContext(ctx)
	fc := graphql.GetFieldContext(ctx)
	if oc == nil || fc == nil {
		return nil
	}
	var out []statsField
	for _, edges := range graphql.CollectFields(oc, fc.Field.Selections, nil) {
		if edges.Name != "edges" {
			continue
		}
		for _, node := range graphql.CollectFields(oc, edges.Selections, nil) {
			if node.Name != "node" {
				continue
			}
			for _, f := range graphql.CollectFields(oc, node.Selections, []string{typeName, "Node"}) {
				if f.Name != "stats" {
					continue
				}
				r, ok := rangeArg(f.ArgumentMap(oc.Variables)["range"])
				if ok {
					out = append(out, statsField{r: r, daily: selects(oc, f.Selections, "daily")})
				}
			}
		}
	}
	return out
}

func rangeArg(v any) (*calendar.Range, bool) {
	if v == nil {
		return nil, true
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	var r calendar.Range
	if r.From.UnmarshalGQL(m["from"]) != nil || r.To.UnmarshalGQL(m["to"]) != nil || r.Validate() != nil {
		return nil, false
	}
	return &r, true
}

// prefetchStats loads the stats that the page's nodes will ask for in one
// go, so that a table of 100 tags costs one rollup query.
func prefetchStats(ctx context.Context, typeName string, ids func(yield func(source, partner int))) {
	fields := statsFields(ctx, typeName)
	loader := stats.FromContext(ctx)
	if len(fields) == 0 || loader == nil {
		return
	}
	var wants []stats.Want
	ids(func(source, partner int) {
		for _, f := range fields {
			wants = append(wants, stats.Want{Source: source, Partner: partner, Range: f.r, Daily: f.daily})
		}
	})
	// A failure here only loses the shortcut; each field still loads.
	_ = loader.Prefetch(ctx, wants)
}

// selects reports whether set selects a field named name.
func selects(oc *graphql.OperationContext, set ast.SelectionSet, name string) bool {
	for _, f := range graphql.CollectFields(oc, set, nil) {
		if f.Name == name {
			return true
		}
	}
	return false
}

// wantsDaily reports whether the stats field being resolved selects daily:
// without it, only totals are read.
func wantsDaily(ctx context.Context) bool {
	fc := graphql.GetFieldContext(ctx)
	return fc != nil && selects(graphql.GetOperationContext(ctx), fc.Field.Selections, "daily")
}
