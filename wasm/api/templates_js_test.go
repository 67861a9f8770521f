//go:build js

package api

import (
	"os"
	"testing"

	"github.com/ingestkit/playground/core/export"
)

// Under WebAssembly the engine has no templates until the page sends them:
// the tests send them as the page does.
func TestMain(m *testing.M) {
	e := New()
	args := map[string]any{}
	for t, name := range export.TemplateFiles {
		text, err := os.ReadFile("../../core/export/templates/" + name)
		if err != nil {
			panic(err)
		}
		args[string(t)] = string(text)
	}
	if _, _, err := e.Call("exportTemplates", args); err != nil {
		panic(err.Message)
	}
	os.Exit(m.Run())
}
