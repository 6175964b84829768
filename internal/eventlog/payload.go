package eventlog

import (
	"cmp"
	"slices"
	"time"

	"github.com/reftrack/reftrack/ent"
)

// The payloads: the fields of the API's objects of the same names.

// Tag is a CustomerTag.
type Tag struct {
	ID        int       `json:"id"`
	CreatedAt time.Time `json:"createdAt"`
	Name      string    `json:"name"`
	System    bool      `json:"system"`
}

// Customer is a Customer with its tags, system tags first.
type Customer struct {
	ID            int       `json:"id"`
	Email         string    `json:"email"`
	Name          *string   `json:"name"`
	ExternalID    *string   `json:"externalID"`
	EmailVerified bool      `json:"emailVerified"`
	SignedUpAt    time.Time `json:"signedUpAt"`
	Tags          []Tag     `json:"tags"`
}

// RefTag is a RefTag.
type RefTag struct {
	ID        int       `json:"id"`
	CreatedAt time.Time `json:"createdAt"`
	Name      string    `json:"name"`
	Code      string    `json:"code"`
}

// ReferralURL is a ReferralURL.
type ReferralURL struct {
	ID          int       `json:"id"`
	CreatedAt   time.Time `json:"createdAt"`
	Slug        string    `json:"slug"`
	RedirectURL string    `json:"redirectURL"`
}

// Conversion is a Conversion with its customer and source.
type Conversion struct {
	ID          int          `json:"id"`
	OccurredAt  time.Time    `json:"occurredAt"`
	Customer    Customer     `json:"customer"`
	RefTag      *RefTag      `json:"refTag"`
	ReferralURL *ReferralURL `json:"referralURL"`
}

// ConversionPayload is the payload of conversion.created.
type ConversionPayload struct {
	Conversion Conversion `json:"conversion"`
}

// TagsChanged is the payload of customer.tags_changed: the customer with
// its tags after the change, and the tags added and removed.
type TagsChanged struct {
	Customer Customer `json:"customer"`
	Added    []Tag    `json:"added"`
	Removed  []Tag    `json:"removed"`
}

// RefTagPayload is the payload of ref_tag.created.
type RefTagPayload struct {
	RefTag RefTag `json:"refTag"`
}

// ReferralURLPayload is the payload of referral_url.updated, with the
// destination it had before.
type ReferralURLPayload struct {
	ReferralURL         ReferralURL `json:"referralURL"`
	PreviousRedirectURL string      `json:"previousRedirectURL"`
}

// TagOf returns t as a payload.
func TagOf(t *ent.CustomerTag) Tag {
	return Tag{ID: t.ID, CreatedAt: t.CreatedAt, Name: t.Name, System: t.System}
}

// TagsOf returns tags as payloads, system tags first, then by id, as the
// API lists a customer's tags.
func TagsOf(tags []*ent.CustomerTag) []Tag {
	out := make([]Tag, len(tags))
	for i, t := range tags {
		out[i] = TagOf(t)
	}
	slices.SortFunc(out, func(a, b Tag) int {
		if a.System != b.System {
			if a.System {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// CustomerOf returns c with tags as a payload.
func CustomerOf(c *ent.Customer, tags []*ent.CustomerTag) Customer {
	return Customer{ID: c.ID, Email: c.Email, Name: c.Name, ExternalID: c.ExternalID,
		EmailVerified: c.EmailVerified, SignedUpAt: c.SignedUpAt, Tags: TagsOf(tags)}
}

// RefTagOf returns t as a payload; nil for nil.
func RefTagOf(t *ent.RefTag) *RefTag {
	if t == nil {
		return nil
	}
	return &RefTag{ID: t.ID, CreatedAt: t.CreatedAt, Name: t.Name, Code: t.Code}
}

// ReferralURLOf returns u as a payload; nil for nil.
func ReferralURLOf(u *ent.ReferralURL) *ReferralURL {
	if u == nil {
		return nil
	}
	return &ReferralURL{ID: u.ID, CreatedAt: u.CreatedAt, Slug: u.Slug, RedirectURL: u.RedirectURL}
}

// WebhookEndpoint is a WebhookEndpoint, without its secret.
type WebhookEndpoint struct {
	ID             int        `json:"id"`
	CreatedAt      time.Time  `json:"createdAt"`
	URL            string     `json:"url"`
	Description    string     `json:"description"`
	EventTypes     []string   `json:"eventTypes"`
	DisabledAt     *time.Time `json:"disabledAt"`
	DisabledReason *string    `json:"disabledReason"`
	FailingSince   *time.Time `json:"failingSince"`
}

// The causes of webhook_endpoint.disabled.
const (
	CauseGone    = "gone"    // the endpoint answered 410 Gone
	CauseFailing = "failing" // it failed without a success for days
	CauseManual  = "manual"  // disableWebhookEndpoint
)

// EndpointDisabledPayload is the payload of webhook_endpoint.disabled: the
// endpoint as it is once disabled, and why (one of the causes).
type EndpointDisabledPayload struct {
	WebhookEndpoint WebhookEndpoint `json:"webhookEndpoint"`
	Cause           string          `json:"cause"`
}

// WebhookEndpointOf returns ep as a payload.
func WebhookEndpointOf(ep *ent.WebhookEndpoint) WebhookEndpoint {
	types := ep.EventTypes
	if types == nil {
		types = []string{}
	}
	return WebhookEndpoint{ID: ep.ID, CreatedAt: ep.CreatedAt, URL: ep.URL, Description: ep.Description, EventTypes: types,
		DisabledAt: ep.DisabledAt, DisabledReason: ep.DisabledReason, FailingSince: ep.FailingSince}
}

// EndpointDisabled returns the event that tells ep's owner it was disabled.
func EndpointDisabled(ep *ent.WebhookEndpoint, cause string) Event {
	pid := 0
	if ep.PartnerID != nil {
		pid = *ep.PartnerID
	}
	e := Event{Type: WebhookEndpointDisabled, PartnerID: pid,
		Payload: EndpointDisabledPayload{WebhookEndpoint: WebhookEndpointOf(ep), Cause: cause}}
	if ep.DisabledAt != nil {
		e.OccurredAt = *ep.DisabledAt
	}
	return e
}
