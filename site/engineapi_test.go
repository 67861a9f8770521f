package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/ingestkit/playground/wasm/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The page's engine facade (engineApi.js) has one function per method of
// the engine's method table, in its order, each documented with the
// table's own text; and the page calls methods only through it.
func TestEngineApiIsTheMethodTable(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("web", "js", "engineApi.js"))
	require.NoError(t, err)
	var got, want []string
	for _, m := range regexp.MustCompile("(?m)^  (\\w+): `(.*)`,$").FindAllStringSubmatch(string(src), -1) {
		got = append(got, m[1]+" "+m[2])
	}
	for _, m := range api.Methods() {
		want = append(want, m.Name+" "+m.Args+" → "+m.Result)
	}
	assert.Equal(t, want, got, "engineApi.js's METHODS should be wasm/api's method table")

	files, err := filepath.Glob(filepath.Join("web", "js", "*.js"))
	require.NoError(t, err)
	for _, f := range files {
		if b := filepath.Base(f); b == "engine.js" || b == "engineApi.js" {
			continue
		}
		js, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.NotRegexp(t, `engine\.call\(`, string(js), "%s calls a method by its name as a string: use the facade (engine.run(…))", f)
	}
}
