package core

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Files that quote more than they need come back quoted as they were:
// R's write.csv, Python's QUOTE_ALL and QUOTE_NONNUMERIC, a cell here and
// there.
func TestQuoteStylesRoundTrip(t *testing.T) {
	for _, c := range []struct {
		name, in string
		quoting  string
		header   bool
		all      []string
	}{
		{"minimal", "a,b\n1,x\n2,\"y,z\"\n", QuotingMinimal, false, nil},
		{"R write.csv", "\"\",\"id\",\"name\",\"x\"\n\"1\",1,\"Ana\",1.5\n\"2\",2,NA,NA\n\"3\",3,\"\",2\n", QuotingText, true, []string{"column_1", "name"}},
		{"QUOTE_ALL", "\"id\",\"name\",\"x\"\n\"1\",\"Ana\",\"1.5\"\n\"2\",\"\",\"\"\n", QuotingAll, true, []string{"id", "name", "x"}},
		{"QUOTE_NONNUMERIC", "\"id\",\"name\",\"x\"\n1,\"Ana\",1.5\n2,\"\",\"\"\n3,\"Bo\",2\n", QuotingSome, true, []string{"name"}},
		{"one cell", "a;b\n1;x\n2;\"y\"\n3;z\n", QuotingSome, false, nil},
		{"a quoted empty and an empty field", "a,b\n1,\"\"\n2,\n3,\"\"\n", QuotingSome, false, nil},
		{"semicolons, decimal commas, quoted text", "\"Name\";\"Preis\"\n\"Ä\";1,5\n\"B\";\"2,25\"\n", QuotingSome, true, []string{"Name"}},
		{"quoted commas and quoted text", "a;b\n\"x,y\";\"p\"\n\"u\";\"q\"\n", QuotingAll, false, []string{"a", "b"}},
		{"some names", "\"a\",b\n1,2\n", QuotingMinimal, false, nil},
		{"a blank cell in one column", "\"v\"\n\"\"\n\" \"\n\"x\"\n", QuotingAll, true, []string{"v"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := ReadCSV([]byte(c.in), CSVOptions{})
			require.NoError(t, err)
			require.Empty(t, res.Rejected)
			assert.Equal(t, c.quoting, res.Quoting)
			assert.Equal(t, c.header, res.QuoteHeader)
			assert.Equal(t, c.all, res.QuotedColumns)
			assert.Equal(t, c.in, string(AppendCSV(nil, res.Table, res.WriteOptions())))
			out, err := RunDataCheck(DataCheckConfig{Samples: 5}, res)
			require.NoError(t, err)
			assert.Equal(t, c.in, string(AppendCSV(nil, out.Clean, res.WriteOptions())))
		})
	}
}

// A quoted empty field is null, as an empty one is; each is written back
// as it was, and "nulls written as empty cells" writes both empty.
func TestQuotedEmptyIsNull(t *testing.T) {
	in := "id,note\n1,\"\"\n2,\n3,\"\"\n4,x\n"
	res, err := ReadCSV([]byte(in), CSVOptions{})
	require.NoError(t, err)
	note := res.Table.Col("note")
	assert.Equal(t, []bool{true, true, true, false}, note.Null)
	assert.Equal(t, in, string(AppendCSV(nil, res.Table, res.WriteOptions())))
	out, err := RunDataCheck(DataCheckConfig{Samples: 5, Standardize: Standardize{EmptyNulls: true}}, res)
	require.NoError(t, err)
	assert.Equal(t, "id,note\n1,\n2,\n3,\n4,x\n", string(AppendCSV(nil, out.Clean, res.WriteOptions())))
}

// Values a step changes stay quoted in a column whose values are all
// quoted; rows taken by the rules keep their own quoting.
func TestQuotedColumnsThroughSteps(t *testing.T) {
	in := "\"\",\"name\",\"price\",\"day\"\n\"1\",\" ana \",\"1.234,5\",\"2024-01-02\"\n\"2\",\"bo\",\"-0,25\",\"2024-01-03\"\n\"3\",\"Cy\",NA,NA\n"
	res, err := ReadCSV([]byte(in), CSVOptions{Separator: ","})
	require.NoError(t, err)
	require.Equal(t, TypeString, res.Table.Col("price").Type, "a comma file reads no decimal commas")
	run := func(cfg DataCheckConfig) string {
		cfg.Samples = 5
		out, err := RunDataCheck(cfg, res)
		require.NoError(t, err)
		return string(AppendCSV(nil, out.Clean, res.WriteOptions()))
	}
	assert.Equal(t, in, run(DataCheckConfig{}))
	assert.Equal(t, "\"\",\"name\",\"price\",\"day\"\n\"1\",\"ANA\",\"1.234,5\",\"2024-01-02T00:00:00Z\"\n\"2\",\"BO\",\"-0,25\",\"2024-01-03T00:00:00Z\"\n\"3\",\"CY\",NA,NA\n",
		run(DataCheckConfig{Standardize: Standardize{Trim: true, Case: []ColumnCase{{"name", CaseUpper}}, Timestamps: []string{"day"}}}))
	assert.Equal(t, "\"\",\"name\",\"price\",\"day\"\n\"2\",\"bo\",\"-0,25\",\"2024-01-03\"\n",
		run(DataCheckConfig{Rules: "name != \" ana \"\nprice not null"}))
	// A derived column's name is quoted as the header's are.
	assert.Contains(t, run(DataCheckConfig{DateParts: []string{"day"}}), "\"day\",\"day_year\",")

	// Semicolons and decimal commas: DecimalPoint rewrites quoted numbers,
	// still quoted.
	in = "\"name\";\"price\"\n\"a\";\"1.234,5\"\n\"b\";\"-0,25\"\n"
	res, err = ReadCSV([]byte(in), CSVOptions{})
	require.NoError(t, err)
	require.Equal(t, TypeDecimal, res.Table.Col("price").Type)
	assert.Equal(t, QuotingAll, res.Quoting)
	assert.Equal(t, in, run(DataCheckConfig{}))
	assert.Equal(t, "\"name\";\"price\"\n\"a\";\"1234.5\"\n\"b\";\"-0.25\"\n", run(DataCheckConfig{Standardize: Standardize{DecimalPoint: true}}))
}

// A repaired header is written back as the file wrote it, while its
// columns keep the names the repairs gave them.
func TestRepairedHeaderWritesBack(t *testing.T) {
	in := "\"\", id ,x,x\n1,2,3,4\n"
	res, err := ReadCSV([]byte(in), CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"column_1", "id", "x", "x_2"}, res.Table.Names())
	assert.Len(t, res.Warnings, 3)
	assert.Equal(t, in, string(AppendCSV(nil, res.Table, res.WriteOptions())))
	// Renamed, a column writes its new name.
	res.Table.Col("id").Name = "key"
	assert.Equal(t, "\"\",key,x,x\n1,2,3,4\n", string(AppendCSV(nil, res.Table, res.WriteOptions())))
}

// In a tab-separated file, \N is null, as MySQL's and PostgreSQL's dumps
// write NULL, and is written back as \N; elsewhere, or with null tokens
// of one's own, it is text.
func TestDumpNulls(t *testing.T) {
	in := "id\tname\tscore\n1\t\\N\t1.5\n2\tBo\t\\N\n3\t\t2\n"
	res, err := ReadCSV([]byte(in), CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, TypeDecimal, res.Table.Col("score").Type)
	assert.True(t, res.Table.Col("name").IsNull(0))
	assert.True(t, res.Table.Col("name").IsNull(2))
	assert.True(t, res.Table.Col("score").IsNull(1))
	require.Len(t, res.Warnings, 1)
	assert.Contains(t, res.Warnings[0], `\N is read as null`)
	assert.Contains(t, res.Warnings[0], `columns "name", "score"`)
	assert.Equal(t, in, string(AppendCSV(nil, res.Table, res.WriteOptions())))
	out, err := RunDataCheck(DataCheckConfig{Samples: 5, Rules: "name not null"}, res)
	require.NoError(t, err)
	assert.Equal(t, "id\tname\tscore\n2\tBo\t\\N\n", string(AppendCSV(nil, out.Clean, res.WriteOptions())))

	for _, o := range []CSVOptions{{Separator: ";"}, {NullTokens: []string{""}}} {
		in := in
		if o.Separator != "" {
			in = strings.ReplaceAll(in, "\t", ";")
		}
		res, err := ReadCSV([]byte(in), o)
		require.NoError(t, err)
		assert.Equal(t, `\N`, res.Table.Col("name").Str[0])
		assert.Equal(t, TypeString, res.Table.Col("score").Type)
		assert.Empty(t, res.Warnings)
		assert.Equal(t, in, string(AppendCSV(nil, res.Table, res.WriteOptions())))
	}
}
