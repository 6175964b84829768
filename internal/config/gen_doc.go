//go:build ignore

// gen_doc writes docs/configuration.md from the options table; run it
// through go generate ./... (see doc.go).
package main

import (
	"log"
	"os"

	"github.com/reftrack/reftrack/internal/config"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: go run gen_doc.go OUTPUT.md")
	}
	if err := os.WriteFile(os.Args[1], []byte(config.Markdown()), 0o644); err != nil {
		log.Fatal(err)
	}
}
