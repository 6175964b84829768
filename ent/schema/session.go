package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/reftrack/reftrack/ent/privacy"
	"github.com/reftrack/reftrack/ent/schema/rule"
)

// Session is a signed-in browser: a partner's (partner_id set) or an
// admin's. Only the SHA-256 hash of its cookie value is stored.
type Session struct{ ent.Schema }

// Fields of the Session.
func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.Bytes("hash").Unique().Immutable().Sensitive(),
		field.Int("partner_id").Optional().Nillable().Immutable(),
		field.Time("created_at").Default(now).Immutable(),
		// Moved forward at most once an hour (internal/sessions), so that
		// a request does not write.
		field.Time("last_seen_at").Default(now),
		field.String("user_agent").Default("").MaxLen(200),
		field.Time("revoked_at").Optional().Nillable(),
	}
}

// Indexes of the Session.
func (Session) Indexes() []ent.Index {
	return []ent.Index{index.Fields("partner_id", "revoked_at")}
}

// Annotations of the Session: schema.graphqls declares its GraphQL type.
func (Session) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip()}
}

// Policy of the Session: a partner reads and revokes its own sessions
// only; sessions are created by sign-in (the system context) and never
// deleted through the API.
func (Session) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			rule.DenyIfAnonymous(),
			rule.AllowIfAdmin(),
			rule.FilterPartner(),
		},
		Mutation: privacy.MutationPolicy{
			rule.DenyIfAnonymous(),
			rule.AllowIfAdmin(),
			privacy.OnMutationOperation(rule.DenyMutation(), ent.OpCreate|ent.OpDelete|ent.OpDeleteOne),
			rule.FilterPartner(),
		},
	}
}
