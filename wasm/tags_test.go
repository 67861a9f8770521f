//go:build !js

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every file that touches JavaScript must be built only for GOOS=js, so the
// rest of the module builds and tests natively.
func TestJSFilesCarryTheWasmTag(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	more, _ := filepath.Glob("api/*.go")
	files = append(files, more...)
	for _, f := range files {
		if f == "tags_test.go" {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		src := string(b)
		if strings.Contains(src, `"github.com/hack-pad/safejs"`) || strings.Contains(src, `"syscall/js"`) {
			assert.True(t, strings.HasPrefix(src, "//go:build js && wasm\n"), "%s imports JavaScript bindings without the js && wasm build tag", f)
		}
	}
	b, err := os.ReadFile("api/api.go")
	require.NoError(t, err)
	assert.NotContains(t, string(b), "safejs", "package api stays plain Go")
}
