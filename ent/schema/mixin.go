// Package schema is Reftrack's data model. Every tenant-owned type embeds
// PartnerMixin, whose policy (package rule) is what keeps partners apart.
package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"github.com/reftrack/reftrack/ent/privacy"
	"github.com/reftrack/reftrack/ent/schema/rule"
)

// now returns the current time in UTC: the database stores only UTC.
func now() time.Time { return time.Now().UTC() }

// CreatedMixin adds an immutable creation time.
type CreatedMixin struct{ mixin.Schema }

// Fields of the CreatedMixin.
func (CreatedMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").Default(now).Immutable().
			Annotations(entgql.OrderField("CREATED_AT"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// PartnerMixin adds the owning partner and the tenant policy.
type PartnerMixin struct {
	mixin.Schema
	// Service lets the company's backend read these rows of every partner,
	// and create and change them: the customers it reports and tags, and
	// their conversions. It sees no other partner-owned type.
	Service bool
}

// Fields of the PartnerMixin.
func (PartnerMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Int("partner_id").Immutable().
			Annotations(entgql.Skip()),
	}
}

// Policy of the PartnerMixin: admins see all, a partner reads and writes
// only its own rows, the service only the types that say so.
func (m PartnerMixin) Policy() ent.Policy {
	query := privacy.QueryPolicy{rule.DenyIfAnonymous(), rule.AllowIfAdmin()}
	mutation := privacy.MutationPolicy{rule.DenyIfAnonymous(), rule.AllowIfAdmin()}
	if m.Service {
		query = append(query, rule.AllowIfService())
		mutation = append(mutation, rule.AllowServiceWrite())
	}
	return privacy.Policy{
		Query:    append(query, rule.FilterPartner()),
		Mutation: append(mutation, rule.AllowOwnCreate(), rule.FilterPartner()),
	}
}

// SystemMixin is for internal tables that no viewer reads or writes
// directly; the domain packages reach them with a system decision context.
type SystemMixin struct{ mixin.Schema }

// Policy of the SystemMixin: admins only (and the system context).
func (SystemMixin) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowIfAdmin(), rule.DenyQuery()},
		Mutation: privacy.MutationPolicy{rule.AllowIfAdmin(), rule.DenyMutation()},
	}
}
