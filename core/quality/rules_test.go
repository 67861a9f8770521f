package quality

import (
	"testing"

	"github.com/ingestkit/playground/core/table"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRoundTrip(t *testing.T) {
	cases := []struct{ in, canon string }{
		{"price not null", "price not null"},
		{"  quantity   >   0  ", "quantity > 0"},
		{"quantity == 1", "quantity = 1"},
		{"quantity <> 1", "quantity != 1"},
		{`category in ("Electronics", "Books","Home")`, `category in ("Electronics", "Books", "Home")`},
		{`category not in ("Toys")`, `category not in ("Toys")`},
		{`email matches "^[^@]+@[^@]+$"`, `email matches "^[^@]+@[^@]+$"`},
		{"order_id unique", "order_id unique"},
		{"price between 0 and 10000", "price between 0 and 10000"},
		{"warn: discount <= 0.50", "warn: discount <= 0.5"},
		{"reject: price > 0", "price > 0"},
		{"WARN : price > -1.5", "warn: price > -1.5"},
		{`"unit price" >= 0`, `"unit price" >= 0`},
		{"`unit price` >= 0", `"unit price" >= 0`},
		{`"say \"hi\"" not null`, `"say \"hi\"" not null`},
		{"code length between 2 and 5", "code length between 2 and 5"},
		{"code length = 5", "code length = 5"},
		{"amount is number", "amount is number"},
		{"amount is integer", "amount is integer"},
		{"order_ts is date", "order_ts is date"},
		{"order_ts not in future", "order_ts not in future"},
		{"row_count between 100 and 200", "row_count between 100 and 200"},
		{"row_count > 0", "row_count > 0"},
		{"freshness(order_ts) < 24h", "freshness(order_ts) < 1d"},
		{"freshness(\"order ts\") <= 90m", `freshness("order ts") <= 90m`},
		{"duplicate_count(order_id) = 0", "duplicate_count(order_id) = 0"},
		{"price not null mostly 0.95", "price not null mostly 0.95"},
		{"active = true", "active = true"},
		{`"row_count" > 1`, `"row_count" > 1`},
		{"price > 1e3", "price > 1000"},
	}
	for _, c := range cases {
		rules, err := Parse(c.in)
		require.NoError(t, err, c.in)
		require.Len(t, rules, 1)
		assert.Equal(t, c.canon, rules[0].String(), c.in)
		again, err := Parse(rules[0].String())
		require.NoError(t, err)
		assert.Equal(t, rules, again, "round trip of %q", c.in)
	}
	rules, err := Parse("# the demo's gate\n\nprice not null\r\n  # comment\nquantity > 0\n")
	require.NoError(t, err)
	require.Len(t, rules, 2)
	assert.Equal(t, 3, rules[0].Line)
	assert.Equal(t, 5, rules[1].Line)
	assert.Equal(t, "price not null\nquantity > 0\n", Format(rules))
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		in        string
		line, col int
		msg       string
	}{
		{"quantity >", 1, 11, "expected a value to compare with"},
		{"price\n", 1, 6, "expected a check after the column name"},
		{"price > 0\nprice nul", 2, 7, `found "nul"`},
		{"category in (Electronics)", 1, 14, "put text values in double quotes"},
		{`category in ("a" "b")`, 1, 18, "expected , or ) in the list"},
		{`category in ("a", 1)`, 1, 0, "mixes"},
		{"price between 10 and 1", 1, 0, "greater than the upper bound"},
		{"price between 1 or 10", 1, 17, `expected "and"`},
		{`email matches "("`, 1, 15, "not valid"},
		{`email matches "abc`, 1, 15, "never closed"},
		{"price > 0 mostly 2", 1, 18, "at most 1"},
		{"price > 0 extra", 1, 11, "one rule per line"},
		{"row_count > 1.5", 1, 11, "whole number"},
		{"row_count > 0 mostly 0.5", 1, 15, "row rules only"},
		{"freshness(order_ts) > 1d", 1, 21, "expected < or <="},
		{"freshness(order_ts) < soon", 1, 23, "duration"},
		{"> 5", 1, 1, "expected a column name"},
		{"price ! 5", 1, 7, "lone !"},
		{"price is maybe", 1, 10, "number, integer or date"},
		{`"" not null`, 1, 1, "empty"},
		{"price > 0 ; drop", 1, 11, `unexpected character ";"`},
		{"þyngd > 0", 1, 1, `unexpected character "þ": a column name with characters other than a-z`},
		{"Größe > 0", 1, 3, `unexpected character "ö"`},
	}
	for _, c := range cases {
		_, err := Parse(c.in)
		var re *Error
		require.ErrorAs(t, err, &re, c.in)
		assert.ErrorIs(t, err, ErrSyntax)
		assert.Equal(t, c.line, re.Line, c.in)
		assert.Equal(t, c.col, re.Column, "%s: %s", c.in, err)
		assert.Contains(t, err.Error(), c.msg, c.in)
	}
}

// start2024 is 2024-01-01T00:00:00Z.
const start2024 int64 = 1_704_067_200_000

// mustTable builds a test's table of columns of one length.
func mustTable(name string, cols ...*table.Column) *table.Table {
	t, err := table.NewTable(name, cols...)
	if err != nil {
		panic(err)
	}
	return t
}

func ruleTable() *table.Table {
	tab := mustTable("t",
		table.NewStringColumn("id", []string{"a", "b", "a", "c", "b", "d"}, nil),
		table.NewIntColumn("qty", []int64{1, 0, 3, -2, 5, 0}, []bool{false, false, false, false, false, true}),
		table.NewDecimalColumn("price", []float64{9.5, 0, 20, 5000, 12.25, 3}, []bool{false, true, false, false, false, false}, 2),
		table.NewStringColumn("email", []string{"x@y.z", "bad", "p@q.r", "", "no-at", "m@n.o"}, []bool{false, false, false, true, false, false}),
		table.NewStringColumn("when", []string{"2024-01-01", "2024-02-30", "2030-01-01", "01/02/2024", "soon", "2024-05-05T10:00:00Z"}, nil),
		table.NewBoolColumn("ok", []bool{true, false, true, true, false, true}, nil),
		table.NewTimestampColumn("ts", []int64{start2024, start2024 + table.Day, start2024 + 400*table.Day, start2024, start2024, start2024}, nil),
		table.NewStringColumn("code", []string{"AB", "ABCDEF", "ÅÄÖ", "A", "ABC", "ABCD"}, nil),
	)
	tab.Lines = []int{2, 3, 5, 6, 7, 9}
	return tab
}

// Each row-level rule fails exactly its rows, counts nulls apart and
// gives its reason.
func TestCheckFindsEachRulesFailures(t *testing.T) {
	now := start2024 + 30*table.Day
	cases := []struct {
		rule     string
		failRows []int
		nulls    int
		status   string
		reason   string // reason of the first failure
	}{
		{"price not null", []int{1}, 1, StatusFail, "price must not be null"},
		{"qty > 0", []int{1, 3}, 1, StatusFail, "qty must be > 0, got 0"},
		{"qty >= 0", []int{3}, 1, StatusFail, "got -2"},
		{"qty != 0", []int{1}, 1, StatusFail, "qty must be != 0, got 0"},
		{"price between 1 and 100", []int{3}, 1, StatusFail, "price must be between 1 and 100, got 5000.00"},
		{"id unique", []int{2, 4}, 0, StatusFail, `id must be unique: "a" already appears on line 2`},
		{`id in ("a", "b")`, []int{3, 5}, 0, StatusFail, `id must be one of "a", "b", got "c"`},
		{`id not in ("a")`, []int{0, 2}, 0, StatusFail, `id must not be one of "a", got "a"`},
		{"qty in (1, 3, 5)", []int{1, 3}, 1, StatusFail, "got 0"},
		{`email matches "^[^@]+@[^@]+$"`, []int{1, 4}, 1, StatusFail, `email must match "^[^@]+@[^@]+$", got "bad"`},
		{"code length between 2 and 4", []int{1, 3}, 0, StatusFail, `code must have a length between 2 and 4, got "ABCDEF" (length 6)`},
		{"code length <= 3", []int{1, 5}, 0, StatusFail, "length 6"},
		{"when is date", []int{1, 4}, 0, StatusFail, `when must be a date, got "2024-02-30"`},
		{"when not in future", []int{1, 2, 4, 5}, 0, StatusFail, `when must be a date not in the future, got "2024-02-30"`},
		{"ts not in future", []int{2}, 0, StatusFail, "ts must not be in the future (after 2024-01-31T00:00:00Z), got 2025-02-04T00:00:00Z"},
		{`ts between "2024-01-01" and "2024-12-31"`, []int{2}, 0, StatusFail, "got 2025-02-04"},
		{`ts < "2024-06-01"`, []int{2}, 0, StatusFail, `ts must be < "2024-06-01"`},
		{"ok = true", []int{1, 4}, 0, StatusFail, "ok must be = true, got false"},
		{`id >= "b"`, []int{0, 2}, 0, StatusFail, `got "a"`},
		{"qty is integer", nil, 1, StatusPass, ""},
		{"price is integer", []int{0, 4}, 1, StatusFail, "price must be a whole number, got 9.50"},
		{"warn: qty > 0", []int{1, 3}, 1, StatusWarn, ""},
		{"qty > 0 mostly 0.6", []int{1, 3}, 1, StatusPass, ""},
		{"qty > 0 mostly 0.7", []int{1, 3}, 1, StatusFail, ""},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			tab := ruleTable()
			rules, err := Parse(c.rule)
			require.NoError(t, err)
			rep, err := Check(tab, rules, Options{Now: now})
			require.NoError(t, err)
			r := rep.Results[0]
			var rows []int
			for _, s := range r.Samples {
				rows = append(rows, s.Row)
				assert.Equal(t, tab.Line(s.Row), s.Line)
			}
			assert.Equal(t, c.failRows, rows)
			assert.Equal(t, len(c.failRows), r.Failures)
			assert.Equal(t, c.nulls, r.Nulls)
			assert.Equal(t, c.status, r.Status)
			if c.reason != "" {
				assert.Contains(t, r.Samples[0].Reason, c.reason)
			}
			if c.status == StatusFail {
				assert.Len(t, rep.Rejected, len(c.failRows))
			} else {
				assert.Empty(t, rep.Rejected)
				assert.Equal(t, len(c.failRows), rep.Warned)
			}
			if r.Kind == "not_null" {
				assert.Equal(t, 6, r.Checked)
			} else {
				assert.Equal(t, 6-c.nulls, r.Checked)
			}
		})
	}
}

func TestCheckSamplesAndMerge(t *testing.T) {
	// 1,000 orders: every 20th price is null; quantities run -3 to 3.
	price, priceNull, qty := make([]float64, 1000), make([]bool, 1000), make([]int64, 1000)
	for i := range price {
		price[i], priceNull[i], qty[i] = float64(i%50)+0.5, i%20 == 7, int64(i%7-3)
	}
	tab := mustTable("orders", table.NewDecimalColumn("price", price, priceNull, 2), table.NewIntColumn("quantity", qty, nil))
	rules, err := Parse("price not null\nquantity > 0\nquantity < 0")
	require.NoError(t, err)
	rep, err := Check(tab, rules, Options{})
	require.NoError(t, err)
	assert.Len(t, rep.Results[0].Samples, 20)
	assert.Equal(t, 50, rep.Results[0].Failures)
	assert.Equal(t, 5.0, rep.Results[0].FailurePct)
	// Every row fails "quantity < 0" or "quantity > 0" unless it is 0.
	for _, rf := range rep.Rejected {
		assert.Equal(t, len(rf.Codes), len(rf.Reasons))
	}
	assert.Equal(t, 1000, len(rep.Rejected))
}

// A rule that does not fit the data is refused at its line, saying what
// is wrong and how to write it.
func TestBindErrorsNameTheProblem(t *testing.T) {
	tab := ruleTable()
	cases := map[string]string{
		"Qty > 0":                   `unknown column "Qty" (did you mean qty?)`,
		"qty > \"5\"":               `qty is an integer column; compare it with a number, not "5"`,
		"id > 5":                    "id is a text column; write 5 in double quotes",
		"qty matches \"x\"":         "matches works on text columns, but qty is an integer column",
		"price length > 2":          "length works on text columns",
		"ok > true":                 "use = or != or in",
		"ts > \"tomorrow\"":         `ts is a timestamp column; compare it with a date in double quotes`,
		"qty is date":               "is date checks date or text columns",
		"freshness(qty) < 1d":       "freshness checks date or text columns",
		"duplicate_count(nope) = 0": `unknown column "nope"`,
		"ok is number":              "is number and is integer check text or number columns",
	}
	for rule, msg := range cases {
		rules, err := Parse("price not null\n" + rule)
		require.NoError(t, err, rule)
		_, err = Check(tab, rules, Options{})
		var re *Error
		require.ErrorAs(t, err, &re, rule)
		assert.Equal(t, 2, re.Line)
		assert.ErrorIs(t, err, ErrBind)
		assert.Contains(t, err.Error(), msg, rule)
	}
}

// row_count, duplicate_count and freshness judge the table as a whole:
// pass, warn or fail with what they saw.
func TestDatasetRulesJudgeTheWholeTable(t *testing.T) {
	tab := ruleTable()
	rules, err := Parse("row_count between 1 and 5\nwarn: row_count > 10\nduplicate_count(id) = 0\nduplicate_count(id) <= 2\nfreshness(ts) < 1d\nfreshness(when) <= 400d\nfreshness(email) < 1d")
	require.NoError(t, err)
	rep, err := Check(tab, rules, Options{Now: start2024 + 400*table.Day + table.Hour})
	require.NoError(t, err)
	st := func(i int) string { return rep.Results[i].Status }
	assert.Equal(t, StatusFail, st(0))
	assert.Equal(t, "row_count must be between 1 and 5, got 6", rep.Results[0].Message)
	assert.Equal(t, StatusWarn, st(1))
	assert.Equal(t, StatusFail, st(2))
	assert.Equal(t, "duplicate_count(id) = 2", rep.Results[2].Observed)
	assert.Equal(t, StatusPass, st(3))
	assert.Equal(t, StatusPass, st(4), rep.Results[4].Observed)
	assert.Equal(t, StatusPass, st(5))
	assert.Equal(t, StatusFail, st(6))
	assert.Contains(t, rep.Results[6].Message, "needs at least one date")
	assert.True(t, rep.DatasetFailed)
	assert.Empty(t, rep.Rejected, "dataset checks quarantine nothing")
}

func TestQuotedTextEscapes(t *testing.T) {
	rules, err := Parse(`email matches "^\d+\.x\\\\y\"z$"` + "\n" + `note in ("two\nlines", "tab\there", "back\\")`)
	require.NoError(t, err)
	assert.Equal(t, `^\d+\.x\\y"z$`, rules[0].Pattern)
	assert.Equal(t, "two\nlines", rules[1].Values[0].Str)
	assert.Equal(t, "tab\there", rules[1].Values[1].Str)
	assert.Equal(t, `back\`, rules[1].Values[2].Str)
	assert.Equal(t, `email matches "^\d+\.x\\\y\"z$"`, rules[0].String(), "\\d stays as typed; a backslash is escaped only where it must be")
	again, err := Parse(Format(rules))
	require.NoError(t, err)
	for i := range rules {
		again[i].Line = rules[i].Line
	}
	assert.Equal(t, rules, again)
}

// A # outside quotes starts a comment anywhere on a line; inside a quoted
// value, pattern or column name it is text, and such a rule prints back to
// text that parses to the same rule.
func TestRuleComments(t *testing.T) {
	cases := []struct{ in, canon string }{
		{`"unit price" >= 0   # column names with spaces go in quotes`, `"unit price" >= 0`},
		{"price not null# no space before the comment", "price not null"},
		{"quantity > 0 #", "quantity > 0"},
		{"quantity > 0#1", "quantity > 0"},
		{"warn: discount <= 0.5 mostly 0.9 # # twice", "warn: discount <= 0.5 mostly 0.9"},
		{"freshness(order_ts) < 1d # a day", "freshness(order_ts) < 1d"},
		{"row_count > 0\t# tab before", "row_count > 0"},
		{`tag in ("#a", "b#") # the list's values hold #`, `tag in ("#a", "b#")`},
		{`"col #1" not null # a column name with #`, `"col #1" not null`},
		{"`col #2` unique", `"col #2" unique`},
		{`code matches "^#[0-9a-f]{6}$" # a colour`, `code matches "^#[0-9a-f]{6}$"`},
		{`note = "say \"#\" # not a comment" # a comment`, `note = "say \"#\" # not a comment"`},
		{`duplicate_count("#id") = 0`, `duplicate_count("#id") = 0`},
	}
	for _, c := range cases {
		rules, err := Parse(c.in)
		require.NoError(t, err, c.in)
		require.Len(t, rules, 1, c.in)
		assert.Equal(t, c.canon, rules[0].String(), c.in)
		again, err := Parse(Format(rules))
		require.NoError(t, err, c.in)
		assert.Equal(t, rules, again, "round trip of %q", c.in)
	}
	rules, err := Parse("# header\nprice not null # one\n  # alone\nquantity > 0 # two\n")
	require.NoError(t, err)
	require.Len(t, rules, 2)
	assert.Equal(t, []int{2, 4}, []int{rules[0].Line, rules[1].Line})
	assert.Equal(t, "price not null\nquantity > 0\n", Format(rules))

	// A comment ends the rule where it starts: what comes before must be a
	// whole rule, and the error points at the #.
	errs := []struct {
		in  string
		col int
		msg string
	}{
		{"price # not null", 7, "expected a check after the column name"},
		{"quantity > # 0", 12, "expected a value to compare with"},
		{`tag in ("a", # "b")`, 14, "expected a value"},
		{`email matches "^a # b`, 15, "never closed"},
		{"# only a comment\nprice !# x", 7, "lone !"},
	}
	for _, c := range errs {
		_, err := Parse(c.in)
		var re *Error
		require.ErrorAs(t, err, &re, c.in)
		assert.Equal(t, c.col, re.Column, c.in)
		assert.Contains(t, re.Error(), c.msg, c.in)
	}
}
