package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/reftrack/reftrack/ent/privacy"
	"github.com/reftrack/reftrack/ent/schema/rule"
)

// ServiceEventTypes are the event types the company's backend reads: those
// about the customers and conversions it reads already. internal/eventlog
// defines the types; its test holds this list to them.
var ServiceEventTypes = []string{"conversion.created", "customer.tags_changed"}

// Event is one entry of the durable event log (internal/eventlog): appended
// in the transaction of the change it tells, never changed, pruned after
// the retention.
type Event struct{ ent.Schema }

// Fields of the Event.
func (Event) Fields() []ent.Field {
	return []ent.Field{
		field.Int("partner_id").Immutable().Annotations(entgql.Skip()),
		// seq orders the log: assigned in commit order, without holes
		// (docs/decisions/0090-event-log-sequence.md). It is the cursor.
		field.Int64("seq").Unique().Immutable().
			Annotations(entgql.OrderField("SEQUENCE"), entgql.Skip(entgql.SkipType)),
		// public_id is the id integrations see: evt_ and 22 random characters.
		field.String("public_id").Unique().Immutable().Annotations(entgql.Skip()),
		field.String("type").Immutable().Annotations(entgql.Skip()),
		field.Time("occurred_at").Immutable(),
		// payload is JSON with database ids; eventlog.Render shows it with
		// public ids, as the API shows the same objects.
		field.Text("payload").Immutable().Annotations(entgql.Skip()),
		field.Int("conversion_id").Optional().Nillable().Unique().Immutable().Annotations(entgql.Skip()),
	}
}

// Edges of the Event.
func (Event) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("conversion", Conversion.Type).Ref("event").Field("conversion_id").Unique().Immutable().
			Annotations(entgql.Skip()),
	}
}

// Indexes of the Event.
func (Event) Indexes() []ent.Index {
	return []ent.Index{index.Fields("partner_id", "seq")}
}

// Policy of the Event: admins read every event, a partner its own, the
// service the types it reads otherwise. Nobody writes: eventlog appends
// and prunes as Reftrack's own work.
func (Event) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			rule.DenyIfAnonymous(), rule.AllowIfAdmin(),
			rule.FilterServiceToTypes(ServiceEventTypes...), rule.FilterPartner(),
		},
		Mutation: privacy.MutationPolicy{rule.DenyMutation()},
	}
}

// Annotations of the Event.
func (Event) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.Skip(entgql.SkipWhereInput)}
}

// EventSequence is the log's one counter row: appending an event
// increments it, and its row lock, held to the commit, is what orders the
// log by commit (docs/decisions/0090-event-log-sequence.md).
type EventSequence struct{ ent.Schema }

// Mixin of the EventSequence.
func (EventSequence) Mixin() []ent.Mixin { return []ent.Mixin{SystemMixin{}} }

// Fields of the EventSequence.
func (EventSequence) Fields() []ent.Field {
	return []ent.Field{field.Int64("last_seq")}
}

// Annotations of the EventSequence.
func (EventSequence) Annotations() []schema.Annotation { return []schema.Annotation{entgql.Skip()} }
