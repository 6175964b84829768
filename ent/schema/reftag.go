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

// RefTag is a named campaign tag; its code is appended as ?ref=<code>.
type RefTag struct{ ent.Schema }

// Mixin of the RefTag.
func (RefTag) Mixin() []ent.Mixin { return []ent.Mixin{CreatedMixin{}, PartnerMixin{}} }

// Fields of the RefTag.
func (RefTag) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().Validate(names.Validator(names.RefTagMax)).
			Annotations(entgql.OrderField("NAME"), entsql.Annotation{Size: names.RefTagMax}),
		// name_key is names.Key of the name: names are unique per partner
		// ignoring case and width.
		field.String("name_key").NotEmpty().Annotations(entgql.Skip()),
		field.String("code").Unique().Immutable().NotEmpty(),
		field.Int("source_id").Unique().Immutable().Annotations(entgql.Skip()),
	}
}

// Edges of the RefTag.
func (RefTag) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("partner", Partner.Type).Ref("ref_tags").Field("partner_id").Unique().Required().Immutable().
			Annotations(entgql.Skip()),
		edge.To("source", Source.Type).Field("source_id").Unique().Required().Immutable().
			Annotations(entgql.Skip()),
		edge.To("customers", Customer.Type).Annotations(entgql.Skip()),
	}
}

// Indexes of the RefTag.
func (RefTag) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("partner_id", "name_key").Unique(),
		// The field's Unique makes no index of an edge's field: without this
		// one, finding a source's tag read every tag.
		index.Fields("source_id").Unique(),
	}
}

// Annotations of the RefTag.
func (RefTag) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField(),
	}
}
