package config

//go:generate go run gen_doc.go ../../docs/configuration.md

import (
	"fmt"
	"strings"
)

// Markdown returns docs/configuration.md: the same options table as Usage,
// as a Markdown page. `go generate ./...` writes it, and a test fails when
// the committed file differs.
func Markdown() string {
	var b strings.Builder
	b.WriteString(`# Configuration

<!-- Generated from the options table in internal/config by go generate ./...; do not edit. -->

Every setting of ` + "`reftrack serve`" + ` is a command-line flag with a matching
` + "`REFTRACK_`" + ` environment variable. A flag that is given wins over its
variable, the variable wins over the default, and an empty variable counts
as unset. ` + "`reftrack serve --help`" + ` prints the same table.

The configuration is validated before the server starts, and every problem
is reported at once, each naming both the flag and the variable. Secrets are
read only from the environment, so they never show in process listings, and
no error message quotes them.

| flag | environment | default | meaning |
|---|---|---|---|
`)
	for _, o := range options {
		flagCol := "`" + o.flagName() + "`"
		if o.envOnly {
			flagCol = "(environment only)"
		}
		def := o.def
		if o.defDoc != "" {
			def = o.defDoc
		}
		if def == "" {
			def = "none"
		} else {
			def = "`" + def + "`"
		}
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s |\n", flagCol, o.envName(), def, mdCell(o.help))
	}
	b.WriteString(`
How the server runs with these settings (shutdown, the database files,
PostgreSQL, upgrades) is in [operations.md](operations.md).
`)
	return b.String()
}

// mdCell keeps a help text inside one table cell.
func mdCell(s string) string {
	return strings.ReplaceAll(s, "|", `\|`)
}
