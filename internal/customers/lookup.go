package customers

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/customer"
	"github.com/reftrack/reftrack/ent/customertag"
	"github.com/reftrack/reftrack/internal/auth"
	"github.com/reftrack/reftrack/internal/email"
	"github.com/reftrack/reftrack/internal/names"
	"github.com/reftrack/reftrack/internal/viewer"
)

// Key names a customer as the company's backend knows it: by the
// externalID it reported the signup with, else by email. Exactly one is
// given.
type Key struct {
	ExternalID string
	Email      string
}

// EmailNotVerified is the system tag a customer has while its email is not
// verified.
const EmailNotVerified = "Email Not Verified"

func (k Key) clean() (Key, error) {
	k.ExternalID = strings.TrimSpace(k.ExternalID)
	k.Email = strings.TrimSpace(k.Email)
	switch {
	case (k.ExternalID == "") == (k.Email == ""):
		return k, reftrack.Errorf(reftrack.Invalid, "give the customer's externalID or its email, not both")
	case len(k.ExternalID) > 200:
		return k, reftrack.Errorf(reftrack.Invalid, "externalID is longer than 200 characters")
	case k.Email != "":
		var err error
		k.Email, err = email.Normalize(k.Email)
		return k, err
	}
	return k, nil
}

// Find returns the customer key names, through the privacy rules (a
// partner finds only its own); nil when there is none it may see.
func Find(ctx context.Context, client *ent.Client, k Key) (*ent.Customer, error) {
	if _, err := auth.RequireRole(ctx, viewer.Service, viewer.Admin, viewer.Partner); err != nil {
		return nil, err
	}
	k, err := k.clean()
	if err != nil {
		return nil, err
	}
	q := client.Customer.Query()
	if k.ExternalID != "" {
		q.Where(customer.ExternalID(k.ExternalID))
	} else {
		q.Where(customer.Email(k.Email))
	}
	c, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find customer: %w", err)
	}
	return c, nil
}

// Change is what the company's backend changes about one customer.
type Change struct {
	Key
	// EmailVerified, when set, marks the email verified (removing Email
	// Not Verified) or not (adding it back).
	EmailVerified *bool
	// Add and Remove name tags: system tags, and for an admin also the
	// customer's partner's own.
	Add, Remove []string
}

// Update applies ch to the customer it names, for the service or an
// admin, and appends one customer.tags_changed when it changed anything;
// asking for what already is changes nothing.
func Update(ctx context.Context, client *ent.Client, ch Change) (*ent.Customer, error) {
	if _, err := auth.RequireRole(ctx, viewer.Service, viewer.Admin); err != nil {
		return nil, err
	}
	key, err := ch.Key.clean()
	if err != nil {
		return nil, err
	}
	ch.Key = key
	if ch.EmailVerified == nil && len(ch.Add) == 0 && len(ch.Remove) == 0 {
		return nil, reftrack.Errorf(reftrack.Invalid, "give emailVerified, addTags or removeTags")
	}
	if len(ch.Add)+len(ch.Remove) > MaxTagsPerCall {
		return nil, reftrack.Errorf(reftrack.Invalid, "give at most %d tag names", MaxTagsPerCall)
	}
	addKeys, err := tagKeys(ch.Add)
	if err != nil {
		return nil, err
	}
	removeKeys, err := tagKeys(ch.Remove)
	if err != nil {
		return nil, err
	}
	env := names.Key(EmailNotVerified)
	for _, k := range addKeys {
		if slices.Contains(removeKeys, k) {
			return nil, reftrack.Errorf(reftrack.Invalid, "a tag is both in addTags and in removeTags")
		}
		if k == env && ch.EmailVerified != nil {
			return nil, reftrack.Errorf(reftrack.Invalid, "give emailVerified or tag %s, not both", EmailNotVerified)
		}
	}
	if ch.EmailVerified != nil && slices.Contains(removeKeys, env) {
		return nil, reftrack.Errorf(reftrack.Invalid, "give emailVerified or tag %s, not both", EmailNotVerified)
	}
	c, err := Find(ctx, client, ch.Key)
	if err != nil {
		return nil, err
	}
	if c == nil {
		return nil, reftrack.Errorf(reftrack.NotFound, "customer not found")
	}
	verified := false // whether emailVerified changes
	if v := ch.EmailVerified; v != nil {
		if *v {
			removeKeys = append(removeKeys, env)
		} else {
			addKeys = append(addKeys, env)
		}
		if c.EmailVerified != *v {
			if c, err = client.Customer.UpdateOne(c).SetEmailVerified(*v).Save(ctx); err != nil {
				return nil, fmt.Errorf("set emailVerified: %w", err)
			}
			verified = true
		}
	}
	addIDs, err := tagIDs(ctx, client, c, addKeys)
	if err != nil {
		return nil, err
	}
	removeIDs, err := tagIDs(ctx, client, c, removeKeys)
	if err != nil {
		return nil, err
	}
	return changeTags(ctx, client, c, addIDs, removeIDs, verified)
}

func tagKeys(tagNames []string) ([]string, error) {
	keys := make([]string, 0, len(tagNames))
	for _, n := range tagNames {
		_, key, err := names.Clean("a customer tag name", n, names.CustomerTagMax)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(keys, key) {
			keys = append(keys, key)
		}
	}
	return keys, nil
}

// tagIDs resolves name keys to the tags the viewer may put on c: system
// tags, and the customer's partner's own (which the privacy rules hide
// from the service).
func tagIDs(ctx context.Context, client *ent.Client, c *ent.Customer, keys []string) ([]int, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	tags, err := client.CustomerTag.Query().
		Where(customertag.NameKeyIn(keys...), customertag.Or(customertag.System(true), customertag.PartnerID(c.PartnerID))).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("find customer tags: %w", err)
	}
	ids := make([]int, 0, len(keys))
	for _, k := range keys {
		i := slices.IndexFunc(tags, func(t *ent.CustomerTag) bool { return t.NameKey == k })
		if i < 0 {
			if viewer.FromContext(ctx).Role == viewer.Service {
				// A partner's own tags are hidden from the service: to it a
				// partner's tag name is a name that does not exist
				// (docs/decisions/0096-service-sets-system-tags.md).
				return nil, reftrack.Errorf(reftrack.NotFound, "customer tag %q not found: the company's backend names system tags only (%s)",
					k, strings.Join(SystemTags, ", "))
			}
			return nil, reftrack.Errorf(reftrack.NotFound, "customer tag %q not found", k)
		}
		ids = append(ids, tags[i].ID)
	}
	return ids, nil
}
