package graph

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestGraphImportsNoTransport: graph is the API's schema and thin
// resolvers; transports (the websocket, HTTP wiring) plug into it from
// server, never the other way round.
func TestGraphImportsNoTransport(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasSuffix(path, "/internal/graphqlws") || strings.HasSuffix(path, "/server") {
				t.Errorf("%s imports %s: graph must not import a transport", name, path)
			}
		}
	}
}
