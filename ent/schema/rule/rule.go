// Package rule holds the privacy rules that every ent query and mutation goes
// through. Tenant isolation lives here and nowhere else: a partner's queries
// are filtered to its own rows, and its writes can touch nothing else.
package rule

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/entql"

	"github.com/reftrack/reftrack/ent/privacy"
	"github.com/reftrack/reftrack/internal/viewer"
)

// DenyIfAnonymous denies every operation without a viewer.
func DenyIfAnonymous() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx) == nil {
			return privacy.Denyf("no viewer in context")
		}
		return privacy.Skip
	})
}

// AllowIfAdmin allows everything to an admin.
func AllowIfAdmin() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx).IsAdmin() {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// AllowIfService allows an operation to the company's backend. Only the
// types it needs use it: see PartnerMixin.Service.
func AllowIfService() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if viewer.FromContext(ctx).IsService() {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// AllowServiceWrite allows the company's backend to create a row and to
// change one row; it never deletes, nor changes rows in bulk.
func AllowServiceWrite() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if viewer.FromContext(ctx).IsService() && m.Op().Is(ent.OpCreate|ent.OpUpdateOne) {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// FilterServiceToSystem restricts the company's backend to shared rows
// (system = true), such as the system customer tags it tags customers
// with; partners' own rows stay theirs.
func FilterServiceToSystem() privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		if !viewer.FromContext(ctx).IsService() {
			return privacy.Skip
		}
		f.Where(entql.FieldEQ("system", true))
		return privacy.Allow
	})
}

// FilterServiceToTypes restricts the company's backend to rows whose
// type is one of types, such as the events about what it reads otherwise.
func FilterServiceToTypes(types ...string) privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		if !viewer.FromContext(ctx).IsService() {
			return privacy.Skip
		}
		vs := make([]any, len(types))
		for i, t := range types {
			vs[i] = t
		}
		f.Where(entql.FieldIn("type", vs...))
		return privacy.Allow
	})
}

// FilterPartner restricts a partner to rows whose partner_id is its own. On
// creation, it denies rows for any other partner.
func FilterPartner() privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		pid, ok := viewer.FromContext(ctx).Partner()
		if !ok {
			return privacy.Denyf("not a partner")
		}
		f.Where(entql.FieldEQ("partner_id", pid))
		return privacy.Skip
	})
}

// partnerCreator is implemented by the mutations of partner-owned types.
type partnerCreator interface {
	PartnerID() (int, bool)
}

// AllowOwnCreate allows a partner to create a row for itself, and denies a
// row for anyone else. Updates and deletes are left to FilterPartner.
func AllowOwnCreate() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		if !m.Op().Is(ent.OpCreate) {
			return privacy.Skip
		}
		pid, ok := viewer.FromContext(ctx).Partner()
		if !ok {
			return privacy.Denyf("not a partner")
		}
		pm, ok := m.(partnerCreator)
		if !ok {
			return privacy.Denyf("unexpected mutation type %T", m)
		}
		if got, set := pm.PartnerID(); !set || got != pid {
			return privacy.Denyf("partner may only create its own rows")
		}
		return privacy.Allow
	})
}

// DenyMutation denies every mutation reaching it.
func DenyMutation() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(context.Context, ent.Mutation) error {
		return privacy.Denyf("not allowed")
	})
}

// DenyQuery denies every query reaching it.
func DenyQuery() privacy.QueryRule {
	return privacy.QueryRuleFunc(func(context.Context, ent.Query) error {
		return privacy.Denyf("not allowed")
	})
}

// FilterSelf restricts a partner to its own Partner row.
func FilterSelf() privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		pid, ok := viewer.FromContext(ctx).Partner()
		if !ok {
			return privacy.Denyf("not a partner")
		}
		f.Where(entql.FieldEQ("id", pid))
		return privacy.Skip
	})
}

// FilterPartnerOrShared restricts a partner to its own rows and to shared
// rows (partner_id NULL), such as the system customer tags.
func FilterPartnerOrShared() privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		pid, ok := viewer.FromContext(ctx).Partner()
		if !ok {
			return privacy.Denyf("not a partner")
		}
		f.Where(entql.Or(entql.FieldEQ("partner_id", pid), entql.FieldNil("partner_id")))
		return privacy.Skip
	})
}
