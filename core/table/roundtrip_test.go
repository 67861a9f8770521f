package table

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoundTripKeepsTypes(t *testing.T) {
	data, err := os.ReadFile("testdata/roundtrip/weather.csv")
	require.NoError(t, err)
	res, err := ReadCSV(data, CSVOptions{})
	require.NoError(t, err)
	types := map[string]Type{}
	for _, c := range res.Table.Cols {
		types[c.Name] = c.Type
	}
	assert.Equal(t, map[string]Type{"date": TypeTimestamp, "precipitation": TypeDecimal, "temp_max": TypeDecimal,
		"temp_min": TypeDecimal, "wind": TypeDecimal, "weather": TypeString}, types)
	// What the page shows is what the file says.
	assert.Equal(t, "2012-01-01", res.Table.Col("date").Value(0))
	assert.Equal(t, "0.0", res.Table.Col("precipitation").Value(0))
	assert.Equal(t, "10.0", res.Table.Col("temp_max").Value(7))

	data, err = os.ReadFile("testdata/roundtrip/orders_crlf.csv")
	require.NoError(t, err)
	res, err = ReadCSV(data, CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, "\r\n", res.LineEnd)
	assert.Equal(t, TypeDecimal, res.Table.Col("price").Type)
	assert.Equal(t, TypeBool, res.Table.Col("paid").Type)
	assert.Equal(t, TypeTimestamp, res.Table.Col("order_date").Type)
	assert.Equal(t, "295.40", res.Table.Col("price").Value(0))
}

// Standardize options rewrite exactly what they say.
func TestStandardizeOptionsRewriteWhatTheySay(t *testing.T) {
	data := []byte("d,x,s,b\n2024-01-05,1.50, a ,TRUE\n 2024-01-06 ,NA,NA,False\n01/07/2024, 2.0 ,b,true\n")
	read := func() *CSVResult {
		res, err := ReadCSV(data, CSVOptions{})
		require.NoError(t, err)
		return res
	}
	write := func(s Standardize) string {
		res := read()
		t2 := res.Table.Take([]int{0, 1, 2})
		_, err := StandardizeTable(t2, s)
		require.NoError(t, err)
		return string(AppendCSV(nil, t2, res.WriteOptions()))
	}
	assert.Equal(t, string(data), write(Standardize{}))
	assert.Equal(t, "d,x,s,b\n2024-01-05,1.50,a,TRUE\n2024-01-06,NA,NA,False\n01/07/2024,2.0,b,true\n", write(Standardize{Trim: true}))
	assert.Equal(t, "d,x,s,b\n2024-01-05,1.50, a ,TRUE\n 2024-01-06 ,,,False\n01/07/2024, 2.0 ,b,true\n", write(Standardize{EmptyNulls: true}))
	assert.Equal(t, "d,x,s,b\n2024-01-05T00:00:00Z,1.50, a ,TRUE\n2024-01-06T00:00:00Z,NA,NA,False\n2024-01-07T00:00:00Z, 2.0 ,b,true\n", write(Standardize{Timestamps: []string{"d"}}))
	assert.Equal(t, "d,x,s,b\n2024-01-05,1.50, a ,TRUE\n 2024-01-06 ,NA,NA,False\n01/07/2024,2.00,b,true\n", write(Standardize{Money: []string{"x"}}))
}

// Trimming a text column (with its edge-byte shortcut) nulls exactly the
// cells the null set names and trims exactly the cells with space around
// them, cell by cell.
func TestTrimMatchesEachCell(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	pieces := []string{"", " ", "\t", "\n", "\r", "a", "N", "NA", "null", "NULL", "-", "x y", "None", "nan", "é", "0"}
	ns := newNullSet(DefaultNullTokens)
	for iter := 0; iter < 200; iter++ {
		vals := make([]string, 300)
		for i := range vals {
			for k := r.IntN(4); k >= 0; k-- {
				vals[i] += pieces[r.IntN(len(pieces))]
			}
		}
		col := NewStringColumn("s", append([]string(nil), vals...), nil)
		_, err := StandardizeTable(mustTable("t", col), Standardize{Trim: true, NullTokens: DefaultNullTokens})
		require.NoError(t, err)
		for i, v := range vals {
			switch {
			case ns.has(v):
				require.True(t, col.IsNull(i), "%q is a null token", v)
			case hasOuterSpace(v):
				require.Equal(t, strings.TrimSpace(v), col.Str[i], "%q is trimmed", v)
			default:
				require.False(t, col.IsNull(i), "%q is not null", v)
				require.Equal(t, v, col.Str[i], "%q is left as it is", v)
			}
		}
	}
}

// For any CSV file the reader accepts, the rows it read write back with
// the same text in every field, whatever types were inferred.
func TestRoundTripProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for iter := 0; iter < 400; iter++ {
		data := randomCSV(r)
		checkRoundTrip(t, data)
		if t.Failed() {
			t.Logf("input:\n%s", data)
			return
		}
	}
}

// checkRoundTrip reads data, writes it back with the file's options, and
// checks that every row read has the same fields, by their text, and that
// the line end and byte order mark are kept.
func checkRoundTrip(t *testing.T, data []byte) {
	t.Helper()
	checkRoundTripWith(t, data, CSVOptions{})
}

// checkRoundTripWith is checkRoundTrip reading data with opts' separator
// and encoding.
func checkRoundTripWith(t *testing.T, data []byte, opts CSVOptions) {
	t.Helper()
	res, err := ReadCSV(data, CSVOptions{MaxLineBytes: 4096, Separator: opts.Separator, Encoding: opts.Encoding})
	if err != nil {
		return
	}
	out := AppendCSV(nil, res.Table, res.WriteOptions())
	// What the writer wrote is what it writes again, quotes and all,
	// read in its dialect.
	againEnc := writtenEncoding(res)
	if res.BOM {
		againEnc = "" // forced, Windows-1252 reads a byte order mark as text ("ï»¿")
	}
	again, err := ReadCSV(out, CSVOptions{MaxLineBytes: 1 << 20, Separator: res.Separator, Encoding: againEnc})
	if err == nil && len(again.Rejected) == 0 && len(again.Warnings) == len(res.Warnings) {
		require.Equal(t, string(out), string(AppendCSV(nil, again.Table, again.WriteOptions())), "written from\n%q", data)
	}
	// Read back in the dialect it was written in: a file of another
	// separator written without the quotes its text did not need may be
	// detected otherwise (a column of "a;b" cells, written with commas).
	enc := EncodingUTF8
	if res.Encoding == EncodingWindows1252 {
		enc = EncodingWindows1252
	}
	exact := CSVOptions{AllStrings: true, NullTokens: []string{}, MaxLineBytes: 1 << 20, Separator: res.Separator, Encoding: enc}
	in, err := ReadCSV(data, CSVOptions{AllStrings: true, NullTokens: []string{}, MaxLineBytes: 4096, Separator: opts.Separator, Encoding: opts.Encoding})
	require.NoError(t, err)
	require.Equal(t, res.Separator, in.Separator)
	require.Equal(t, res.Encoding, in.Encoding)
	if res.BOM && enc == EncodingWindows1252 {
		exact.Encoding = "" // forced, Windows-1252 reads a byte order mark as text ("ï»¿")
	}
	back, err := ReadCSV(out, exact)
	if errors.Is(err, ErrNotText) && looksBinary(out) {
		return // a header of control characters, whose rows were all rejected
	}
	require.NoError(t, err)
	if exact.Encoding == "" && back.Encoding != res.Encoding {
		return // Windows-1252 text with a byte order mark that reads as UTF-8 too
	}
	require.Equal(t, res.Table.Len(), back.Table.Len(), "rows written back:\n%q\nfrom\n%q", out, data)
	require.Equal(t, res.WriteOptions().BOM, back.BOM) // (the file's, or UTF-8's for a UTF-16 file)
	require.Equal(t, res.SepLine, back.SepLine)
	if !strings.Contains(string(data), "\r") || res.LineEnd != "\n" {
		require.Equal(t, res.LineEnd, back.LineEnd)
	}
	// in holds every readable record's text; res and back the rows read.
	byLine := map[int]int{}
	for i := 0; i < in.Table.Len(); i++ {
		byLine[in.Table.Line(i)] = i
	}
	for i := 0; i < res.Table.Len(); i++ {
		j, ok := byLine[res.Table.Line(i)]
		require.True(t, ok)
		require.Equal(t, in.Table.Row(j), back.Table.Row(i), "row from line %d, written as\n%q", res.Table.Line(i), out)
	}
}

// writtenEncoding is the encoding a result's tables are written in.
func writtenEncoding(res *CSVResult) string {
	if res.Encoding == EncodingWindows1252 {
		return EncodingWindows1252
	}
	return EncodingUTF8
}

var cellKinds = []func(r *rand.Rand) string{
	func(r *rand.Rand) string { return fmt.Sprint(r.IntN(2000) - 1000) },
	func(r *rand.Rand) string { return fmt.Sprintf("%.*f", r.IntN(4), r.Float64()*1000-500) },
	func(r *rand.Rand) string {
		return []string{"", "NA", "N/A", "null", "NULL", " NA", "na"}[r.IntN(7)]
	},
	func(r *rand.Rand) string {
		return []string{"true", "false", "TRUE", "False", "tRUE"}[r.IntN(5)]
	},
	func(r *rand.Rand) string {
		d := fmt.Sprintf("20%02d-%02d-%02d", r.IntN(30), r.IntN(12)+1, r.IntN(28)+1)
		switch r.IntN(9) {
		case 0:
			return d
		case 1:
			return d + fmt.Sprintf("T%02d:%02d:%02dZ", r.IntN(24), r.IntN(60), r.IntN(60))
		case 2:
			return d + fmt.Sprintf(" %02d:%02d:%02d.%03d", r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(1000))
		case 3:
			return d + fmt.Sprintf("T%02d:%02d:%02d+0%d:30", r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(10))
		case 4:
			return fmt.Sprintf("%d/%d/20%02d", r.IntN(12)+1, r.IntN(28)+1, r.IntN(30))
		case 5:
			return d + fmt.Sprintf("T%02d:%02d:%02d.%d", r.IntN(24), r.IntN(60), r.IntN(60), r.IntN(10))
		case 6:
			return d + fmt.Sprintf("T%02d:%02d:%02d.000Z", r.IntN(24), r.IntN(60), r.IntN(60))
		case 7:
			return "Mar 5, 2024"
		}
		return d + fmt.Sprintf("T%02d:%02d", r.IntN(24), r.IntN(60))
	},
	func(r *rand.Rand) string {
		return []string{"00501", "+5", "-0", "1e3", ".5", "5.", "-0.00", " 7 ", "\t8", "1.10", "0.0"}[r.IntN(11)]
	},
	func(r *rand.Rand) string {
		return []string{"hello", "a,b", `say "x"`, "two\nlines", "=1+2", "  padded  ", "Ünïcode"}[r.IntN(7)]
	},
}

// randomCSV makes a file whose columns each mix a few kinds of cells, so
// that inference settles on every type and every form meets exceptions.
func randomCSV(r *rand.Rand) []byte {
	ncol := 1 + r.IntN(5)
	nrow := r.IntN(12)
	kinds := make([][]int, ncol)
	for c := range kinds {
		main := r.IntN(len(cellKinds))
		kinds[c] = []int{main, main, main, main, main, main, 2}
		if r.IntN(3) == 0 {
			kinds[c] = append(kinds[c], r.IntN(len(cellKinds)))
		}
	}
	eol := []string{"\n", "\r\n"}[r.IntN(2)]
	var b []byte
	if r.IntN(5) == 0 {
		b = append(b, "\xef\xbb\xbf"...)
	}
	for c := 0; c < ncol; c++ {
		if c > 0 {
			b = append(b, ',')
		}
		b = append(b, fmt.Sprintf("col%d", c)...)
	}
	b = append(b, eol...)
	for i := 0; i < nrow; i++ {
		rec := make([]string, ncol)
		for c := range rec {
			k := kinds[c][r.IntN(len(kinds[c]))]
			rec[c] = cellKinds[k](r)
		}
		b = appendRecord(b, rec)
		b = append(b, eol...)
	}
	return b
}

// Old Mac files end lines in a lone carriage return: they are read as line
// ends and written back the same way.
func TestLoneCarriageReturns(t *testing.T) {
	data := []byte("a,b\r1,2\r3,4\r")
	res, err := ReadCSV(data, CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, res.Table.Names())
	assert.Equal(t, 2, res.Table.Len())
	assert.Equal(t, []int{2, 3}, lineNumbers(res.Table))
	assert.Equal(t, "\r", res.LineEnd)
	assert.Equal(t, string(data), string(AppendCSV(nil, res.Table, res.WriteOptions())))
}

func TestNotTextFiles(t *testing.T) {
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), make([]byte, 40)...)
	utf16NoBOM := []byte("a\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00")
	random := make([]byte, 4096)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(r.UintN(256))
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"png", png, "this looks like a PNG image, not a CSV file"},
		{"xlsx", []byte("PK\x03\x04\x14\x00\x06\x00"), "ZIP archive — an Excel .xlsx"},
		{"gzip", []byte("\x1f\x8b\x08\x00\x00\x00\x00\x00"), "gzip-compressed"},
		{"pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), "a PDF document"},
		{"utf-32", []byte("\xff\xfe\x00\x00a\x00\x00\x00"), "UTF-32"},
		{"utf-16 without a mark", utf16NoBOM, "UTF-16 text without a byte order mark"},
		{"random bytes", random, "binary file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(tc.data, CSVOptions{})
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrNotText)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	// A header that merely starts like a signature is text.
	res, err := ReadCSV([]byte("PAR1,PAR2\n1,2\n"), CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"PAR1", "PAR2"}, res.Table.Names())
}

func TestUTF16WithBOMIsDecoded(t *testing.T) {
	text := "name,city\nZoë,Zürich\n"
	le, be := []byte{0xff, 0xfe}, []byte{0xfe, 0xff}
	for _, r := range text {
		le = append(le, byte(r), byte(r>>8))
		be = append(be, byte(r>>8), byte(r))
	}
	for _, data := range [][]byte{le, be} {
		res, err := ReadCSV(data, CSVOptions{})
		require.NoError(t, err)
		assert.Equal(t, "Zürich", res.Table.Col("city").Str[0])
		require.NotEmpty(t, res.Warnings)
		assert.Contains(t, res.Warnings[0], "UTF-16")
		assert.Equal(t, "\ufeff"+text, string(AppendCSV(nil, res.Table, res.WriteOptions())), "UTF-8 with a byte order mark")
	}
}

func TestMemoryLimitRefusesBeforeReading(t *testing.T) {
	var b strings.Builder
	b.WriteString("a,b\n")
	for i := 0; i < 20000; i++ {
		b.WriteString("1,2\n")
	}
	_, err := ReadCSV([]byte(b.String()), CSVOptions{MaxMemory: 200_000})
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.Contains(t, err.Error(), "the file has about 21,000 rows of 2 columns; reading it would take about 1.6 MB of memory, more than the 200.0 KB this engine may use. A file like it fits up to about 2,600 rows")
	_, err = ReadCSV([]byte(b.String()), CSVOptions{MaxMemory: 10_000_000})
	require.NoError(t, err)
}

// The writer's forms give exactly the text the shape tests accept.
func TestShapesMatchTheWriter(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for i := 0; i < 20000; i++ {
		s := cellKinds[1](r)
		if r.IntN(4) == 0 {
			s = fmt.Sprintf("%.*f", r.IntN(16), (r.Float64()-0.5)*math10(r.IntN(14)))
		}
		v, ok := ParseDecimal(s)
		if !ok {
			continue
		}
		if k := decimalShape(s); k >= 0 {
			require.Equal(t, s, string(appendDecimal(nil, v, k)), "decimal %q", s)
		}
	}
	dc := NewDayCache()
	for i := 0; i < 20000; i++ {
		s := cellKinds[4](r)
		ms, _, ok := ParseTimestamp(s)
		if !ok {
			continue
		}
		if k := timestampShape(s); k >= 0 {
			require.Equal(t, s, string(dc.appendLayout(nil, ms, uint8(k))), "timestamp %q", s)
			require.Equal(t, s, string(appendTimestampIn(nil, ms, uint8(k))), "timestamp %q", s)
		}
	}
}

func math10(n int) float64 {
	v := 1.0
	for ; n > 0; n-- {
		v *= 10
	}
	return v
}

// A header that, written first, would read as Excel's "sep=" line (the
// file had a blank line before it) is written after a blank line again,
// and reads back as the header.
func TestHeaderLikeASepLineStaysTheHeader(t *testing.T) {
	for _, data := range []string{"\rSEP=,", "\nsep=;\n1\n", "\r\n\"sep=|\"\r\n2\r\n"} {
		checkRoundTrip(t, []byte(data))
		for _, sep := range []string{";", "|", "\t"} {
			checkRoundTripWith(t, []byte(data), CSVOptions{Separator: sep})
		}
	}
}
