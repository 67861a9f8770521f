package export

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	"github.com/ingestkit/playground/core"
)

//go:embed templates/duckdb.sql.tmpl
var duckdbTemplate string

var duckdbBlocks = parseBlocks(duckdbTemplate)

// sqlStr writes s as an SQL string literal.
func sqlStr(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// sqlID writes name as a quoted SQL identifier.
func sqlID(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

func sqlList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = sqlStr(s)
	}
	return strings.Join(q, ", ")
}

var sqlOps = map[string]string{"=": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}

// msID names a text date column's value parsed to Unix ms in the clean step.
func msID(name string) string { return sqlID("ms." + name) }

// typedID names a column's typed value in the clean step.
func typedID(name string) string { return sqlID("typed." + name) }

func (s *etlSpec) duckdb(bn *Bundle) string {
	t := duckdbBlocks
	parts := []string{
		t.expand("head", vars{"title": s.title, "input": s.input, "outputs": s.cleanName + ", " + s.rejectName + " and " + s.qualityName, "notes": ""}),
		t.expand("helpers", vars{"null_tokens": sqlList(s.nullTokens)}),
	}
	var rawCols, types, breaks, typedCols, typedAs []string
	for _, c := range s.columns {
		id := sqlID(c.name)
		rawCols = append(rawCols, fmt.Sprintf("coalesce(%s, '') AS %s", id, id))
		types = append(types, sqlStr(c.name)+": 'VARCHAR'")
		breaks = append(breaks, fmt.Sprintf("length(%s) - length(replace(%s, chr(10), ''))", id, id))
		var expr string
		switch c.typ {
		case core.TypeInt:
			expr = "parse_int(strip_st(" + id + "))"
		case core.TypeDecimal:
			expr = "parse_decimal(strip_st(" + id + "))"
		case core.TypeTimestamp:
			expr = "parse_ts(" + id + ")"
		case core.TypeBool:
			expr = "lower(strip_st(" + id + ")) = 'true'"
		default:
			expr = id
		}
		typedCols = append(typedCols, fmt.Sprintf("CASE WHEN is_null_token(%s) THEN NULL ELSE %s END AS %s", id, expr, id))
		typedAs = append(typedAs, "t."+id+" AS "+typedID(c.name))
	}
	parts = append(parts, t.expand("extract", vars{"input": sqlStr(s.input), "raw_columns": strings.Join(rawCols, ", "),
		"column_types": "{" + strings.Join(types, ", ") + "}", "line_breaks": strings.Join(breaks, " + "),
		"typed_columns": strings.Join(typedCols, ",\n       ")}))
	parts = append(parts, t.expand("quality", vars{"now_text": core.FormatTimestamp(s.now)}))
	for i, r := range s.rules {
		parts = append(parts, s.duckdbRule(i+1, r))
	}
	parts = append(parts, t.expand("split", nil))

	// Clean rows: every output column, in the engine's order.
	// Text dates are parsed once, for enrich and standardize alike.
	parsedTS := map[string]bool{}
	var parsed string
	for _, name := range append([]string{s.dateCol}, s.timestamps...) {
		if name != "" && s.col(name).typ == core.TypeString && !parsedTS[name] {
			parsedTS[name] = true
			parsed += ", parse_ts(" + sqlID(name) + ") AS " + msID(name)
		}
	}
	dateMs := func(name string) string {
		if s.col(name).typ == core.TypeTimestamp {
			return typedID(name)
		}
		return msID(name)
	}
	stamps, money := map[string]bool{}, map[string]bool{}
	for _, n := range s.timestamps {
		stamps[n] = true
	}
	for _, n := range s.money {
		money[n] = true
	}
	var out []string
	for _, c := range s.columns {
		id := "r." + sqlID(c.name)
		var expr string
		switch {
		case stamps[c.name] && c.typ == core.TypeString:
			expr = "format_ts(" + msID(c.name) + ")"
		case stamps[c.name]:
			expr = "format_ts(" + typedID(c.name) + ")"
		case money[c.name]:
			expr = "format_decimal(" + typedID(c.name) + ", 2)"
		case c.typ == core.TypeString:
			v := id
			switch mode := s.cases[c.name]; {
			case mode != "":
				if s.trim {
					v = "go_trim(" + v + ")"
				}
				v = map[string]string{core.CaseLower: "lower(" + v + ")", core.CaseUpper: "upper(" + v + ")", core.CaseTitle: "title_case(" + v + ")"}[mode]
			case s.trim:
				v = fmt.Sprintf("CASE WHEN has_outer_space(%s) THEN go_trim(%s) ELSE %s END", id, id, id)
			}
			expr = fmt.Sprintf("CASE WHEN is_null_token(%s) THEN NULL ELSE %s END", id, v)
		default:
			expr = id
		}
		out = append(out, fmt.Sprintf("nullif(%s, '') AS %s", expr, sqlID(c.name)))
	}
	if s.revenue != "" {
		out = append(out, fmt.Sprintf("format_decimal(%s * %s, 2) AS %s", typedID(s.price), typedID(s.qty), sqlID(s.revenue)))
	}
	if s.dateCol != "" {
		ts := "make_timestamp(" + dateMs(s.dateCol) + " * 1000)"
		exprs := []string{
			"CAST(year(" + ts + ") AS VARCHAR)", "CAST(quarter(" + ts + ") AS VARCHAR)", "CAST(month(" + ts + ") AS VARCHAR)",
			"dayname(" + ts + ")", "CASE WHEN isodow(" + ts + ") >= 6 THEN 'true' WHEN " + ts + " IS NOT NULL THEN 'false' END",
		}
		for i, e := range exprs {
			out = append(out, e+" AS "+sqlID(s.dateParts[i]))
		}
	}
	parts = append(parts, t.expand("clean", vars{"columns": strings.Join(out, ",\n       "), "typed_as": strings.Join(typedAs, ", "), "parsed": parsed}))
	var rej []string
	for _, c := range s.columns {
		rej = append(rej, fmt.Sprintf("nullif(raw.%s, '') AS %s", sqlID(c.name), sqlID(c.name)))
	}
	rej = append(rej, "CAST(lines.line AS VARCHAR) AS "+sqlID(s.lineCol), "q.codes AS "+sqlID(s.codesCol), "q.reasons AS "+sqlID(s.reasonsCol))
	parts = append(parts, t.expand("load", vars{"clean_columns": "*", "clean": sqlStr(s.cleanName), "rejected": sqlStr(s.rejectName),
		"quality": sqlStr(s.qualityName), "rejected_columns": strings.Join(rej, ", ")}))
	return lines(parts...)
}

func (s *etlSpec) duckdbRule(no int, r core.Rule) string {
	t := duckdbBlocks
	c := s.col(r.Column)
	mostly := "0"
	if r.Mostly > 0 {
		mostly = fnum(r.Mostly)
	}
	sev := "reject"
	if r.Warn {
		sev = "warn"
	}
	got := "text"
	if c.typ == core.TypeString {
		got = "quote_rule(text)"
	}
	v := vars{"rule": strings.ReplaceAll(r.String(), "\n", " "), "rule_text": sqlStr(r.String()), "no": strconv.Itoa(no), "code": sqlStr(r.Code()),
		"severity": sqlStr(sev), "mostly": mostly, "col": sqlID(r.Column), "name_must": sqlStr(c.name + " must ")}
	v["reason"] = v["name_must"] + " || " + sqlStr(what(r, s.now)) + " || ', got ' || " + got
	lit := func(l core.Literal) string {
		switch c.typ {
		case core.TypeString:
			return sqlStr(l.Str)
		case core.TypeBool:
			return strconv.FormatBool(l.Bool)
		}
		return fnum(operand(l, c.typ))
	}
	row := func(pass string) string {
		v["pass"] = pass
		return t.expand("rule_row", v)
	}
	switch r.Kind {
	case core.KindNotNull:
		return t.expand("rule_not_null", v)
	case core.KindCompare:
		return row("v " + sqlOps[r.Op] + " " + lit(r.Values[0]))
	case core.KindBetween:
		return row("v BETWEEN " + lit(r.Values[0]) + " AND " + lit(r.Values[1]))
	case core.KindIn, core.KindNotIn:
		vals := make([]string, len(r.Values))
		for i, l := range r.Values {
			vals[i] = lit(l)
		}
		return row(fmt.Sprintf("(v IN (%s)) = %t", strings.Join(vals, ", "), r.Kind == core.KindIn))
	case core.KindMatches:
		return row("regexp_matches(v, " + sqlStr(r.Pattern) + ")")
	case core.KindLength:
		v["reason"] += " || ' (length ' || length(text) || ')'"
		if r.Between {
			return row("length(v) BETWEEN " + fnum(r.Values[0].Num) + " AND " + fnum(r.Values[1].Num))
		}
		return row("length(v) " + sqlOps[r.Op] + " " + fnum(r.Values[0].Num))
	case core.KindIsNumber, core.KindIsInteger:
		switch {
		case c.typ == core.TypeString && r.Kind == core.KindIsInteger:
			return row("parse_int(strip_st(v)) IS NOT NULL")
		case c.typ == core.TypeString:
			return row("parse_decimal(strip_st(v)) IS NOT NULL")
		case c.typ == core.TypeDecimal && r.Kind == core.KindIsInteger:
			return row("v = trunc(v)")
		}
		return row("true")
	case core.KindIsDate:
		v["reason"] = v["name_must"] + " || 'be a date, got ' || " + got
		if c.typ == core.TypeTimestamp {
			return row("true")
		}
		return row("parse_ts(v) IS NOT NULL")
	case core.KindNotFuture:
		now := strconv.FormatInt(s.now, 10)
		if c.typ == core.TypeTimestamp {
			return row("v <= " + now)
		}
		v["reason"] = fmt.Sprintf("%s || CASE WHEN parse_ts(text) IS NULL THEN 'be a date not in the future' ELSE %s END || ', got ' || %s",
			v["name_must"], sqlStr(what(r, s.now)), got)
		return row("coalesce(parse_ts(v) <= " + now + ", false)")
	case core.KindUnique:
		return t.expand("rule_unique", v)
	case core.KindRowCount, core.KindDuplicateCount:
		test := "n " + sqlOps[r.Op] + " " + fnum(valueNum(r, 0))
		if r.Between {
			test = fmt.Sprintf("n BETWEEN %s AND %s", fnum(r.Values[0].Num), fnum(r.Values[1].Num))
		}
		v["test"] = test
		if r.Kind == core.KindRowCount {
			return t.expand("rule_row_count", v)
		}
		return t.expand("rule_duplicate_count", v)
	case core.KindFreshness:
		v["now"], v["op"], v["limit"] = strconv.FormatInt(s.now, 10), sqlOps[r.Op], strconv.FormatInt(r.Duration, 10)
		v["to_ms"] = sqlID(r.Column)
		if c.typ == core.TypeString {
			v["to_ms"] = "parse_ts(" + sqlID(r.Column) + ")"
		}
		return t.expand("rule_freshness", v)
	}
	return "-- " + r.String() + ": not translated\n"
}
