package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// DailyStat is the rollup that source stats read: per source and local day.
type DailyStat struct{ ent.Schema }

// Mixin of the DailyStat.
func (DailyStat) Mixin() []ent.Mixin { return []ent.Mixin{PartnerMixin{}, CountsMixin{}} }

// Fields of the DailyStat.
func (DailyStat) Fields() []ent.Field {
	return []ent.Field{
		field.Int("source_id").Immutable(),
	}
}

// Indexes of the DailyStat. There is no index on (partner_id, day): a
// partner's stats read PartnerDay, and with one the planners of both
// databases prefer it to the seeks on (source_id, day) when the tenant
// filter adds partner_id to a query.
func (DailyStat) Indexes() []ent.Index {
	return []ent.Index{index.Fields("source_id", "day").Unique()}
}

// Annotations of the DailyStat.
func (DailyStat) Annotations() []schema.Annotation { return []schema.Annotation{entgql.Skip()} }
