package config

import (
	"os"
	"testing"
)

// TestConfigurationDocIsCurrent fails when docs/configuration.md is not what
// the options table produces: run go generate ./... and commit the result.
func TestConfigurationDocIsCurrent(t *testing.T) {
	got, err := os.ReadFile("../../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != Markdown() {
		t.Errorf("docs/configuration.md differs from the options table in internal/config: run go generate ./... and commit docs/configuration.md")
	}
}
