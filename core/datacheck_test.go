package core

import (
	"os"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core/table"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A real-world-shaped file: BOM, CRLF, a messy header with a repeated name,
// quoted commas, quotes and line breaks, codes with leading zeros, dates in
// several formats, null tokens, and two records that cannot be read.
func readMessy(t *testing.T) *table.CSVResult {
	data, err := os.ReadFile("testdata/files/orders_messy.csv")
	require.NoError(t, err)
	res, err := table.ReadCSV(data, table.CSVOptions{})
	require.NoError(t, err)
	return res
}

func TestDataCheckAccountsForEveryRecord(t *testing.T) {
	res := readMessy(t)
	cfg := DataCheckConfig{
		Rules:       "\"Order ID\" unique\n\"Unit Price\" not null\nQty > 0\n\"Order Date\" is date\nwarn: ZIP length = 5\n",
		Samples:     20,
		Standardize: table.Standardize{Trim: true, NullTokens: table.DefaultNullTokens, Case: []table.ColumnCase{{Column: "Category", Mode: table.CaseTitle}}, Timestamps: []string{"Order Date"}, Money: []string{"Unit Price"}},
		DateParts:   []string{"Order Date"},
		Product:     Product{A: "Unit Price", B: "Qty", Name: "revenue"},
		GroupBy:     "Category",
	}
	out, err := RunDataCheck(cfg, res)
	require.NoError(t, err)
	assert.Equal(t, 11, out.Records)
	assert.Equal(t, 3, out.Valid)
	assert.Equal(t, 6, out.RejectedRows)
	assert.Equal(t, 2, out.Unreadable)
	assert.Equal(t, out.Records, out.Valid+out.RejectedRows+out.Unreadable)
	assert.Equal(t, 8, out.Rejected.Len(), "rule failures and unreadable records, together")
	assert.Equal(t, []int64{4, 6, 7, 10, 11, 13, 14, 15}, out.Rejected.Col(ColSourceLine).Int, "in line order")
	rej := string(table.AppendCSV(nil, out.Rejected, table.CSVWriteOptions{}))
	assert.Contains(t, rej, `13,Order ID_unique,"Order ID must be unique: ""A-008"" already appears on line 12",A-008,Gus,00501`)
	assert.Contains(t, rej, `11,unreadable,"line 11 has 3 fields, expected 9 (the header has 9 columns)"`)
	assert.Contains(t, rej, `A-007,Finn,10001`)

	clean := out.Clean
	assert.Equal(t, []string{"A-001", "A-002", "A-008"}, clean.Col("Order ID").Str)
	assert.Equal(t, []string{"Electronics", "Books", "Sports"}, clean.Col("Category").Str)
	assert.Equal(t, table.TypeTimestamp, clean.Col("Order Date").Type)
	assert.Equal(t, []int64{2024, 2024, 2024}, clean.Col("Order Date_year").Int)
	assert.Equal(t, []string{"Tuesday", "Wednesday", "Monday"}, clean.Col("Order Date_day_of_week").Str)
	csv := string(table.AppendCSV(nil, clean, table.CSVWriteOptions{}))
	assert.Contains(t, csv, `A-001,"Smith, Jane",00501,2024-03-05T00:00:00Z,Electronics,999.00,1,"first order",,999.00,2024,1,3,Tuesday,false`)
	assert.Equal(t, []string{"Books", "Electronics", "Sports"}, out.Aggregate.Col("Category").Str)
	assert.Equal(t, []float64{31, 999, 180}, out.Aggregate.Col("total_revenue").Dec)
	assert.Equal(t, 5, out.Report.Len())
	assert.Equal(t, "pass", out.Report.Col("status").Str[4], "every ZIP has 5 characters")
	assert.Equal(t, "fail", out.Report.Col("status").Str[0])
}

func TestDataCheckErrors(t *testing.T) {
	res := readMessy(t)
	base := DataCheckConfig{Samples: 20}
	c := base
	c.Rules = "Price > 0"
	_, err := RunDataCheck(c, res)
	assert.ErrorContains(t, err, `unknown column "Price"`)
	c = base
	c.DateParts = []string{"When"}
	_, err = RunDataCheck(c, res)
	assert.ErrorContains(t, err, `unknown column "When"`)
	c = base
	c.Product = Product{A: "Unit Price"}
	_, err = RunDataCheck(c, res)
	assert.ErrorContains(t, err, "needs two columns")
	c = base
	c.GroupBy, c.Measure = "Category", "Customer"
	_, err = RunDataCheck(c, res)
	assert.ErrorContains(t, err, "choose a number column")
}

// With the formula guard on, the rejected file's raw_record keeps each
// unreadable record's text byte for byte (raw text is raw), while the
// text cells of rows that failed a rule get the apostrophe; with it off,
// nothing gets one.
func TestDataCheckRawRecordIsNotGuarded(t *testing.T) {
	data := "name,qty\n=SUM(A1),1\n=HYPERLINK(\"http://x\"),2,3\n+1-2,9\n@cmd,4\n-5,3,extra\nok,7\n"
	file, err := table.ReadCSV([]byte(data), table.CSVOptions{})
	require.NoError(t, err)
	require.Len(t, file.Rejected, 2, "the records with three fields cannot be read")
	res, err := RunDataCheck(DataCheckConfig{Rules: "qty > 5", Samples: 20}, file)
	require.NoError(t, err)

	guarded := table.AppendCSV(nil, res.Rejected, table.CSVWriteOptions{FormulaGuard: true})
	back, err := table.ReadCSV(guarded, table.CSVOptions{AllStrings: true})
	require.NoError(t, err)
	require.Empty(t, back.Rejected)
	rej := back.Table
	require.Equal(t, 4, rej.Len())
	raw, name := rej.Col(ColRawRecord), rej.Col("name")
	// Lines 2 (fails the rule), 3 (unreadable), 5 (fails the rule) and 6 (unreadable).
	assert.Equal(t, []string{"'=SUM(A1)", "", "'@cmd", ""}, name.Str, "text cells of rows that failed a rule are guarded")
	assert.Equal(t, `=HYPERLINK("http://x"),2,3`, raw.Str[1], "raw text is raw")
	assert.Equal(t, "-5,3,extra", raw.Str[3])
	assert.Contains(t, string(guarded), `"=HYPERLINK(""http://x""),2,3"`, "the raw record is quoted as CSV, not prefixed")
	assert.True(t, raw.IsNull(0) && raw.IsNull(2), "rows that failed a rule have no raw text")

	plain := table.AppendCSV(nil, res.Rejected, table.CSVWriteOptions{})
	assert.NotContains(t, string(plain), "'")
	assert.Equal(t, string(plain), strings.ReplaceAll(strings.ReplaceAll(string(guarded), "'=SUM", "=SUM"), "'@cmd", "@cmd"), "the guard changes the guarded cells and nothing else")

	// The raw column's cells follow its rows when the table is taken apart.
	part := res.Rejected.Take([]int{3, 1})
	again, err := table.ReadCSV(table.AppendCSV(nil, part, table.CSVWriteOptions{FormulaGuard: true}), table.CSVOptions{AllStrings: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"-5,3,extra", `=HYPERLINK("http://x"),2,3`}, again.Table.Col(ColRawRecord).Str)
}

// A text column of dates that is both re-cased and written as ISO 8601 is
// written as ISO dates: lower case first would make 2023-12-31T23:00:00Z a
// text that is no date, and the date null.
func TestDataCheckDatesAreNotRecased(t *testing.T) {
	r, err := table.ReadCSV([]byte("id,when\n1,2023-12-31T23:00:00.250Z\n2,03/06/2024\n3,x\n"), table.CSVOptions{})
	require.NoError(t, err)
	for _, mode := range []string{table.CaseLower, table.CaseUpper, table.CaseTitle} {
		res, err := RunDataCheck(DataCheckConfig{Samples: 5, Standardize: table.Standardize{Timestamps: []string{"when"},
			Case: []table.ColumnCase{{Column: "when", Mode: mode}}}}, r)
		require.NoError(t, err)
		assert.Equal(t, "id,when\n1,2023-12-31T23:00:00.250Z\n2,2024-03-06T00:00:00Z\n3,\n", string(table.AppendCSV(nil, res.Clean, r.WriteOptions())), mode)
	}
}

// An aggregate's columns never repeat a name, whatever the key is called.
func TestDataCheckAggregateNamesAreDistinct(t *testing.T) {
	r, err := table.ReadCSV([]byte("rows,m,Total_m\n1,2,x\n1,4,y\n"), table.CSVOptions{})
	require.NoError(t, err)
	for key, want := range map[string]string{"rows": "rows,rows_2,total_m,avg_m,min_m,max_m", "Total_m": "Total_m,rows,total_m_2,avg_m,min_m,max_m"} {
		res, err := RunDataCheck(DataCheckConfig{Samples: 5, GroupBy: key, Measure: "m"}, r)
		require.NoError(t, err)
		assert.Equal(t, want, strings.Join(res.Aggregate.Names(), ","))
	}
	r, err = table.ReadCSV([]byte("Orders,m\n1,2\n"), table.CSVOptions{})
	require.NoError(t, err)
	res, err := RunDataCheck(DataCheckConfig{Samples: 5, GroupBy: "Orders"}, r)
	require.NoError(t, err)
	assert.Equal(t, "Orders,orders_2", strings.Join(res.Aggregate.Names(), ","))
}
