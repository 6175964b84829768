package schema

import (
	"context"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/entql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/reftrack/reftrack/ent/privacy"
	"github.com/reftrack/reftrack/ent/schema/rule"
	"github.com/reftrack/reftrack/internal/names"
)

// CustomerTag labels customers. System tags (partner_id NULL) are shared by
// every partner and can be neither renamed nor deleted.
type CustomerTag struct{ ent.Schema }

// Mixin of the CustomerTag.
func (CustomerTag) Mixin() []ent.Mixin { return []ent.Mixin{CreatedMixin{}} }

// Fields of the CustomerTag.
func (CustomerTag) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().Validate(names.Validator(names.CustomerTagMax)).
			Annotations(entsql.Annotation{Size: names.CustomerTagMax}),
		field.String("name_key").NotEmpty().Annotations(entgql.Skip()),
		field.Bool("system").Default(false).Immutable(),
		field.Int("partner_id").Optional().Nillable().Immutable().Annotations(entgql.Skip()),
	}
}

// Edges of the CustomerTag.
func (CustomerTag) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("partner", Partner.Type).Ref("customer_tags").Field("partner_id").Unique().Immutable().
			Annotations(entgql.Skip()),
		edge.From("customers", Customer.Type).Ref("tags").Annotations(entgql.Skip()),
	}
}

// Indexes of the CustomerTag.
func (CustomerTag) Indexes() []ent.Index {
	return []ent.Index{index.Fields("partner_id", "name_key").Unique()}
}

// Annotations of the CustomerTag. The table is "tags": "customer_tags" is
// the join table of Customer.tags.
func (CustomerTag) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "tags"}}
}

// Policy of the CustomerTag: partners read system tags and their own, and
// write only their own; the service reads system tags only; nobody changes
// a system tag.
func (CustomerTag) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			rule.DenyIfAnonymous(),
			rule.AllowIfAdmin(),
			rule.FilterServiceToSystem(),
			rule.FilterPartnerOrShared(),
		},
		Mutation: privacy.MutationPolicy{
			rule.DenyIfAnonymous(),
			privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
				// Updates and deletes never reach system tags.
				f.Where(entql.FieldEQ("system", false))
				return privacy.Skip
			}),
			rule.AllowIfAdmin(),
			rule.AllowOwnCreate(),
			rule.FilterPartner(),
		},
	}
}
