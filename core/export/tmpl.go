package export

import (
	"fmt"
	"strings"
)

// The exported programs are written from template files (templates/*):
// each file is a set of named blocks,
//
//	{{define name}}
//	…text with {{placeholders}}…
//	{{end}}
//
// or on one line, {{define name}}text{{end}}, for text without a line
// break; the generator picks blocks and fills their placeholders. The code a
// learner reads lives in those files, not in Go strings. This small
// expander stands in for text/template, which would add its parser, its
// reflection-driven evaluator and net/url to the page's WebAssembly.
type blocks map[string]string

// parseBlocks reads a template file. Lines outside blocks are comments for
// whoever edits the file and are ignored.
func parseBlocks(src string) blocks {
	b := blocks{}
	var name string
	var body strings.Builder
	for _, line := range strings.SplitAfter(src, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case name == "" && strings.HasPrefix(t, "{{define ") && strings.HasSuffix(t, "{{end}}") && strings.Count(t, "}}") == 2:
			// A one-line block: {{define name}}text{{end}}, the text without
			// a line break (separators such as ", ").
			line = strings.TrimRight(line, "\r\n")
			open := strings.Index(line, "}}")
			b[strings.TrimSpace(line[strings.Index(line, "{{define ")+len("{{define "):open])] = line[open+2 : len(line)-len("{{end}}")]
		case strings.HasPrefix(t, "{{define ") && strings.HasSuffix(t, "}}"):
			name = strings.TrimSpace(t[len("{{define ") : len(t)-2])
			body.Reset()
		case t == "{{end}}" && name != "":
			b[name] = body.String()
			name = ""
		case name != "":
			body.WriteString(line)
		}
	}
	return b
}

// vars are a block's placeholder values: key, value, key, value… A slice,
// not a map: a map literal compiles to a call per entry, which costs the
// page's WebAssembly several times more than a list of strings. Lookups
// search from the end, so a later value for a key wins.
type vars []string

func (v vars) get(key string) (string, bool) {
	for i := len(v) - 2; i >= 0; i -= 2 {
		if v[i] == key {
			return v[i+1], true
		}
	}
	return "", false
}

// expand returns block name with every {{key}} replaced by its value. A
// placeholder without a value is a bug in the generator: it panics, and
// the tests run every block.
func (b blocks) expand(name string, v vars) string {
	src, ok := b[name]
	if !ok {
		panic(fmt.Sprintf("export: no template block %q", name))
	}
	return fill(name, src, v)
}

// fill replaces every {{key}} of src by its value (name names src in a
// panic).
func fill(name, src string, v vars) string {
	var out strings.Builder
	for {
		i := strings.Index(src, "{{")
		if i < 0 {
			out.WriteString(src)
			return out.String()
		}
		j := strings.Index(src[i:], "}}")
		if j < 0 {
			panic(fmt.Sprintf("export: block %q has an unclosed placeholder", name))
		}
		key := src[i+2 : i+j]
		val, ok := v.get(key)
		if !ok {
			panic(fmt.Sprintf("export: block %q needs a value for {{%s}}", name, key))
		}
		out.WriteString(src[:i])
		out.WriteString(val)
		src = src[i+j+2:]
	}
}
