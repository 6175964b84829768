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

// webhookPolicy is the policy of the webhook tables: an admin reads and
// writes every row (its own program-wide endpoints have no partner), a
// partner only its own, the service nothing.
func webhookPolicy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.DenyIfAnonymous(), rule.AllowIfAdmin(), rule.FilterPartner()},
		Mutation: privacy.MutationPolicy{rule.DenyIfAnonymous(), rule.AllowIfAdmin(), rule.AllowOwnCreate(), rule.FilterPartner()},
	}
}

// WebhookEndpoint is a URL that events are delivered to (internal/delivery):
// the admin's get every partner's events (partner_id NULL), a partner's
// only its own.
type WebhookEndpoint struct{ ent.Schema }

// Mixin of the WebhookEndpoint.
func (WebhookEndpoint) Mixin() []ent.Mixin { return []ent.Mixin{CreatedMixin{}} }

// Fields of the WebhookEndpoint.
func (WebhookEndpoint) Fields() []ent.Field {
	return []ent.Field{
		field.Int("partner_id").Optional().Nillable().Immutable().Annotations(entgql.Skip()),
		field.String("url").NotEmpty().MaxLen(2048).Annotations(entgql.OrderField("URL")),
		field.String("description").Default("").MaxLen(500),
		// event_types are the types delivered; empty is every type.
		field.Strings("event_types").Optional().Annotations(entgql.Skip()),
		// secret signs deliveries; previous_secret signs beside it until
		// previous_secret_until, after a rotation. Shown once, never read
		// back over the API.
		field.String("secret").Sensitive().Annotations(entgql.Skip()),
		field.String("previous_secret").Optional().Nillable().Sensitive().Annotations(entgql.Skip()),
		field.Time("previous_secret_until").Optional().Nillable().Annotations(entgql.Skip()),
		// disabled_at is set while the endpoint gets nothing: disabled by
		// hand, by a 410, or after failing for days (disabled_reason says
		// which). Deliveries wait; enabling resumes them.
		field.Time("disabled_at").Optional().Nillable(),
		field.String("disabled_reason").Optional().Nillable(),
		// failing_since is the first failure after the last success.
		field.Time("failing_since").Optional().Nillable(),
		// cursor is the seq of the last event fanned out to this endpoint.
		field.Int64("cursor").Default(0).Annotations(entgql.Skip()),
	}
}

// Edges of the WebhookEndpoint.
func (WebhookEndpoint) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("attempts", WebhookAttempt.Type).Annotations(entgql.RelayConnection()),
		edge.To("deliveries", WebhookDelivery.Type).Annotations(entgql.Skip()),
		// An edge, not a resolver, so that a list loads its partners in one
		// query (entgql collects it).
		edge.From("partner", Partner.Type).Ref("webhook_endpoints").Field("partner_id").
			Unique().Immutable().
			Comment("The partner whose endpoint it is; null for the admin's program-wide endpoints."),
	}
}

// Indexes of the WebhookEndpoint.
func (WebhookEndpoint) Indexes() []ent.Index { return []ent.Index{index.Fields("partner_id")} }

// Policy of the WebhookEndpoint.
func (WebhookEndpoint) Policy() ent.Policy { return webhookPolicy() }

// Annotations of the WebhookEndpoint.
func (WebhookEndpoint) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.QueryField(), entgql.Skip(entgql.SkipWhereInput)}
}

// WebhookDelivery is one event owed to one endpoint, until it is delivered
// or has failed every attempt. A worker claims it by moving
// next_attempt_at past the attempt's end (a lease), so an instance that
// dies mid-attempt leaves it to be claimed again.
type WebhookDelivery struct{ ent.Schema }

// Mixin of the WebhookDelivery.
func (WebhookDelivery) Mixin() []ent.Mixin { return []ent.Mixin{CreatedMixin{}} }

// Fields of the WebhookDelivery.
func (WebhookDelivery) Fields() []ent.Field {
	return []ent.Field{
		field.Int("partner_id").Optional().Nillable().Immutable(),
		field.Int("endpoint_id").Immutable(),
		field.Int("event_id").Immutable(),
		field.Enum("status").Values("pending", "delivered", "failed").Default("pending"),
		field.Int("attempts").Default(0),
		field.Time("next_attempt_at"),
	}
}

// Edges of the WebhookDelivery.
func (WebhookDelivery) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("endpoint", WebhookEndpoint.Type).Ref("deliveries").Field("endpoint_id").Unique().Required().Immutable(),
	}
}

// Indexes of the WebhookDelivery.
func (WebhookDelivery) Indexes() []ent.Index {
	// The worker claims each endpoint's due deliveries, oldest first; every
	// other read names the endpoint too. One index: each lease and outcome
	// rewrites next_attempt_at or status in it.
	return []ent.Index{index.Fields("endpoint_id", "status", "next_attempt_at")}
}

// Policy of the WebhookDelivery.
func (WebhookDelivery) Policy() ent.Policy { return webhookPolicy() }

// Annotations of the WebhookDelivery.
func (WebhookDelivery) Annotations() []schema.Annotation { return []schema.Annotation{entgql.Skip()} }

// WebhookAttempt is one try at a delivery, or a test send: the delivery log.
type WebhookAttempt struct{ ent.Schema }

// Mixin of the WebhookAttempt.
func (WebhookAttempt) Mixin() []ent.Mixin { return []ent.Mixin{CreatedMixin{}} }

// Fields of the WebhookAttempt.
func (WebhookAttempt) Fields() []ent.Field {
	return []ent.Field{
		field.Int("partner_id").Optional().Nillable().Immutable().Annotations(entgql.Skip()),
		field.Int("endpoint_id").Immutable().Annotations(entgql.Skip()),
		// event_id is the event's public id (evt_…), or the test's.
		field.String("event_id").Immutable(),
		field.String("event_type").Immutable(),
		// status_code is the HTTP status, 0 when no response came.
		field.Int("status_code").Immutable(),
		field.Bool("ok").Immutable(),
		field.Int("latency_ms").Immutable(),
		// response holds the first bytes of the response, or the error.
		field.Text("response").Immutable(),
	}
}

// Edges of the WebhookAttempt.
func (WebhookAttempt) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("endpoint", WebhookEndpoint.Type).Ref("attempts").Field("endpoint_id").Unique().Required().Immutable(),
	}
}

// Indexes of the WebhookAttempt.
func (WebhookAttempt) Indexes() []ent.Index {
	return []ent.Index{index.Fields("endpoint_id", "created_at"), index.Fields("event_id")}
}

// Policy of the WebhookAttempt.
func (WebhookAttempt) Policy() ent.Policy { return webhookPolicy() }

// Annotations of the WebhookAttempt.
func (WebhookAttempt) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.Skip(entgql.SkipWhereInput)}
}
