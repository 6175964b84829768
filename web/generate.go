package web

// The typed GraphQL operations and dist/ come from src/ and the schema
// (../schema.graphqls, ../ent.graphql), which the root package generates
// first.
//go:generate sh ./build.sh
