package graph

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/internal/auth"
	"github.com/reftrack/reftrack/internal/viewer"
)

// RequireViewer is a root field middleware: every root field but the
// introspection ones needs a valid token.
func RequireViewer(ctx context.Context, next graphql.RootResolver) graphql.Marshaler {
	fc := graphql.GetRootFieldContext(ctx)
	if fc != nil && !strings.HasPrefix(fc.Object, "__") && !strings.HasPrefix(fc.Field.Name, "__") {
		if _, err := auth.Require(ctx); err != nil {
			graphql.AddError(ctx, err)
			return graphql.Null
		}
	}
	return next(ctx)
}

// LimitPages is a field middleware: first and last must be within 0..MaxPage,
// not both, and a connection asked for without either returns MaxPage items.
func LimitPages(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Args == nil {
		return next(ctx)
	}
	first, hasFirst := fc.Args["first"].(*int)
	last, hasLast := fc.Args["last"].(*int)
	if !hasFirst && !hasLast {
		return next(ctx)
	}
	for name, v := range map[string]*int{"first": first, "last": last} {
		if v != nil && (*v < 0 || *v > MaxPage) {
			return nil, reftrack.Errorf(reftrack.Invalid, "%s must be between 0 and %d, got %d", name, MaxPage, *v)
		}
	}
	switch {
	case first != nil && last != nil:
		return nil, reftrack.Errorf(reftrack.Invalid, "give first or last, not both")
	case first == nil && last == nil:
		n := MaxPage
		fc.Args["first"] = &n
	}
	return next(ctx)
}

// Limits bound an operation's cost before any of it runs: the document's
// size in tokens, fragments and spreads before it is validated (validation
// re-walks each fragment's spreads), then its depth, its complexity and its
// arguments before it executes. Every walk visits a fragment once and stops
// as soon as a limit is passed.
type Limits struct {
	Tokens     int // lexical tokens in the document
	Fragments  int // fragment definitions, and spreads of them
	Depth      int // nested fields
	Complexity int // cost, as the schema's complexity functions count it

	// Cache, when set, is gqlgen's cache of validated documents: one found
	// there was measured when it was first sent.
	Cache graphql.Cache[*ast.QueryDocument]

	es graphql.ExecutableSchema
}

// Fixed bounds on arguments: no list argument (ids, tagIDs, a where's or)
// holds more than MaxPage items, and input objects nest at most maxInputDepth
// deep (each level of a where's and/or/not is one more SQL subexpression).
const (
	maxInputDepth  = 8
	maxInputValues = 10 * MaxPage
)

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
} = &Limits{}

// ExtensionName names the extension.
func (*Limits) ExtensionName() string { return "Limits" }

// Validate keeps the schema, whose complexity functions price fields.
func (l *Limits) Validate(es graphql.ExecutableSchema) error {
	l.es = es
	return nil
}

// limitError is a request error with the code of reftrack.Limit.
func limitError(format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{Message: fmt.Sprintf(format, args...), Extensions: map[string]any{"code": codes[reftrack.Limit]}}
}

// MutateOperationParameters runs before gqlgen parses and validates the
// document: one pass of the lexer counts its tokens, fragment definitions
// and spreads, then the parsed document's merge work is bounded (see
// mergeWork). A request without a viewer may only introspect. A document
// gqlgen has already validated (Cache) was measured when it was first sent.
func (l *Limits) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if p.Query == "" {
		return nil // a persisted query's hash alone, or nothing: gqlgen answers
	}
	doc, cached := (*ast.QueryDocument)(nil), false
	if l.Cache != nil {
		doc, cached = l.Cache.Get(ctx, p.Query)
	}
	if !cached {
		if err := l.scan(p.Query); err != nil {
			return err
		}
		var err error
		if doc, err = parser.ParseQuery(&ast.Source{Input: p.Query}); err != nil {
			return nil // gqlgen reports it, with its code
		}
		if !(&merges{doc: doc, budget: mergeBudget * l.Tokens}).within(nil, []ast.SelectionSet{operationsOf(doc)}) {
			return limitError("the document repeats fields too often to be validated: merge them or use fewer aliases")
		}
	}
	if viewer.FromContext(ctx) == nil {
		err := introspectionOnly(doc)
		if _, why := auth.Require(ctx); err != nil && why != nil {
			err.Message = why.Error() // a refused token says why
		}
		return err
	}
	return nil
}

// operationsOf joins the root selections of every operation of doc.
func operationsOf(doc *ast.QueryDocument) ast.SelectionSet {
	var set ast.SelectionSet
	for _, op := range doc.Operations {
		set = append(set, op.SelectionSet...)
	}
	return set
}

// mergeBudget, times the token limit, bounds the work of validating that
// fields of the same response name can be merged: that rule compares such
// fields pair by pair, so 3,300 aliases of one field (10,000 tokens) took
// 2.8 s to validate, and 2,200 conflicting ones 9.4 s and 600,000 errors.
const mergeBudget = 10

// merges counts the work of the merge rule on a document, as pairs of
// fields of one response name in each set of selections that merge (fields
// of inline fragments and spread fragments included, and the sub-selections
// of the fields it merges, in turn), until it runs out of budget.
type merges struct {
	doc    *ast.QueryDocument
	budget int
}

// within reports whether sets, which merge, fit in what is left of the
// budget; visiting holds the fragments they were found in, which are not
// expanded again (a cycle is refused by validation, and must not loop
// here).
func (m *merges) within(visiting []string, sets []ast.SelectionSet) bool {
	byName := map[string][]*ast.Field{}
	paths := map[string]map[string]bool{} // the fragments each name's fields were found in
	var names []string
	var collect func(set ast.SelectionSet, visiting []string) bool
	collect = func(set ast.SelectionSet, visiting []string) bool {
		for _, sel := range set {
			if m.budget--; m.budget < 0 {
				return false
			}
			switch s := sel.(type) {
			case *ast.Field:
				name := s.Alias
				if name == "" {
					name = s.Name
				}
				if _, ok := byName[name]; !ok {
					names = append(names, name)
				}
				byName[name] = append(byName[name], s)
				if len(visiting) > 0 {
					if paths[name] == nil {
						paths[name] = map[string]bool{}
					}
					for _, f := range visiting {
						paths[name][f] = true
					}
					m.budget -= len(visiting)
				}
			case *ast.InlineFragment:
				if !collect(s.SelectionSet, visiting) {
					return false
				}
			case *ast.FragmentSpread:
				f := m.doc.Fragments.ForName(s.Name)
				if f == nil || slices.Contains(visiting, s.Name) {
					continue
				}
				if !collect(f.SelectionSet, append(visiting, s.Name)) {
					return false
				}
			}
		}
		return true
	}
	for _, set := range sets {
		if !collect(set, visiting) {
			return false
		}
	}
	for _, name := range names {
		fields := byName[name]
		if m.budget -= len(fields) * len(fields); m.budget < 0 {
			return false
		}
		var subs []ast.SelectionSet
		for _, f := range fields {
			if len(f.SelectionSet) > 0 {
				subs = append(subs, f.SelectionSet)
			}
		}
		if len(subs) > 0 && !m.within(slices.Collect(maps.Keys(paths[name])), subs) {
			return false
		}
	}
	return true
}

func (l *Limits) scan(query string) *gqlerror.Error {
	lex := lexer.New(&ast.Source{Input: query})
	tokens, fragments, spreads, braces := 0, 0, 0, 0
	for {
		tok, err := lex.ReadToken()
		if err != nil {
			return nil // the parser reports it, with its position
		}
		switch tok.Kind {
		case lexer.EOF:
			return nil
		case lexer.BraceL:
			braces++
		case lexer.BraceR:
			braces--
		case lexer.Spread:
			spreads++
		case lexer.Name:
			if braces == 0 && tok.Value == "fragment" {
				fragments++
			}
		}
		tokens++
		switch {
		case tokens > l.Tokens:
			return limitError("the document has more than %d tokens (--max-tokens)", l.Tokens)
		case fragments > l.Fragments:
			return limitError("the document defines more than %d fragments (--max-fragments)", l.Fragments)
		case spreads > l.Fragments:
			return limitError("the document has more than %d fragment spreads (--max-fragments)", l.Fragments)
		}
	}
}

// introspectionOnly refuses a document that selects anything but
// __schema, __type and __typename at its root: without a token nothing
// else could answer, so it is not worth validating.
func introspectionOnly(doc *ast.QueryDocument) *gqlerror.Error {
	seen := map[string]bool{}
	var only func(ast.SelectionSet) bool
	only = func(set ast.SelectionSet) bool {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				if !strings.HasPrefix(s.Name, "__") {
					return false
				}
			case *ast.InlineFragment:
				if !only(s.SelectionSet) {
					return false
				}
			case *ast.FragmentSpread:
				if f := doc.Fragments.ForName(s.Name); f != nil && !seen[s.Name] {
					seen[s.Name] = true
					if !only(f.SelectionSet) {
						return false
					}
				}
			}
		}
		return true
	}
	if !only(operationsOf(doc)) {
		return &gqlerror.Error{Message: "a token is required", Extensions: map[string]any{"code": codes[reftrack.Unauthenticated]}}
	}
	return nil
}

// MutateOperationContext measures the validated operation before it runs.
func (l *Limits) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	w := &walker{
		ctx: ctx, es: l.es, schema: l.es.Schema(), vars: oc.Variables, fragments: oc.Doc.Fragments,
		maxDepth: l.Depth, maxCost: l.Complexity,
		depths: map[string]int{}, costs: map[costKey]int{},
	}
	if err := w.arguments(oc.Operation.SelectionSet, map[string]bool{}); err != nil {
		return err
	}
	if cost := w.cost(oc.Operation.SelectionSet, defaultDays); cost > l.Complexity {
		return limitError("the operation costs more than %d (--max-complexity): ask for fewer items or fields", l.Complexity)
	}
	if depth := w.depth(oc.Operation.SelectionSet); depth > l.Depth {
		return limitError("the operation is more than %d fields deep (--max-depth)", l.Depth)
	}
	if w.ctx.Err() != nil {
		return limitError("the request ended before the operation was measured")
	}
	return nil
}

// defaultDays is the length of the default stats range.
const defaultDays = 7

// walker measures one operation. Each fragment is measured once (per
// enclosing stats range, for the cost): a document whose fragments spread
// each other twice at every level costs a walk of its text, not of its
// expansion. Walks stop as soon as their limit is passed.
type walker struct {
	ctx       context.Context
	es        graphql.ExecutableSchema
	schema    *ast.Schema
	vars      map[string]any
	fragments ast.FragmentDefinitionList
	maxDepth  int
	maxCost   int

	depths map[string]int
	costs  map[costKey]int
	values int
}

type costKey struct {
	fragment string
	days     int
}

func (w *walker) depth(set ast.SelectionSet) int {
	deepest := 0
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				continue // introspection queries are deep by nature and cheap
			}
			d = 1 + w.depth(s.SelectionSet)
		case *ast.InlineFragment:
			d = w.depth(s.SelectionSet)
		case *ast.FragmentSpread:
			var ok bool
			if d, ok = w.depths[s.Name]; !ok {
				w.depths[s.Name] = 0 // a cycle (refused by validation) ends here
				if f := w.fragments.ForName(s.Name); f != nil {
					d = w.depth(f.SelectionSet)
				}
				w.depths[s.Name] = d
			}
		}
		deepest = max(deepest, d)
		if deepest > w.maxDepth {
			return deepest
		}
	}
	return deepest
}

// cost prices a selection as gqlgen's complexity package does (a field
// costs its complexity function, else 1 plus its children; an interface
// field the most of its implementations), with one difference: a list
// whose length an argument of an enclosing field decides costs that many
// items (Stats.daily costs the days of its range).
func (w *walker) cost(set ast.SelectionSet, days int) int {
	total := 0
	for _, sel := range set {
		if total > w.maxCost || w.ctx.Err() != nil {
			return total
		}
		switch s := sel.(type) {
		case *ast.Field:
			def := w.schema.Types[s.Definition.Type.Name()]
			if def == nil || def.Name == "__Schema" {
				continue
			}
			args := s.ArgumentMap(w.vars)
			childDays := days
			if r, ok := args["range"]; ok {
				childDays = rangeDays(r)
			}
			child := 0
			switch def.Kind {
			case ast.Object, ast.Interface, ast.Union:
				child = w.cost(s.SelectionSet, childDays)
			}
			var c int
			if s.ObjectDefinition.Name == "Stats" && s.Name == "daily" {
				c = addCapped(1, mulCapped(child, days))
			} else if s.ObjectDefinition.Kind == ast.Interface {
				for _, t := range w.schema.GetPossibleTypes(s.ObjectDefinition) {
					c = max(c, w.fieldCost(t.Name, def.Kind, s.Name, child, args))
				}
			} else {
				c = w.fieldCost(s.ObjectDefinition.Name, def.Kind, s.Name, child, args)
			}
			total = addCapped(total, c)
		case *ast.InlineFragment:
			total = addCapped(total, w.cost(s.SelectionSet, days))
		case *ast.FragmentSpread:
			key := costKey{s.Name, days}
			c, ok := w.costs[key]
			if !ok {
				w.costs[key] = 0 // a cycle (refused by validation) ends here
				if f := w.fragments.ForName(s.Name); f != nil {
					c = w.cost(f.SelectionSet, days)
				}
				w.costs[key] = c
			}
			total = addCapped(total, c)
		}
	}
	return total
}

func (w *walker) fieldCost(typeName string, kind ast.DefinitionKind, field string, child int, args map[string]any) int {
	if c, ok := w.es.Complexity(w.ctx, typeName, field, child, args); ok && c >= 1 {
		return c
	}
	return addCapped(1, child)
}

// arguments checks every argument value of the operation (variables
// included) against the fixed bounds on lists and nesting.
func (w *walker) arguments(set ast.SelectionSet, seen map[string]bool) *gqlerror.Error {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			for _, a := range s.Arguments {
				v, err := a.Value.Value(w.vars)
				if err != nil {
					continue // validation and coercion report it
				}
				if err := w.input(a.Name, v, 0); err != nil {
					return err
				}
			}
			if err := w.arguments(s.SelectionSet, seen); err != nil {
				return err
			}
		case *ast.InlineFragment:
			if err := w.arguments(s.SelectionSet, seen); err != nil {
				return err
			}
		case *ast.FragmentSpread:
			if seen[s.Name] {
				continue
			}
			seen[s.Name] = true
			if f := w.fragments.ForName(s.Name); f != nil {
				if err := w.arguments(f.SelectionSet, seen); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (w *walker) input(name string, v any, depth int) *gqlerror.Error {
	w.values++
	if w.values > maxInputValues {
		return limitError("the operation's arguments hold more than %d values", maxInputValues)
	}
	switch v := v.(type) {
	case []any:
		if len(v) > MaxPage {
			return limitError("%s holds %d items; the most is %d", name, len(v), MaxPage)
		}
		for _, item := range v {
			if err := w.input(name, item, depth); err != nil {
				return err
			}
		}
	case map[string]any:
		if depth >= maxInputDepth {
			return limitError("%s nests more than %d levels deep", name, maxInputDepth)
		}
		for k, item := range v {
			if err := w.input(k, item, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// rangeDays is the number of days of a DateRange argument's value: the
// default range's when it is absent, the most a range may hold when it
// cannot be read (the resolver refuses it).
func rangeDays(v any) int {
	m, ok := v.(map[string]any)
	if !ok {
		if v == nil {
			return defaultDays
		}
		return maxRangeDays
	}
	from, err1 := time.Parse(time.DateOnly, fmt.Sprint(m["from"]))
	to, err2 := time.Parse(time.DateOnly, fmt.Sprint(m["to"]))
	if err1 != nil || err2 != nil || to.Before(from) {
		return maxRangeDays
	}
	return min(int(to.Sub(from).Hours()/24)+1, maxRangeDays)
}

const maxRangeDays = 366

// addCapped and mulCapped saturate: a cost past any limit is as good as
// infinite, and must not wrap around to look small.
func addCapped(a, b int) int {
	if a > capCost-b {
		return capCost
	}
	return a + b
}

func mulCapped(a, b int) int {
	if b != 0 && a > capCost/b {
		return capCost
	}
	return a * b
}

const capCost = 1 << 40
