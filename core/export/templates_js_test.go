//go:build js

package export

import (
	"os"
	"testing"
)

// Under WebAssembly the tests load the template files as the page does.
func TestMain(m *testing.M) {
	for t, name := range TemplateFiles {
		text, err := os.ReadFile("templates/" + name)
		if err != nil {
			panic(err)
		}
		if err := SetTemplate(t, string(text)); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
