package export

import (
	"strings"
	"testing"

	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The pandas and Beam programs read top down: the helpers that carry the
// playground's meaning of values are a file of their own (values.py,
// values.go), the program's first step comes soon after its header, and
// each Go file imports what it uses. DuckDB keeps its macros before the SQL.
func TestHelpersAreAFileOfTheirOwn(t *testing.T) {
	first := map[Target]string{Pandas: "def read_input", Beam: "var columns"}
	for _, target := range Targets {
		b, err := ETLProgram(core.DefaultETLConfig(), target)
		require.NoError(t, err)
		if target == DuckDB {
			assert.Empty(t, b.HelperFile)
			assert.Contains(t, b.HelperText(), "meaning of values")
			continue
		}
		f := b.File(helperFile[target])
		require.NotNil(t, f, "%s: %s", target, helperFile[target])
		assert.Equal(t, helperFile[target], b.HelperFile)
		assert.Equal(t, [2]int{}, b.Helpers)
		assert.Contains(t, string(f.Data), "meaning of values")
		prog := b.Program()
		assert.NotContains(t, prog, "func setOf", "%s: the helpers are not in the program", target)
		assert.NotContains(t, prog, "def parse_ts", "%s: the helpers are not in the program", target)
		at := strings.Index(prog, first[target])
		require.Positive(t, at, target)
		assert.Less(t, strings.Count(prog[:at], "\n"), 50, "%s: the first step follows the header", target)
	}
	b, err := ETLProgram(core.DefaultETLConfig(), Beam)
	require.NoError(t, err)
	values := string(b.File("values.go").Data)
	assert.Contains(t, values, "\n\t\"regexp\"\n", "the helpers' own imports")
	assert.NotContains(t, b.Program(), "\"regexp\"", "main.go imports only what it uses")
	assert.Contains(t, b.Program(), "\n\t\"github.com/apache/beam/sdks/v2/go/pkg/beam\"\n")
}

// A package name in a comment, a string or a rune is not a use: a
// learner's text (a file name, a pattern) reaches a program only as a
// literal, and must not change what it imports.
func TestGoSelectorsSkipCommentsAndLiterals(t *testing.T) {
	src := "// regexp.Compile\n/* sync.Mutex */\nx := \"strings.Title \\\" sort.Ints\"\ny := `unicode.IsUpper`\nz := '.'\nfmt.Println(a.b, math.Pi)\nq.r.s()\n"
	got := goSelectors(src)
	assert.Equal(t, map[string]bool{"fmt": true, "a": true, "math": true, "q": true}, got)
	lines := []string{"\t\"fmt\"", "\t\"regexp\"", "", "\tbeam \"github.com/x/beam\"", "\t_ \"github.com/x/local\""}
	assert.Equal(t, []string{"\t\"fmt\""}, keepUsed(lines, "fmt.X()", false))
	assert.Equal(t, []string{"\t\"fmt\"", "", "\tbeam \"github.com/x/beam\"", "\t_ \"github.com/x/local\""}, keepUsed(lines, "fmt.X(); beam.Y()", true))
}

// A learner's file named like the helpers' file is read under another
// name: copied into the folder, it would replace them.
func TestFileNamedLikeTheHelpersIsRenamed(t *testing.T) {
	for _, name := range []string{"values.py", "VALUES.GO"} {
		assert.Equal(t, "data_"+core.SafeFileName(name), bundleSafeName(name), name)
	}
}
