package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Visit records that a visitor has clicked a source. Its unique key decides,
// in the database, whether a click is unique or returning; its last click
// is what attribution reads (decision 0106).
type Visit struct{ ent.Schema }

// Mixin of the Visit.
func (Visit) Mixin() []ent.Mixin { return []ent.Mixin{SystemMixin{}} }

// Fields of the Visit.
func (Visit) Fields() []ent.Field {
	return []ent.Field{
		field.Int("source_id").Immutable(),
		field.String("visitor").Immutable(),
		field.Time("first_at").Immutable(),
		// The visitor's last click on the source that was not a bot's. NULL
		// only until the upgrade that fills it in has run.
		field.Time("last_at").Optional().Nillable(),
	}
}

// Indexes of the Visit: visitor first, so that the key also finds a
// visitor's visits for attribution.
func (Visit) Indexes() []ent.Index {
	return []ent.Index{index.Fields("visitor", "source_id").Unique()}
}

// Annotations of the Visit.
func (Visit) Annotations() []schema.Annotation { return []schema.Annotation{entgql.Skip()} }
