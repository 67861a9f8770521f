package export

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/ingestkit/playground/core/quality"
)

// py writes s as a Python string literal. Go's quoting escapes are all
// valid in Python (\a \b \f \n \r \t \v \\ \" \xhh \uhhhh \Uhhhhhhhh).
func py(s string) string { return strconv.Quote(s) }

// pySimpleCase writes Go's case mapping of the letters whose Python full
// mapping gives several letters (SpecialCasing.txt's unconditional
// mappings): the dictionaries SIMPLE_UPPER and SIMPLE_LOWER.
func pySimpleCase() string {
	var up, low []string
	for _, rg := range [][2]rune{{0xdf, 0xdf}, {0x130, 0x130}, {0x149, 0x149}, {0x1f0, 0x1f0}, {0x390, 0x390}, {0x3b0, 0x3b0},
		{0x587, 0x587}, {0x1e96, 0x1e9a}, {0x1f50, 0x1f56}, {0x1f80, 0x1faf}, {0x1fb2, 0x1fb7}, {0x1fbc, 0x1fbc},
		{0x1fc2, 0x1fc7}, {0x1fcc, 0x1fcc}, {0x1fd2, 0x1fd7}, {0x1fe2, 0x1fe7}, {0x1ff2, 0x1ff7}, {0x1ffc, 0x1ffc},
		{0xfb00, 0xfb06}, {0xfb13, 0xfb17}} {
		for r := rg[0]; r <= rg[1]; r++ {
			up = append(up, fmt.Sprintf("%q: %q", string(r), string(unicode.ToUpper(r))))
			low = append(low, fmt.Sprintf("%q: %q", string(r), string(unicode.ToLower(r))))
		}
	}
	return "SIMPLE_UPPER = {" + strings.Join(up, ", ") + "}\nSIMPLE_LOWER = {" + strings.Join(low, ", ") + "}"
}

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
		case c == '{' && !inClass && !re2Repeat(p[i:]):
			b.WriteString(`\{`) // RE2 reads it as text; Python could read {,n} as a repeat
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

// re2Repeat reports whether s starts with a repeat as RE2 reads one: {n},
// {n,} or {n,m}.
func re2Repeat(s string) bool {
	i := 1
	digits := func() bool {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i > j
	}
	if !digits() {
		return false
	}
	if i < len(s) && s[i] == ',' {
		i++
		digits()
	}
	return i < len(s) && s[i] == '}'
}

func names(cs []column) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.name
	}
	return out
}

func valueNum(r quality.Rule, i int) float64 {
	if i < len(r.Values) {
		return r.Values[i].Num
	}
	return 0
}
