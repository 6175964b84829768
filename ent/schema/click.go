package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Click is one raw click: the audit trail that rollups can be rebuilt from.
type Click struct{ ent.Schema }

// Mixin of the Click.
func (Click) Mixin() []ent.Mixin { return []ent.Mixin{PartnerMixin{}} }

// Fields of the Click. No IP address is stored, only the visitor key.
func (Click) Fields() []ent.Field {
	return []ent.Field{
		field.Int("source_id").Immutable(),
		field.String("visitor").Immutable(),
		field.Time("at").Immutable(),
		field.String("day").Immutable(),
		field.Enum("kind").Values("unique", "returning", "bot").Immutable(),
	}
}

// Indexes of the Click: pruning deletes by age. Attribution reads visits,
// not clicks: an index keyed by visitor here would cost every click a
// random page (decision 0106).
func (Click) Indexes() []ent.Index {
	return []ent.Index{index.Fields("at")}
}

// Annotations of the Click.
func (Click) Annotations() []schema.Annotation { return []schema.Annotation{entgql.Skip()} }
