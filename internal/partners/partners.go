// Package partners creates partners, the tenants of Reftrack.
package partners

import (
	"context"
	"fmt"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/partner"
	"github.com/reftrack/reftrack/internal/auth"
	"github.com/reftrack/reftrack/internal/calendar"
	"github.com/reftrack/reftrack/internal/email"
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
