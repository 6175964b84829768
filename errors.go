package reftrack

import (
	"errors"
	"fmt"
)

// Kind classifies an error by what the caller can do about it.
type Kind string

// The kinds of error. The transport maps each to one code, in one place.
const (
	Invalid         Kind = "invalid"
	NotFound        Kind = "not_found"
	Conflict        Kind = "conflict"
	Forbidden       Kind = "forbidden"
	Unauthenticated Kind = "unauthenticated"
	// NotAttributed is a well-formed signup that came through no partner:
	// nothing is wrong with the request, and nothing is recorded.
	NotAttributed Kind = "not_attributed"
	// Limit: well formed, but over a configured bound (size, cost, depth,
	// time, count); a smaller request may succeed.
	Limit Kind = "limit"
	// Expired: a cursor of the event log whose events were pruned (older
	// than the retention); nothing can resume from it.
	Expired Kind = "expired"
	// KeyReused is an Idempotency-Key sent again with another request.
	KeyReused Kind = "key_reused"
	// InProgress is a retry of a request that is still running: the same
	// retry later gets its answer.
	InProgress Kind = "in_progress"
	Internal   Kind = "internal"
)

// Error is a domain error with a message meant for the caller.
type Error struct {
	Kind    Kind
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error of the given kind.
func Errorf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of err: the kind of the first *Error in its chain,
// or Internal when there is none.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}
