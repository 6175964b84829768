// Package viewer carries the caller of a request through its context.
// Privacy rules in ent/schema read it, so it must stay free of ent imports.
package viewer

import "context"

// Role is what a token may do.
type Role string

// Roles, from most to least powerful.
const (
	Admin   Role = "ADMIN"
	Service Role = "SERVICE"
	Partner Role = "PARTNER"
)

// Viewer is the authenticated caller.
type Viewer struct {
	Role      Role
	PartnerID int // set for Partner only
	TokenID   int // the token used, 0 for the bootstrap admin token
	SessionID int // the browser session used, 0 for a token
}

// IsAdmin reports whether the viewer may see everything.
func (v *Viewer) IsAdmin() bool { return v != nil && v.Role == Admin }

// IsService reports whether the viewer is the company's backend.
func (v *Viewer) IsService() bool { return v != nil && v.Role == Service }

// Partner returns the partner the viewer acts for, if any.
func (v *Viewer) Partner() (int, bool) {
	if v == nil || v.Role != Partner || v.PartnerID == 0 {
		return 0, false
	}
	return v.PartnerID, true
}

type ctxKey struct{}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, ctxKey{}, v)
}

// FromContext returns the viewer in ctx, or nil for an anonymous caller.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(ctxKey{}).(*Viewer)
	return v
}
