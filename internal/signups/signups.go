// Package signups records the signups the company's backend reports and
// attributes each to one source: the ref it came with, else the visitor's
// last counted click within the attribution window.
package signups

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/conversion"
	"github.com/reftrack/reftrack/ent/customer"
	"github.com/reftrack/reftrack/ent/customertag"
	"github.com/reftrack/reftrack/ent/source"
	"github.com/reftrack/reftrack/ent/visit"
	"github.com/reftrack/reftrack/internal/auth"
	"github.com/reftrack/reftrack/internal/calendar"
	"github.com/reftrack/reftrack/internal/email"
	"github.com/reftrack/reftrack/internal/eventlog"
	"github.com/reftrack/reftrack/internal/names"
	"github.com/reftrack/reftrack/internal/rollup"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/viewer"
)

// Input is one reported signup.
type Input struct {
	Ref           string
	VisitorID     string
	Email         string
	Name          string
	ExternalID    string
	EmailVerified bool
}

// Recorder records signups.
type Recorder struct {
	// Window is how far back a visitor's click still earns the conversion.
	Window time.Duration
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// DB is the database: its dialect, and the locks that serialise
	// concurrent reports of the same signup on several instances.
	DB *store.DB

	// The system tags a new customer gets, read once: they are seeded
	// with the database and can be neither renamed nor deleted.
	mu         sync.Mutex
	systemTags map[string]*ent.CustomerTag // by name key
}

var (
	refPattern     = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	visitorPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{8,64}$`)
)

// Record stores a signup as a customer of the attributed partner and one
// conversion. Reporting the same signup again (same externalID, else same
// email) returns the first conversion and changes nothing.
func (r *Recorder) Record(ctx context.Context, client *ent.Client, in Input) (*ent.Conversion, error) {
	if _, err := auth.RequireRole(ctx, viewer.Service, viewer.Admin); err != nil {
		return nil, err
	}
	in, err := normalize(in)
	if err != nil {
		return nil, err
	}
	keys := []string{"signup-email:" + in.Email}
	if in.ExternalID != "" {
		keys = append(keys, "signup-external:"+in.ExternalID)
	}
	if err := r.DB.LockKeys(ctx, client, keys...); err != nil {
		return nil, err
	}
	if c, err := existing(ctx, client, in); c != nil || err != nil {
		return c, err
	}
	now := time.Now().UTC()
	if r.Now != nil {
		now = r.Now().UTC()
	}
	src, err := r.attribute(ctx, client, in, now)
	if err != nil {
		return nil, err
	}
	return r.create(ctx, client, in, src, now)
}

func normalize(in Input) (Input, error) {
	var err error
	if in.Email, err = email.Normalize(in.Email); err != nil {
		return in, err
	}
	in.Ref = strings.TrimSpace(in.Ref)
	in.VisitorID = strings.TrimSpace(in.VisitorID)
	in.ExternalID = strings.TrimSpace(in.ExternalID)
	// A display name never costs a signup: cleaned and cut, not refused.
	in.Name = names.Lenient(in.Name, names.CustomerMax)
	switch {
	case in.Ref != "" && !refPattern.MatchString(in.Ref):
		return in, reftrack.Errorf(reftrack.Invalid, "ref must be 1 to 64 letters, digits, hyphens or underscores")
	case in.VisitorID != "" && !visitorPattern.MatchString(in.VisitorID):
		return in, reftrack.Errorf(reftrack.Invalid, "visitorID must be 8 to 64 letters, digits, hyphens or underscores")
	case in.Ref == "" && in.VisitorID == "":
		return in, reftrack.Errorf(reftrack.NotAttributed, "the signup has no ref and no visitorID: it came through no partner")
	case len(in.ExternalID) > 200:
		return in, reftrack.Errorf(reftrack.Invalid, "externalID is longer than 200 characters")
	}
	return in, nil
}

// existing returns the conversion of a signup already recorded.
func existing(ctx context.Context, client *ent.Client, in Input) (*ent.Conversion, error) {
	var c *ent.Customer
	var err error
	if in.ExternalID != "" {
		c, err = client.Customer.Query().Where(customer.ExternalID(in.ExternalID)).Only(ctx)
	}
	if c == nil && (err == nil || ent.IsNotFound(err)) {
		c, err = client.Customer.Query().Where(customer.Email(in.Email)).Only(ctx)
		if err == nil && c.ExternalID != nil && in.ExternalID != "" && *c.ExternalID != in.ExternalID {
			return nil, reftrack.Errorf(reftrack.Conflict, "a customer with email %s was already reported with another externalID", in.Email)
		}
	}
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find customer: %w", err)
	}
	conv, err := client.Conversion.Query().Where(conversion.CustomerID(c.ID)).Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("find conversion: %w", err)
	}
	return conv, nil
}

// attributed is the source a signup is credited to.
type attributed struct {
	sourceID, partnerID int
	// the partner's state and time zone
	disabled    bool
	timezone    string
	loc         *time.Location
	refTag      *int
	referralURL *int
	// the source's row, for the event
	tag *ent.RefTag
	url *ent.ReferralURL
}

// attribute finds the source of a signup. Sources, clicks and partners are
// not the service's to read: the lookups are Reftrack's own work, as
// recording a click is.
func (r *Recorder) attribute(ctx context.Context, client *ent.Client, in Input, now time.Time) (*attributed, error) {
	ctx = store.System(ctx)
	var a *attributed
	var err error
	if in.Ref != "" {
		if a, err = findSource(ctx, client, sourceByRef, in.Ref); err != nil {
			return nil, fmt.Errorf("find ref: %w", err)
		}
	}
	if a == nil && in.VisitorID != "" {
		last, err := client.Visit.Query().
			Where(visit.Visitor(in.VisitorID), visit.LastAtGTE(now.Add(-r.Window)), visit.LastAtLTE(now)).
			Order(ent.Desc(visit.FieldLastAt), ent.Desc(visit.FieldID)).
			First(ctx)
		if err != nil && !ent.IsNotFound(err) {
			return nil, fmt.Errorf("find visitor's last click: %w", err)
		}
		if last != nil {
			if a, err = findSource(ctx, client, sourceByID, last.SourceID); err == nil && a == nil {
				err = fmt.Errorf("source %d not found", last.SourceID)
			}
			if err != nil {
				return nil, fmt.Errorf("find clicked source: %w", err)
			}
		}
	}
	if a == nil {
		if in.Ref != "" {
			return nil, reftrack.Errorf(reftrack.NotAttributed, "ref %q names no referral URL or ref tag, and the visitor has no click to attribute the signup to", in.Ref)
		}
		return nil, reftrack.Errorf(reftrack.NotAttributed, "the visitor has no click in the last %d days to attribute the signup to", int(r.Window.Hours()/24))
	}
	if a.disabled {
		return nil, reftrack.Errorf(reftrack.NotAttributed, "the signup came through a partner that is disabled")
	}
	if a.loc, err = calendar.LoadLocation(a.timezone); err != nil {
		return nil, fmt.Errorf("partner timezone: %w", err)
	}
	return a, nil
}

// sourceSQL reads a source with what attribution needs of its partner and
// of the ref tag or referral URL it is, in one statement instead of three
// through ent (decision 0090, "Attribution in one statement"). A ref tag's
// code and a referral URL's slug are their source's ref.
//
// The parameter is CAST: SQLite prepares a join again each time a value
// compared with a column is bound (15 µs of 19 for the source and its
// partner, measured), and not when the value goes through a CAST.
const sourceSQL = `SELECT s.id, s.partner_id, s.kind, p.disabled_at, p.timezone,
	t.id, t.created_at, t.name, u.id, u.created_at, u.redirect_url, s.ref
FROM sources AS s
JOIN partners AS p ON p.id = s.partner_id
LEFT JOIN ref_tags AS t ON t.code = s.ref AND t.source_id = s.id
LEFT JOIN referral_urls AS u ON u.slug = s.ref AND u.source_id = s.id
WHERE `

const (
	sourceByRef = sourceSQL + "s.ref = CAST($1 AS TEXT)"
	sourceByID  = sourceSQL + "s.id = CAST($1 AS BIGINT)"
)

// findSource runs one of the source queries; nil when it finds none.
func findSource(ctx context.Context, client *ent.Client, query string, arg any) (*attributed, error) {
	rows, err := client.QueryContext(ctx, query, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, rows.Err()
	}
	var (
		a                    attributed
		kind                 string
		disabledAt           sql.NullTime
		tagID, urlID         sql.NullInt64
		tagAt, urlAt         sql.NullTime
		tagName, redirectURL sql.NullString
		ref                  string
	)
	if err := rows.Scan(&a.sourceID, &a.partnerID, &kind, &disabledAt, &a.timezone,
		&tagID, &tagAt, &tagName, &urlID, &urlAt, &redirectURL, &ref); err != nil {
		return nil, err
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	a.disabled = disabledAt.Valid
	switch {
	case source.Kind(kind) == source.KindRefTag && tagID.Valid:
		a.tag = &ent.RefTag{ID: int(tagID.Int64), CreatedAt: tagAt.Time, Name: tagName.String, Code: ref,
			PartnerID: a.partnerID, SourceID: a.sourceID}
		a.refTag = &a.tag.ID
	case source.Kind(kind) == source.KindReferralURL && urlID.Valid:
		a.url = &ent.ReferralURL{ID: int(urlID.Int64), CreatedAt: urlAt.Time, Slug: ref, RedirectURL: redirectURL.String,
			PartnerID: a.partnerID, SourceID: a.sourceID}
		a.referralURL = &a.url.ID
	default:
		return nil, fmt.Errorf("source %d is a %s without its row", a.sourceID, kind)
	}
	return &a, nil
}

// tags returns the system tags of these name keys, in order of their ids
// as a query would, reading them all the first time.
func (r *Recorder) tags(ctx context.Context, client *ent.Client, nameKeys []string) ([]*ent.CustomerTag, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.systemTags == nil {
		all, err := client.CustomerTag.Query().Where(customertag.System(true)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("find system tags: %w", err)
		}
		r.systemTags = make(map[string]*ent.CustomerTag, len(all))
		for _, t := range all {
			r.systemTags[t.NameKey] = t
		}
	}
	var out []*ent.CustomerTag
	for _, k := range nameKeys {
		if t := r.systemTags[k]; t != nil {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b *ent.CustomerTag) int { return a.ID - b.ID })
	return out, nil
}

func (r *Recorder) create(ctx context.Context, client *ent.Client, in Input, a *attributed, now time.Time) (*ent.Conversion, error) {
	partnerID := a.partnerID
	tagNames := []string{"new signup"}
	if !in.EmailVerified {
		tagNames = append(tagNames, "email not verified")
	}
	tags, err := r.tags(ctx, client, tagNames)
	if err != nil {
		return nil, err
	}
	tagIDs := make([]int, len(tags))
	for i, t := range tags {
		tagIDs[i] = t.ID
	}
	create := client.Customer.Create().
		SetPartnerID(partnerID).SetEmail(in.Email).SetEmailVerified(in.EmailVerified).
		SetSignedUpAt(now).SetNillableRefTagID(a.refTag).SetNillableReferralURLID(a.referralURL).
		AddTagIDs(tagIDs...)
	if in.Name != "" {
		create.SetName(in.Name)
	}
	if in.ExternalID != "" {
		create.SetExternalID(in.ExternalID)
	}
	c, err := create.Save(ctx)
	if ent.IsConstraintError(err) {
		// Another signup took this email or external id (LockKeys makes a
		// race with the same signup impossible).
		return nil, reftrack.Errorf(reftrack.Conflict, "a customer with this email or externalID already exists")
	}
	if err != nil {
		return nil, fmt.Errorf("create customer: %w", err)
	}
	day := calendar.In(now, a.loc).String()
	conv, err := client.Conversion.Create().
		SetPartnerID(partnerID).SetCustomerID(c.ID).SetSourceID(a.sourceID).
		SetNillableRefTagID(a.refTag).SetNillableReferralURLID(a.referralURL).
		SetOccurredAt(now).SetDay(day).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create conversion: %w", err)
	}
	deltas := rollup.Deltas{}
	deltas.At(rollup.Key{SourceID: a.sourceID, Day: day}, partnerID).Conversions++
	if err := rollup.Add(ctx, client, r.DB.Dialect, deltas); err != nil {
		return nil, err
	}
	_, err = eventlog.Append(ctx, client, eventlog.Event{
		Type: eventlog.ConversionCreated, PartnerID: partnerID, OccurredAt: now, ConversionID: conv.ID,
		Payload: eventlog.ConversionPayload{Conversion: eventlog.Conversion{
			ID: conv.ID, OccurredAt: now, Customer: eventlog.CustomerOf(c, tags),
			RefTag: eventlog.RefTagOf(a.tag), ReferralURL: eventlog.ReferralURLOf(a.url),
		}},
	})
	if err != nil {
		return nil, err
	}
	return conv, nil
}
