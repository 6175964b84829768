// Package database opens Reftrack's database ready to serve: the schema
// migrated by store, then the data upgrades of the packages that own the
// data, in order. Everything that serves or maintains a database opens it
// here; store.Open alone gives a database without them (the system tags
// missing), for tests of the store itself and of the packages below.
package database

import (
	"context"

	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/customers"
	"github.com/reftrack/reftrack/internal/rollup"
	"github.com/reftrack/reftrack/internal/store"
)

// Upgrades run after every migration, in this order. Append; never reorder
// or remove one that a released version ran.
var Upgrades = []store.Upgrade{
	rollup.FillRunningTotals,
	clicks.FillUnmatchedRefs,
	customers.FillNameKeys,
	customers.SeedSystemTags,
	clicks.FillLastClicks,
}

// Open opens the database dsn names (an SQLite file path or a postgres://
// URL), migrates it and runs the upgrades.
func Open(ctx context.Context, dsn string, opts ...store.Option) (*store.DB, error) {
	return store.Open(ctx, dsn, append(opts, store.WithUpgrades(Upgrades...))...)
}
