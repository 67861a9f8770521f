package table_test

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

// readFile reads testdata file name as the page reads a file: no options.
func readFile(t *testing.T, name string) ([]byte, *table.CSVResult) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	res, err := table.ReadCSV(data, table.CSVOptions{})
	require.NoError(t, err)
	return data, res
}

// Files that quote more than they need come back quoted as they were:
// R's write.csv, Python's QUOTE_ALL and QUOTE_NONNUMERIC, a cell here and
// there (testdata/quoting).
func TestQuoteStylesRoundTrip(t *testing.T) {
	for file, c := range map[string]struct {
		quoting string
		header  bool
		all     []string
	}{
		"minimal.csv":                     {table.QuotingMinimal, false, nil},
		"r_write_csv.csv":                 {table.QuotingText, true, []string{"column_1", "name"}},
		"quote_all.csv":                   {table.QuotingAll, true, []string{"id", "name", "x"}},
		"quote_nonnumeric.csv":            {table.QuotingSome, true, []string{"name"}},
		"one_cell.csv":                    {table.QuotingSome, false, nil},
		"quoted_empty_and_empty.csv":      {table.QuotingSome, false, nil},
		"semicolons_decimal_commas.csv":   {table.QuotingSome, true, []string{"Name"}},
		"quoted_commas_and_text.csv":      {table.QuotingAll, false, []string{"a", "b"}},
		"some_names.csv":                  {table.QuotingMinimal, false, nil},
		"blank_cell_one_column.csv":       {table.QuotingAll, true, []string{"v"}},
		"one_column_semicolon_header.csv": {table.QuotingMinimal, false, nil},
		"one_column_tab_header.csv":       {table.QuotingMinimal, false, nil},
		"one_column_bar_header_crlf.csv":  {table.QuotingMinimal, false, nil},
		"one_column_quoted_header.csv":    {table.QuotingMinimal, true, nil},
	} {
		t.Run(file, func(t *testing.T) {
			data, res := readFile(t, "quoting/"+file)
			require.Empty(t, res.Rejected)
			assert.Equal(t, c.quoting, res.Quoting)
			assert.Equal(t, c.header, res.QuoteHeader)
			assert.Equal(t, c.all, res.QuotedColumns)
			if strings.HasPrefix(file, "one_column_") {
				// The header holds a separator ("Name; Vorname") but the
				// records have no second field: one column.
				require.Len(t, res.Table.Cols, 1)
			}
			assert.Equal(t, string(data), string(table.AppendCSV(nil, res.Table, res.WriteOptions())))
		})
	}
	files, err := filepath.Glob("testdata/quoting/*.csv")
	require.NoError(t, err)
	assert.Len(t, files, 14, "every file of testdata/quoting has a case above")
}

// A quoted empty field is null, as an empty one is; each is written back
// as it was.
func TestQuotedEmptyIsNull(t *testing.T) {
	in := "id,note\n1,\"\"\n2,\n3,\"\"\n4,x\n"
	res, err := table.ReadCSV([]byte(in), table.CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, []bool{true, true, true, false}, res.Table.Col("note").Null)
	assert.Equal(t, in, string(table.AppendCSV(nil, res.Table, res.WriteOptions())))
}

// In a tab-separated file, \N is null, as MySQL's and PostgreSQL's dumps
// write NULL, and is written back as \N; elsewhere, or with null tokens
// of one's own, it is text.
func TestDumpNullsReadAsNull(t *testing.T) {
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

// A Windows-1252 file's tables are written in Windows-1252, or in UTF-8
// when asked.
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
			data, res := readFile(t, "dialects/"+c.file)
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
			assert.Equal(t, string(data), string(table.AppendCSV(nil, res.Table, res.WriteOptions())))
		})
	}
	_, res := readFile(t, "dialects/german_excel.csv")
	assert.Equal(t, 1234.56, res.Table.Col("Preis (€)").Dec[0])
	assert.Equal(t, int64(1500), res.Table.Col("Menge").Int[1])
	assert.Equal(t, "Kühlschrank „Eco“", res.Table.Col("Artikel").Str[0])
	assert.Equal(t, table.FormatDotted, res.Formats["Datum"])
	assert.True(t, res.Numbers["Menge"].Ambiguous, "1.500 alone reads either way; the file's decimal commas decided")
}

// Rejected records keep their text in the file's dialect, decoded for the
// page.
func TestRejectedRawInTheFilesDialect(t *testing.T) {
	in := "sep=;\r\nname;price;qty\r\nM\xfcller;1.234,5;2\r\nZo\xeb;x;1;extra\r\nCaf\xe9;3,5;n/a\r\n"
	res, err := table.ReadCSV([]byte(in), table.CSVOptions{Types: map[string]table.Type{"qty": table.TypeInt}})
	require.NoError(t, err)
	require.Len(t, res.Rejected, 2)
	assert.Equal(t, table.RejectedRow{Line: 4, Reason: "has 4 fields, expected 3 (the header has 3 columns)", Raw: "Zoë;x;1;extra"}, res.Rejected[0])
	assert.Equal(t, table.RejectedRow{Line: 5, Reason: `column "qty": "n/a" is not a valid integer`, Raw: "Café;3,5;n/a"}, res.Rejected[1])
	assert.Equal(t, "sep=;\r\nname;price;qty\r\nM\xfcller;1.234,5;2\r\n", string(table.AppendCSV(nil, res.Table, res.WriteOptions())))
}

// A file read and written back with no options comes back byte for byte,
// appended or streamed (testdata/roundtrip).
func TestRoundTripRealFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/roundtrip/*.csv")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data, res := readFile(t, "roundtrip/"+filepath.Base(name))
			require.Empty(t, res.Rejected)
			assert.Equal(t, string(data), string(table.AppendCSV(nil, res.Table, res.WriteOptions())))
			var buf bytes.Buffer
			require.NoError(t, table.WriteCSV(&buf, res.Table, res.WriteOptions()))
			assert.Equal(t, string(data), buf.String())
		})
	}
}

// A real-world-shaped file (testdata/messy.csv, the page's sample): BOM,
// CRLF, a messy header with a repeated name, quoted commas, quotes and
// line breaks, codes with leading zeros, dates in several formats, null
// tokens, and two records that cannot be read.
func TestMessyFileReads(t *testing.T) {
	_, res := readFile(t, "../../testdata/files/orders_messy.csv")
	assert.Equal(t, []string{"Order ID", "Customer", "ZIP", "Order Date", "Category", "Unit Price", "Qty", "notes", "notes_2"}, res.Table.Names())
	assert.Len(t, res.Warnings, 2, "the trimmed and the repeated column names are reported")
	assert.Equal(t, 11, res.Records())
	assert.Equal(t, 9, res.Table.Len())
	require.Len(t, res.Rejected, 2)
	assert.Equal(t, 11, res.Rejected[0].Line)
	assert.Equal(t, "has 3 fields, expected 9 (the header has 9 columns)", res.Rejected[0].Reason)
	assert.Equal(t, 15, res.Rejected[1].Line)
	assert.Contains(t, res.Rejected[1].Reason, "has 10 fields")
	types := map[string]string{}
	for _, c := range res.Table.Cols {
		types[c.Name] = c.Type.String()
	}
	assert.Equal(t, map[string]string{"Order ID": "string", "Customer": "string", "ZIP": "string", "Order Date": "string",
		"Category": "string", "Unit Price": "decimal", "Qty": "integer", "notes": "string", "notes_2": "string"}, types)
	assert.Equal(t, "Ann\nMarie", res.Table.Col("Customer").Str[2])
	lines := make([]int, res.Table.Len())
	for i := range lines {
		lines[i] = res.Table.Line(i)
	}
	assert.Equal(t, []int{2, 3, 4, 6, 7, 10, 12, 13, 14}, lines)
	assert.Equal(t, "00501", res.Table.Col("ZIP").Str[0])
}
