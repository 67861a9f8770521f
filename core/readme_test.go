package core

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

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
			rules, err := ParseRules(b.body)
			require.NoError(t, err, "the rules block at README.md line %d", b.line)
			assert.NotEmpty(t, rules, "the rules block at README.md line %d holds no rule", b.line)
		case "":
			if rules, err := ParseRules(b.body); err == nil && len(rules) > 0 {
				t.Errorf("the untagged block at README.md line %d is rule text: tag its fence ```rules so this test checks it", b.line)
			}
		}
	}
	assert.NotZero(t, n, "the README shows rules in a fence tagged ```rules")
}

func TestFences(t *testing.T) {
	md := "# x\n```rules\na not null\n```\ntext\n  ```go\n  x := 1\n  ```\n~~~~\n```\nin\n~~~~\n"
	assert.Equal(t, []fence{
		{line: 2, lang: "rules", body: "a not null"},
		{line: 6, lang: "go", body: "  x := 1"},
		{line: 9, lang: "", body: "```\nin"},
	}, fences(md))
}

// The README's Go example runs as it is shown: its lines become the body
// of a program (its imports, plus fmt and os; data is a sales file from
// the engine's generator; the names it declares are used), which is built
// against this module and run in a folder of its own. It prints what its
// comments say.
func TestREADMEGoExampleRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program: not under -short")
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
	body := blocks[0].body
	imports := regexp.MustCompile(`(?s)^import \((.*?)\)\n`).FindStringSubmatch(body)
	require.NotNil(t, imports, "the example starts with an import block")
	body = strings.TrimPrefix(body, imports[0])
	var used []string
	for _, m := range regexp.MustCompile(`(?m)^([\w, ]+) :=`).FindAllStringSubmatch(body, -1) {
		for _, name := range strings.Split(m[1], ",") {
			if name = strings.TrimSpace(name); name != "_" {
				used = append(used, "_ = "+name)
			}
		}
	}
	prog := "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n" + imports[1] + ")\n\nfunc main() {\n" +
		"\tsales, _, _ := core.GenerateSales(core.GenConfig{Records: 100, Seed: 1, Start: core.DefaultStart, Span: core.Day})\n" +
		"\tdata := core.AppendCSV(nil, sales, core.CSVWriteOptions{})\n" + body + "\n\t" + strings.Join(used, "\n\t") + "\n}\n"
	src, err := os.MkdirTemp(".", ".readme-example-") // inside the module, so that its packages resolve
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(src) })
	require.NoError(t, os.WriteFile(filepath.Join(src, "main.go"), []byte(prog), 0o644))
	run := t.TempDir() // where the example writes its file
	bin := filepath.Join(run, "example")
	build := exec.Command("go", "build", "-o", bin, "./"+filepath.Base(src))
	got, err := build.CombinedOutput()
	require.NoError(t, err, "%s\nthe program:\n%s", got, prog)
	cmd := exec.Command(bin)
	cmd.Dir = run
	got, err = cmd.CombinedOutput()
	require.NoError(t, err, "%s", got)
	for _, want := range regexp.MustCompile(`// (\d[\d ]*\d <nil>)`).FindAllStringSubmatch(body, -1) {
		assert.Contains(t, string(got), want[1], "the example prints what its comment says")
	}
	assert.Contains(t, string(got), "not null", "the suggestions are printed")
	assert.FileExists(t, filepath.Join(run, "etl_output.csv"))
}
