package core

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fence is one fenced code block of a Markdown file.
type fence struct {
	line int    // line of the opening fence, 1-based
	lang string // first word of the info string ("rules", "go", or "")
	body string
}

// fences returns the fenced code blocks (``` or ~~~, possibly indented) of
// a Markdown text.
func fences(md string) []fence {
	var out []fence
	var cur *fence
	var marker string
	var body []string
	for i, line := range strings.Split(md, "\n") {
		t := strings.TrimSpace(line)
		if cur == nil {
			for _, m := range []string{"```", "~~~"} {
				if strings.HasPrefix(t, m) {
					n := len(t) - len(strings.TrimLeft(t, m[:1]))
					info := strings.Fields(t[n:])
					cur, marker, body = &fence{line: i + 1}, t[:n], nil
					if len(info) > 0 {
						cur.lang = info[0]
					}
					break
				}
			}
			continue
		}
		if strings.HasPrefix(t, marker) && strings.TrimLeft(t, marker[:1]) == "" {
			cur.body = strings.Join(body, "\n")
			out = append(out, *cur)
			cur = nil
			continue
		}
		body = append(body, line)
	}
	return out
}

// Every rules block of the README (a fence tagged rules) parses as it is
// printed there, comments included; and no untagged block is rule text that
// lost its tag.
func TestREADMERules(t *testing.T) {
	md, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	blocks := fences(string(md))
	require.NotEmpty(t, blocks, "the README has fenced code blocks")
	n := 0
	for _, b := range blocks {
		switch b.lang {
		case "rules":
			n++
			rules, err := quality.Parse(b.body)
			require.NoError(t, err, "the rules block at README.md line %d", b.line)
			assert.NotEmpty(t, rules, "the rules block at README.md line %d holds no rule", b.line)
		case "":
			if rules, err := quality.Parse(b.body); err == nil && len(rules) > 0 {
				t.Errorf("the untagged block at README.md line %d is rule text: tag its fence ```rules so this test checks it", b.line)
			}
		}
	}
	assert.NotZero(t, n, "the README shows rules in a fence tagged ```rules")
}

// fences finds every fenced block, backticks or tildes, indented or not,
// with its line and language.
func TestFencesFindEveryCodeBlock(t *testing.T) {
	md := "# x\n```rules\na not null\n```\ntext\n  ```go\n  x := 1\n  ```\n~~~~\n```\nin\n~~~~\n"
	assert.Equal(t, []fence{
		{line: 2, lang: "rules", body: "a not null"},
		{line: 6, lang: "go", body: "  x := 1"},
		{line: 9, lang: "", body: "```\nin"},
	}, fences(md))
}

// The README's Go example is a whole program: built against this module in
// a folder of its own (where orders.csv is a sales file from the engine's
// generator), it runs and prints what its comments say, and its check
// accounts for every record.
func TestREADMEGoExampleRuns(t *testing.T) {
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("WebAssembly runs no processes: the native run builds and runs the example")
	}
	md, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	var blocks []fence
	for _, f := range fences(string(md)) {
		if f.lang == "go" {
			blocks = append(blocks, f)
		}
	}
	require.Len(t, blocks, 1, "the README has one Go example")
	prog := blocks[0].body
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	require.NoError(t, err)
	goLine := regexp.MustCompile(`(?m)^go \S+$`).FindString(string(mod))
	require.NotEmpty(t, goLine)
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	require.NoError(t, err)

	dir := t.TempDir()
	gomod := "module readme\n\n" + goLine + "\n\nrequire github.com/ingestkit/playground v0.0.0\n\nreplace github.com/ingestkit/playground => " + strconv.Quote(root) + "\n"
	orders, _, err := sales.Generate(sales.Config{Records: 200, Seed: 1, Start: sales.DefaultStart, Span: Day, Faults: sales.Faults{NullPrice: 0.05, BadQuantity: 0.05}})
	require.NoError(t, err)
	for name, text := range map[string][]byte{"go.mod": []byte(gomod), "go.sum": sum, "main.go": []byte(prog), "orders.csv": table.AppendCSV(nil, orders, table.CSVWriteOptions{})} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), text, 0o644))
	}
	build := exec.Command("go", "build", "-o", "example", ".")
	build.Dir = dir
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	got, err := build.CombinedOutput()
	require.NoError(t, err, "%s\nthe program:\n%s", got, prog)
	run := exec.Command(filepath.Join(dir, "example"))
	run.Dir = dir
	got, err = run.CombinedOutput()
	require.NoError(t, err, "%s", got)
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	for _, want := range regexp.MustCompile(`// (\d+(?: \d+)+)\n`).FindAllStringSubmatch(prog, -1) {
		assert.Contains(t, lines, want[1], "the example prints what its comment says")
	}
	assert.Contains(t, lines, "order_id not null", "the suggestions, one rule a line")
	var records, valid, rejected, unreadable int
	_, err = fmt.Sscan(lines[len(lines)-1], &records, &valid, &rejected, &unreadable)
	require.NoError(t, err, lines[len(lines)-1])
	assert.Equal(t, 200, records)
	assert.Equal(t, records, valid+rejected+unreadable)
	assert.Positive(t, rejected)
	assert.FileExists(t, filepath.Join(dir, "etl_output.csv"))
}
