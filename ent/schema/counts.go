package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"
)

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
