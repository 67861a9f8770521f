package api

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// docLines is the package doc's list of methods as the table gives it.
func docLines() []string {
	var out []string
	for _, m := range methodTable {
		out = append(out, fmt.Sprintf("//\t%-15s %s → %s", m.Name, m.Args, m.Result))
	}
	return out
}

// The package doc lists exactly the methods Call answers, with their
// arguments and results as the table says; a method added to the table
// without its doc line (or the reverse) fails here, printing the lines.
func TestMethodsAreDocumented(t *testing.T) {
	src, err := os.ReadFile("api.go")
	require.NoError(t, err)
	var doc []string
	for _, l := range strings.Split(string(src), "\n") {
		if strings.HasPrefix(l, "//\t") {
			doc = append(doc, l)
		}
	}
	assert.Equal(t, docLines(), doc, "api.go's method list should read:\n%s", strings.Join(docLines(), "\n"))
	// Every method Call knows is in the table, and answers (or says it is
	// the worker's).
	e := New()
	for _, m := range methodTable {
		_, _, err := e.Call(m.Name, map[string]any{"zz": 1})
		if err != nil {
			assert.NotContains(t, err.Message, "unknown method", m.Name)
		}
	}
	_, _, cerr := e.Call("nosuch", nil)
	require.NotNil(t, cerr)
	assert.Equal(t, `unknown method "nosuch"`, cerr.Message)
}

// The worker's own methods (wasm/main.go) are the table's Worker entries.
func TestWorkerMethodsAreListed(t *testing.T) {
	src, err := os.ReadFile("../main.go")
	require.NoError(t, err)
	handled := regexp.MustCompile(`case "(\w+)":\n\s*// A test hook`).FindAllStringSubmatch(string(src), -1)
	require.NotEmpty(t, handled)
	for _, h := range handled {
		m := methodIndex[h[1]]
		require.NotNil(t, m, "wasm/main.go answers %s, which the method table does not list", h[1])
		assert.True(t, m.Worker, h[1])
	}
}
