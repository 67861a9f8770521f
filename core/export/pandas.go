package export

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	"github.com/ingestkit/playground/core"
)

//go:embed templates/pandas.py.tmpl
var pandasTemplate string

var pandasBlocks = parseBlocks(pandasTemplate)

// py writes s as a Python string literal. Go's quoting escapes are all
// valid in Python (\a \b \f \n \r \t \v \\ \" \xhh \uhhhh \Uhhhhhhhh).
func py(s string) string { return strconv.Quote(s) }

func pyList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = py(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
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
	classes := map[byte]string{'d': "0-9", 'w': "0-9A-Za-z_", 's': `\t\n\f\r `}
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			n := p[i+1]
			i++
			switch {
			case classes[n] != "":
				if inClass {
					b.WriteString(classes[n])
				} else {
					b.WriteString("[" + classes[n] + "]")
				}
			case classes[n|0x20] != "" && !inClass:
				b.WriteString("[^" + classes[n|0x20] + "]")
			case n == 'x' && i+1 < len(p) && p[i+1] == '{':
				end := strings.IndexByte(p[i:], '}')
				if end < 0 {
					b.WriteString(`\x`)
					continue
				}
				v, _ := strconv.ParseUint(p[i+2:i+end], 16, 32)
				fmt.Fprintf(&b, `\U%08x`, v)
				i += end
			case n == '/':
				b.WriteByte('/')
			default:
				b.WriteByte('\\')
				b.WriteByte(n)
			}
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
		case c == '[' && inClass:
			b.WriteString(`\[`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func (s *etlSpec) pandas(bn *Bundle) string {
	t := pandasBlocks
	var text []string
	for _, c := range s.columns {
		if c.typ == core.TypeString {
			text = append(text, c.name)
		}
	}
	var notes string
	outputs := s.cleanName + " and " + s.rejectName
	parts := []string{
		t.expand("head", vars{"title": s.title, "input": s.input, "outputs": outputs, "notes": notes}),
		t.expand("helpers", vars{"null_tokens": "{" + strings.TrimSuffix(strings.TrimPrefix(pyList(s.nullTokens), "["), "]") + "}"}),
		t.expand("extract", vars{"input": py(s.input), "columns": pyList(names(s.columns))}),
		"TEXT_COLUMNS = set(" + pyList(text) + ")\n",
	}
	for _, c := range s.columns {
		if b := map[core.Type]string{core.TypeInt: "type_int", core.TypeDecimal: "type_decimal",
			core.TypeTimestamp: "type_timestamp", core.TypeBool: "type_bool"}[c.typ]; b != "" {
			parts = append(parts, t.expand(b, vars{"col": py(c.name)}))
		}
	}
	// Dates parsed once, for enrich and standardize alike.
	parsed := map[string]bool{}
	var dateCols []string
	if s.dateCol != "" {
		dateCols = append(dateCols, s.dateCol)
	}
	dateCols = append(dateCols, s.timestamps...)
	parts = append(parts, "typed_ts = {}\n")
	for _, name := range dateCols {
		if parsed[name] {
			continue
		}
		parsed[name] = true
		if s.col(name).typ == core.TypeTimestamp {
			parts = append(parts, fmt.Sprintf("typed_ts[%s] = typed[%s]\n", py(name), py(name)))
		} else {
			parts = append(parts, fmt.Sprintf("typed_ts[%s] = convert(typed[%s], parse_ts)\n", py(name), py(name)))
		}
	}
	parts = append(parts, t.expand("quality", vars{"now": strconv.FormatInt(s.now, 10), "now_text": core.FormatTimestamp(s.now)}))
	for _, r := range s.rules {
		parts = append(parts, s.pandasRule(r))
	}
	parts = append(parts, t.expand("split", vars{"line_col": py(s.lineCol), "codes_col": py(s.codesCol), "reasons_col": py(s.reasonsCol)}))
	if s.revenue != "" || s.dateCol != "" {
		parts = append(parts, t.expand("enrich_head", nil))
	}
	if s.revenue != "" {
		parts = append(parts, t.expand("enrich_revenue", vars{"price": py(s.price), "qty": py(s.qty), "revenue": py(s.revenue)}))
	}
	if s.dateCol != "" {
		v := vars{"col": py(s.dateCol)}
		for i, k := range []string{"year", "quarter", "month", "day_of_week", "is_weekend"} {
			v[k] = py(s.dateParts[i])
		}
		parts = append(parts, t.expand("enrich_dates", v))
	}
	parts = append(parts, t.expand("standardize_head", nil))
	for _, c := range s.columns {
		if c.typ != core.TypeString {
			continue
		}
		mode := s.cases[c.name]
		expr, what := "v", "null tokens become null"
		switch {
		case mode != "":
			inner := "v"
			if s.trim {
				inner, what = "trim(v)", "trimmed, "
			} else {
				what = ""
			}
			expr = map[string]string{core.CaseLower: inner + ".lower()", core.CaseUpper: inner + ".upper()", core.CaseTitle: "title_case(" + inner + ")"}[mode]
			what += mode + " case; null tokens become null"
		case s.trim:
			expr, what = "trim(v) if has_outer_space(v) else v", "trimmed; null tokens become null"
		}
		parts = append(parts, t.expand("standardize_text", vars{"col": py(c.name), "what": what, "expr": expr}))
	}
	for _, name := range s.timestamps {
		parts = append(parts, t.expand("standardize_timestamps", vars{"col": py(name)}))
	}
	for _, name := range s.money {
		parts = append(parts, t.expand("standardize_money", vars{"col": py(name), "source": fmt.Sprintf("typed[%s][clean_rows]", py(name))}))
	}
	writes := t.expand("write", vars{"frame": "out", "path": py(s.cleanName)}) +
		t.expand("write", vars{"frame": "rejected", "path": py(s.rejectName)}) +
		t.expand("write", vars{"frame": "quality", "path": py(s.qualityName)})
	parts = append(parts, t.expand("load", vars{"writes": writes}))
	return lines(parts...)
}

func names(cs []column) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.name
	}
	return out
}

func (s *etlSpec) pandasRule(r core.Rule) string {
	t := pandasBlocks
	c := s.col(r.Column)
	mostly := "0"
	if r.Mostly > 0 {
		mostly = fnum(r.Mostly)
	}
	sev := "reject"
	if r.Warn {
		sev = "warn"
	}
	v := vars{"rule": py(r.String()), "code": py(r.Code()), "severity": py(sev), "mostly": mostly,
		"col": py(r.Column), "name_must": py(c.name + " must "), "what": py(what(r, s.now))}
	lit := func(l core.Literal) string {
		switch c.typ {
		case core.TypeString:
			return py(l.Str)
		case core.TypeBool:
			return pyBool(l.Bool)
		}
		return fnum(operand(l, c.typ))
	}
	cmp := func(op, x string) string {
		if r.Between {
			return fmt.Sprintf("%s <= x <= %s", fnum(r.Values[0].Num), fnum(r.Values[1].Num))
		}
		return "x " + pyOps[op] + " " + x
	}
	switch r.Kind {
	case core.KindNotNull:
		return t.expand("rule_not_null", v)
	case core.KindCompare:
		v["op"], v["x"] = pyOps[r.Op], lit(r.Values[0])
		return t.expand("rule_compare", v)
	case core.KindBetween:
		v["lo"], v["hi"] = lit(r.Values[0]), lit(r.Values[1])
		return t.expand("rule_between", v)
	case core.KindIn, core.KindNotIn:
		vals := make([]string, len(r.Values))
		for i, l := range r.Values {
			vals[i] = lit(l)
		}
		v["values"], v["want"] = "["+strings.Join(vals, ", ")+"]", pyBool(r.Kind == core.KindIn)
		return t.expand("rule_in", v)
	case core.KindMatches:
		v["pattern"] = py(pyPattern(r.Pattern))
		return t.expand("rule_matches", v)
	case core.KindLength:
		x := ""
		if len(r.Values) > 0 {
			x = fnum(r.Values[0].Num)
		}
		v["test"] = strings.Replace(cmp(r.Op, x), "x", "len(x)", 1)
		if r.Between {
			v["test"] = fmt.Sprintf("%s <= len(x) <= %s", fnum(r.Values[0].Num), fnum(r.Values[1].Num))
		}
		return t.expand("rule_length", v)
	case core.KindIsNumber, core.KindIsInteger:
		switch {
		case c.typ == core.TypeString:
			v["parse"] = map[bool]string{true: "parse_int", false: "parse_decimal"}[r.Kind == core.KindIsInteger]
			return t.expand("rule_is_number_text", v)
		case c.typ == core.TypeDecimal && r.Kind == core.KindIsInteger:
			return t.expand("rule_is_integer_decimal", v)
		}
		return t.expand("rule_always", v)
	case core.KindIsDate:
		if c.typ == core.TypeTimestamp {
			return t.expand("rule_always", v)
		}
		return t.expand("rule_is_date", v)
	case core.KindNotFuture:
		if c.typ == core.TypeTimestamp {
			return t.expand("rule_not_future_ts", v)
		}
		return t.expand("rule_not_future_text", v)
	case core.KindUnique:
		return t.expand("rule_unique", v)
	case core.KindRowCount, core.KindDuplicateCount:
		test := "n " + pyOps[r.Op] + " " + fnum(valueNum(r, 0))
		if r.Between {
			test = fmt.Sprintf("%s <= n <= %s", fnum(r.Values[0].Num), fnum(r.Values[1].Num))
		}
		v["test"], v["label"] = test, py(columnLabel(r.Column))
		if r.Kind == core.KindRowCount {
			return t.expand("rule_row_count", v)
		}
		return t.expand("rule_duplicate_count", v)
	case core.KindFreshness:
		v["op"], v["limit"] = pyOps[r.Op], strconv.FormatInt(r.Duration, 10)
		v["to_ms"] = "lambda x: x"
		if c.typ == core.TypeString {
			v["to_ms"] = "parse_ts"
		}
		return t.expand("rule_freshness", v)
	}
	return "# " + r.String() + ": not translated\n"
}

func valueNum(r core.Rule, i int) float64 {
	if i < len(r.Values) {
		return r.Values[i].Num
	}
	return 0
}

// columnLabel is a column as rule text writes it.
func columnLabel(name string) string {
	r := core.Rule{Kind: core.KindDuplicateCount, Column: name, Op: "=", Values: []core.Literal{{Kind: core.LitNumber}}}
	s := r.String()
	return s[len("duplicate_count("):strings.LastIndex(s, ")")]
}
