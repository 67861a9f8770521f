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
		{"minimal", "a,b\n1,x\n2,\"y,z\"\n", table.QuotingMinimal, false, nil},
		{"R write.csv", "\"\",\"id\",\"name\",\"x\"\n\"1\",1,\"Ana\",1.5\n\"2\",2,NA,NA\n\"3\",3,\"\",2\n", table.QuotingText, true, []string{"column_1", "name"}},
		{"QUOTE_ALL", "\"id\",\"name\",\"x\"\n\"1\",\"Ana\",\"1.5\"\n\"2\",\"\",\"\"\n", table.QuotingAll, true, []string{"id", "name", "x"}},
		{"QUOTE_NONNUMERIC", "\"id\",\"name\",\"x\"\n1,\"Ana\",1.5\n2,\"\",\"\"\n3,\"Bo\",2\n", table.QuotingSome, true, []string{"name"}},
		{"one cell", "a;b\n1;x\n2;\"y\"\n3;z\n", table.QuotingSome, false, nil},
		{"a quoted empty and an empty field", "a,b\n1,\"\"\n2,\n3,\"\"\n", table.QuotingSome, false, nil},
		{"semicolons, decimal commas, quoted text", "\"Name\";\"Preis\"\n\"Ä\";1,5\n\"B\";\"2,25\"\n", table.QuotingSome, true, []string{"Name"}},
		{"quoted commas and quoted text", "a;b\n\"x,y\";\"p\"\n\"u\";\"q\"\n", table.QuotingAll, false, []string{"a", "b"}},
		{"some names", "\"a\",b\n1,2\n", table.QuotingMinimal, false, nil},
		{"a blank cell in one column", "\"v\"\n\"\"\n\" \"\n\"x\"\n", table.QuotingAll, true, []string{"v"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := table.ReadCSV([]byte(c.in), table.CSVOptions{})
			require.NoError(t, err)
			require.Empty(t, res.Rejected)
			assert.Equal(t, c.quoting, res.Quoting)
			assert.Equal(t, c.header, res.QuoteHeader)
			assert.Equal(t, c.all, res.QuotedColumns)
			assert.Equal(t, c.in, string(table.AppendCSV(nil, res.Table, res.WriteOptions())))
			out, err := RunDataCheck(DataCheckConfig{Samples: 5}, res)
			require.NoError(t, err)
			assert.Equal(t, c.in, string(table.AppendCSV(nil, out.Clean, res.WriteOptions())))
		})
	}
}

// A quoted empty field is null, as an empty one is; each is written back
// as it was, and "nulls written as empty cells" writes both empty.
func TestQuotedEmptyIsNull(t *testing.T) {
	in := "id,note\n1,\"\"\n2,\n3,\"\"\n4,x\n"
	res, err := table.ReadCSV([]byte(in), table.CSVOptions{})
	require.NoError(t, err)
	note := res.Table.Col("note")
	assert.Equal(t, []bool{true, true, true, false}, note.Null)
	assert.Equal(t, in, string(table.AppendCSV(nil, res.Table, res.WriteOptions())))
	out, err := RunDataCheck(DataCheckConfig{Samples: 5, Standardize: table.Standardize{EmptyNulls: true}}, res)
	require.NoError(t, err)
	assert.Equal(t, "id,note\n1,\n2,\n3,\n4,x\n", string(table.AppendCSV(nil, out.Clean, res.WriteOptions())))
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

// In a tab-separated file, \N is null, as MySQL's and PostgreSQL's dumps
// write NULL, and is written back as \N; elsewhere, or with null tokens
// of one's own, it is text.
func TestDumpNulls(t *testing.T) {
	in := "id\tname\tscore\n1\t\\N\t1.5\n2\tBo\t\\N\n3\t\t2\n"
	res, err := table.ReadCSV([]byte(in), table.CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, table.TypeDecimal, res.Table.Col("score").Type)
	assert.True(t, res.Table.Col("name").IsNull(0))
	assert.True(t, res.Table.Col("name").IsNull(2))
	assert.True(t, res.Table.Col("score").IsNull(1))
	require.Len(t, res.Warnings, 1)
	assert.Contains(t, res.Warnings[0], `\N is read as null`)
	assert.Contains(t, res.Warnings[0], `columns "name", "score"`)
	assert.Equal(t, in, string(table.AppendCSV(nil, res.Table, res.WriteOptions())))
	out, err := RunDataCheck(DataCheckConfig{Samples: 5, Rules: "name not null"}, res)
	require.NoError(t, err)
	assert.Equal(t, "id\tname\tscore\n2\tBo\t\\N\n", string(table.AppendCSV(nil, out.Clean, res.WriteOptions())))

	for _, o := range []table.CSVOptions{{Separator: ";"}, {NullTokens: []string{""}}} {
		in := in
		if o.Separator != "" {
			in = strings.ReplaceAll(in, "\t", ";")
		}
		res, err := table.ReadCSV([]byte(in), o)
		require.NoError(t, err)
		assert.Equal(t, `\N`, res.Table.Col("name").Str[0])
		assert.Equal(t, table.TypeString, res.Table.Col("score").Type)
		assert.Empty(t, res.Warnings)
		assert.Equal(t, in, string(table.AppendCSV(nil, res.Table, res.WriteOptions())))
	}
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

// A Windows-1252 file's tables are written in Windows-1252, or in UTF-8
// when asked; characters Windows-1252 lacks are counted and noted.
func TestWriteWindows1252(t *testing.T) {
	in := "name;unit\nM\xfcller;\xb5g\nZo\xeb;kg\n"
	res, err := table.ReadCSV([]byte(in), table.CSVOptions{})
	require.NoError(t, err)
	opts := res.WriteOptions()
	assert.Equal(t, table.EncodingWindows1252, opts.Encoding)
	assert.Equal(t, in, string(table.AppendCSV(nil, res.Table, opts)))
	n, _ := table.Unencodable(res.Table, table.EncodingWindows1252)
	assert.Zero(t, n)
	utf := opts
	utf.Encoding = table.EncodingUTF8
	assert.Equal(t, "name;unit\nMüller;µg\nZoë;kg\n", string(table.AppendCSV(nil, res.Table, utf)))

	// Upper case makes "µ" a Greek capital mu, which Windows-1252 lacks.
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
	assert.Equal(t, "name;unit\nMüller;ΜG\nZoë;KG\n", string(table.AppendCSV(nil, out.Clean, utf)))
}

// The files of testdata/dialects, as their makers wrote them.
func TestDialectFixtures(t *testing.T) {
	for _, c := range []struct {
		file    string
		dialect string
		types   map[string]table.Type
		numbers map[string]string // column: Decimal+Grouping
	}{
		{"german_excel.csv", "semicolons (sep= line) · Windows-1252 · decimal commas",
			map[string]table.Type{"Datum": table.TypeTimestamp, "Kunde": table.TypeString, "Artikel": table.TypeString, "Menge": table.TypeInt, "Preis (€)": table.TypeDecimal, "Summe": table.TypeDecimal, "Bezahlt": table.TypeString},
			map[string]string{"Menge": ",.", "Preis (€)": ",.", "Summe": ",."}},
		{"french_bom.csv", "semicolons · UTF-8 with a byte order mark · decimal commas",
			map[string]table.Type{"Date": table.TypeTimestamp, "Client": table.TypeString, "Montant": table.TypeDecimal, "Quantité": table.TypeInt, "Remarque": table.TypeString},
			map[string]string{"Montant": ",\u202f", "Quantité": ",\u202f"}},
		{"db_dump.tsv", "tabs · UTF-8",
			map[string]table.Type{"id": table.TypeInt, "name": table.TypeString, "score": table.TypeDecimal, "created_at": table.TypeTimestamp, "note": table.TypeString}, nil},
		{"bars_quoted.psv", "vertical bars · UTF-8",
			map[string]table.Type{"code": table.TypeString, "description": table.TypeString, "price": table.TypeDecimal, "qty": table.TypeInt}, nil},
		{"semicolon_commas.csv", "semicolons · UTF-8 · decimal commas",
			map[string]table.Type{"name": table.TypeString, "note": table.TypeString, "amount": table.TypeDecimal, "paid": table.TypeBool},
			map[string]string{"amount": ",."}},
		{"r_write_csv.csv", "commas · UTF-8 · text fields quoted",
			map[string]table.Type{"column_1": table.TypeInt, "id": table.TypeInt, "name": table.TypeString, "city": table.TypeString, "score": table.TypeDecimal, "joined": table.TypeTimestamp, "member": table.TypeBool}, nil},
		{"python_quote_all.csv", "commas · UTF-8 · every field quoted",
			map[string]table.Type{"order_id": table.TypeInt, "customer": table.TypeString, "amount": table.TypeDecimal, "qty": table.TypeInt, "note": table.TypeString}, nil},
	} {
		t.Run(c.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata/dialects", c.file))
			require.NoError(t, err)
			res, err := table.ReadCSV(data, table.CSVOptions{})
			require.NoError(t, err)
			require.Empty(t, res.Rejected)
			assert.Equal(t, c.dialect, res.Dialect())
			types := map[string]table.Type{}
			for _, col := range res.Table.Cols {
				types[col.Name] = col.Type
			}
			assert.Equal(t, c.types, types)
			nums := map[string]string{}
			for name, f := range res.Numbers {
				nums[name] = f.Decimal + f.Grouping
			}
			if c.numbers == nil {
				c.numbers = map[string]string{}
			}
			assert.Equal(t, c.numbers, nums)
			// Written back, checked with no options: the same bytes.
			assert.Equal(t, string(data), string(table.AppendCSV(nil, res.Table, res.WriteOptions())))
			out, err := RunDataCheck(DataCheckConfig{Samples: 5}, res)
			require.NoError(t, err)
			assert.Equal(t, string(data), string(table.AppendCSV(nil, out.Clean, res.WriteOptions())))
		})
	}
	data, err := os.ReadFile("testdata/dialects/german_excel.csv")
	require.NoError(t, err)
	res, err := table.ReadCSV(data, table.CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, 1234.56, res.Table.Col("Preis (€)").Dec[0])
	assert.Equal(t, int64(1500), res.Table.Col("Menge").Int[1])
	assert.Equal(t, "Kühlschrank „Eco“", res.Table.Col("Artikel").Str[0])
	assert.Equal(t, table.FormatDotted, res.Formats["Datum"])
	assert.True(t, res.Numbers["Menge"].Ambiguous, "1.500 alone reads either way; the file's decimal commas decided")
}

// Rejected records keep their text in the file's dialect: decoded for the
// page, written back in the file's separator and encoding.
func TestRejectedRawInTheFilesDialect(t *testing.T) {
	in := "sep=;\r\nname;price;qty\r\nM\xfcller;1.234,5;2\r\nZo\xeb;x;1;extra\r\nCaf\xe9;3,5;n/a\r\n"
	res, err := table.ReadCSV([]byte(in), table.CSVOptions{Types: map[string]table.Type{"qty": table.TypeInt}})
	require.NoError(t, err)
	require.Len(t, res.Rejected, 2)
	assert.Equal(t, table.RejectedRow{Line: 4, Reason: "has 4 fields, expected 3 (the header has 3 columns)", Raw: "Zoë;x;1;extra"}, res.Rejected[0])
	assert.Equal(t, table.RejectedRow{Line: 5, Reason: `column "qty": "n/a" is not a valid integer`, Raw: "Café;3,5;n/a"}, res.Rejected[1])
	out, err := RunDataCheck(DataCheckConfig{Samples: 5}, res)
	require.NoError(t, err)
	opts := res.WriteOptions()
	assert.Equal(t, "sep=;\r\nname;price;qty\r\nM\xfcller;1.234,5;2\r\n", string(table.AppendCSV(nil, out.Clean, opts)))
	rej := string(table.AppendCSV(nil, out.Rejected, opts))
	assert.Contains(t, rej, "\"Zo\xeb;x;1;extra\"\r\n")
	assert.Contains(t, rej, "\"Caf\xe9;3,5;n/a\"\r\n")
}

// A one-column file whose header holds a separator bare ("Name; Vorname":
// its records have no second field) comes back as it was, unquoted.
func TestOneColumnHeaderWithSeparator(t *testing.T) {
	for _, in := range []string{"Name; Vorname\nMüller Hans\nX Y\n", "a\tb\nx\ny\n", "a|b\r\nx\r\n", "\"a;b\"\nx\n"} {
		res, err := table.ReadCSV([]byte(in), table.CSVOptions{})
		require.NoError(t, err)
		require.Len(t, res.Table.Cols, 1, "%q", in)
		assert.Equal(t, in, string(table.AppendCSV(nil, res.Table, res.WriteOptions())), "%q", in)
		out, err := RunDataCheck(DataCheckConfig{Samples: 5}, res)
		require.NoError(t, err)
		assert.Equal(t, in, string(table.AppendCSV(nil, out.Clean, res.WriteOptions())), "%q", in)
	}
}

// A file read and written back with no options comes back byte for byte.
func TestRoundTripRealFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/roundtrip/*.csv")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data, err := os.ReadFile(name)
			require.NoError(t, err)
			res, err := table.ReadCSV(data, table.CSVOptions{})
			require.NoError(t, err)
			require.Empty(t, res.Rejected)
			assert.Equal(t, string(data), string(table.AppendCSV(nil, res.Table, res.WriteOptions())))

			// The file check with no rules and no options: the same file.
			out, err := RunDataCheck(DataCheckConfig{Samples: 5}, res)
			require.NoError(t, err)
			assert.Equal(t, string(data), string(table.AppendCSV(nil, out.Clean, res.WriteOptions())))
			var buf bytes.Buffer
			require.NoError(t, table.WriteCSV(&buf, out.Clean, res.WriteOptions()))
			assert.Equal(t, string(data), buf.String())
		})
	}
}

// Rules remove rows and touch nothing else; derived columns are added and
// touch nothing else; the rejected rows keep their cells' text.
func TestDataCheckTouchesOnlyWhatItSays(t *testing.T) {
	data, err := os.ReadFile("testdata/roundtrip/orders_crlf.csv")
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
