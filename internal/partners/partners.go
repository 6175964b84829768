// Package partners creates partners, the tenants of Reftrack.
package partners

import (
	"context"
	"fmt"
	"time"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/partner"
	"github.com/reftrack/reftrack/internal/auth"
	"github.com/reftrack/reftrack/internal/calendar"
	"github.com/reftrack/reftrack/internal/email"
	"github.com/reftrack/reftrack/internal/live"
	"github.com/reftrack/reftrack/internal/names"
	"github.com/reftrack/reftrack/internal/viewer"
)

// Input describes a new partner.
type Input struct {
	Name     string
	Email    string
	Timezone string // IANA name; "" means UTC
}

// Create lets an admin create a partner. It returns the partner and its
// token, which is shown only this once.
func Create(ctx context.Context, client *ent.Client, in Input) (*ent.Partner, string, error) {
	if _, err := auth.RequireRole(ctx, viewer.Admin); err != nil {
		return nil, "", err
	}
	name, _, err := names.Clean("a partner name", in.Name, names.PartnerMax)
	if err != nil {
		return nil, "", err
	}
	addr, err := email.Normalize(in.Email)
	if err != nil {
		return nil, "", err
	}
	tz := in.Timezone
	if tz == "" {
		tz = "UTC"
	}
	if _, err := calendar.LoadLocation(tz); err != nil {
		return nil, "", err
	}
	taken, err := client.Partner.Query().Where(partner.Email(addr)).Exist(ctx)
	if err != nil {
		return nil, "", fmt.Errorf("check partner email: %w", err)
	}
	if taken {
		return nil, "", reftrack.Errorf(reftrack.Conflict, "a partner with email %s already exists", addr)
	}
	p, err := client.Partner.Create().SetName(name).SetEmail(addr).SetTimezone(tz).Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, "", reftrack.Errorf(reftrack.Conflict, "a partner with email %s already exists", addr)
	}
	if err != nil {
		return nil, "", fmt.Errorf("create partner: %w", err)
	}
	tok, err := auth.IssuePartnerToken(ctx, client, p.ID)
	if err != nil {
		return nil, "", err
	}
	return p, tok, nil
}

// SetDisabled lets an admin disable a partner, or enable it again. While
// disabled, its tokens and browser sessions are refused and what they have
// open ends (revoker); its links keep redirecting but their clicks are not
// counted, and no signup is attributed to it. Its data stays, and enabling
// it gives everything back (the same token works again).
func SetDisabled(ctx context.Context, client *ent.Client, revoker auth.Revoker, id int, disabled bool) (*ent.Partner, error) {
	if _, err := auth.RequireRole(ctx, viewer.Admin); err != nil {
		return nil, err
	}
	p, err := client.Partner.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, reftrack.Errorf(reftrack.NotFound, "partner not found")
	}
	if err != nil {
		return nil, fmt.Errorf("find partner: %w", err)
	}
	if (p.DisabledAt != nil) == disabled {
		return p, nil
	}
	u := p.Update()
	if disabled {
		u.SetDisabledAt(time.Now().UTC())
	} else {
		u.ClearDisabledAt()
	}
	if p, err = u.Save(ctx); err != nil {
		return nil, fmt.Errorf("update partner: %w", err)
	}
	if disabled {
		revoker.Revoke(ctx, live.Partner(id))
	}
	return p, nil
}
