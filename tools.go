//go:build tools

// Pins the code generators that go generate runs.
package reftrack

import (
	_ "entgo.io/contrib/entgql"
	_ "entgo.io/ent/cmd/ent"
	_ "github.com/99designs/gqlgen"
)
