package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// Source is one ref value (a referral URL's slug or a ref tag's code). Slugs
// and codes share this table's unique ref, so a ref names one source; clicks,
// visits and rollups are counted per source.
type Source struct{ ent.Schema }

// Mixin of the Source.
func (Source) Mixin() []ent.Mixin { return []ent.Mixin{CreatedMixin{}, PartnerMixin{}} }

// Fields of the Source.
func (Source) Fields() []ent.Field {
	return []ent.Field{
		field.String("ref").Unique().Immutable().NotEmpty(),
		field.Enum("kind").Values("referral_url", "ref_tag").Immutable(),
	}
}

// Edges of the Source.
func (Source) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("partner", Partner.Type).Ref("sources").Field("partner_id").Unique().Required().Immutable(),
	}
}

// Annotations of the Source.
func (Source) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip()}
}
