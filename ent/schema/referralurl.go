package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// ReferralURL is a partner's one public link, {public URL}/r/{slug}.
type ReferralURL struct{ ent.Schema }

// Mixin of the ReferralURL.
func (ReferralURL) Mixin() []ent.Mixin { return []ent.Mixin{CreatedMixin{}, PartnerMixin{}} }

// Fields of the ReferralURL. The slug never changes; the redirect does.
func (ReferralURL) Fields() []ent.Field {
	return []ent.Field{
		field.String("slug").Unique().Immutable().NotEmpty(),
		field.String("redirect_url").NotEmpty(),
		field.Int("source_id").Unique().Immutable().Annotations(entgql.Skip()),
	}
}

// Edges of the ReferralURL.
func (ReferralURL) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("partner", Partner.Type).Ref("referral_url").Field("partner_id").Unique().Required().Immutable().
			Annotations(entgql.Skip()),
		edge.To("source", Source.Type).Field("source_id").Unique().Required().Immutable().
			Annotations(entgql.Skip()),
		edge.To("customers", Customer.Type).Annotations(entgql.Skip()),
	}
}

// Indexes of the ReferralURL: one per partner.
func (ReferralURL) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("partner_id").Unique(),
		// See RefTag's: the directory finds a source's URL by it.
		index.Fields("source_id").Unique(),
	}
}

// Annotations of the ReferralURL.
func (ReferralURL) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entsql.Annotation{Table: "referral_urls"},
		entgql.Type("ReferralURL"),
	}
}
