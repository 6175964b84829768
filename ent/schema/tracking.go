package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"
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

// Indexes of the Click: attribution looks up a visitor's last click;
// pruning deletes by age.
func (Click) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("visitor", "at"),
		index.Fields("at"),
	}
}

// Annotations of the Click.
func (Click) Annotations() []schema.Annotation { return []schema.Annotation{entgql.Skip()} }

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

// CountsMixin adds the counters of a rollup row: the counts of its day, and
// the running totals (cum_*) of its owner over every day up to and including
// it. The totals of a range are then the difference of two rows' running
// totals, whatever the number of days or clicks behind them.
type CountsMixin struct{ mixin.Schema }

// Fields of the CountsMixin.
func (CountsMixin) Fields() []ent.Field {
	return []ent.Field{
		field.String("day").Immutable(),
		field.Int("unique_clicks").Default(0),
		field.Int("returning_clicks").Default(0),
		field.Int("bot_clicks").Default(0),
		field.Int("conversions").Default(0),
		field.Int("cum_unique_clicks").Default(0),
		field.Int("cum_returning_clicks").Default(0),
		field.Int("cum_bot_clicks").Default(0),
		field.Int("cum_conversions").Default(0),
	}
}

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

// Setting is an instance-wide value kept in the database so that every
// instance shares it, such as the visitor hashing key.
type Setting struct{ ent.Schema }

// Mixin of the Setting.
func (Setting) Mixin() []ent.Mixin { return []ent.Mixin{SystemMixin{}} }

// Fields of the Setting.
func (Setting) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").Unique().Immutable(),
		field.Bytes("value").Sensitive(),
	}
}

// Annotations of the Setting.
func (Setting) Annotations() []schema.Annotation { return []schema.Annotation{entgql.Skip()} }
