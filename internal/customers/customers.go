// Package customers organises the customers partners brought: the five
// system tags, partners' own tags, and tagging customers.
package customers

import (
	"context"
	"fmt"
	"slices"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/customer"
	"github.com/reftrack/reftrack/ent/customertag"
	"github.com/reftrack/reftrack/ent/predicate"
	"github.com/reftrack/reftrack/internal/auth"
	"github.com/reftrack/reftrack/internal/eventlog"
	"github.com/reftrack/reftrack/internal/names"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/viewer"
)

// MaxTagsPerCall bounds the tag ids of one call.
const MaxTagsPerCall = 50

// Tags returns the system tags and the viewer's own, system tags first.
func Tags(ctx context.Context, client *ent.Client) ([]*ent.CustomerTag, error) {
	if _, err := auth.Require(ctx); err != nil {
		return nil, err
	}
	tags, err := client.CustomerTag.Query().
		Order(ent.Desc(customertag.FieldSystem), ent.Asc(customertag.FieldID)).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list customer tags: %w", err)
	}
	return tags, nil
}

// CreateTag creates one of the calling partner's own tags.
func CreateTag(ctx context.Context, client *ent.Client, name string) (*ent.CustomerTag, error) {
	partnerID, err := auth.RequirePartner(ctx)
	if err != nil {
		return nil, err
	}
	name, key, err := names.Clean("a customer tag name", name, names.CustomerTagMax)
	if err != nil {
		return nil, err
	}
	// Visible tags are the system ones and the partner's own: a clash with
	// either is a conflict.
	taken, err := client.CustomerTag.Query().Where(customertag.NameKey(key)).Exist(ctx)
	if err != nil {
		return nil, fmt.Errorf("check customer tag name: %w", err)
	}
	if taken {
		return nil, reftrack.Errorf(reftrack.Conflict, "a customer tag named %q already exists", name)
	}
	t, err := client.CustomerTag.Create().SetName(name).SetNameKey(key).SetPartnerID(partnerID).Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, reftrack.Errorf(reftrack.Conflict, "a customer tag named %q already exists", name)
	}
	if err != nil {
		return nil, fmt.Errorf("create customer tag: %w", err)
	}
	return t, nil
}

// DeleteTag deletes one of the calling partner's own tags, untagging every
// customer that had it. System tags cannot be deleted.
func DeleteTag(ctx context.Context, client *ent.Client, id int) error {
	if _, err := auth.RequirePartner(ctx); err != nil {
		return err
	}
	t, err := client.CustomerTag.Get(ctx, id)
	if ent.IsNotFound(err) {
		return reftrack.Errorf(reftrack.NotFound, "customer tag not found")
	}
	if err != nil {
		return fmt.Errorf("find customer tag: %w", err)
	}
	if t.System {
		return reftrack.Errorf(reftrack.Forbidden, "system tag %q cannot be deleted", t.Name)
	}
	// Every customer that loses the tag is told, as removeCustomerTags
	// would tell it: one customer.tags_changed each, in this transaction.
	ids, err := client.CustomerTag.QueryCustomers(t).Order(ent.Asc(customer.FieldID)).IDs(ctx)
	if err != nil {
		return fmt.Errorf("find tagged customers: %w", err)
	}
	if err := client.CustomerTag.DeleteOne(t).Exec(ctx); err != nil {
		return fmt.Errorf("delete customer tag: %w", err)
	}
	// The events are appended after every other write (eventlog's rule),
	// reading the customers and their tags left a page at a time.
	removed := []eventlog.Tag{eventlog.TagOf(t)}
	for page := range slices.Chunk(ids, 500) {
		carriers, err := client.Customer.Query().Where(customer.IDIn(page...)).Order(ent.Asc(customer.FieldID)).
			WithTags().All(store.System(ctx))
		if err != nil {
			return fmt.Errorf("read tagged customers: %w", err)
		}
		evs := make([]eventlog.Event, len(carriers))
		for i, c := range carriers {
			evs[i] = eventlog.Event{Type: eventlog.CustomerTagsChanged, PartnerID: c.PartnerID,
				Payload: eventlog.TagsChanged{Customer: eventlog.CustomerOf(c, c.Edges.Tags), Added: []eventlog.Tag{}, Removed: removed}}
		}
		if _, err := eventlog.AppendAll(ctx, client, evs); err != nil {
			return err
		}
	}
	return nil
}

// AddTags maps tags onto a customer: a partner's own customers, or any
// customer for the service. Tags must be system tags or the customer's
// partner's own.
func AddTags(ctx context.Context, client *ent.Client, customerID int, tagIDs []int) (*ent.Customer, error) {
	c, tags, err := customerAndTags(ctx, client, customerID, tagIDs)
	if err != nil {
		return nil, err
	}
	return changeTags(ctx, client, c, tags, nil, false)
}

// RemoveTags removes tags from a customer; tags it does not have are ignored.
func RemoveTags(ctx context.Context, client *ent.Client, customerID int, tagIDs []int) (*ent.Customer, error) {
	c, tags, err := customerAndTags(ctx, client, customerID, tagIDs)
	if err != nil {
		return nil, err
	}
	return changeTags(ctx, client, c, nil, tags, false)
}

// changeTags adds the tags of add the customer lacks and removes those of
// remove it has, and appends one customer.tags_changed when that changed
// anything, or when changed says the caller changed the customer otherwise
// (its emailVerified).
func changeTags(ctx context.Context, client *ent.Client, c *ent.Customer, add, remove []int, changed bool) (*ent.Customer, error) {
	// The event tells the partner every tag of its customer, the service's
	// call included (which reads only system tags): read them as Reftrack.
	sys := store.System(ctx)
	had, err := client.Customer.QueryTags(c).
		Order(ent.Desc(customertag.FieldSystem), ent.Asc(customertag.FieldID)).All(sys)
	if err != nil {
		return nil, fmt.Errorf("read customer tags: %w", err)
	}
	has := func(id int) bool {
		return slices.ContainsFunc(had, func(t *ent.CustomerTag) bool { return t.ID == id })
	}
	add = slices.DeleteFunc(slices.Clone(add), has)
	remove = slices.DeleteFunc(slices.Clone(remove), func(id int) bool { return !has(id) })
	if len(add) == 0 && len(remove) == 0 {
		if !changed {
			return c, nil
		}
	} else if err := client.Customer.UpdateOne(c).AddTagIDs(add...).RemoveTagIDs(remove...).Exec(ctx); err != nil {
		return nil, fmt.Errorf("change customer tags: %w", err)
	}
	now, err := client.Customer.QueryTags(c).
		Order(ent.Desc(customertag.FieldSystem), ent.Asc(customertag.FieldID)).All(sys)
	if err != nil {
		return nil, fmt.Errorf("read customer tags: %w", err)
	}
	ev := eventlog.TagsChanged{Customer: eventlog.CustomerOf(c, now), Added: []eventlog.Tag{}, Removed: []eventlog.Tag{}}
	for _, t := range had {
		if slices.Contains(remove, t.ID) {
			ev.Removed = append(ev.Removed, eventlog.TagOf(t))
		}
	}
	for _, t := range now {
		if slices.Contains(add, t.ID) {
			ev.Added = append(ev.Added, eventlog.TagOf(t))
		}
	}
	if _, err := eventlog.Append(ctx, client, eventlog.Event{Type: eventlog.CustomerTagsChanged, PartnerID: c.PartnerID, Payload: ev}); err != nil {
		return nil, err
	}
	return c, nil
}

func customerAndTags(ctx context.Context, client *ent.Client, customerID int, tagIDs []int) (*ent.Customer, []int, error) {
	if _, err := auth.RequireRole(ctx, viewer.Partner, viewer.Service, viewer.Admin); err != nil {
		return nil, nil, err
	}
	if len(tagIDs) == 0 {
		return nil, nil, reftrack.Errorf(reftrack.Invalid, "give at least one tag id")
	}
	if len(tagIDs) > MaxTagsPerCall {
		return nil, nil, reftrack.Errorf(reftrack.Invalid, "give at most %d tag ids", MaxTagsPerCall)
	}
	c, err := client.Customer.Get(ctx, customerID)
	if ent.IsNotFound(err) {
		return nil, nil, reftrack.Errorf(reftrack.NotFound, "customer not found")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("find customer: %w", err)
	}
	ids := slices.Compact(slices.Sorted(slices.Values(tagIDs)))
	n, err := client.CustomerTag.Query().
		Where(customertag.IDIn(ids...), customertag.Or(customertag.System(true), customertag.PartnerID(c.PartnerID))).
		Count(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("find customer tags: %w", err)
	}
	if n != len(ids) {
		return nil, nil, reftrack.Errorf(reftrack.NotFound, "customer tag not found")
	}
	return c, ids, nil
}

// HavingTags returns a predicate for customers that have every tag in tagIDs.
func HavingTags(tagIDs []int) predicate.Customer {
	ps := make([]predicate.Customer, len(tagIDs))
	for i, id := range tagIDs {
		ps[i] = customer.HasTagsWith(customertag.ID(id))
	}
	return customer.And(ps...)
}
