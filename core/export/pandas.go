package export

import (
	"strconv"
	"strings"

	"github.com/ingestkit/playground/core"
)

// py writes s as a Python string literal. Go's quoting escapes are all
// valid in Python (\a \b \f \n \r \t \v \\ \" \xhh \uhhhh \Uhhhhhhhh).
func py(s string) string { return strconv.Quote(s) }

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

var pyOps = map[string]string{"=": "==", "!=": "!=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}

// pyPattern rewrites a "matches" pattern (Go's RE2 syntax) for Python's re
// with the same meaning: \d, \w and \s are ASCII classes in Go but Unicode
// in Python, $ ends the value (Python's $ also matches before a final
// newline: \Z does not), and \x{hh} is written \U.
func pyPattern(p string) string {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '\\' && i+1 < len(p) {
			i++
			n := p[i]
			k := strings.IndexByte("dwsDWS", n)
			switch {
			case k >= 0 && (k < 3 || !inClass):
				body := [3]string{"0-9", "0-9A-Za-z_", `\t\n\f\r `}[k%3]
				if k >= 3 {
					body = "^" + body
				}
				if !inClass {
					body = "[" + body + "]"
				}
				b.WriteString(body)
			case n == 'x' && i+1 < len(p) && p[i+1] == '{' && strings.IndexByte(p[i:], '}') > 0:
				end := strings.IndexByte(p[i:], '}')
				v, _ := strconv.ParseUint(p[i+2:i+end], 16, 32)
				hex := strconv.FormatUint(v, 16)
				b.WriteString(`\U` + strings.Repeat("0", 8-len(hex)) + hex)
				i += end
			case n == '/':
				b.WriteByte('/')
			default:
				b.WriteByte('\\')
				b.WriteByte(n)
			}
			continue
		}
		switch {
		case c == '[' && !inClass:
			inClass = true
			b.WriteByte(c)
			if i+1 < len(p) && p[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' {
				b.WriteString(`\]`)
				i++
			}
		case c == ']' && inClass:
			inClass = false
			b.WriteByte(c)
		case c == '$' && !inClass:
			b.WriteString(`\Z`)
		case c == '[':
			b.WriteString(`\[`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func names(cs []column) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.name
	}
	return out
}

func valueNum(r core.Rule, i int) float64 {
	if i < len(r.Values) {
		return r.Values[i].Num
	}
	return 0
}
