package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Visit records that a visitor has clicked a source. Its unique key decides,
// in the database, whether a click is unique or returning.
type Visit struct{ ent.Schema }

// Mixin of the Visit.
func (Visit) Mixin() []ent.Mixin { return []ent.Mixin{SystemMixin{}} }

// Fields of the Visit.
func (Visit) Fields() []ent.Field {
	return []ent.Field{
		field.Int("source_id").Immutable(),
		field.String("visitor").Immutable(),
		field.Time("first_at").Immutable(),
	}
}

// Indexes of the Visit.
func (Visit) Indexes() []ent.Index {
	return []ent.Index{index.Fields("source_id", "visitor").Unique()}
}

// Annotations of the Visit.
func (Visit) Annotations() []schema.Annotation { return []schema.Annotation{entgql.Skip()} }
