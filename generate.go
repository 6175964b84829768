// Package reftrack holds the domain error kinds shared by every package.
// Generation runs ent first, then gqlgen, since gqlgen reads ent's output.
package reftrack

//go:generate go run -mod=mod ./ent/entc.go
//go:generate go run -mod=mod github.com/99designs/gqlgen
