package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// Invitation is a one-time link that lets a partner set its password: the
// first one comes with the partner, later ones are password resets that
// the admin issues. Only the SHA-256 hash of its token is stored.
type Invitation struct{ ent.Schema }

// Mixin of the Invitation.
func (Invitation) Mixin() []ent.Mixin { return []ent.Mixin{CreatedMixin{}, SystemMixin{}} }

// Fields of the Invitation.
func (Invitation) Fields() []ent.Field {
	return []ent.Field{
		field.Bytes("hash").Unique().Immutable().Sensitive(),
		field.Int("partner_id").Immutable(),
		field.Time("expires_at").Immutable(),
		// Set when the link is used, or when a newer link replaces it.
		field.Time("used_at").Optional().Nillable(),
	}
}

// Annotations of the Invitation.
func (Invitation) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip()}
}
