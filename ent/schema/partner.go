package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/reftrack/reftrack/ent/privacy"
	"github.com/reftrack/reftrack/ent/schema/rule"
	"github.com/reftrack/reftrack/internal/names"
)

// Partner is an agency, affiliate or reseller that sends customers.
type Partner struct{ ent.Schema }

// Mixin of the Partner.
func (Partner) Mixin() []ent.Mixin { return []ent.Mixin{CreatedMixin{}} }

// Fields of the Partner.
func (Partner) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().Validate(names.Validator(names.PartnerMax)).
			Annotations(entgql.OrderField("NAME"), entsql.Annotation{Size: names.PartnerMax}),
		field.String("email").NotEmpty().MaxLen(254).Unique(),
		field.String("timezone").Default("UTC").Immutable(),
		// disabled_at is set while an admin has disabled the partner: its
		// tokens and sessions are refused, its links redirect without
		// counting, and no signup is attributed to it.
		field.Time("disabled_at").Optional().Nillable(),
		// An argon2id hash in PHC form (internal/password); empty until
		// the partner uses its invitation.
		field.String("password_hash").Default("").Sensitive().Annotations(entgql.Skip()),
	}
}

// Edges of the Partner.
func (Partner) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("referral_url", ReferralURL.Type).Unique(),
		edge.To("ref_tags", RefTag.Type).Annotations(entgql.Skip()),
		edge.To("sources", Source.Type).Annotations(entgql.Skip()),
		edge.To("customers", Customer.Type).Annotations(entgql.Skip()),
		edge.To("customer_tags", CustomerTag.Type).Annotations(entgql.Skip()),
		edge.To("conversions", Conversion.Type).Annotations(entgql.Skip()),
		// Deleting a partner must never turn its endpoints into program-wide
		// ones (a NULL partner): no action, so such a delete fails.
		edge.To("webhook_endpoints", WebhookEndpoint.Type).
			Annotations(entgql.Skip(), entsql.OnDelete(entsql.NoAction)),
	}
}

// Annotations of the Partner.
func (Partner) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
	}
}

// Policy of the Partner: a partner sees only itself, the service none;
// only admins create.
func (Partner) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			rule.DenyIfAnonymous(),
			rule.AllowIfAdmin(),
			rule.FilterSelf(),
		},
		Mutation: privacy.MutationPolicy{
			rule.DenyIfAnonymous(),
			rule.AllowIfAdmin(),
			rule.DenyMutation(),
		},
	}
}
