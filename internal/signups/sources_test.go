package signups_test

import (
	"context"
	"testing"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/internal/redirect"
	"github.com/reftrack/reftrack/internal/referral"
	"github.com/reftrack/reftrack/internal/store"
)

// sources gives the partner a ref tag "Newsletter" and a referral URL
// "acme".
func sources(t *testing.T, sys context.Context, db *store.DB, partnerID int) (*ent.RefTag, *ent.ReferralURL) {
	t.Helper()
	tag, err := referral.CreateTag(sys, db.Client, partnerID, "Newsletter")
	if err != nil {
		t.Fatal(err)
	}
	url, err := referral.CreateURL(sys, db.Client, redirect.NewAllowlist([]string{"example.com"}), partnerID, "acme", "https://example.com/a")
	if err != nil {
		t.Fatal(err)
	}
	return tag, url
}
