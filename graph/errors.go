package graph

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/privacy"
)

// The codes in extensions.code: every error on every transport (HTTP,
// websocket, server-sent events, the tracking endpoints' JSON bodies)
// carries one of these. Domain errors map from their kind; the rest are
// gqlgen's names for a document that does not parse or validate, and for
// an automatic persisted query the server does not hold.
const (
	CodeBadUserInput     = "BAD_USER_INPUT"
	CodeParseFailed      = errcode.ParseFailed      // GRAPHQL_PARSE_FAILED
	CodeValidationFailed = errcode.ValidationFailed // GRAPHQL_VALIDATION_FAILED
	CodePersistedQuery   = "PERSISTED_QUERY_NOT_FOUND"
	CodeUnauthenticated  = "UNAUTHENTICATED"
	CodeForbidden        = "FORBIDDEN"
	CodeNotFound         = "NOT_FOUND"
	CodeConflict         = "CONFLICT"
	CodeNotAttributed    = "NOT_ATTRIBUTED"
	CodeLimitExceeded    = "LIMIT_EXCEEDED"
	CodeCursorExpired    = "CURSOR_EXPIRED"
	CodeKeyReused        = "IDEMPOTENCY_KEY_REUSED"
	CodeInProgress       = "REQUEST_IN_PROGRESS"
	CodeInternal         = "INTERNAL_SERVER_ERROR"
)

var codes = map[reftrack.Kind]string{
	reftrack.Invalid:         CodeBadUserInput,
	reftrack.Unauthenticated: CodeUnauthenticated,
	reftrack.Forbidden:       CodeForbidden,
	reftrack.NotFound:        CodeNotFound,
	reftrack.Conflict:        CodeConflict,
	reftrack.NotAttributed:   CodeNotAttributed,
	reftrack.Limit:           CodeLimitExceeded,
	reftrack.Expired:         CodeCursorExpired,
	reftrack.KeyReused:       CodeKeyReused,
	reftrack.InProgress:      CodeInProgress,
	reftrack.Internal:        CodeInternal,
}

// Code is the code of a domain error's kind.
func Code(k reftrack.Kind) string {
	if c, ok := codes[k]; ok {
		return c
	}
	return CodeInternal
}

// Status is the HTTP status of a request that failed with code before
// anything ran (no data): the status a tracking endpoint or the GraphQL
// endpoint answers with.
func Status(code string) int {
	switch code {
	case CodeUnauthenticated:
		return http.StatusUnauthorized
	case CodeForbidden:
		return http.StatusForbidden
	case CodeNotFound:
		return http.StatusNotFound
	case CodeConflict, CodeInProgress:
		return http.StatusConflict
	case CodeCursorExpired:
		return http.StatusGone
	case CodeKeyReused:
		return http.StatusUnprocessableEntity
	case CodeInternal:
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

// NewError is a GraphQL error of kind with message, for the transports'
// own errors (a malformed request, one over a limit).
func NewError(kind reftrack.Kind, message string) *gqlerror.Error {
	return &gqlerror.Error{Message: message, Extensions: map[string]any{"code": Code(kind)}}
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
		return reftrack.Errorf(reftrack.Limit, "the operation took longer than the request timeout (--request-timeout)")
	case errors.Is(err, context.Canceled):
		return reftrack.Errorf(reftrack.Limit, "the request was cancelled")
	}
	return nil
}

// ErrorPresenter maps every error to a GraphQL error with a code, and hides
// the detail of internal ones (which it logs).
func ErrorPresenter(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		if _, ok := gerr.Extensions["code"]; ok && gerr.Unwrap() == nil {
			return gerr // parse and validation errors, and the transports' own
		}
		e := classify(err)
		if e == nil {
			if gerr.Unwrap() == nil && gerr.Path == nil {
				// gqlgen's own request errors (an unknown operation name, a
				// variable of the wrong type): the client's to fix.
				e = reftrack.Errorf(reftrack.Invalid, "%s", gerr.Message)
			} else {
				logger.ErrorContext(ctx, "resolver failed", "path", gerr.Path.String(), "err", err)
				e = reftrack.Errorf(reftrack.Internal, "internal error")
			}
		} else if e.Kind == reftrack.Internal {
			logger.ErrorContext(ctx, "resolver failed", "path", gerr.Path.String(), "err", err)
		}
		gerr.Message = e.Message
		if gerr.Extensions == nil {
			gerr.Extensions = map[string]any{}
		}
		gerr.Extensions["code"] = Code(e.Kind)
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
