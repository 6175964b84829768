package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/reftrack/reftrack/internal/names"
)

// Customer is someone who signed up through a partner's source.
type Customer struct{ ent.Schema }

// Mixin of the Customer. The company's backend reports and tags customers.
func (Customer) Mixin() []ent.Mixin {
	return []ent.Mixin{PartnerMixin{Service: true}}
}

// Fields of the Customer. Email and external id identify a signup across
// retries, so each is unique.
func (Customer) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").Unique().Immutable().NotEmpty().MaxLen(254).
			Annotations(entgql.OrderField("EMAIL")),
		// Lengths count characters (names.Validator), as the code does.
		field.String("name").Optional().Nillable().
			Validate(names.Validator(names.CustomerMax)).Annotations(entsql.Annotation{Size: names.CustomerMax}),
		field.String("external_id").Optional().Nillable().Unique().Immutable().MaxLen(200),
		field.Bool("email_verified").Default(false),
		field.Time("signed_up_at").Default(now).Immutable().
			Annotations(entgql.OrderField("SIGNED_UP_AT")),
		field.Int("ref_tag_id").Optional().Nillable().Immutable().Annotations(entgql.Skip()),
		field.Int("referral_url_id").Optional().Nillable().Immutable().Annotations(entgql.Skip()),
	}
}

// Edges of the Customer.
func (Customer) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("partner", Partner.Type).Ref("customers").Field("partner_id").Unique().Required().Immutable().
			Annotations(entgql.Skip()),
		edge.From("ref_tag", RefTag.Type).Ref("customers").Field("ref_tag_id").Unique().Immutable(),
		edge.From("referral_url", ReferralURL.Type).Ref("customers").Field("referral_url_id").Unique().Immutable(),
		edge.To("tags", CustomerTag.Type).Annotations(entgql.Skip()),
		edge.To("conversion", Conversion.Type).Unique().Annotations(entgql.Skip()),
	}
}

// Indexes of the Customer.
func (Customer) Indexes() []ent.Index {
	return []ent.Index{index.Fields("partner_id", "signed_up_at")}
}

// Annotations of the Customer.
func (Customer) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
	}
}
