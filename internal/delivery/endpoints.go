// Package delivery delivers the event log (internal/eventlog) to webhook
// endpoints, at least once: endpoints and their secrets, the fan-out of
// each endpoint's events into deliveries, the worker that claims and sends
// them with retries (internal/webhook signs and sends), and the delivery
// log with replay.
//
// Which events an endpoint gets is decided by the privacy rules: the
// fan-out reads the log as the endpoint's owner (the admin for
// program-wide endpoints, the partner for its own), never as the system.
package delivery

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/event"
	"github.com/reftrack/reftrack/ent/webhookattempt"
	"github.com/reftrack/reftrack/ent/webhookdelivery"
	"github.com/reftrack/reftrack/ent/webhookendpoint"
	"github.com/reftrack/reftrack/internal/eventlog"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/viewer"
	"github.com/reftrack/reftrack/internal/webhook"
)

// MaxPartnerEndpoints bounds a partner's own endpoints.
const MaxPartnerEndpoints = 5

// RotationOverlap is how long the old secret keeps signing after a
// rotation, beside the new one.
const RotationOverlap = 24 * time.Hour

// Input is what an endpoint is made of. A nil field is left as it is by
// Update.
type Input struct {
	URL         *string
	Description *string
	EventTypes  []string // nil: unchanged (Update) or every type (Create)
}

// Endpoints manages webhook endpoints for the viewer in the context.
type Endpoints struct {
	DB *store.DB
	// AllowPrivate lets URLs name internal addresses and use http.
	AllowPrivate bool
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

func (e *Endpoints) now() time.Time {
	if e.Now != nil {
		return e.Now().UTC()
	}
	return time.Now().UTC()
}

func (e *Endpoints) check(in Input) error {
	if in.URL != nil {
		if _, err := webhook.CheckURL(*in.URL, e.AllowPrivate); err != nil {
			return err
		}
	}
	if in.Description != nil && len([]rune(*in.Description)) > 500 {
		return reftrack.Errorf(reftrack.Invalid, "a description is at most 500 characters")
	}
	for _, t := range in.EventTypes {
		if !slices.Contains(eventlog.Types, eventlog.Type(t)) {
			return reftrack.Errorf(reftrack.Invalid, "unknown event type %q", t)
		}
	}
	return nil
}

// Create registers an endpoint for the viewer: program-wide for the
// admin, the partner's own for a partner. It returns the secret, which is
// never shown again. The endpoint gets the events appended from now on.
func (e *Endpoints) Create(ctx context.Context, client *ent.Client, in Input) (*ent.WebhookEndpoint, string, error) {
	v := viewer.FromContext(ctx)
	pid, isPartner := v.Partner()
	if !v.IsAdmin() && !isPartner {
		return nil, "", reftrack.Errorf(reftrack.Forbidden, "only the admin and partners register webhook endpoints")
	}
	if in.URL == nil {
		return nil, "", reftrack.Errorf(reftrack.Invalid, "a webhook URL is required")
	}
	if err := e.check(in); err != nil {
		return nil, "", err
	}
	create := client.WebhookEndpoint.Create().SetURL(*in.URL).SetEventTypes(dedupe(in.EventTypes))
	if in.Description != nil {
		create.SetDescription(strings.TrimSpace(*in.Description))
	}
	if isPartner {
		// Serialise a partner's creations so that two at once cannot both
		// be the fifth.
		if err := e.DB.LockKeys(ctx, client, "webhook-endpoints:"+strconv.Itoa(pid)); err != nil {
			return nil, "", err
		}
		n, err := client.WebhookEndpoint.Query().Count(ctx)
		if err != nil {
			return nil, "", err
		}
		if n >= MaxPartnerEndpoints {
			return nil, "", reftrack.Errorf(reftrack.Limit, "a partner may have at most %d webhook endpoints", MaxPartnerEndpoints)
		}
		create.SetPartnerID(pid)
	}
	// The endpoint starts at the end of the log: it is told what happens
	// from now on, not the past (replay sends a past event).
	last, err := lastSeq(ctx, client)
	if err != nil {
		return nil, "", err
	}
	secret := webhook.NewSecret()
	ep, err := create.SetSecret(secret).SetCursor(last).Save(ctx)
	if err != nil {
		return nil, "", err
	}
	return ep, secret, nil
}

// get loads an endpoint the viewer may see, or NotFound.
func get(ctx context.Context, client *ent.Client, id int) (*ent.WebhookEndpoint, error) {
	ep, err := client.WebhookEndpoint.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, reftrack.Errorf(reftrack.NotFound, "no such webhook endpoint")
	}
	return ep, err
}

// Update changes an endpoint's URL, description or event types.
func (e *Endpoints) Update(ctx context.Context, client *ent.Client, id int, in Input) (*ent.WebhookEndpoint, error) {
	if err := e.check(in); err != nil {
		return nil, err
	}
	ep, err := get(ctx, client, id)
	if err != nil {
		return nil, err
	}
	u := ep.Update()
	if in.URL != nil {
		u.SetURL(*in.URL)
	}
	if in.Description != nil {
		u.SetDescription(strings.TrimSpace(*in.Description))
	}
	if in.EventTypes != nil {
		u.SetEventTypes(dedupe(in.EventTypes))
	}
	return u.Save(ctx)
}

// Delete removes an endpoint, its pending deliveries and its log.
func (e *Endpoints) Delete(ctx context.Context, client *ent.Client, id int) error {
	ep, err := get(ctx, client, id)
	if err != nil {
		return err
	}
	if e.DB != nil && e.DB.Dialect == dialect.Postgres {
		// Locked first, so that a worker recording this endpoint's
		// attempts meanwhile waits for the delete and then leaves them
		// out (recordIn), instead of adding rows the delete then trips on.
		if _, err := client.WebhookEndpoint.Query().Where(webhookendpoint.ID(ep.ID)).
			Where(func(s *entsql.Selector) { s.ForUpdate() }).IDs(ctx); err != nil {
			return err
		}
	}
	if _, err := client.WebhookDelivery.Delete().Where(webhookdelivery.EndpointID(ep.ID)).Exec(ctx); err != nil {
		return err
	}
	if _, err := client.WebhookAttempt.Delete().Where(webhookattempt.EndpointID(ep.ID)).Exec(ctx); err != nil {
		return err
	}
	return client.WebhookEndpoint.DeleteOne(ep).Exec(ctx)
}

// RotateSecret gives an endpoint a new secret, returned once; the old one
// keeps signing beside it for RotationOverlap.
func (e *Endpoints) RotateSecret(ctx context.Context, client *ent.Client, id int) (*ent.WebhookEndpoint, string, error) {
	ep, err := get(ctx, client, id)
	if err != nil {
		return nil, "", err
	}
	secret := webhook.NewSecret()
	ep, err = ep.Update().SetSecret(secret).SetPreviousSecret(ep.Secret).
		SetPreviousSecretUntil(e.now().Add(RotationOverlap)).Save(ctx)
	if err != nil {
		return nil, "", err
	}
	return ep, secret, nil
}

// SetEnabled disables an endpoint (its deliveries wait; the log tells its
// owner, webhook_endpoint.disabled) or enables it: the deliveries that
// waited are due at once, and the fan-out goes on from where it stopped.
func (e *Endpoints) SetEnabled(ctx context.Context, client *ent.Client, id int, enabled bool) (*ent.WebhookEndpoint, error) {
	ep, err := get(ctx, client, id)
	if err != nil {
		return nil, err
	}
	if !enabled {
		if ep.DisabledAt != nil {
			return ep, nil
		}
		if ep, err = ep.Update().SetDisabledAt(e.now()).SetDisabledReason("disabled by hand").Save(ctx); err != nil {
			return nil, err
		}
		if _, err := eventlog.Append(ctx, client, eventlog.EndpointDisabled(ep, eventlog.CauseManual)); err != nil {
			return nil, err
		}
		return ep, nil
	}
	if ep.DisabledAt == nil {
		return ep, nil
	}
	if err := client.WebhookDelivery.Update().
		Where(webhookdelivery.EndpointID(ep.ID), webhookdelivery.StatusEQ(webhookdelivery.StatusPending)).
		SetNextAttemptAt(e.now()).Exec(ctx); err != nil {
		return nil, err
	}
	return ep.Update().ClearDisabledAt().ClearDisabledReason().ClearFailingSince().Save(ctx)
}

// Replay delivers one event to an endpoint again (or for the first time),
// as a new delivery due now. The event must be one the endpoint's owner may
// read, which the privacy rules decide.
func (e *Endpoints) Replay(ctx context.Context, client *ent.Client, id int, eventID string) (*ent.WebhookDelivery, error) {
	ep, err := get(ctx, client, id)
	if err != nil {
		return nil, err
	}
	ev, err := client.Event.Query().Where(event.PublicID(eventID)).Only(ownerContext(ctx, ep))
	if ent.IsNotFound(err) {
		return nil, reftrack.Errorf(reftrack.NotFound, "no such event for this endpoint")
	}
	if err != nil {
		return nil, err
	}
	return client.WebhookDelivery.Create().SetNillablePartnerID(ep.PartnerID).SetEndpointID(ep.ID).
		SetEventID(ev.ID).SetNextAttemptAt(e.now()).Save(ctx)
}

// ResendFailed makes every delivery to the endpoint that failed and was
// created at or after since due again now, and returns how many.
func (e *Endpoints) ResendFailed(ctx context.Context, client *ent.Client, id int, since time.Time) (int, error) {
	ep, err := get(ctx, client, id)
	if err != nil {
		return 0, err
	}
	return client.WebhookDelivery.Update().
		Where(webhookdelivery.EndpointID(ep.ID), webhookdelivery.StatusEQ(webhookdelivery.StatusFailed),
			webhookdelivery.CreatedAtGTE(since.UTC())).
		SetStatus(webhookdelivery.StatusPending).SetAttempts(0).SetNextAttemptAt(e.now()).Save(ctx)
}

// ownerContext is ctx with the viewer the endpoint reads the log as.
func ownerContext(ctx context.Context, ep *ent.WebhookEndpoint) context.Context {
	if ep.PartnerID == nil {
		return viewer.NewContext(ctx, &viewer.Viewer{Role: viewer.Admin})
	}
	return viewer.NewContext(ctx, &viewer.Viewer{Role: viewer.Partner, PartnerID: *ep.PartnerID})
}

func dedupe(types []string) []string {
	out := slices.Clone(types)
	slices.Sort(out)
	return slices.Compact(out)
}

// lastSeq is the seq of the last event in the log, 0 when it is empty.
func lastSeq(ctx context.Context, client *ent.Client) (int64, error) {
	ev, err := client.Event.Query().Order(ent.Desc(event.FieldSeq)).First(store.System(ctx))
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return ev.Seq, nil
}

// aboutItself reports whether ev is the event of ep's own disabling, which
// is told to its owner's other endpoints, not to it when it is enabled
// again.
func aboutItself(ep *ent.WebhookEndpoint, ev *ent.Event) bool {
	if ev.Type != string(eventlog.WebhookEndpointDisabled) {
		return false
	}
	var p struct {
		WebhookEndpoint struct {
			ID int `json:"id"`
		} `json:"webhookEndpoint"`
	}
	return json.Unmarshal([]byte(ev.Payload), &p) == nil && p.WebhookEndpoint.ID == ep.ID
}
