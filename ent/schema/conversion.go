package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Conversion is a successful signup attributed to one source.
type Conversion struct{ ent.Schema }

// Mixin of the Conversion.
func (Conversion) Mixin() []ent.Mixin {
	return []ent.Mixin{PartnerMixin{Service: true}}
}

// Fields of the Conversion.
func (Conversion) Fields() []ent.Field {
	return []ent.Field{
		field.Int("customer_id").Unique().Immutable().Annotations(entgql.Skip()),
		field.Int("source_id").Immutable().Annotations(entgql.Skip()),
		field.Int("ref_tag_id").Optional().Nillable().Immutable().Annotations(entgql.Skip()),
		field.Int("referral_url_id").Optional().Nillable().Immutable().Annotations(entgql.Skip()),
		field.Time("occurred_at").Default(now).Immutable().
			Annotations(entgql.OrderField("OCCURRED_AT")),
		// day is the calendar day of occurred_at in the partner's timezone,
		// the day the conversion counts on.
		field.String("day").Immutable().Annotations(entgql.Skip()),
	}
}

// Edges of the Conversion.
func (Conversion) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("partner", Partner.Type).Ref("conversions").Field("partner_id").Unique().Required().Immutable().
			Annotations(entgql.Skip()),
		edge.From("customer", Customer.Type).Ref("conversion").Field("customer_id").Unique().Required().Immutable(),
		edge.To("ref_tag", RefTag.Type).Field("ref_tag_id").Unique().Immutable(),
		edge.To("referral_url", ReferralURL.Type).Field("referral_url_id").Unique().Immutable(),
		edge.To("event", Event.Type).Unique().Annotations(entgql.Skip()),
	}
}

// Indexes of the Conversion.
func (Conversion) Indexes() []ent.Index {
	return []ent.Index{index.Fields("source_id", "day"), index.Fields("partner_id", "occurred_at")}
}

// Annotations of the Conversion.
func (Conversion) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection()}
}
