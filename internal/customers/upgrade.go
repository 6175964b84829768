package customers

import (
	"context"
	"fmt"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/customertag"
	"github.com/reftrack/reftrack/ent/reftag"
	"github.com/reftrack/reftrack/internal/names"
	"github.com/reftrack/reftrack/internal/store"
)

// SystemTags are the customer tags every partner has; they can be neither
// renamed nor deleted.
var SystemTags = []string{"Email Not Verified", "New Signup", "Free Trial", "Paid Customer", "Not Interested"}

// SeedSystemTags is the upgrade that adds the system tags a database lacks.
// It runs in one write transaction: on SQLite that keeps instances starting
// at once from each seeing no tag and each adding it.
var SeedSystemTags = store.Upgrade{Name: "system tags", Run: func(ctx context.Context, client *ent.Client, _ string) error {
	return store.WithTx(ctx, client, func(ctx context.Context, tx *ent.Tx) error {
		return seed(ctx, tx.Client())
	})
}}

// FillNameKeys is the upgrade that recomputes the name keys of tags stored
// before names were normalised.
var FillNameKeys = store.Upgrade{Name: "name keys", Run: func(ctx context.Context, client *ent.Client, _ string) error {
	return fillNameKeys(ctx, client)
}}

func seed(ctx context.Context, client *ent.Client) error {
	for _, name := range SystemTags {
		key := names.Key(name)
		n, err := client.CustomerTag.Query().Where(customertag.System(true), customertag.NameKey(key)).Count(ctx)
		if err != nil {
			return fmt.Errorf("seed system tags: %w", err)
		}
		if n > 0 {
			continue
		}
		if err := client.CustomerTag.Create().SetName(name).SetNameKey(key).SetSystem(true).Exec(ctx); err != nil && !ent.IsConstraintError(err) {
			return fmt.Errorf("seed system tag %q: %w", name, err)
		}
	}
	return nil
}

// NameKeysKey names the setting that records when the name keys of ref
// tags and customer tags were recomputed with names.Key.
const NameKeysKey = "name-keys-normalised"

// fillNameKeys recomputes, once per database, the keys of names stored when
// keys were only lower-cased, so that "ＶＩＰ" stored then conflicts with
// "vip" now. A key that would clash with another name's is left as it was.
func fillNameKeys(ctx context.Context, client *ent.Client) error {
	return store.Once(ctx, client, NameKeysKey, func(ctx context.Context, tx *ent.Tx) error {
		refTags, err := tx.RefTag.Query().Select(reftag.FieldID, reftag.FieldPartnerID, reftag.FieldName, reftag.FieldNameKey).All(ctx)
		if err != nil {
			return fmt.Errorf("read ref tag names: %w", err)
		}
		for _, t := range refTags {
			key := names.Key(t.Name)
			if key == t.NameKey {
				continue
			}
			taken, err := tx.RefTag.Query().Where(reftag.PartnerID(t.PartnerID), reftag.NameKey(key)).Exist(ctx)
			if err != nil {
				return fmt.Errorf("check ref tag name: %w", err)
			}
			if !taken {
				if err := tx.RefTag.UpdateOneID(t.ID).SetNameKey(key).Exec(ctx); err != nil {
					return fmt.Errorf("rekey ref tag: %w", err)
				}
			}
		}
		tags, err := tx.CustomerTag.Query().All(ctx)
		if err != nil {
			return fmt.Errorf("read customer tag names: %w", err)
		}
		for _, t := range tags {
			key := names.Key(t.Name)
			if key == t.NameKey {
				continue
			}
			q := tx.CustomerTag.Query().Where(customertag.NameKey(key))
			if t.PartnerID == nil {
				q.Where(customertag.PartnerIDIsNil())
			} else {
				q.Where(customertag.PartnerID(*t.PartnerID))
			}
			taken, err := q.Exist(ctx)
			if err != nil {
				return fmt.Errorf("check customer tag name: %w", err)
			}
			if !taken {
				if err := tx.CustomerTag.UpdateOneID(t.ID).SetNameKey(key).Exec(ctx); err != nil {
					return fmt.Errorf("rekey customer tag: %w", err)
				}
			}
		}
		return nil
	})
}
