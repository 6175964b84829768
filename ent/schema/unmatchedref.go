package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// UnmatchedRef counts the clicks on one ref value that names no source, so
// that a mistyped code can be found without reading every unmatched click.
// The click writer adds to it in each batch; past a cap on distinct values
// (clicks.MaxUnmatchedRefs) new values are counted together in the row
// whose ref is "".
type UnmatchedRef struct{ ent.Schema }

// Mixin of the UnmatchedRef.
func (UnmatchedRef) Mixin() []ent.Mixin { return []ent.Mixin{SystemMixin{}} }

// Fields of the UnmatchedRef.
func (UnmatchedRef) Fields() []ent.Field {
	return []ent.Field{
		field.String("ref").Unique().Immutable(),
		field.Int("clicks").Default(0).Annotations(entgql.OrderField("CLICKS")),
		field.Time("first_seen_at").Immutable(),
		field.Time("last_seen_at").Annotations(entgql.OrderField("LAST_SEEN_AT")),
	}
}

// Indexes of the UnmatchedRef: pages most clicked first; pruning by age.
func (UnmatchedRef) Indexes() []ent.Index {
	return []ent.Index{index.Fields("clicks"), index.Fields("last_seen_at")}
}

// Annotations of the UnmatchedRef.
func (UnmatchedRef) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput),
	}
}
