package export

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
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

// askedFor, when set (by a test, before any export runs), is told each
// block the generator asks a template for: probe when it only asked
// whether the template has it.
var askedFor func(name string, probe bool)

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

// expand returns block name with every {{key}} replaced by its value
// (see fill; comment is the target's line comment). A placeholder without a
// value is a bug in the generator: it panics, and the tests run every block.
func (b blocks) expand(name string, v vars, comment string) string {
	if askedFor != nil {
		askedFor(name, false)
	}
	src, ok := b[name]
	if !ok {
		panic(fmt.Sprintf("export: no template block %q", name))
	}
	return fill(name, src, v, comment)
}

// fill replaces every {{key}} of src by its value (name names src in a
// panic). A value placed inside a comment of the target's language (comment
// names the language by its line comment: "#" Python, "--" SQL, "//" Go;
// "" for a README) is written by noteText: whatever text a learner's file
// or settings put there, the comment stays one comment on one line. Where
// a value lands is known by reading the block's text as the language does
// (strings, quoted names and comments: see lexer).
func fill(name, src string, v vars, comment string) string {
	var out strings.Builder
	lx := lexer{lang: comment}
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
		if comment != "" {
			lx.read(src[:i])
			if lx.state == inComment {
				val = noteText(val)
			}
			lx.read(val)
		}
		out.WriteString(val)
		src = src[i+j+2:]
	}
}

// lexer follows a program's text far enough to tell code, strings and
// comments apart: Python ('…', "…", triple quotes, # comments), SQL ('…'
// and "…" with doubled quotes, -- and /* */ comments) or Go ("…" and '…'
// with escapes, `…`, // and /* */ comments). A block is read from its
// start as code.
type lexer struct {
	lang  string // "#", "--" or "//"
	state int
	close string // what ends the string or comment under way
	esc   bool   // a backslash escapes the next character in it
}

const (
	inCode = iota
	inString
	inComment
)

func (l *lexer) read(s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch l.state {
		case inCode:
			rest := s[i:]
			switch {
			case strings.HasPrefix(rest, l.lang) || l.lang != "#" && strings.HasPrefix(rest, "/*"):
				l.state, l.close = inComment, "\n"
				if rest[0] == '/' && rest[1] == '*' {
					l.close = "*/"
				}
				i += len(l.lang) - 1
			case c == '\'' || c == '"' || c == '`' && l.lang == "//":
				l.state, l.close, l.esc = inString, string(c), l.lang != "--" && c != '`'
				if l.lang == "#" && (strings.HasPrefix(rest, `"""`) || strings.HasPrefix(rest, "'''")) {
					l.close = rest[:3]
					i += 2
				}
			}
		case inString:
			switch {
			case l.esc && c == '\\':
				i++
			case strings.HasPrefix(s[i:], l.close):
				if l.lang == "--" && i+1 < len(s) && s[i+1] == c {
					i++ // a doubled quote
					continue
				}
				l.state = inCode
				i += len(l.close) - 1
			case c == '\n' && len(l.close) == 1 && l.lang != "--" && l.close != "`":
				l.state = inCode // (an unclosed one-line string: a bug the tests find)
			}
		case inComment:
			if c == '\r' && l.close == "\n" || strings.HasPrefix(s[i:], l.close) {
				l.state = inCode
				i += len(l.close) - 1
			}
		}
	}
}

// noteText writes s for a comment or a README: as it is when it is plain
// printable text on one line; otherwise with every control, line or
// paragraph separator, invisible formatting character (byte order marks,
// bidirectional overrides: "Trojan Source") and byte that is not UTF-8
// written as an escape (\n, \u2028, \xff).
func noteText(s string) string {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		plain = s[i] >= 0x20 && s[i] < 0x7f
	}
	if plain {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r >= 0x20 && r < 0x7f || r >= 0xa0 && unicode.IsPrint(r):
			b.WriteString(s[i : i+n])
		default:
			b.WriteString(`\u`)
			h := strconv.FormatUint(uint64(r), 16)
			b.WriteString(strings.Repeat("0", max(0, 4-len(h))) + h)
		}
		i += n
	}
	return b.String()
}
