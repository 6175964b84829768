// Package secret keeps the instance-wide secrets (the keys that sign
// visitor ids and public ids) in the database, so that every instance on
// one database signs alike and a restart invalidates nothing.
package secret

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/setting"
	"github.com/reftrack/reftrack/internal/store"
)

// Get returns the secret named key, creating a random one on first use.
// Every instance on the same database gets the same value.
func Get(ctx context.Context, client *ent.Client, key string) ([]byte, error) {
	ctx = store.System(ctx)
	s, err := client.Setting.Query().Where(setting.Key(key)).Only(ctx)
	if err == nil {
		return s.Value, nil
	}
	if !ent.IsNotFound(err) {
		return nil, fmt.Errorf("read secret %s: %w", key, err)
	}
	v := make([]byte, 32)
	rand.Read(v)
	err = client.Setting.Create().SetKey(key).SetValue(v).Exec(ctx)
	if err != nil && !ent.IsConstraintError(err) {
		return nil, fmt.Errorf("create secret %s: %w", key, err)
	}
	if err != nil { // another instance won the race
		s, err := client.Setting.Query().Where(setting.Key(key)).Only(ctx)
		if err != nil {
			return nil, fmt.Errorf("read secret %s: %w", key, err)
		}
		return s.Value, nil
	}
	return v, nil
}
