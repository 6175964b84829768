package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// IdempotencyKey is a mutation sent over HTTP with an Idempotency-Key
// header (internal/idempotency): while it runs, a lease; once committed,
// its response, kept 24 hours for a retry to be answered with.
type IdempotencyKey struct{ ent.Schema }

// Mixin of the IdempotencyKey: Reftrack's own bookkeeping.
func (IdempotencyKey) Mixin() []ent.Mixin { return []ent.Mixin{SystemMixin{}} }

// Fields of the IdempotencyKey. Keys are stored as hashes with the
// credential: two callers' equal keys never meet, and a hash compares
// bytewise on every database.
func (IdempotencyKey) Fields() []ent.Field {
	return []ent.Field{
		// SHA-256 of the credential and the key.
		field.Bytes("key_hash").Unique().Immutable().MaxLen(32),
		// SHA-256 of the request (query, operation name, variables).
		field.Bytes("fingerprint").Immutable().MaxLen(32),
		field.Time("created_at").Default(now).Immutable(),
		field.Time("expires_at").Immutable(),
		// While the first request runs; null once its response is kept.
		field.Time("locked_until").Optional().Nillable(),
		// Counts the attempts that held the key: a lapsed one cannot
		// complete or release it after another took it over.
		field.Int("attempt").Default(1),
		field.Bytes("response").Optional().Nillable(),
	}
}

// Indexes of the IdempotencyKey: pruning deletes by expiry.
func (IdempotencyKey) Indexes() []ent.Index {
	return []ent.Index{index.Fields("expires_at")}
}

// Annotations of the IdempotencyKey: not in the GraphQL schema.
func (IdempotencyKey) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip()}
}
