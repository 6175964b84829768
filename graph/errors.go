package graph

import (
	"context"
	"errors"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/privacy"
)

// Error codes in extensions.code, one per kind of domain error.
const (
	CodeBadUserInput    = "BAD_USER_INPUT"
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
	CodeNotFound        = "NOT_FOUND"
	CodeConflict        = "CONFLICT"
	CodeNotAttributed   = "NOT_ATTRIBUTED"
	CodeInternal        = "INTERNAL_SERVER_ERROR"
)

var codes = map[reftrack.Kind]string{
	reftrack.Invalid:         CodeBadUserInput,
	reftrack.Unauthenticated: CodeUnauthenticated,
	reftrack.Forbidden:       CodeForbidden,
	reftrack.NotFound:        CodeNotFound,
	reftrack.Conflict:        CodeConflict,
	reftrack.NotAttributed:   CodeNotAttributed,
	reftrack.Internal:        CodeInternal,
}

// classify turns any error a resolver returns into a domain error: ours as
// they are, ent's by what they mean, everything else internal.
func classify(err error) *reftrack.Error {
	var e *reftrack.Error
	var validation *ent.ValidationError
	switch {
	case errors.As(err, &e):
		return e
	case ent.IsNotFound(err):
		return reftrack.Errorf(reftrack.NotFound, "not found")
	case ent.IsConstraintError(err):
		return reftrack.Errorf(reftrack.Conflict, "this conflicts with existing data")
	case errors.As(err, &validation):
		return reftrack.Errorf(reftrack.Invalid, "invalid %s", validation.Name)
	case errors.Is(err, privacy.Deny):
		return reftrack.Errorf(reftrack.Forbidden, "not allowed")
	case errors.Is(err, context.DeadlineExceeded):
		return reftrack.Errorf(reftrack.Internal, "the request took too long")
	}
	return nil
}

// ErrorPresenter maps every error to a GraphQL error with a code, and hides
// the detail of internal ones (which it logs).
func ErrorPresenter(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		if _, ok := gerr.Extensions["code"]; ok && gerr.Unwrap() == nil {
			return gerr // gqlgen's own parse and validation errors carry codes
		}
		e := classify(err)
		if e == nil {
			if gerr.Unwrap() == nil && gerr.Path == nil {
				return gerr // a request-level error from gqlgen itself
			}
			logger.ErrorContext(ctx, "resolver failed", "path", gerr.Path.String(), "err", err)
			e = reftrack.Errorf(reftrack.Internal, "internal error")
		} else if e.Kind == reftrack.Internal {
			logger.ErrorContext(ctx, "resolver failed", "path", gerr.Path.String(), "err", err)
		}
		gerr.Message = e.Message
		if gerr.Extensions == nil {
			gerr.Extensions = map[string]any{}
		}
		gerr.Extensions["code"] = codes[e.Kind]
		return gerr
	}
}

// Recover turns a panic into an internal error, logged with its value.
func Recover(logger *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "resolver panicked", "panic", p)
		return reftrack.Errorf(reftrack.Internal, "internal error")
	}
}

// hidden reports the errors of node lookups that must read as an id that
// names nothing: not found, entgql's "no such node", or a type the viewer
// may not read at all.
func hidden(err error) bool {
	var gerr *gqlerror.Error
	return ent.IsNotFound(err) || errors.Is(err, privacy.Deny) ||
		errors.As(err, &gerr) && gerr.Extensions["code"] == "NOT_FOUND"
}
