// Package referral manages a partner's sources of clicks: its one referral
// URL (slug) and its ref tags (codes). Slugs and codes share one namespace,
// the unique Source.ref, so a ref value always names exactly one source.
package referral

import (
	"context"
	"crypto/rand"
	"fmt"
	"regexp"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/referralurl"
	"github.com/reftrack/reftrack/ent/reftag"
	"github.com/reftrack/reftrack/ent/source"
	"github.com/reftrack/reftrack/internal/eventlog"
	"github.com/reftrack/reftrack/internal/names"
	"github.com/reftrack/reftrack/internal/redirect"
	"github.com/reftrack/reftrack/internal/store"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{1,30})[a-z0-9]$`)

// reserved are slugs that would read as one of our own paths or products.
var reserved = map[string]bool{
	"admin": true, "api": true, "graphql": true, "r": true, "t": true,
	"healthz": true, "ref": true, "static": true, "assets": true, "www": true,
	"app": true, "login": true, "logout": true, "signup": true, "playground": true,
	"metrics": true, "status": true, "help": true, "support": true, "reftrack": true,
}

// ValidateSlug checks a chosen slug: 3 to 32 lowercase letters, digits and
// hyphens, starting and ending with a letter or digit, and not reserved.
func ValidateSlug(slug string) error {
	if !slugPattern.MatchString(slug) {
		return reftrack.Errorf(reftrack.Invalid,
			"slug %q must be 3 to 32 lowercase letters, digits and hyphens, starting and ending with a letter or digit", truncate(slug, 40))
	}
	if reserved[slug] {
		return reftrack.Errorf(reftrack.Invalid, "slug %q is reserved", slug)
	}
	return nil
}

// CreateURL gives partner its referral URL. It can be done once: the slug
// never changes afterwards.
func CreateURL(ctx context.Context, client *ent.Client, hosts *redirect.Allowlist, partnerID int, slug, redirectURL string) (*ent.ReferralURL, error) {
	if err := ValidateSlug(slug); err != nil {
		return nil, err
	}
	if _, err := hosts.Check(redirectURL); err != nil {
		return nil, err
	}
	exists, err := client.ReferralURL.Query().Where(referralurl.PartnerID(partnerID)).Exist(ctx)
	if err != nil {
		return nil, fmt.Errorf("check referral URL: %w", err)
	}
	if exists {
		return nil, reftrack.Errorf(reftrack.Conflict, "the partner already has a referral URL; it cannot be changed")
	}
	src, err := createSource(ctx, client, partnerID, slug, source.KindReferralURL)
	if err != nil {
		return nil, err
	}
	u, err := client.ReferralURL.Create().
		SetPartnerID(partnerID).SetSlug(slug).SetRedirectURL(redirectURL).SetSourceID(src.ID).
		Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, reftrack.Errorf(reftrack.Conflict, "the partner already has a referral URL; it cannot be changed")
	}
	if err != nil {
		return nil, fmt.Errorf("create referral URL: %w", err)
	}
	return u, nil
}

// UpdateURL changes where partner's referral URL redirects.
func UpdateURL(ctx context.Context, client *ent.Client, hosts *redirect.Allowlist, partnerID int, redirectURL string) (*ent.ReferralURL, error) {
	if _, err := hosts.Check(redirectURL); err != nil {
		return nil, err
	}
	u, err := client.ReferralURL.Query().Where(referralurl.PartnerID(partnerID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, reftrack.Errorf(reftrack.NotFound, "the partner has no referral URL yet; create it first")
	}
	if err != nil {
		return nil, fmt.Errorf("find referral URL: %w", err)
	}
	if u.RedirectURL == redirectURL {
		return u, nil
	}
	previous := u.RedirectURL
	u, err = u.Update().SetRedirectURL(redirectURL).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("update referral URL: %w", err)
	}
	_, err = eventlog.Append(ctx, client, eventlog.Event{Type: eventlog.ReferralURLUpdated, PartnerID: partnerID,
		Payload: eventlog.ReferralURLPayload{ReferralURL: *eventlog.ReferralURLOf(u), PreviousRedirectURL: previous}})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// CreateTag creates a ref tag named name; Reftrack chooses its code.
func CreateTag(ctx context.Context, client *ent.Client, partnerID int, name string) (*ent.RefTag, error) {
	name, key, err := tagName(name)
	if err != nil {
		return nil, err
	}
	if err := checkTagName(ctx, client, partnerID, key, 0); err != nil {
		return nil, err
	}
	// A fresh code collides with an existing ref about never; retry anyway.
	for attempt := 0; ; attempt++ {
		code := NewCode()
		src, err := createSource(ctx, client, partnerID, code, source.KindRefTag)
		if reftrack.KindOf(err) == reftrack.Conflict && attempt < 3 {
			continue
		}
		if err != nil {
			return nil, err
		}
		t, err := client.RefTag.Create().
			SetPartnerID(partnerID).SetName(name).SetNameKey(key).SetCode(code).SetSourceID(src.ID).
			Save(ctx)
		if ent.IsConstraintError(err) {
			return nil, reftrack.Errorf(reftrack.Conflict, "a ref tag named %q already exists", name)
		}
		if err != nil {
			return nil, fmt.Errorf("create ref tag: %w", err)
		}
		_, err = eventlog.Append(ctx, client, eventlog.Event{Type: eventlog.RefTagCreated, PartnerID: partnerID,
			Payload: eventlog.RefTagPayload{RefTag: *eventlog.RefTagOf(t)}})
		if err != nil {
			return nil, err
		}
		return t, nil
	}
}

// RenameTag renames one of partner's ref tags; its code stays.
func RenameTag(ctx context.Context, client *ent.Client, partnerID, id int, name string) (*ent.RefTag, error) {
	name, key, err := tagName(name)
	if err != nil {
		return nil, err
	}
	t, err := client.RefTag.Query().Where(reftag.ID(id), reftag.PartnerID(partnerID)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, reftrack.Errorf(reftrack.NotFound, "ref tag not found")
	}
	if err != nil {
		return nil, fmt.Errorf("find ref tag: %w", err)
	}
	if err := checkTagName(ctx, client, partnerID, key, id); err != nil {
		return nil, err
	}
	t, err = t.Update().SetName(name).SetNameKey(key).Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, reftrack.Errorf(reftrack.Conflict, "a ref tag named %q already exists", name)
	}
	if err != nil {
		return nil, fmt.Errorf("rename ref tag: %w", err)
	}
	return t, nil
}

func tagName(name string) (string, string, error) {
	return names.Clean("a ref tag name", name, names.RefTagMax)
}

func checkTagName(ctx context.Context, client *ent.Client, partnerID int, key string, except int) error {
	taken, err := client.RefTag.Query().
		Where(reftag.PartnerID(partnerID), reftag.NameKey(key), reftag.IDNEQ(except)).
		Exist(ctx)
	if err != nil {
		return fmt.Errorf("check ref tag name: %w", err)
	}
	if taken {
		return reftrack.Errorf(reftrack.Conflict, "a ref tag with that name already exists")
	}
	return nil
}

func createSource(ctx context.Context, client *ent.Client, partnerID int, ref string, kind source.Kind) (*ent.Source, error) {
	// The namespace is shared: look across partners (the answer is only
	// whether the value is taken, which the conflict says anyway).
	taken, err := client.Source.Query().Where(source.Ref(ref)).Exist(store.System(ctx))
	if err != nil {
		return nil, fmt.Errorf("check ref %q: %w", ref, err)
	}
	if taken {
		return nil, reftrack.Errorf(reftrack.Conflict, "%q is already taken", ref)
	}
	src, err := client.Source.Create().SetPartnerID(partnerID).SetRef(ref).SetKind(kind).Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, reftrack.Errorf(reftrack.Conflict, "%q is already taken", ref)
	}
	if err != nil {
		return nil, fmt.Errorf("create source %q: %w", ref, err)
	}
	return src, nil
}

// codeAlphabet has no vowels, so codes never spell words, and no characters
// that read alike (0/o, 1/l).
const codeAlphabet = "bcdfghjkmnpqrstvwxz23456789"

// CodeLength makes a code unguessable: 27^14, about 66 bits.
const CodeLength = 14

// NewCode returns a random ref tag code.
func NewCode() string {
	b := make([]byte, 0, CodeLength)
	buf := make([]byte, 32)
	for len(b) < CodeLength {
		rand.Read(buf)
		for _, c := range buf {
			// Reject the top of the byte range so every letter is equally likely.
			if int(c) < 256-256%len(codeAlphabet) && len(b) < CodeLength {
				b = append(b, codeAlphabet[int(c)%len(codeAlphabet)])
			}
		}
	}
	return string(b)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// Availability returns nil when slug can be chosen for a referral URL,
// else why not: an Invalid or a Conflict error.
func Availability(ctx context.Context, client *ent.Client, slug string) error {
	if err := ValidateSlug(slug); err != nil {
		return err
	}
	// The namespace is shared across partners (and ref tag codes): the
	// answer is only whether the value is taken, which creating it would
	// say anyway.
	taken, err := client.Source.Query().Where(source.Ref(slug)).Exist(store.System(ctx))
	if err != nil {
		return fmt.Errorf("check ref %q: %w", slug, err)
	}
	if taken {
		return reftrack.Errorf(reftrack.Conflict, "%q is already taken", slug)
	}
	return nil
}
