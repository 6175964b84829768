package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"

	"github.com/reftrack/reftrack/internal/names"
)

// Token is an API token. Only its SHA-256 hash is stored.
type Token struct{ ent.Schema }

// Mixin of the Token.
func (Token) Mixin() []ent.Mixin { return []ent.Mixin{CreatedMixin{}, SystemMixin{}} }

// Fields of the Token.
func (Token) Fields() []ent.Field {
	return []ent.Field{
		field.Bytes("hash").Unique().Immutable().Sensitive(),
		field.Enum("role").Values("ADMIN", "SERVICE", "PARTNER").Immutable(),
		field.String("name").Default("").Validate(names.Validator(names.TokenMax)),
		field.Int("partner_id").Optional().Nillable().Immutable(),
		field.Time("revoked_at").Optional().Nillable(),
	}
}

// Annotations of the Token.
func (Token) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip()}
}
