package table

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A standardize setting that names a column wrongly is refused before any
// column changes: the table comes back as it was, whichever step's column
// is wrong.
func TestStandardizeRefusesBeforeChanging(t *testing.T) {
	table := func() *Table {
		return mustTable("t",
			NewStringColumn("name", []string{"  ada ", "BOB", "N/A"}, nil),
			NewStringColumn("day", []string{"2024-01-02", "2024-01-03", "x"}, nil),
			NewIntColumn("qty", []int64{1, 2, 3}, nil),
			NewDecimalColumn("price", []float64{1.5, 2, 3.25}, nil, 2),
		)
	}
	good := Standardize{Trim: true, NullTokens: DefaultNullTokens, Case: []ColumnCase{{Column: "name", Mode: CaseTitle}}, Timestamps: []string{"day"}, Money: []string{"price"}}
	for _, c := range []struct {
		name string
		edit func(*Standardize)
		want string
	}{
		{"unknown timestamp column", func(s *Standardize) { s.Timestamps = []string{"day", "when"} }, `names unknown column "when"`},
		{"a number as a timestamp", func(s *Standardize) { s.Timestamps = []string{"qty"} }, `column "qty" is an integer column, not text or dates`},
		{"unknown money column", func(s *Standardize) { s.Money = []string{"cost"} }, `names unknown column "cost"`},
		{"money that is no decimal", func(s *Standardize) { s.Money = []string{"qty"} }, `column "qty" is an integer column, not a decimal`},
		{"money that the timestamps step makes a date", func(s *Standardize) { s.Money = []string{"day"} }, `column "day" is a timestamp column, not a decimal`},
		{"case of a number", func(s *Standardize) { s.Case = append(s.Case, ColumnCase{Column: "qty", Mode: CaseUpper}) }, `column "qty" is an integer column, not text`},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := good
			s.Case = append([]ColumnCase(nil), good.Case...)
			c.edit(&s)
			tb := table()
			var before strings.Builder
			require.NoError(t, WriteCSV(&before, tb, CSVWriteOptions{}))
			_, err := StandardizeTable(tb, s)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			var after strings.Builder
			require.NoError(t, WriteCSV(&after, tb, CSVWriteOptions{}))
			assert.Equal(t, before.String(), after.String(), "the table is as it was")
			assert.Equal(t, TypeString, tb.Col("day").Type)
		})
	}
	// A parse that is not the column's (StandardizeParsed) is refused
	// before any column changes too.
	tb := table()
	var before strings.Builder
	require.NoError(t, WriteCSV(&before, tb, CSVWriteOptions{}))
	_, err := StandardizeParsed(tb, good, map[string]*Column{"day": NewTimestampColumn("day", []int64{0}, nil)})
	require.ErrorContains(t, err, `the parse given for column "day" is not ParseTimestampColumn of it`)
	var after strings.Builder
	require.NoError(t, WriteCSV(&after, tb, CSVWriteOptions{}))
	assert.Equal(t, before.String(), after.String(), "the table is as it was")

	// The same setting, right, changes every step's columns.
	tb = table()
	notes, err := StandardizeTable(tb, good)
	require.NoError(t, err)
	assert.Equal(t, []string{"Ada", "Bob", ""}, tb.Col("name").Str)
	assert.True(t, tb.Col("name").IsNull(2))
	assert.Equal(t, TypeTimestamp, tb.Col("day").Type)
	assert.NotEmpty(t, notes)
}

// A pipeline that parses its dates once (EnrichParsed, then
// StandardizeParsed) gets StandardizeTable's table: a null token that
// reads as a date ("1900-01-01" here) is null, not a date, either way, and
// the notes count the same.
func TestStandardizeParsedIsStandardizeTable(t *testing.T) {
	in := "id,day,city\n1, 2024-03-05 ,Oslo\n2,1900-01-01,N/A\n3,05/03/2024,lima\n4,someday,x\n5,,y\n"
	s := Standardize{Trim: true, NullTokens: []string{"", "N/A", "1900-01-01"}, Timestamps: []string{"day"},
		Case: []ColumnCase{{Column: "city", Mode: CaseTitle}}}
	read := func() *Table {
		res, err := ReadCSV([]byte(in), CSVOptions{Types: map[string]Type{"day": TypeString}})
		require.NoError(t, err)
		return res.Table
	}
	want := read()
	wantNotes, err := StandardizeTable(want, s)
	require.NoError(t, err)

	got := read()
	ts, _, _ := ParseTimestampColumn(got.Col("day"))
	parsed := map[string]*Column{"day": ts}
	_, err = EnrichParsed(got, Enrich{DateColumn: "day"}, parsed)
	require.NoError(t, err)
	notes, err := StandardizeParsed(got, s, parsed)
	require.NoError(t, err)
	assert.Equal(t, wantNotes, notes)
	assert.True(t, got.Col("day").IsNull(1), "the null token is null")
	one := func(tab *Table, name string) string {
		return string(AppendCSV(nil, mustTable("", tab.Col(name)), CSVWriteOptions{}))
	}
	for _, c := range want.Cols {
		assert.Equal(t, one(want, c.Name), one(got, c.Name))
	}
}
