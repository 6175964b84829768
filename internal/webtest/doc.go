// Package webtest runs the web app's end-to-end tests (web/e2e, Node and
// playwright-core driving Debian's Chromium) against a real server on a
// fresh SQLite database, from `go test`. Without Node, the npm packages or
// Chromium the tests are skipped and say why; REFTRACK_REQUIRE_BROWSER=1
// (CI) makes that a failure.
package webtest
