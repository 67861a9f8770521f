package core

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core/table"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The file check with no rules and no options gives back the file it
// read, byte for byte, in every quoting style and dialect of core/table's
// testdata, appended or streamed.
func TestDataCheckWithNoOptionsKeepsTheFile(t *testing.T) {
	var files []string
	for _, g := range []string{"quoting/*.csv", "dialects/*", "roundtrip/*.csv"} {
		m, err := filepath.Glob(filepath.Join("table/testdata", g))
		require.NoError(t, err)
		require.NotEmpty(t, m, g)
		files = append(files, m...)
	}
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(name)
			require.NoError(t, err)
			res, err := table.ReadCSV(data, table.CSVOptions{})
			require.NoError(t, err)
			out, err := RunDataCheck(DataCheckConfig{Samples: 5}, res)
			require.NoError(t, err)
			assert.Equal(t, string(data), string(table.AppendCSV(nil, out.Clean, res.WriteOptions())))
			var buf bytes.Buffer
			require.NoError(t, table.WriteCSV(&buf, out.Clean, res.WriteOptions()))
			assert.Equal(t, string(data), buf.String())
		})
	}
}

// A quoted empty field is null, as an empty one is: "nulls written as
// empty cells" writes both empty.
func TestQuotedEmptyIsNullThroughTheCheck(t *testing.T) {
	res, err := table.ReadCSV([]byte("id,note\n1,\"\"\n2,\n3,\"\"\n4,x\n"), table.CSVOptions{})
	require.NoError(t, err)
	out, err := RunDataCheck(DataCheckConfig{Samples: 5, Standardize: table.Standardize{EmptyNulls: true}}, res)
	require.NoError(t, err)
	assert.Equal(t, "id,note\n1,\n2,\n3,\n4,x\n", string(table.AppendCSV(nil, out.Clean, res.WriteOptions())))
}

// A rule on a dump's \N nulls takes their rows; the rest keep \N.
func TestDumpNullsThroughTheCheck(t *testing.T) {
	res, err := table.ReadCSV([]byte("id\tname\tscore\n1\t\\N\t1.5\n2\tBo\t\\N\n3\t\t2\n"), table.CSVOptions{})
	require.NoError(t, err)
	out, err := RunDataCheck(DataCheckConfig{Samples: 5, Rules: "name not null"}, res)
	require.NoError(t, err)
	assert.Equal(t, "id\tname\tscore\n2\tBo\t\\N\n", string(table.AppendCSV(nil, out.Clean, res.WriteOptions())))
}

// Upper case makes "µ" a Greek capital mu, which Windows-1252 lacks: the
// load step counts and names it, and the file's encoding writes "?".
func TestWindows1252UnencodableAfterCase(t *testing.T) {
	res, err := table.ReadCSV([]byte("name;unit\nM\xfcller;\xb5g\nZo\xeb;kg\n"), table.CSVOptions{})
	require.NoError(t, err)
	opts := res.WriteOptions()
	out, err := RunDataCheck(DataCheckConfig{Samples: 5, Standardize: table.Standardize{Case: []table.ColumnCase{{Column: "unit", Mode: table.CaseUpper}}}}, res)
	require.NoError(t, err)
	n, first := table.Unencodable(out.Clean, table.EncodingWindows1252)
	assert.Equal(t, 1, n)
	assert.Equal(t, `"Μ" in column "unit"`, first)
	load := out.Steps[len(out.Steps)-1].Notes
	assert.Contains(t, load[len(load)-1], `1 cell holds characters Windows-1252 cannot write (the first: "Μ" in column "unit")`)
	assert.Equal(t, "name;unit\nM\xfcller;?G\nZo\xeb;KG\n", string(table.AppendCSV(nil, out.Clean, opts)))
	var buf strings.Builder
	require.NoError(t, table.WriteCSV(&buf, out.Clean, opts))
	assert.Equal(t, "name;unit\nM\xfcller;?G\nZo\xeb;KG\n", buf.String())
	utf := opts
	utf.Encoding = table.EncodingUTF8
	assert.Equal(t, "name;unit\nMüller;ΜG\nZoë;KG\n", string(table.AppendCSV(nil, out.Clean, utf)))
}

// Rejected records are written in the file's separator and encoding.
func TestRejectedWrittenInTheFilesDialect(t *testing.T) {
	res, err := table.ReadCSV([]byte("sep=;\r\nname;price;qty\r\nM\xfcller;1.234,5;2\r\nZo\xeb;x;1;extra\r\nCaf\xe9;3,5;n/a\r\n"), table.CSVOptions{Types: map[string]table.Type{"qty": table.TypeInt}})
	require.NoError(t, err)
	out, err := RunDataCheck(DataCheckConfig{Samples: 5}, res)
	require.NoError(t, err)
	opts := res.WriteOptions()
	assert.Equal(t, "sep=;\r\nname;price;qty\r\nM\xfcller;1.234,5;2\r\n", string(table.AppendCSV(nil, out.Clean, opts)))
	rej := string(table.AppendCSV(nil, out.Rejected, opts))
	assert.Contains(t, rej, "\"Zo\xeb;x;1;extra\"\r\n")
	assert.Contains(t, rej, "\"Caf\xe9;3,5;n/a\"\r\n")
}

// Values a step changes stay quoted in a column whose values are all
// quoted; rows taken by the rules keep their own quoting.
func TestQuotedColumnsThroughSteps(t *testing.T) {
	in := "\"\",\"name\",\"price\",\"day\"\n\"1\",\" ana \",\"1.234,5\",\"2024-01-02\"\n\"2\",\"bo\",\"-0,25\",\"2024-01-03\"\n\"3\",\"Cy\",NA,NA\n"
	res, err := table.ReadCSV([]byte(in), table.CSVOptions{Separator: ","})
	require.NoError(t, err)
	require.Equal(t, table.TypeString, res.Table.Col("price").Type, "a comma file reads no decimal commas")
	run := func(cfg DataCheckConfig) string {
		cfg.Samples = 5
		out, err := RunDataCheck(cfg, res)
		require.NoError(t, err)
		return string(table.AppendCSV(nil, out.Clean, res.WriteOptions()))
	}
	assert.Equal(t, in, run(DataCheckConfig{}))
	assert.Equal(t, "\"\",\"name\",\"price\",\"day\"\n\"1\",\"ANA\",\"1.234,5\",\"2024-01-02T00:00:00Z\"\n\"2\",\"BO\",\"-0,25\",\"2024-01-03T00:00:00Z\"\n\"3\",\"CY\",NA,NA\n",
		run(DataCheckConfig{Standardize: table.Standardize{Trim: true, Case: []table.ColumnCase{{Column: "name", Mode: table.CaseUpper}}, Timestamps: []string{"day"}}}))
	assert.Equal(t, "\"\",\"name\",\"price\",\"day\"\n\"2\",\"bo\",\"-0,25\",\"2024-01-03\"\n",
		run(DataCheckConfig{Rules: "name != \" ana \"\nprice not null"}))
	// A derived column's name is quoted as the header's are.
	assert.Contains(t, run(DataCheckConfig{DateParts: []string{"day"}}), "\"day\",\"day_year\",")

	// Semicolons and decimal commas: DecimalPoint rewrites quoted numbers,
	// still quoted.
	in = "\"name\";\"price\"\n\"a\";\"1.234,5\"\n\"b\";\"-0,25\"\n"
	res, err = table.ReadCSV([]byte(in), table.CSVOptions{})
	require.NoError(t, err)
	require.Equal(t, table.TypeDecimal, res.Table.Col("price").Type)
	assert.Equal(t, table.QuotingAll, res.Quoting)
	assert.Equal(t, in, run(DataCheckConfig{}))
	assert.Equal(t, "\"name\";\"price\"\n\"a\";\"1234.5\"\n\"b\";\"-0.25\"\n", run(DataCheckConfig{Standardize: table.Standardize{DecimalPoint: true}}))
}

// The standardize option "numbers with a decimal point" rewrites exactly
// the styled number columns; money keeps the style; a derived product
// takes its factors' style unless the option is on.
func TestStandardizeDecimalPoint(t *testing.T) {
	in := "name;price;qty;code\nA;1.234,5;2;1.5\nB;0,25;1.000;2.5\nC; 7,00 ;3;NA\n"
	read := func() *table.CSVResult {
		res, err := table.ReadCSV([]byte(in), table.CSVOptions{})
		require.NoError(t, err)
		return res
	}
	res := read()
	run := func(s table.Standardize) string {
		out, err := RunDataCheck(DataCheckConfig{Samples: 5, Standardize: s, Product: Product{A: "price", B: "qty", Name: "total"}}, res)
		require.NoError(t, err)
		return string(table.AppendCSV(nil, out.Clean, res.WriteOptions()))
	}
	assert.Equal(t, "name;price;qty;code;total\nA;1.234,5;2;1.5;2.469,00\nB;0,25;1.000;2.5;250,00\nC; 7,00 ;3;NA;21,00\n", run(table.Standardize{}))
	assert.Equal(t, "name;price;qty;code;total\nA;1234.5;2;1.5;2469.00\nB;0.25;1000;2.5;250.00\nC;7.00;3;NA;21.00\n", run(table.Standardize{DecimalPoint: true}))
	assert.Equal(t, "name;price;qty;code;total\nA;1.234,50;2;1.5;2.469,00\nB;0,25;1.000;2.5;250,00\nC;7,00;3;NA;21,00\n", run(table.Standardize{Money: []string{"price"}}))
	out, err := RunDataCheck(DataCheckConfig{Samples: 5, Standardize: table.Standardize{DecimalPoint: true}}, read())
	require.NoError(t, err)
	assert.Contains(t, out.Steps[1].Notes, "price: numbers written with a decimal point")
	assert.Contains(t, out.Steps[1].Notes, "qty: numbers written with a decimal point")
}

// Rules remove rows and touch nothing else; derived columns are added and
// touch nothing else; the rejected rows keep their cells' text.
func TestDataCheckTouchesOnlyWhatItSays(t *testing.T) {
	data, err := os.ReadFile("table/testdata/roundtrip/orders_crlf.csv")
	require.NoError(t, err)
	res, err := table.ReadCSV(data, table.CSVOptions{})
	require.NoError(t, err)
	out, err := RunDataCheck(DataCheckConfig{Samples: 5, Rules: "price not null\nquantity > 0",
		Product: Product{A: "price", B: "quantity", Name: "revenue"}, DateParts: []string{"order_date"}}, res)
	require.NoError(t, err)
	lines := strings.Split(string(data), "\r\n")
	got := strings.Split(string(table.AppendCSV(nil, out.Clean, res.WriteOptions())), "\r\n")
	// Lines 2, 3 and 6 pass (line 4 has quantity -1, line 5 a null price).
	want := []string{lines[0], lines[1], lines[2], lines[5]}
	require.Len(t, got, len(want)+1)
	for i, w := range want {
		assert.True(t, strings.HasPrefix(got[i], w+","), "line %d: %q should start with %q", i+1, got[i], w)
	}
	assert.Equal(t, "1001,2024-03-05T14:07:00Z,C00042,00501,295.40,2,TRUE,,590.80,2024,1,3,Tuesday,false", got[1])
	rej := string(table.AppendCSV(nil, out.Rejected, res.WriteOptions()))
	assert.Contains(t, rej, `5.5,-1,TRUE,"gift, wrapped"`)
	assert.Contains(t, rej, `NA,3,N/A,"said ""hi"""`)
}
