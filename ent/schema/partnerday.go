package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/index"
)

// PartnerDay is the rollup that a partner's overall stats read: the sum of
// its sources' DailyStat rows of one local day, kept so that they read one
// row a day however many sources the partner has.
type PartnerDay struct{ ent.Schema }

// Mixin of the PartnerDay.
func (PartnerDay) Mixin() []ent.Mixin { return []ent.Mixin{PartnerMixin{}, CountsMixin{}} }

// Indexes of the PartnerDay.
func (PartnerDay) Indexes() []ent.Index {
	return []ent.Index{index.Fields("partner_id", "day").Unique()}
}

// Annotations of the PartnerDay.
func (PartnerDay) Annotations() []schema.Annotation { return []schema.Annotation{entgql.Skip()} }
