package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// UnmatchedClick is a click on a ref value that names no source, kept so a
// mistyped code can be found; it is never attributed.
type UnmatchedClick struct{ ent.Schema }

// Mixin of the UnmatchedClick.
func (UnmatchedClick) Mixin() []ent.Mixin { return []ent.Mixin{SystemMixin{}} }

// Fields of the UnmatchedClick.
func (UnmatchedClick) Fields() []ent.Field {
	return []ent.Field{
		field.String("ref").Immutable(),
		field.String("visitor").Immutable(),
		field.Time("at").Immutable(),
	}
}

// Indexes of the UnmatchedClick.
func (UnmatchedClick) Indexes() []ent.Index {
	return []ent.Index{index.Fields("ref"), index.Fields("at")}
}

// Annotations of the UnmatchedClick.
func (UnmatchedClick) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip()}
}
