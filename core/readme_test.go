package core

import (
	"os"
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
