// Package web holds the partner area's web app as built into dist/ (by
// Vite, from this directory's sources), embedded in the binary so that
// `reftrack serve` needs no Node and no other process.
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Files returns the built app (index.html and assets/), or nil while dist
// holds no build.
func Files() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		return nil
	}
	if _, err := fs.Stat(sub, "index.html"); err != nil {
		return nil
	}
	return sub
}
