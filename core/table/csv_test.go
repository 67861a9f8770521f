package table

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ingestkit/playground/core/internal/say"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadCSV(t *testing.T) {
	cases := []struct {
		name     string
		in       string
		rows     [][]string // expected table rows as text
		lines    []int
		rejected []int // lines of rejected records
		reason   string
	}{
		{"plain", "a,b\n1,x\n2,y\n", [][]string{{"1", "x"}, {"2", "y"}}, []int{2, 3}, nil, ""},
		{"no final newline", "a,b\n1,x\n2,y", [][]string{{"1", "x"}, {"2", "y"}}, []int{2, 3}, nil, ""},
		{"CRLF", "a,b\r\n1,x\r\n2,y\r\n", [][]string{{"1", "x"}, {"2", "y"}}, []int{2, 3}, nil, ""},
		{"BOM", "\xef\xbb\xbfa,b\n1,x\n", [][]string{{"1", "x"}}, []int{2}, nil, ""},
		{"quoted comma and quote", "a,b\n1,\"x, \"\"y\"\"\"\n", [][]string{{"1", "x, \"y\""}}, []int{2}, nil, ""},
		{"embedded newline keeps line numbers", "a,b\n1,\"two\nlines\"\n2,z\n", [][]string{{"1", "two\nlines"}, {"2", "z"}}, []int{2, 4}, nil, ""},
		{"embedded CRLF", "a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n", [][]string{{"1", "x\r\ny"}, {"2", "z"}}, []int{2, 4}, nil, ""},
		{"blank lines skipped", "a,b\n\n1,x\n\n2,y\n", [][]string{{"1", "x"}, {"2", "y"}}, []int{3, 5}, nil, ""},
		{"ragged rows rejected", "a,b\n1,x\n2\n3,z,extra\n4,w\n", [][]string{{"1", "x"}, {"4", "w"}}, []int{2, 5}, []int{3, 4}, "expected 2"},
		{"unterminated quote loses one line only", "a,b\n1,\"oops\n2,y\n3,z\n", [][]string{{"2", "y"}, {"3", "z"}}, []int{3, 4}, []int{2}, "never closed"},
		{"stray quote inside field kept", "a,b\n1,5\"3\n", [][]string{{"1", "5\"3"}}, []int{2}, nil, ""},
		{"invalid UTF-8 rejected", "a,b\n1,caf\xe9\n2,\u00e9t\u00e9\n", [][]string{{"2", "\u00e9t\u00e9"}}, []int{3}, []int{2}, "UTF-8"},
		{"Windows-1252 without UTF-8 read as such", "a,b\n1,caf\xe9\n2,ok\n", [][]string{{"1", "caf\u00e9"}, {"2", "ok"}}, []int{2, 3}, nil, ""},
		{"empty quoted field", "a,b\n1,\"\"\n", [][]string{{"1", ""}}, []int{2}, nil, ""},
		{"trailing empty field", "a,b\n1,\n", [][]string{{"1", ""}}, []int{2}, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := ReadCSV([]byte(c.in), CSVOptions{AllStrings: true, NullTokens: []string{}})
			require.NoError(t, err)
			var rows [][]string
			var lines []int
			for i := 0; i < res.Table.Len(); i++ {
				rows = append(rows, res.Table.Row(i))
				lines = append(lines, res.Table.Line(i))
			}
			assert.Equal(t, c.rows, rows)
			assert.Equal(t, c.lines, lines)
			var rej []int
			for _, r := range res.Rejected {
				rej = append(rej, r.Line)
				assert.Contains(t, r.Reason, c.reason)
			}
			assert.Equal(t, c.rejected, rej)
			assert.Equal(t, len(c.rows)+len(c.rejected), res.Records())
		})
	}
}

func TestReadCSVFileErrors(t *testing.T) {
	_, err := ReadCSV(nil, CSVOptions{})
	assert.ErrorIs(t, err, ErrEmptyFile)
	assert.Contains(t, err.Error(), "the file is empty")
	_, err = ReadCSV([]byte("\xef\xbb\xbf\n\n"), CSVOptions{})
	assert.ErrorIs(t, err, ErrEmptyFile)

	_, err = ReadCSV([]byte("a,b\n1,2\n"), CSVOptions{MaxBytes: 5})
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.Contains(t, err.Error(), "the limit is 5 bytes")

	_, err = ReadCSV([]byte("a,b,c\n"), CSVOptions{MaxColumns: 2})
	var ce *CSVError
	require.True(t, errors.As(err, &ce))
	assert.ErrorIs(t, err, ErrTooManyColumns)
	assert.Equal(t, "line 1: the header has 3 columns; the limit is 2", err.Error())

	res, err := ReadCSV([]byte("a,b\n"), CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, 0, res.Table.Len())
	assert.Contains(t, res.Warnings, "the file has a header but no data rows")

	long := "a\n" + strings.Repeat("x", 2000) + "\nshort\n"
	res, err = ReadCSV([]byte(long), CSVOptions{MaxLineBytes: 1000})
	require.NoError(t, err)
	require.Len(t, res.Rejected, 1)
	assert.Contains(t, res.Rejected[0].Reason, "limit for one record is 1,000 bytes")
	assert.Equal(t, 1, res.Table.Len())
}

// A file whose fields are separated by semicolons, tabs or vertical bars
// is read with that separator (files like it were once refused as not
// comma-separated); one-column files, and comma files whose text holds those
// characters, are read as before.
func TestReadCSVOtherSeparators(t *testing.T) {
	for _, c := range []struct {
		in   string
		sep  string
		cols int
	}{
		{"\xef\xbb\xbfDatum;Kunde;Preis\r\n01.03.2024;M\u00fcller;0,25\r\n02.03.2024;\"Weber; Sohn\";4,99\r\n", ";", 3},
		{"id\tname\tamount\n1\tAna\t10.5\n\n2\tBo\t\n", "\t", 3},
		{"a|b\n1|2\n", "|", 2},
		{"a;b\n", ";", 2},      // a header alone
		{"a;b\r1;2\r", ";", 2}, // old Mac line ends
		{"note\nfine; thanks\nno semicolon here\n", ",", 1}, // one column: not every line has one
		{"name\nAna\nBo\n", ",", 1},
		{"\"a;b\"\n1;2\n", ",", 1}, // a quoted header: one column
		{"a,b\n1;2,3\n", ",", 2},   // commas in the header
	} {
		res, err := ReadCSV([]byte(c.in), CSVOptions{})
		require.NoError(t, err, "%q", c.in)
		assert.Empty(t, res.Rejected, "%q", c.in)
		assert.Equal(t, c.sep, res.Separator, "%q", c.in)
		assert.Len(t, res.Table.Cols, c.cols, "%q", c.in)
		if !strings.Contains(c.in, "\n\n") { // a blank line is not written back
			assert.Equal(t, c.in, string(AppendCSV(nil, res.Table, res.WriteOptions())), "%q", c.in)
		}
	}
}

func TestReadCSVHeaderRepairs(t *testing.T) {
	res, err := ReadCSV([]byte(" id ,,name,name\n1,2,3,4\n"), CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"id", "column_2", "name", "name_2"}, res.Table.Names())
	assert.Equal(t, []string{`column 1's name " id " has spaces or invisible characters around it; it is called "id"`,
		`column 2 has no name in the header; it is called "column_2"`, `column 4 repeats the name "name"; it is called "name_2"`}, res.Warnings)
}

func TestReadCSVTypes(t *testing.T) {
	in := "zip,qty,price,ok,when,note,empty\n" +
		"00501,3,12.50,true,2024-03-05,x,\n" +
		"10001,NA,7,FALSE,03/06/2024 10:00,,NULL\n" +
		"02134,-2,N/A,false,2024-03-07T08:00:00Z,z,\n"
	res, err := ReadCSV([]byte(in), CSVOptions{})
	require.NoError(t, err)
	types := map[string]Type{}
	for _, c := range res.Table.Cols {
		types[c.Name] = c.Type
	}
	assert.Equal(t, map[string]Type{"zip": TypeString, "qty": TypeInt, "price": TypeDecimal, "ok": TypeBool, "when": TypeTimestamp, "note": TypeString, "empty": TypeString}, types)
	assert.True(t, res.Table.Col("qty").IsNull(1))
	assert.True(t, res.Table.Col("price").IsNull(2))
	assert.True(t, res.Table.Col("note").IsNull(1))
	assert.Equal(t, "mixed", res.Formats["when"])
	assert.Equal(t, "00501", res.Table.Col("zip").Str[0])

	// Fixed types: a value that does not fit rejects its row, with the reason.
	res, err = ReadCSV([]byte("id,amount\n1,5\n2,abc\n3,7.5\n"), CSVOptions{Types: map[string]Type{"amount": TypeDecimal}})
	require.NoError(t, err)
	assert.Equal(t, 2, res.Table.Len())
	require.Len(t, res.Rejected, 1)
	assert.Equal(t, 3, res.Rejected[0].Line)
	assert.Equal(t, `column "amount": "abc" is not a valid decimal`, res.Rejected[0].Reason)
	assert.Equal(t, []int{2, 4}, lineNumbers(res.Table))
}

// lineNumbers is the line number of every row of t.
func lineNumbers(t *Table) []int {
	out := make([]int, t.Len())
	for i := range out {
		out[i] = t.Line(i)
	}
	return out
}

func TestWriteCSV(t *testing.T) {
	tab := mustTable("t",
		NewStringColumn("text", []string{"plain", "a,b", "say \"hi\"", "two\nlines", "=SUM(A1)", "-3", ""}, []bool{false, false, false, false, false, false, true}),
		NewIntColumn("n", []int64{1, -2, 3, 4, 5, 6, 7}, nil),
		NewDecimalColumn("d", []float64{1.005, -0.001, 2, 3.14159, 0, 1e6, 5}, nil, 2),
		NewBoolColumn("b", []bool{true, false, true, false, true, false, true}, []bool{false, false, false, false, false, false, true}),
		NewTimestampColumn("ts", []int64{0, 1_709_647_620_000, 1_709_647_620_250, 0, 0, 0, 0}, nil),
	)
	got := string(AppendCSV(nil, tab, CSVWriteOptions{}))
	want := "text,n,d,b,ts\n" +
		"plain,1,1.00,true,1970-01-01T00:00:00Z\n" +
		"\"a,b\",-2,0.00,false,2024-03-05T14:07:00Z\n" +
		"\"say \"\"hi\"\"\",3,2.00,true,2024-03-05T14:07:00.250Z\n" +
		"\"two\nlines\",4,3.14,false,1970-01-01T00:00:00Z\n" +
		"=SUM(A1),5,0.00,true,1970-01-01T00:00:00Z\n" +
		"-3,6,1000000.00,false,1970-01-01T00:00:00Z\n" +
		",7,5.00,,1970-01-01T00:00:00Z\n"
	assert.Equal(t, want, got)
	guarded := string(AppendCSV(nil, tab, CSVWriteOptions{FormulaGuard: true, CRLF: true}))
	assert.Contains(t, guarded, "'=SUM(A1),5")
	assert.Contains(t, guarded, "'-3,6", "string cells only")
	assert.Contains(t, guarded, "\r\n")

	// Column names are guarded too: a file's header is text like any other.
	hostile, err := ReadCSV([]byte("=HYPERLINK(\"http://x\"),@cmd,ok\n1,2,3\n"), CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, "\"'=HYPERLINK(\"\"http://x\"\")\",'@cmd,ok\n1,2,3\n", string(AppendCSV(nil, hostile.Table, CSVWriteOptions{FormulaGuard: true})))

	// Round trip: what we write, we read back identically.
	res, err := ReadCSV([]byte(got), CSVOptions{AllStrings: true, NullTokens: []string{}})
	require.NoError(t, err)
	require.Equal(t, tab.Len(), res.Table.Len())
	for i := 0; i < tab.Len(); i++ {
		assert.Equal(t, tab.Row(i), res.Table.Row(i))
	}
}

// Types are inferred from the values: codes with leading zeros stay
// text, null tokens are skipped.
func TestInferTypeKeepsCodesAsText(t *testing.T) {
	nt := DefaultNullTokens
	cases := []struct {
		vals []string
		want Type
	}{
		{[]string{"1", "-2", "NA"}, TypeInt},
		{[]string{"00501", "10001"}, TypeString},
		{[]string{"0", "10"}, TypeInt},
		{[]string{"1.5", "2", ""}, TypeDecimal},
		{[]string{"007.5"}, TypeString},
		{[]string{"true", "False"}, TypeBool},
		{[]string{"2024-01-02", "Jan 3, 2024", "05.03.2024"}, TypeTimestamp},
		{[]string{"2024-01-02", "soon"}, TypeString},
		{[]string{"NA", "null", "N/A", "NULL", ""}, TypeString},
		{[]string{"1e3", "2.5"}, TypeDecimal},
		{[]string{"NaN"}, TypeString},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, InferType(c.vals, nt), "%q", c.vals)
	}
}

// Every date form the reader takes gives the instant Go's time package
// gives; the forms it refuses are refused.
func TestParseTimestampAgreesWithTimePackage(t *testing.T) {
	at := func(s string) int64 {
		v, err := time.Parse(time.RFC3339Nano, s)
		require.NoError(t, err)
		return v.UnixMilli()
	}
	ok := []struct {
		in     string
		want   string
		format string
	}{
		{"2024-03-05", "2024-03-05T00:00:00Z", FormatISO},
		{"2024-03-05T14:07:09Z", "2024-03-05T14:07:09Z", FormatISO},
		{"2024-03-05T14:07:09.25Z", "2024-03-05T14:07:09.25Z", FormatISO},
		{"2024-03-05 14:07", "2024-03-05T14:07:00Z", FormatISO},
		{"2024-03-05T14:07:00+02:00", "2024-03-05T12:07:00Z", FormatISO},
		{"2024-03-05T23:30:00-0100", "2024-03-06T00:30:00Z", FormatISO},
		{"2024/03/05 14:07:09", "2024-03-05T14:07:09Z", FormatSlashYMD},
		{"03/05/2024", "2024-03-05T00:00:00Z", FormatUS},
		{"3/5/2024 08:00", "2024-03-05T08:00:00Z", FormatUS},
		{"05.03.2024", "2024-03-05T00:00:00Z", FormatDotted},
		{"05 Mar 2024", "2024-03-05T00:00:00Z", FormatDayMon},
		{"5 march 2024 10:00", "2024-03-05T10:00:00Z", FormatDayMon},
		{"Mar 5, 2024", "2024-03-05T00:00:00Z", FormatMonDay},
		{"2024-02-29", "2024-02-29T00:00:00Z", FormatISO},
		{" 2024-03-05 ", "2024-03-05T00:00:00Z", FormatISO},
	}
	for _, c := range ok {
		ms, f, good := ParseTimestamp(c.in)
		if assert.True(t, good, c.in) {
			assert.Equal(t, at(c.want), ms, c.in)
			assert.Equal(t, c.format, f, c.in)
		}
	}
	for _, bad := range []string{"", "2024", "2024-13-01", "2023-02-29", "2024-04-31", "13/13/2024", "2024-03-05T25:00", "2024-03-05X", "not a date", "Foo 5, 2024", "2024-03-05T10:00+02:00 extra", "03/05/2024Z", "12345678"} {
		_, _, good := ParseTimestamp(bad)
		assert.False(t, good, bad)
	}
}

// PartsOf and AppendTimestamp agree with the time package in UTC over a wide
// range, including dates before 1970.
func TestCalendarMatchesTimePackage(t *testing.T) {
	for ms := int64(-5e12); ms < 5e12; ms += 7_777_777_777 + ms%3*1000 {
		tt := time.UnixMilli(ms).UTC()
		p := PartsOf(ms)
		require.Equal(t, tt.Year(), p.Year)
		require.Equal(t, int(tt.Month()), p.Month)
		require.Equal(t, tt.Day(), p.Day)
		require.Equal(t, tt.Hour(), p.Hour)
		require.Equal(t, (int(tt.Weekday())+6)%7, p.Weekday)
		layout := "2006-01-02T15:04:05.000Z"
		if ms%1000 == 0 {
			layout = "2006-01-02T15:04:05Z"
		}
		require.Equal(t, tt.Format(layout), FormatTimestamp(ms))
		back, _, ok := ParseTimestamp(FormatTimestamp(ms))
		if p.Year >= 1000 {
			require.True(t, ok)
			require.Equal(t, ms, back)
		}
	}
}

// The fast decimal writer gives exactly strconv's digits.
func TestDecimalFormattingMatchesStrconv(t *testing.T) {
	vals := []float64{0, -0.0, 1.005, 2.675, -2.675, 0.285, 1e15, 123456789.125, -0.001, 0.5, 1.5, 2.5, -0.5, 99.995, 4503599627370495.5, 1e20, -1e-9}
	for i := 0; i < 200000; i++ {
		vals = append(vals, float64(i)/100, float64(i)*1.37/7, -float64(i)/3)
	}
	r := rand.New(rand.NewPCG(7, 8))
	for range 200000 {
		price, qty := float64(r.IntN(100000))/100, float64(r.IntN(20)-2)
		vals = append(vals, price, -price, price*qty, price*1.1, r.NormFloat64()*1e6, math.Ldexp(r.Float64(), r.IntN(100)-50), float64(r.Int64N(1e15))/100)
	}
	vals = append(vals, 9999999999999.99, 1e13, 1e13-0.01, math.Inf(1), math.NaN(), math.SmallestNonzeroFloat64, 0.1+0.2)
	for _, v := range vals {
		for _, scale := range []int{-1, 0, 1, 2, 3, 6} {
			want := strconv.FormatFloat(v, 'f', scale, 64)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				continue
			}
			if strings.Trim(strings.TrimPrefix(want, "-"), "0.") == "" {
				want = strings.TrimPrefix(want, "-")
			}
			require.Equal(t, want, string(appendDecimal(nil, v, scale)), "%v at scale %d", v, scale)
		}
	}
}

// appendUint gives strconv's digits.
func TestAppendUintMatchesStrconv(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	vals := []uint64{0, 9, 10, 99, 100, 1<<32 - 1, 1 << 32, 1<<64 - 1}
	for range 100000 {
		vals = append(vals, r.Uint64(), uint64(r.Uint32()), uint64(r.IntN(1000)))
	}
	for _, v := range vals {
		require.Equal(t, strconv.FormatUint(v, 10), string(appendUint(nil, v)))
	}
}

// InferColumn gives what InferType + ConvertColumn give.
func TestInferColumnMatchesTwoPasses(t *testing.T) {
	cases := [][]string{
		{"1", "2", "NA", "3"}, {"1", "2.5", "", "-4"}, {"1", "x"}, {"1.5", "2024-01-01"}, {"true", "FALSE", "null"},
		{"true", "1"}, {"2024-01-01", "03/02/2024 10:00", "N/A"}, {"2024-01-01", "soon"}, {"NA", "NA"}, {}, {"00501", "1"},
		{"", "7", "007"}, {" 3 ", "4"}, {"1e3", "2"},
	}
	for _, vals := range cases {
		typ := InferType(vals, DefaultNullTokens)
		want, _ := ConvertColumn("c", vals, typ, DefaultNullTokens)
		got := InferColumn("c", vals, DefaultNullTokens)
		assert.Equal(t, want, got, "%q", vals)
	}
}

func TestReadCSVShared(t *testing.T) {
	data := []byte("a,b\nx,1\ny,2\n")
	res, err := ReadCSV(data, CSVOptions{Shared: true})
	require.NoError(t, err)
	assert.Equal(t, []string{"x", "y"}, res.Table.Col("a").Str)
}

// The per-day date cache, from its zero value, writes exactly what
// AppendTimestamp does, across days, years, milliseconds, negative times
// (1970-01-01 and 1969-12-31 first: no empty slot passes for them) and
// years past 9999.
// start2024 is 2024-01-01T00:00:00Z, the sales generator's default start.
const start2024 int64 = 1_704_067_200_000

func TestDayCacheTimestamps(t *testing.T) {
	var c DayCache
	r := rand.New(rand.NewPCG(1, 2))
	vals := []int64{0, -1, 1, Day - 1, -Day, -Day - 1, 253402300799999, 253402300800000, -62167219200000, -62167219200001, start2024}
	for range 100_000 {
		vals = append(vals, r.Int64N(4e11)-2e11, start2024+r.Int64N(400*Day), r.Int64N(1e15)-5e14)
	}
	for _, ms := range vals {
		require.Equal(t, string(AppendTimestamp(nil, ms)), string(c.AppendTimestamp(nil, ms)), "ms=%d", ms)
	}
}

func TestDayCacheParts(t *testing.T) {
	c := NewDayCache()
	r := rand.New(rand.NewPCG(3, 4))
	for range 200_000 {
		for _, ms := range []int64{r.Int64N(4e11) - 2e11, start2024 + r.Int64N(400*Day), r.Int64N(1e15) - 5e14} {
			require.Equal(t, PartsOf(ms), c.parts(ms), "ms=%d", ms)
		}
	}
}

// daysFromCivil, on its 32-bit path and off it, counts days as Go's time
// package does.
func TestDaysFromCivil(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for range 300000 {
		y, m, d := r.Int64N(1<<21)-1<<10, r.Int64N(12)+1, r.Int64N(28)+1
		want := time.Date(int(y), time.Month(m), int(d), 0, 0, 0, 0, time.UTC).Unix() / 86400
		require.Equal(t, want, daysFromCivil(y, m, d), "%d-%d-%d", y, m, d)
	}
	require.Equal(t, int64(0), daysFromCivil(1970, 1, 1))
}

// civilFromDays inverts daysFromCivil on both of its paths.
func TestCivilFromDaysRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for range 300000 {
		z := r.Int64N(1<<32) - 1<<31
		y, m, d := civilFromDays(z)
		require.Equal(t, z, daysFromCivil(y, m, d), "day %d → %d-%d-%d", z, y, m, d)
		require.True(t, m >= 1 && m <= 12 && d >= 1 && d <= 31)
	}
}

// formatOfValid reads from a valid date's shape the format ParseTimestamp
// reports.
func TestFormatOfValidMatchesParseTimestamp(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	mon := []string{"Jan", "March", "sep", "DECEMBER"}
	for range 20000 {
		y, m, d := 1000+r.IntN(9000), 1+r.IntN(12), 1+r.IntN(28)
		clock := []string{"", "T14:07:00Z", " 09:30", "T23:59:59.250+02:00"}[r.IntN(4)]
		for _, v := range []string{
			fmt.Sprintf("%04d-%02d-%02d%s", y, m, d, clock),
			fmt.Sprintf("%04d/%d/%d", y, m, d),
			fmt.Sprintf("%d/%d/%04d", m, d, y),
			fmt.Sprintf("%02d.%02d.%04d", d, m, y),
			fmt.Sprintf("%d %s %04d", d, mon[r.IntN(4)], y),
			fmt.Sprintf("%s %d, %04d", mon[r.IntN(4)], d, y),
			fmt.Sprintf("  %04d-%02d-%02d ", y, m, d),
		} {
			_, want, ok := ParseTimestamp(v)
			require.True(t, ok, v)
			require.Equal(t, want, formatOfValid(v), v)
		}
	}
}

// needsQuoting agrees with a look at each byte, at every length and offset.
func TestNeedsQuotingMatchesEachByte(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	alphabet := "ab,\"\n\r\x00 \xff\xac\x2c"
	buf := make([]byte, 40)
	for iter := 0; iter < 200_000; iter++ {
		for i := range buf {
			if r.IntN(12) == 0 {
				buf[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				buf[i] = byte('a' + r.IntN(26))
			}
		}
		text := string(buf)
		n := r.IntN(21)
		at := r.IntN(len(text) - n + 1)
		v := text[at : at+n]
		want := strings.ContainsAny(v, ",\"\n\r")
		require.Equal(t, want, needsQuoting(v), "%q", v)
	}
}

// parseDigits, the inlined common case, agrees with ParseInt wherever it
// answers, and answers for plain digits.
func TestParseDigitsMatchesParseInt(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 2))
	alphabet := "0123456789 +-x"
	for iter := 0; iter < 200_000; iter++ {
		b := make([]byte, r.IntN(21))
		for i := range b {
			if r.IntN(4) == 0 {
				b[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				b[i] = '0' + byte(r.IntN(10))
			}
		}
		s := string(b)
		got, ok := parseDigits(s)
		want, wantOK := ParseInt(s)
		if ok {
			require.True(t, wantOK, "%q", s)
			require.Equal(t, want, got, "%q", s)
		}
		if wantOK && s[0] != '+' && s[0] != '-' {
			require.True(t, ok, "%q is plain digits", s)
		}
	}
}

// The fixed-width ISO fast path agrees with the general path on valid dates
// in its forms and on every one-byte change of them.
func TestParseISOFixedMatchesTheGeneralPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	bytesTried := []byte("0123456789-:TZ /x.+")
	agree := func(s string) {
		t.Helper()
		fast, ok := parseISOFixed(s)
		ms, f, good := parseTimestamp(s)
		if ok {
			require.True(t, good, "%q", s)
			require.Equal(t, ms, fast, "%q", s)
			require.Equal(t, FormatISO, f, "%q", s)
		}
		all, af, aok := ParseTimestamp(s)
		require.Equal(t, [3]any{ms, f, good}, [3]any{all, af, aok}, "%q", s)
	}
	fast := 0
	for range 20000 {
		ms := rng.Int64N(400*365*Day) - 200*365*Day
		iso := FormatTimestamp(ms / 1000 * 1000)
		for _, s := range []string{iso, iso[:10], iso[:19], iso[:10] + " " + iso[11:19]} {
			if _, ok := parseISOFixed(s); ok {
				fast++
			}
			agree(s)
			b := []byte(s)
			b[rng.IntN(len(b))] = bytesTried[rng.IntN(len(bytesTried))]
			agree(string(b))
		}
	}
	assert.Greater(t, fast, 70000, "the valid dates take the fast path")
	for _, s := range []string{"2024-02-29", "2023-02-29", "2024-13-01", "2024-00-10", "2024-01-32", "2024-04-31T00:00:00Z",
		"2024-01-01T24:00:00Z", "2024-01-01T23:60:00", "2024-01-01 23:59:60", "2024-01-01T23:59:59z", "0000-01-01", "9999-12-31T23:59:59Z"} {
		agree(s)
	}
}

// recordIntoByLine is the reader's earlier way to read a data record: find
// the line end, then each comma with strings.IndexByte. recordInto must
// read every record as it did.
func (p *csvParser) recordIntoByLine(raw [][]string, n int, fields []string, ends []uint8) (k int, f []string, errMsg string) {
	ln, next := p.physLine()
	if strings.IndexByte(ln, '"') >= 0 {
		f, errMsg = p.quotedRecord(fields[:0], next)
		return len(f), f, errMsg
	}
	if blank, errMsg := p.plainLine(ln, next); blank || errMsg != "" {
		return -1, nil, errMsg
	}
	size := len(ln)
	for {
		j := strings.IndexByte(ln, ',')
		v := ln
		if j >= 0 {
			v = ln[:j]
		}
		if k < len(raw) {
			raw[k][n] = v
			if k < len(ends) {
				ends[k] = uint8(size - len(ln) + len(v))
			}
		}
		k++
		if j < 0 {
			return k, nil, ""
		}
		ln = ln[j+1:]
	}
}

func TestRecordIntoMatchesReadingByLine(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	alphabet := []string{"a", "bc", "12345", "2024-01-02T03:04:05Z", ",", ",", ",", "\"", "\"\"", "\n", "\r\n", "\r", " ", "  ", "\t", "é"}
	for iter := range 20000 {
		var sb strings.Builder
		for range rng.IntN(60) {
			sb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		text := sb.String()
		for _, nl := range []byte{'\n', '\r'} {
			maxLine := []int{8, 30, 1 << 20}[iter%3]
			a := &csvParser{s: text, line: 1, maxLine: maxLine, nl: nl, sep: ','}
			b := &csvParser{s: text, line: 1, maxLine: maxLine, nl: nl, sep: ','}
			for a.pos < len(text) {
				const ncol = 4
				rawA, rawB := make([][]string, ncol), make([][]string, ncol)
				for c := range ncol {
					rawA[c], rawB[c] = make([]string, 1), make([]string, 1)
				}
				endsA, endsB := make([]uint8, ncol), make([]uint8, ncol)
				ka, fa, ea := a.recordInto(rawA, 0, make([]string, 0, 5), endsA)
				kb, fb, eb := b.recordIntoByLine(rawB, 0, make([]string, 0, 5), endsB)
				what := fmt.Sprintf("%q (line end %q) at %d", text, nl, b.pos)
				require.Equal(t, kb, ka, what)
				require.Equal(t, fb, fa, what)
				require.Equal(t, eb, ea, what)
				require.Equal(t, b.pos, a.pos, what)
				require.Equal(t, b.line, a.line, what)
				if fb == nil && eb == "" && kb > 0 {
					require.Equal(t, rawB, rawA, what)
					require.Equal(t, endsB[:min(kb, ncol)], endsA[:min(kb, ncol)], what)
				}
			}
		}
	}
}

// The date format ReadCSV reports for a column, read from its form, is the
// one its cells give one by one.
func TestDateFormatsFromTheForm(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	seen := map[string]int{}
	forms := []string{"2024-03-05", "2024-03-05T14:07:00Z", "2024-03-05 14:07:00", "2024-03-05T14:07:00", "2024-03-05T14:07:00.250Z",
		"2024-03-05T14:07:00+02:00", " 2024-03-05", "2024/03/05", "03/05/2024", "05.03.2024", "05 Mar 2024", "Mar 5, 2024", "null", "NA"}
	for range 500 {
		var sb strings.Builder
		sb.WriteString("d\n")
		var cells []string
		kinds := 1 + rng.IntN(3)
		for range 1 + rng.IntN(12) {
			v := forms[rng.IntN(kinds*4)%len(forms)]
			cells = append(cells, v)
			sb.Write(appendField(nil, v, false))
			sb.WriteString("\n")
		}
		res, err := ReadCSV([]byte(sb.String()), CSVOptions{})
		require.NoError(t, err)
		col := res.Table.Cols[0]
		if col.Type != TypeTimestamp {
			continue
		}
		want := ""
		for i, v := range cells {
			if col.IsNull(i) {
				continue
			}
			if f := formatOfValid(v); want == "" {
				want = f
			} else if f != want {
				want = "mixed"
				break
			}
		}
		require.Equal(t, want, res.Formats["d"], "%q", cells)
		seen[want]++
	}
	assert.Positive(t, seen["mixed"])
	assert.Positive(t, seen[FormatISO])
	assert.Greater(t, len(seen), 3, "%v", seen)
}

// decimalAndShape gives what ParseDecimal and decimalShape give, one by
// one, on random numbers and near-numbers.
func TestDecimalAndShapeMatchesTheTwo(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	alphabet := []string{"0", "1", "5", "9", "0", ".", "-", "+", " ", "e", "00", "123456789"}
	plain := 0
	for range 100000 {
		var sb strings.Builder
		for range 1 + rng.IntN(8) {
			sb.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		v := sb.String()
		x, shape, ok := decimalAndShape(v)
		want, wantOK := ParseDecimal(trimSpace(v))
		require.Equal(t, wantOK, ok, "%q", v)
		if !ok {
			continue
		}
		require.Equal(t, math.Float64bits(want), math.Float64bits(x), "%q", v)
		require.Equal(t, decimalShape(v), shape, "%q", v)
		if shape >= 0 {
			plain++
		}
	}
	assert.Greater(t, plain, 5000)
}

// quotedText is the text of a quoted field, quotes included, of exactly n
// bytes: line breaks nl, doubled quotes and commas, padded with letters.
func quotedText(n int, nl string) string {
	pieces := []string{"ab", ",", `""`, nl, "c d", nl + nl}
	var sb strings.Builder
	sb.WriteByte('"')
	for k := 0; ; k++ {
		p := pieces[k%len(pieces)]
		if sb.Len()+len(p)+1 > n {
			break
		}
		sb.WriteString(p)
	}
	for sb.Len()+1 < n {
		sb.WriteByte('z')
	}
	sb.WriteByte('"')
	return sb.String()
}

// A record over MaxLineBytes is one rejected record, however many lines
// its quoted fields span: reading goes on at its true end (RFC 4180: ""
// is a quote, the record ends at the first line end outside quotes), and
// the records after it keep their line numbers. Records up to the limit
// are read.
func TestReadCSVLongQuotedRecord(t *testing.T) {
	const limit = 64
	for _, nl := range []string{"\n", "\r\n", "\r"} {
		for _, c := range []struct {
			name   string
			record func(n int) string // a record of n bytes (its line end not counted)
		}{
			{"quoted last field", func(n int) string { return "1," + quotedText(n-2, nl) }},
			{"quoted first field", func(n int) string { return quotedText(n-2, nl) + ",1" }},
			{"two quoted fields", func(n int) string { return quotedText(n/2, nl) + "," + quotedText(n-n/2-1, nl) }},
			{"quoted, then long unquoted", func(n int) string { return `"1",` + strings.Repeat("x", n-4) }},
			{"text after the closing quote", func(n int) string { return `1,"a` + nl + `b"` + strings.Repeat("y", n-6-len(nl)) }},
		} {
			for _, n := range []int{limit - 1, limit, limit + 1, 3 * limit, 40 * limit} {
				rec := c.record(n)
				require.Len(t, rec, n)
				breaks := strings.Count(rec, nl[len(nl)-1:])
				name := fmt.Sprintf("%s/%q/%d", c.name, nl, n)
				for _, final := range []string{nl, ""} {
					in := "a,b" + nl + rec + nl + "2,y" + nl + rec + final
					res, err := ReadCSV([]byte(in), CSVOptions{MaxLineBytes: limit, AllStrings: true})
					require.NoError(t, err, name)
					next := 3 + breaks // the line of "2,y"
					require.Equal(t, 3, res.Records(), name)
					if n <= limit {
						require.Empty(t, res.Rejected, name)
						require.Equal(t, []int{2, next, next + 1}, lineNumbers(res.Table), name)
						require.Equal(t, []string{"2", "y"}, res.Table.Row(1), name)
						continue
					}
					require.Equal(t, []int{next}, lineNumbers(res.Table), name)
					require.Equal(t, []string{"2", "y"}, res.Table.Row(0), name)
					require.Len(t, res.Rejected, 2, name)
					for k, r := range res.Rejected {
						line := []int{2, next + 1}[k]
						assert.Equal(t, line, r.Line, name)
						where := ""
						if breaks > 0 {
							where = fmt.Sprintf(" (lines %s to %s)", say.Count(int64(line)), say.Count(int64(line+breaks)))
						}
						assert.Equal(t, fmt.Sprintf("is %s bytes long%s; the limit for one record is 64 bytes", say.Count(int64(n)), where), r.Reason, name)
						assert.Equal(t, say.Clip(rec+[]string{nl, final}[k]), r.Raw, name)
					}
				}
			}
		}
	}
}

// An unquoted line over the limit is one rejected record, as before.
func TestReadCSVLongPlainLine(t *testing.T) {
	for _, nl := range []string{"\n", "\r\n", "\r"} {
		in := "a,b" + nl + "1," + strings.Repeat("x", 100) + nl + "2,y" + nl + strings.Repeat("z", 65) + nl + "3,w"
		res, err := ReadCSV([]byte(in), CSVOptions{MaxLineBytes: 64})
		require.NoError(t, err)
		assert.Equal(t, []int{3, 5}, lineNumbers(res.Table))
		require.Len(t, res.Rejected, 2)
		assert.Equal(t, 2, res.Rejected[0].Line)
		assert.Equal(t, "is 102 bytes long; the limit for one record is 64 bytes", res.Rejected[0].Reason)
		assert.Equal(t, 4, res.Rejected[1].Line)
		assert.Equal(t, "is 65 bytes long; the limit for one record is 64 bytes", res.Rejected[1].Reason)
	}
}

// A quote that is never closed (it runs to the end of the file) costs its
// record's first line, over the limit or not; reading goes on with the next
// line. One closed past the limit is not "never closed".
func TestReadCSVNeverClosedQuote(t *testing.T) {
	for _, nl := range []string{"\n", "\r\n", "\r"} {
		body := strings.Repeat("text, more"+nl, 20) // 20 lines of two fields, no quote
		in := "a,b" + nl + "1,\"" + body
		res, err := ReadCSV([]byte(in), CSVOptions{MaxLineBytes: 64, AllStrings: true})
		require.NoError(t, err)
		require.Len(t, res.Rejected, 1)
		assert.Equal(t, 2, res.Rejected[0].Line)
		assert.Equal(t, "has a quoted field opened on line 2 that is never closed", res.Rejected[0].Reason)
		assert.Equal(t, 19, res.Table.Len(), "the field's other lines are read as records")
		assert.Equal(t, 3, res.Table.Line(0))

		// Past the limit a quoted field closes, and a later one never does.
		in = "a,b" + nl + quotedText(100, " ") + ",\"x" + nl + "2,y" + nl + "3,z" + nl
		res, err = ReadCSV([]byte(in), CSVOptions{MaxLineBytes: 64, AllStrings: true})
		require.NoError(t, err)
		require.Len(t, res.Rejected, 1)
		assert.Equal(t, 2, res.Rejected[0].Line)
		assert.Equal(t, "has a quoted field opened on line 2 that is never closed", res.Rejected[0].Reason)
		assert.Equal(t, []int{3, 4}, lineNumbers(res.Table))
	}
}

// The header is read as any record: one over the limit is an error that
// says so, with its size, the limit and the lines it spans.
func TestReadCSVLongQuotedHeader(t *testing.T) {
	for _, nl := range []string{"\n", "\r\n", "\r"} {
		head := quotedText(100, nl) + ",b"
		_, err := ReadCSV([]byte(head+nl+"1,2"+nl), CSVOptions{MaxLineBytes: 64})
		require.ErrorIs(t, err, ErrEmptyFile)
		breaks := strings.Count(head, nl[len(nl)-1:])
		assert.Equal(t, fmt.Sprintf("line 1: the header cannot be read: is 102 bytes long (lines 1 to %d); the limit for one record is 64 bytes", 1+breaks), err.Error())

		res, err := ReadCSV([]byte(head+nl+"1,2"+nl), CSVOptions{MaxLineBytes: 102})
		require.NoError(t, err)
		assert.Equal(t, []int{2 + breaks}, lineNumbers(res.Table))

		_, err = ReadCSV([]byte("\"a"+nl+"b,c"+nl+"1,2"+nl), CSVOptions{MaxLineBytes: 64})
		require.ErrorIs(t, err, ErrEmptyFile)
		assert.Contains(t, err.Error(), "never closed")
	}
}

// The issue "A long quoted field invents rows": a 10 MB quoted field with
// line breaks, doubled quotes and commas is one record over the default
// limit, set aside; the record after it is read on its own line.
func TestReadCSVLongQuotedFieldDefaultLimit(t *testing.T) {
	for _, c := range []struct {
		size int
		nl   string
	}{{10 << 20, "\n"}, {3 << 20, "\r\n"}, {3 << 20, "\r"}, {DefaultMaxLineBytes - 2, "\n"}} {
		var sb strings.Builder
		sb.WriteString(`1,"`)
		lines := 0
		for sb.Len() < c.size-60 {
			sb.WriteString(`some text, with ""quotes"",` + c.nl + `and lines` + c.nl)
			lines += 2
		}
		for sb.Len() < c.size-1 {
			sb.WriteByte('z')
		}
		sb.WriteString(`"`)
		rec := sb.String()
		require.Len(t, rec, c.size)
		in := "a,b" + c.nl + rec + c.nl + "2,y" + c.nl
		res, err := ReadCSV([]byte(in), CSVOptions{})
		require.NoError(t, err)
		require.Equal(t, 2, res.Records())
		if c.size <= DefaultMaxLineBytes {
			require.Empty(t, res.Rejected)
			assert.Equal(t, []int{2, 3 + lines}, lineNumbers(res.Table))
			assert.Equal(t, rec[3:len(rec)-1], strings.ReplaceAll(res.Table.Col("b").Value(0), `"`, `""`))
			continue
		}
		require.Len(t, res.Rejected, 1)
		r := res.Rejected[0]
		assert.Equal(t, 2, r.Line)
		assert.Equal(t, fmt.Sprintf("is %s bytes long (lines 2 to %s); the limit for one record is 1,048,576 bytes", say.Count(int64(c.size)), say.Count(int64(2+lines))), r.Reason)
		assert.Equal(t, say.Clip(rec), r.Raw)
		assert.LessOrEqual(t, len(r.Raw), 503)
		require.Equal(t, 1, res.Table.Len())
		assert.Equal(t, []string{"2", "y"}, res.Table.Row(0))
		assert.Equal(t, 3+lines, res.Table.Line(0))
	}
}

// csvRecord is a record as rfcRecords finds it.
type csvRecord struct {
	line, bytes, fields int
	neverClosed         bool
}

// rfcRecords splits text into records by RFC 4180, a byte at a time, with
// the reader's leniencies: a quote opens a quoted field only at a field's
// start ("" inside is a quote, and text after the closing quote belongs to
// the field); a record ends at the first CR, LF or CRLF outside quotes;
// lines are counted by nl, the file's line end byte; a record of spaces
// only is a blank line, not a record; a quote never closed sets aside the
// record's first line only, and splitting goes on with the next line.
func rfcRecords(text string, nl byte) []csvRecord {
	const (
		fieldStart = iota
		unquoted
		quoted
		quoteInQuoted // a quote seen inside a quoted field: closing, or the first of ""
	)
	var recs []csvRecord
	line := 1
	for i := 0; i < len(text); {
		start, state, lines, fields, hasQuote := i, fieldStart, 0, 1, false
		for ; i < len(text); i++ {
			c := text[i]
			if state == quoted {
				if c == '"' {
					state = quoteInQuoted
				} else if c == nl {
					lines++
				}
				continue
			}
			if c == '"' && (state == fieldStart || state == quoteInQuoted) {
				state, hasQuote = quoted, true // a field's opening quote, or the second of ""
				continue
			}
			if c == ',' {
				state = fieldStart
				fields++
				continue
			}
			if c == nl || c == '\r' && i+1 < len(text) && text[i+1] == '\n' {
				break // the file's line end; any other CR is text
			}
			state = unquoted
		}
		if state == quoted { // never closed
			recs = append(recs, csvRecord{line: line, neverClosed: true})
			i = start + strings.IndexByte(text[start:], nl) + 1
			if i == start {
				i = len(text)
			} else if nl == '\r' && i < len(text) && text[i] == '\n' {
				i++ // a CRLF ends a line in a CR file too
			}
			line++
			continue
		}
		end := i
		if i < len(text) && text[i] == '\r' {
			i++
		}
		if i < len(text) && text[i] == '\n' {
			i++
		}
		if fields > 1 || hasQuote || strings.TrimSpace(text[start:end]) != "" { // (a line of white space, a lone CR too, is blank)
			recs = append(recs, csvRecord{line: line, bytes: end - start, fields: fields})
		}
		line += lines + 1
	}
	return recs
}

// randomLongCSV is a file of random records: unquoted and quoted fields,
// quoted ones holding line breaks, doubled quotes and commas, some over
// the limit; blank lines between records, sometimes a last quote never
// closed, sometimes no final line end.
func randomLongCSV(r *rand.Rand, nl string, limit int) string {
	ncol := 2 + r.IntN(3)
	inner := []string{"ab", ",", `""`, nl, " ", "x,y", `"",`}
	neverClose := r.IntN(5) == 0
	if nl != "\r" {
		inner = append(inner, "\r\n", "\r") // a CR file has no LF anywhere (see sniff); elsewhere a lone CR is text
	}
	field := func() string {
		switch r.IntN(8) {
		case 0:
			return ""
		case 1, 2:
			return "w w w w "[:1+r.IntN(7)]
		case 3:
			return "v" + strings.Repeat("u", r.IntN(2*limit)) // may be long
		case 4:
			if nl != "\r" && r.IntN(2) == 0 {
				return "a\rb" // a lone CR outside quotes is text in an LF or CRLF file
			}
			return `a"b` // a stray quote is text
		case 7:
			var sb strings.Builder // a quoted field, maybe long, maybe with text after its closing quote
			sb.WriteByte('"')
			for range r.IntN(3 + r.IntN(3)*limit/4) {
				sb.WriteString(inner[r.IntN(len(inner))])
			}
			sb.WriteByte('"')
			if r.IntN(6) == 0 {
				sb.WriteString("tail")
			}
			return sb.String()
		default:
			var sb strings.Builder
			sb.WriteByte('"')
			for range r.IntN(6) {
				sb.WriteString(inner[r.IntN(len(inner))])
			}
			sb.WriteByte('"')
			return sb.String()
		}
	}
	var sb strings.Builder
	for c := range ncol {
		if c > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, "c%d", c)
	}
	sb.WriteString(nl)
	nrec := r.IntN(25)
	for k := range nrec {
		if r.IntN(8) == 0 {
			sb.WriteString([]string{"", "  "}[r.IntN(2)] + nl)
		}
		for c := range ncol {
			if c > 0 {
				sb.WriteByte(',')
			}
			if k == nrec-1 && c == ncol-1 && neverClose {
				sb.WriteString(`"never closed, ` + nl + "a,b" + nl + "c,d,e" + nl + strings.Repeat("q", r.IntN(2*limit)))
				return sb.String()
			}
			sb.WriteString(field())
		}
		if k < nrec-1 || r.IntN(3) > 0 {
			sb.WriteString(nl)
		}
	}
	return sb.String()
}

// For random files, ReadCSV finds the records an independent RFC 4180
// splitter finds, each at its line: those over the limit rejected as too
// long (one record each, however many lines they span), the others read.
func TestReadCSVRecordsMatchRFC4180(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 80))
	long, multi, never := 0, 0, 0
	for iter := range 3000 {
		nl := []string{"\n", "\r\n", "\r"}[iter%3]
		limit := []int{16, 64, 64, 4096}[r.IntN(4)]
		text := randomLongCSV(r, nl, limit)
		want := rfcRecords(text, nl[len(nl)-1])
		require.NotEmpty(t, want)
		ncol := want[0].fields
		want = want[1:] // the header
		res, err := ReadCSV([]byte(text), CSVOptions{MaxLineBytes: limit, AllStrings: true})
		require.NoError(t, err, "%q", text)
		what := fmt.Sprintf("limit %d: %q", limit, text)
		require.Equal(t, len(want), res.Records(), what)
		got := map[int]string{} // line → "" (read) or the reason
		for _, line := range lineNumbers(res.Table) {
			got[line] = ""
		}
		for _, rej := range res.Rejected {
			_, dup := got[rej.Line]
			require.False(t, dup, what)
			got[rej.Line] = rej.Reason
		}
		for _, rec := range want {
			reason, ok := got[rec.line]
			require.True(t, ok, "no record at line %d: %s", rec.line, what)
			switch {
			case rec.neverClosed:
				require.Contains(t, reason, "never closed", what)
				never++
			case rec.bytes > limit:
				require.Contains(t, reason, fmt.Sprintf("is %s bytes long", say.Count(int64(rec.bytes))), what)
				long++
				if strings.Contains(reason, "lines") {
					multi++
				}
			case rec.fields != ncol:
				require.Contains(t, reason, "expected", what)
			default:
				require.Empty(t, reason, "line %d: %s", rec.line, what)
			}
		}
	}
	assert.Greater(t, long, 1000)
	assert.Greater(t, multi, 300)
	assert.Greater(t, never, 100)
}

// An old Mac file (lines end in a lone CR) whose quoted fields hold line
// feeds or CRLFs, as Excel's "CSV (Macintosh)" writes a cell with a line
// break, is read as a CR file: every record, at its line.
func TestReadCSVOldMacWithLineFeedsInQuotes(t *testing.T) {
	for _, inner := range []string{"\n", "\r\n"} {
		res, err := ReadCSV([]byte("id,note\r1,\"line1"+inner+"line2\"\r2,plain\r3,x\r"), CSVOptions{})
		require.NoError(t, err)
		assert.Equal(t, "\r", res.LineEnd)
		assert.Equal(t, []string{"id", "note"}, res.Table.Names())
		assert.Equal(t, 3, res.Records())
		assert.Empty(t, res.Rejected)
		assert.Equal(t, "line1"+inner+"line2", res.Table.Col("note").Str[0])
	}
	// A CRLF between the CR line ends of such a file ends a line too: its
	// LF does not start the next record, with or without quotes, in the
	// header, a row, a blank line or after a quote never closed.
	for _, text := range []string{
		"id,note\r1,a\r\n\r\n2,\"b\"\r3,c\r",
		"\r\r\r\nid,note\r1,a\r2,\"b\"\r\n3,c",
		"\r\nid,note\r1,a\r2,\"b\"\r3,c\r", // a blank line first, which another tool ended in CRLF
		"\n\n\r\nid,note\r1,a\r2,b\r3,c",
		"id,\"note\"\r1,a\r2,\"b\r\n3,c\r",
	} {
		res, err := ReadCSV([]byte(text), CSVOptions{AllStrings: true})
		require.NoError(t, err, "%q", text)
		assert.Equal(t, "\r", res.LineEnd, "%q", text)
		assert.Equal(t, []string{"id", "note"}, res.Table.Names(), "%q", text)
		assert.Equal(t, 3, res.Records(), "%q", text)
		for i := range res.Table.Len() {
			assert.NotContains(t, res.Table.Row(i)[0], "\n", "%q", text)
		}
	}
	// The last byte of the file ends its last line, whichever of CR and LF
	// it is (a tool added a line end of its own), with or without a quote
	// in that line: the column keeps its type.
	for _, text := range []string{"h,k\r1,2\r3,4\n", "h,k\r1,2\r\"3\",4\n", "h,k\n1,2\n3,4\r", "h,k\n1,2\n\"3\",4\r"} {
		res, err := ReadCSV([]byte(text), CSVOptions{})
		require.NoError(t, err, "%q", text)
		require.Equal(t, 2, res.Table.Len(), "%q", text)
		assert.Equal(t, []string{"3", "4"}, res.Table.Row(1), "%q", text)
		assert.Equal(t, TypeInt, res.Table.Col("k").Type, "%q", text)
		assert.Equal(t, 3, res.Table.Line(1), "%q", text)
	}
	// An LF file with one lone CR in a field stays an LF file.
	res, err := ReadCSV([]byte("a,b\n1,u\rv\n2,z\n"), CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, "\n", res.LineEnd)
	assert.Equal(t, 2, res.Records())
}

// A record of blank fields between tabs is white space only, which reads
// as a blank line: the writer quotes its first field, so that the row (or
// the header) reads back.
func TestTabRecordOfBlanksIsNotABlankLine(t *testing.T) {
	res, err := ReadCSV([]byte("a\tb\n\"\"\t \n1\t2\n"), CSVOptions{AllStrings: true, NullTokens: []string{}})
	require.NoError(t, err)
	require.Equal(t, 2, res.Table.Len())
	out := AppendCSV(nil, res.Table, res.WriteOptions())
	assert.Equal(t, "a\tb\n\"\"\t \n1\t2\n", string(out))
	res, err = ReadCSV([]byte("\t\"\"  "), CSVOptions{}) // a header of two blank names
	require.NoError(t, err)
	out = AppendCSV(nil, res.Table, res.WriteOptions())
	back, err := ReadCSV(out, CSVOptions{Separator: "\t"})
	require.NoError(t, err, "%q", out)
	assert.Len(t, back.Table.Cols, 2)
}

// A record's field count is said in the singular where a count is 1.
func TestFieldCountReasonSingular(t *testing.T) {
	res, err := ReadCSV([]byte("a;b;c\n1;2;3\nx\n"), CSVOptions{})
	require.NoError(t, err)
	require.Len(t, res.Rejected, 1)
	assert.Equal(t, "has 1 field, expected 3 (the header has 3 columns)", res.Rejected[0].Reason)
	res, err = ReadCSV([]byte("Name; Vorname\nA B\nC, D\n"), CSVOptions{})
	require.NoError(t, err)
	require.Len(t, res.Rejected, 1)
	assert.Equal(t, "has 2 fields, expected 1 (the header has 1 column)", res.Rejected[0].Reason)
}

// The null test's shortcuts (first byte, length) agree with comparing the
// trimmed text to every token.
func TestNullSetMatchesTheTokens(t *testing.T) {
	for _, tokens := range [][]string{DefaultNullTokens, {"-", "n/a", "?"}, {"NA"}, {}, {"", " x"}} {
		ns := newNullSet(tokens)
		naive := func(s string) bool {
			s = trimSpace(s)
			for _, tok := range tokens {
				if s == tok {
					return true
				}
			}
			return false
		}
		for _, s := range []string{"", " ", "\t", "NA", " NA", "NA ", "\tNA\t", "NAN", "N/A", "null", "NULL", "nULL", "Null ", "-", " - ", "--",
			"n/a", "?", "x", " x", "7", "north", "N", "\rNA", "NA\r", "ZZZZZZZZ", "  null  "} {
			assert.Equal(t, naive(s), ns.has(s), "%q with %q", s, tokens)
		}
	}
}

// A type outside the five is refused with the column it was given for,
// not a panic.
func TestReadCSVRefusesAnUnknownType(t *testing.T) {
	for _, typ := range []Type{0, TypeTimestamp + 1, 255} {
		_, err := ReadCSV([]byte("a,b\n1,2\n"), CSVOptions{Types: map[string]Type{"b": TypeInt, "a": typ}})
		var fe *FieldError
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, "types", fe.Field)
		assert.Contains(t, fe.Msg, `for column "a" must be string, integer, decimal, boolean or timestamp`)
	}
}
