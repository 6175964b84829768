package graph

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/reftrack/reftrack"
)

// Transactioner runs each mutation in one transaction, committed once the
// mutation has answered without error, rolled back otherwise. It replaces
// entgql's, which opens a transaction each time a transport asks for a
// response: websockets and server-sent events ask again after the answer,
// to learn the operation has ended, and got "internal error" after a
// committed mutation.
type Transactioner struct{ TxOpener entgql.TxOpener }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
	graphql.OperationInterceptor
} = Transactioner{}

// ExtensionName names the extension.
func (Transactioner) ExtensionName() string { return "Transactioner" }

// Validate checks the configuration.
func (Transactioner) Validate(graphql.ExecutableSchema) error { return nil }

func isMutation(op *ast.OperationDefinition) bool {
	return op != nil && op.Operation == ast.Mutation
}

// MutateOperationContext runs a mutation's resolvers one at a time: they
// share one transaction, which is not safe for concurrent use.
func (Transactioner) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if isMutation(oc.Operation) {
		previous := oc.ResolverMiddleware
		var mu sync.Mutex
		oc.ResolverMiddleware = func(ctx context.Context, next graphql.Resolver) (any, error) {
			mu.Lock()
			defer mu.Unlock()
			return previous(ctx, next)
		}
	}
	return nil
}

// outsideTx are the mutations that wait on the network (a webhook's test
// send, up to 15 s): they run without the mutation's transaction, which on
// SQLite holds the database's one write lock from its start and would
// stall every writer, clicks included, meanwhile. They write in short
// transactions of their own, and must be their operation's only field.
var outsideTx = map[string]bool{"sendTestWebhook": true}

// InterceptOperation opens the transaction when the mutation's one
// response is asked for; any later ask gets nil, the end of the operation.
func (t Transactioner) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	if !isMutation(oc.Operation) {
		return next(ctx)
	}
	fields := graphql.CollectFields(oc, oc.Operation.SelectionSet, []string{"Mutation"})
	for _, f := range fields {
		if !outsideTx[f.Name] {
			continue
		}
		if len(fields) > 1 {
			return once(&graphql.Response{Errors: gqlerror.List{NewError(reftrack.Invalid,
				fmt.Sprintf("%s waits on the network and must be the only field of its mutation", f.Name))}})
		}
		return t.outside(ctx, next)
	}
	responses := next(ctx)
	answered := false
	return func(ctx context.Context) *graphql.Response {
		if answered {
			return nil
		}
		answered = true
		txCtx, tx, err := t.TxOpener.OpenTx(ctx)
		if err != nil {
			return graphql.ErrorResponse(ctx, "cannot open a transaction: %s", err)
		}
		committed := false
		defer func() {
			if !committed {
				_ = tx.Rollback()
			}
		}()
		resp := responses(txCtx)
		if resp == nil || len(resp.Errors) > 0 {
			if resp != nil {
				resp.Data = nil // nothing of it was kept
			}
			return resp
		}
		if hook, ok := ctx.Value(beforeCommitKey{}).(BeforeCommit); ok {
			if failed := runHook(txCtx, hook, resp); failed != nil {
				return failed
			}
		}
		if err := tx.Commit(); err != nil {
			return graphql.ErrorResponse(ctx, "cannot commit the transaction: %s", err)
		}
		committed = true
		return resp
	}
}

// outside runs a mutation of outsideTx without a transaction; its
// BeforeCommit hook (an idempotency key's response) is kept in a short
// one once it has answered.
func (t Transactioner) outside(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	responses := next(ctx)
	answered := false
	return func(ctx context.Context) *graphql.Response {
		if answered {
			return nil
		}
		answered = true
		resp := responses(ctx)
		hook, ok := ctx.Value(beforeCommitKey{}).(BeforeCommit)
		if !ok || resp == nil || len(resp.Errors) > 0 {
			return resp
		}
		txCtx, tx, err := t.TxOpener.OpenTx(ctx)
		if err != nil {
			return graphql.ErrorResponse(ctx, "cannot open a transaction: %s", err)
		}
		if failed := runHook(txCtx, hook, resp); failed != nil {
			_ = tx.Rollback()
			return failed
		}
		if err := tx.Commit(); err != nil {
			return graphql.ErrorResponse(ctx, "cannot commit the transaction: %s", err)
		}
		return resp
	}
}

// runHook calls hook in the transaction of txCtx; when it fails, the
// answer is its error, an internal one told as such only.
func runHook(txCtx context.Context, hook BeforeCommit, resp *graphql.Response) *graphql.Response {
	err := hook(txCtx, resp)
	if err == nil {
		return nil
	}
	kind, msg := reftrack.KindOf(err), "internal error"
	if kind != reftrack.Internal {
		msg = err.Error()
	}
	return &graphql.Response{Errors: gqlerror.List{NewError(kind, msg)}}
}

// once answers resp, then ends the operation.
func once(resp *graphql.Response) graphql.ResponseHandler {
	answered := false
	return func(context.Context) *graphql.Response {
		if answered {
			return nil
		}
		answered = true
		return resp
	}
}

// BeforeCommit is called with a mutation's response in its transaction
// (ent.FromContext(ctx) is the transaction's client), just before it
// commits; an error rolls the mutation back and is its answer.
type BeforeCommit func(ctx context.Context, resp *graphql.Response) error

type beforeCommitKey struct{}

// WithBeforeCommit returns ctx whose mutation calls hook before it commits.
func WithBeforeCommit(ctx context.Context, hook BeforeCommit) context.Context {
	return context.WithValue(ctx, beforeCommitKey{}, hook)
}

// Deadline bounds the time of every query and mutation, on every transport
// (a websocket's or an event stream's has no request timeout around it).
// Subscriptions run until they end.
type Deadline struct{ Timeout time.Duration }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = Deadline{}

// ExtensionName names the extension.
func (Deadline) ExtensionName() string { return "Deadline" }

// Validate checks the configuration.
func (Deadline) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation gives the operation its deadline, counted from now.
// An operation that reaches it answers LIMIT_EXCEEDED (the executor gives
// no response at all to a context already done).
func (d Deadline) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	op := graphql.GetOperationContext(ctx).Operation
	if op == nil || op.Operation == ast.Subscription {
		return next(ctx)
	}
	deadline := time.Now().Add(d.Timeout)
	responses := next(ctx)
	answered := false
	return func(ctx context.Context) *graphql.Response {
		ctx, cancel := context.WithDeadline(ctx, deadline)
		defer cancel()
		resp := responses(ctx)
		if resp == nil && !answered && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			resp = &graphql.Response{Errors: gqlerror.List{limitError("the operation took longer than the request timeout (--request-timeout)")}}
		}
		answered = answered || resp != nil
		return resp
	}
}

// ResponseLimit bounds what leaves, on every transport: data larger than
// Bytes is replaced by an error (complexity bounds the work; this, the
// response), and at most Errors errors are listed, then one that says how
// many more there were.
type ResponseLimit struct{ Bytes, Errors int }

// Respond is a response middleware.
func (l ResponseLimit) Respond(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil {
		return nil
	}
	if len(resp.Data) > l.Bytes {
		resp.Data = nil
		resp.Errors = append(resp.Errors, limitError("the response is larger than %d bytes (--max-response-bytes): ask for fewer items or fields", l.Bytes))
	}
	if n := len(resp.Errors); n > l.Errors {
		resp.Errors = append(resp.Errors[:l.Errors:l.Errors], limitError("%d more errors were left out", n-l.Errors))
	}
	return resp
}
