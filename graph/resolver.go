// Package graph is Reftrack's GraphQL API: gqlgen's generated executor and
// thin resolvers that read the viewer from the context and call the domain
// packages.
package graph

import (
	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/reftrack/reftrack/internal/fanout"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/graph/model"
	"github.com/reftrack/reftrack/internal/delivery"
	"github.com/reftrack/reftrack/internal/events"
	"github.com/reftrack/reftrack/internal/live"
	"github.com/reftrack/reftrack/internal/redirect"
	"github.com/reftrack/reftrack/internal/referral"
	"github.com/reftrack/reftrack/internal/sessions"
	"github.com/reftrack/reftrack/internal/signups"
)

// Resolver holds what the resolvers need.
type Resolver struct {
	Client       *ent.Client
	Hosts        *redirect.Allowlist
	PublicURL    string
	Directory    *referral.Directory
	Signups      *signups.Recorder
	Bus          events.Bus
	Live         *live.Registry // ends live sessions of revoked credentials
	SessionStore *sessions.Manager
	Fanout       *fanout.Fanout // live conversions
	Webhooks     *delivery.Endpoints
	Deliveries   *delivery.Worker
}

// MaxPage is the most items a connection returns at once, and what it
// returns when neither first nor last is given.
const MaxPage = 100

type cursor = *entgql.Cursor[int]

// NewSchema returns the executable schema, with connection fields costed by
// the number of items they may return.
func NewSchema(r *Resolver) graphql.ExecutableSchema {
	c := Config{Resolvers: r}
	q := &c.Complexity.Query
	q.Partners = func(child int, _ cursor, first *int, _ cursor, last *int, _ *ent.PartnerOrder, _ *ent.PartnerWhereInput) int {
		return pageCost(child, first, last)
	}
	q.RefTags = func(child int, _ cursor, first *int, _ cursor, last *int, _ *ent.RefTagOrder, _ *ent.RefTagWhereInput) int {
		return pageCost(child, first, last)
	}
	q.Customers = func(child int, _ cursor, first *int, _ cursor, last *int, _ *ent.CustomerOrder, _ *ent.CustomerWhereInput, _ []int) int {
		return pageCost(child, first, last)
	}
	q.Conversions = func(child int, _ cursor, first *int, _ cursor, last *int, _ *ent.ConversionOrder, _ *int) int {
		return pageCost(child, first, last)
	}
	q.Events = func(child int, _ cursor, first *int, _ []model.EventType) int {
		return pageCost(child, first, nil)
	}
	q.UnmatchedRefs = func(child int, _ cursor, first *int, _ cursor, last *int, _ *ent.UnmatchedRefOrder) int {
		return pageCost(child, first, last)
	}
	q.WebhookEndpoints = func(child int, _ cursor, first *int, _ cursor, last *int, _ *ent.WebhookEndpointOrder) int {
		return pageCost(child, first, last)
	}
	q.WebhookAttempts = func(child int, _ string) int { return addCapped(1, mulCapped(child, MaxPage)) }
	c.Complexity.WebhookEndpoint.Attempts = func(child int, _ cursor, first *int, _ cursor, last *int, _ *ent.WebhookAttemptOrder) int {
		return pageCost(child, first, last)
	}
	q.Nodes = func(child int, ids []int) int {
		return addCapped(1, mulCapped(child, max(len(ids), 1)))
	}
	return NewExecutableSchema(c)
}

func pageCost(child int, first, last *int) int {
	n := MaxPage
	switch {
	case first != nil && *first >= 0 && *first < n:
		n = *first
	case last != nil && *last >= 0 && *last < n:
		n = *last
	}
	return addCapped(1, mulCapped(child, max(n, 1)))
}

// passwordURL is the app's page where an invitation or reset token sets a
// password. The token is in the fragment, which browsers send to no
// server and put in no Referer.
func (r *Resolver) passwordURL(token string) string {
	return r.PublicURL + "/set-password#token=" + token
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
