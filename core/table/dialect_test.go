package table

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDetectSeparator(t *testing.T) {
	for _, c := range []struct {
		name, in string
		sep      string
		cols     int
		rejected int
	}{
		{"comma", "a,b,c\n1,2,3\n4,5,6\n", ",", 3, 0},
		{"semicolon", "a;b;c\n1;2;3\n", ";", 3, 0},
		{"tab", "a\tb\tc\n1\t2\t3\n", "\t", 3, 0},
		{"bar", "a|b|c\n1|2|3\n", "|", 3, 0},
		{"semicolon with decimal commas", "Name;Preis\nA;1,5\nB;2,25\n", ";", 2, 0},
		{"quoted semicolons in a comma file", "a,b\n\"x;y\",1\n\"p;q;r\",2\n", ",", 2, 0},
		{"quoted commas in a semicolon file", "a;b\n\"x,y\";1\n\"p,q,r\";2\n", ";", 2, 0},
		{"quoted bars in a bar file", "a|b\n\"x|y\"|1\n\"p|q|r\"|2\n", "|", 2, 0},
		{"quoted tabs in a tab file", "a\tb\n\"x\ty\"\t1\n", "\t", 2, 0},
		{"quoted line break", "a;b\n\"two\nlines\";1\n2;3\n", ";", 2, 0},
		{"a comma in the header of a semicolon file", "Preis, brutto;Menge\n1,5;2\n2,5;3\n", ";", 2, 0},
		{"semicolons in the text of a comma file", "id,note\n1,a;b\n2,c;d\n", ",", 2, 0},
		{"one column", "name\nAna\nBo\n", ",", 1, 0},
		{"one column with semicolons in some lines", "note\nfine; thanks\nno semicolon here\n", ",", 1, 0},
		{"one column of quoted semicolons", "\"a;b\"\n\"1;2\"\n", ",", 1, 0},
		{"ragged semicolon file", "a;b;c\n1;2;3\n4;5\n6;7;8\n9;10;11;12\n13;14;15\n", ";", 3, 2},
		{"ragged comma file", "a,b,c\n1,2,3\n4,5\n6,7,8\n", ",", 3, 1},
		{"header alone", "a;b\n", ";", 2, 0},
		{"old Mac line ends", "a;b\r1;2\r3;4\r", ";", 2, 0},
		{"CRLF", "a\tb\r\n1\t2\r\n", "\t", 2, 0},
		{"more fields wins a tie", "a;b|c;d\n1;2|3;4\n", ";", 3, 0},
		{"blank lines between", "a|b\n\n1|2\n\n3|4\n", "|", 2, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := ReadCSV([]byte(c.in), CSVOptions{})
			require.NoError(t, err)
			assert.Equal(t, c.sep, res.Separator)
			assert.Equal(t, SeparatorName(c.sep), res.SeparatorName)
			assert.False(t, res.SeparatorForced)
			assert.Len(t, res.Table.Cols, c.cols)
			assert.Len(t, res.Rejected, c.rejected)
		})
	}
}

// A forced separator is used as it is, even against the file.
func TestForcedSeparator(t *testing.T) {
	in := "a;b,c\n1;2,3\n"
	for _, c := range []struct {
		sep  string
		cols []string
	}{{",", []string{"a;b", "c"}}, {";", []string{"a", "b,c"}}, {"semicolon", []string{"a", "b,c"}}, {"tab", []string{"a;b,c"}}} {
		res, err := ReadCSV([]byte(in), CSVOptions{Separator: c.sep})
		require.NoError(t, err)
		assert.True(t, res.SeparatorForced)
		assert.Equal(t, c.cols, res.Table.Names(), c.sep)
		assert.Equal(t, in, string(AppendCSV(nil, res.Table, res.WriteOptions())), c.sep) // (one column: its name bare, as the file had it)
	}
	_, err := ReadCSV([]byte(in), CSVOptions{Separator: ":"})
	require.ErrorIs(t, err, ErrConfig)
	assert.EqualError(t, err, `separator must be auto, comma, semicolon, tab or bar, got ":"`)
	_, err = ReadCSV([]byte(in), CSVOptions{Encoding: "koi8-r"})
	require.ErrorIs(t, err, ErrConfig)
	assert.Contains(t, err.Error(), "encoding must be auto, utf-8 or windows-1252")
}

// Excel's sep= line names the separator, is not a record, and is written
// back as it was.
func TestSepLineNamesTheSeparator(t *testing.T) {
	for _, sep := range []string{",", ";", "\t", "|"} {
		for _, first := range []string{"sep=", "SEP=", "Sep="} {
			for _, eol := range []string{"\n", "\r\n", "\r"} {
				for _, bom := range []string{"", "\xef\xbb\xbf"} {
					// The records alone would be detected otherwise.
					other := ";"
					if sep == ";" {
						other = "|"
					}
					in := bom + first + sep + eol + "a" + sep + "b" + other + "c" + eol + "1" + sep + "2" + other + "3" + eol + "4" + sep + "5" + other + "6" + eol
					what := fmt.Sprintf("%q", in)
					res, err := ReadCSV([]byte(in), CSVOptions{})
					require.NoError(t, err, what)
					assert.Equal(t, sep, res.Separator, what)
					assert.Equal(t, first+sep, res.SepLine, what)
					assert.Equal(t, []string{"a", "b" + other + "c"}, res.Table.Names(), what)
					assert.Equal(t, []int{3, 4}, lineNumbers(res.Table), what)
					assert.Equal(t, in, string(AppendCSV(nil, res.Table, res.WriteOptions())), what)
				}
			}
		}
	}
	// A quoted line, or one padded with separators or spaces (a tool took
	// it for a record and saved the file again), is Excel's line too, and
	// comes back as it was.
	for _, line := range []string{`"sep=;"`, "sep=;;;", "sep=; ", `"sep=;";;`, "SEP=;;  "} {
		for _, eol := range []string{"\n", "\r\n"} {
			in := line + eol + "a;b,c" + eol + "1;2,3" + eol
			res, err := ReadCSV([]byte(in), CSVOptions{})
			require.NoError(t, err, "%q", in)
			assert.Equal(t, ";", res.Separator, "%q", in)
			assert.Equal(t, line, res.SepLine, "%q", in)
			assert.Equal(t, []string{"a", "b,c"}, res.Table.Names(), "%q", in)
			assert.Equal(t, in, string(AppendCSV(nil, res.Table, res.WriteOptions())), "%q", in)
		}
	}
	// A line that contradicts the records is followed, and said.
	res0, err := ReadCSV([]byte("sep=,\na;b;c\n1;2;3\n4;5;6\n"), CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"a;b;c"}, res0.Table.Names())
	require.NotEmpty(t, res0.Warnings)
	assert.Contains(t, res0.Warnings[len(res0.Warnings)-1], "says its separator is the comma (,), which gives it one column, but it reads as a table with the semicolon (;)")
	// A forced separator overrides the line, which is still not a record.
	res, err := ReadCSV([]byte("sep=;\na,b\n1,2\n"), CSVOptions{Separator: ","})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, res.Table.Names())
	assert.Equal(t, "sep=;", res.SepLine)
	// "sep=" with anything else is a header like any other.
	res, err = ReadCSV([]byte("sep=:\n1\n"), CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"sep=:"}, res.Table.Names())
	assert.Empty(t, res.SepLine)
	// Rejected rows count the sep= line.
	res, err = ReadCSV([]byte("sep=;\na;b\n1;2\n3\n"), CSVOptions{})
	require.NoError(t, err)
	require.Len(t, res.Rejected, 1)
	assert.Equal(t, 4, res.Rejected[0].Line)
}

// gi is the index of a grouping separator in groupSeps.
func gi(sep string) uint8 {
	for g, s := range groupSeps {
		if s == sep {
			return uint8(g)
		}
	}
	panic(sep)
}

func TestClassifyNumber(t *testing.T) {
	for _, c := range []struct {
		in   string
		want numCell
	}{
		{"12", numCell{kind: numPlain, intDigits: 2}},
		{"10,5", numCell{kind: numDecimal, mark: ',', intDigits: 2}},
		{"-0,25", numCell{kind: numDecimal, mark: ',', intDigits: 1}},
		{"+3,5", numCell{kind: numDecimal, mark: ',', intDigits: 1}},
		{"0.125", numCell{kind: numDecimal, mark: '.', intDigits: 1}},
		{"1.234,56", numCell{kind: numDecimal, mark: ',', group: gi("."), intDigits: 4}},
		{"12.345.678,9", numCell{kind: numDecimal, mark: ',', group: gi("."), intDigits: 8}},
		{"1 234,56", numCell{kind: numDecimal, mark: ',', group: gi(" "), intDigits: 4}},
		{"1\u00a0234,56", numCell{kind: numDecimal, mark: ',', group: gi("\u00a0"), intDigits: 4}},
		{"1\u202f234,56", numCell{kind: numDecimal, mark: ',', group: gi("\u202f"), intDigits: 4}},
		{"1'234.5", numCell{kind: numDecimal, mark: '.', group: gi("'"), intDigits: 4}},
		{"1,234.56", numCell{kind: numDecimal, mark: '.', group: gi(","), intDigits: 4}},
		{"1.234", numCell{kind: numAmbig, mark: '.', intDigits: 1}},
		{"-123,456", numCell{kind: numAmbig, mark: ',', intDigits: 3}},
		{"1.234.567", numCell{kind: numGrouped, group: gi("."), intDigits: 7}},
		{"1 234", numCell{kind: numGrouped, group: gi(" "), intDigits: 4}},
		{"0.234", numCell{kind: numDecimal, mark: '.', intDigits: 1}}, // a group never starts with 0
		{"1234.567", numCell{kind: numDecimal, mark: '.', intDigits: 4}},
		{"007", numCell{}},
		{"007,5", numCell{}},
		{"1.23.4", numCell{}},
		{"1,2,3", numCell{}},
		{"1.234,5.6", numCell{}},
		{"12,", numCell{}},
		{",5", numCell{}},
		{"1e3", numCell{}},
		{"abc", numCell{}},
		{"31.12.2024", numCell{}},
		{"", numCell{}},
		{"-", numCell{}},
	} {
		assert.Equal(t, c.want, classifyNumber(c.in), "%q", c.in)
	}
}

// Each column's numbers are read in the style its values show, and
// written back as they were.
func TestDecimalCommaColumns(t *testing.T) {
	for _, c := range []struct {
		name  string
		vals  []string
		typ   Type
		nums  []float64 // the values read, nulls as 0
		style string    // Decimal + Grouping, "" when Numbers has no entry
		flags string    // "ambiguous", "mixed"
	}{
		{"decimal comma", []string{"10,5", "-0,25", "3", "NA"}, TypeDecimal, []float64{10.5, -0.25, 3, 0}, ",", ""},
		{"dot groups", []string{"1.234,56", "-12.345.678,9", "0,5"}, TypeDecimal, []float64{1234.56, -12345678.9, 0.5}, ",.", ""},
		{"space groups", []string{"1 234,56", "12 000,00", "7,5"}, TypeDecimal, []float64{1234.56, 12000, 7.5}, ", ", ""},
		{"no-break space groups", []string{"1\u00a0234,56", "999,99"}, TypeDecimal, []float64{1234.56, 999.99}, ",\u00a0", ""},
		{"narrow no-break space groups", []string{"1\u202f234,56", "-1\u202f000\u202f000,5"}, TypeDecimal, []float64{1234.56, -1000000.5}, ",\u202f", ""},
		{"grouped integers", []string{"1.234.567", "12", "1.000"}, TypeInt, []float64{1234567, 12, 1000}, ",.", ""},
		{"space-grouped integers", []string{"1 234", "56", "12 000"}, TypeInt, []float64{1234, 56, 12000}, ", ", ""},
		{"comma groups, decimal point", []string{"1,234.5", "12.25", "3"}, TypeDecimal, []float64{1234.5, 12.25, 3}, ".,", ""},
		{"plain points stay plain", []string{"10.5", "-0.25", "3"}, TypeDecimal, []float64{10.5, -0.25, 3}, "", ""},
		{"plain integers stay plain", []string{"10", "-25", "3000"}, TypeInt, []float64{10, -25, 3000}, "", ""},
		{"mixed marks: the commoner wins", []string{"10,5", "2,25", "3.5"}, TypeDecimal, []float64{10.5, 2.25, 3.5}, ",", "mixed"},
		{"ungrouped beside grouped", []string{"1234,5", "1.234,5", "2.000,0"}, TypeDecimal, []float64{1234.5, 1234.5, 2000}, ",.", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := "id;x\n"
			for i, v := range c.vals {
				in += fmt.Sprintf("%d;%s\n", i, v)
			}
			res, err := ReadCSV([]byte(in), CSVOptions{})
			require.NoError(t, err)
			require.Empty(t, res.Rejected)
			col := res.Table.Col("x")
			require.Equal(t, c.typ, col.Type)
			for i, want := range c.nums {
				if c.typ == TypeInt {
					assert.Equal(t, int64(want), col.Int[i], c.vals[i])
				} else {
					assert.InDelta(t, want, col.Dec[i], 1e-9, c.vals[i])
				}
				if !col.IsNull(i) {
					assert.Equal(t, c.vals[i], col.Value(i), "what the page shows is what the file says")
				}
			}
			f, ok := res.Numbers["x"]
			assert.Equal(t, c.style != "", ok)
			if ok {
				assert.Equal(t, c.style, f.Decimal+f.Grouping)
				assert.Equal(t, c.flags == "mixed", f.Mixed)
				assert.Equal(t, c.flags == "ambiguous", f.Ambiguous)
				assert.NotEmpty(t, f.Label)
			}
			_, hasID := res.Numbers["id"]
			assert.False(t, hasID)
			assert.Equal(t, in, string(AppendCSV(nil, res.Table, res.WriteOptions())))
		})
	}
}

// A column whose values read either way ("1.234") is decided by the rest
// of the file: its decimal commas, or its decimal points, or, with
// neither, its separator.
func TestAmbiguousNumbers(t *testing.T) {
	for _, c := range []struct {
		name, in string
		typ      Type
		first    float64
		decimal  string
	}{
		{"another column's decimal commas", "a;b\n1.234;10,5\n2.500;3,25\n", TypeInt, 1234, ","},
		{"another column's decimal points", "a;b\n1.234;10.5\n2.500;3.25\n", TypeDecimal, 1.234, "."},
		{"a semicolon file alone", "a;b\n1.234;x\n2.500;y\n", TypeInt, 1234, ","},
		{"a tab file alone", "a\tb\n1.234\tx\n2.500\ty\n", TypeDecimal, 1.234, "."},
		{"comma threes in a tab file", "a\tb\n1,234\tx\n12,500\ty\n", TypeInt, 1234, "."},
		{"comma threes beside decimal commas", "a\tb\n1,234\t1,5\n12,500\t2,5\n", TypeDecimal, 1.234, ","},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := ReadCSV([]byte(c.in), CSVOptions{})
			require.NoError(t, err)
			col := res.Table.Col("a")
			require.Equal(t, c.typ, col.Type)
			assert.InDelta(t, c.first, firstNumber(col), 1e-12)
			f := res.Numbers["a"]
			assert.True(t, f.Ambiguous, "%+v", f)
			assert.Equal(t, strings.Contains(c.name, "another column") || strings.Contains(c.name, "beside"), f.ByOthers, "%+v", f)
			assert.Equal(t, c.decimal, f.Decimal)
			assert.Equal(t, c.in, string(AppendCSV(nil, res.Table, res.WriteOptions())))
		})
	}
	// The type the learner sets decides an ambiguous column: as decimals,
	// "48.856" is 48.856 (a latitude); as whole numbers, 48856. The file
	// is still written back as it was, and says no decimal commas.
	latlon := "id;lat;lon\n1;48.856;2.352\n2;52.520;13.405\n3;40.416;3.703\n"
	for _, c := range []struct {
		typ  Type
		want float64
	}{{TypeDecimal, 48.856}, {TypeInt, 48856}} {
		res, err := ReadCSV([]byte(latlon), CSVOptions{Types: map[string]Type{"lat": c.typ}})
		require.NoError(t, err)
		col := res.Table.Col("lat")
		require.Equal(t, c.typ, col.Type)
		assert.InDelta(t, c.want, firstNumber(col), 1e-12)
		assert.Equal(t, "semicolons · UTF-8", res.Dialect())
		assert.Equal(t, latlon, string(AppendCSV(nil, res.Table, res.WriteOptions())))
	}
	// A column whose own cells decide is not ambiguous.
	res, err := ReadCSV([]byte("a;b\n1.234;x\n1.234.567;y\n"), CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, TypeInt, res.Table.Col("a").Type)
	assert.False(t, res.Numbers["a"].Ambiguous)
}

// A comma file never reads decimal commas: "1,5" there is two fields, or
// a quoted text.
func TestCommaFilesKeepDecimalPoints(t *testing.T) {
	res, err := ReadCSV([]byte("a,b\n\"1,5\",1.234\n\"2,5\",2.500\n"), CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, TypeString, res.Table.Col("a").Type)
	assert.Equal(t, TypeDecimal, res.Table.Col("b").Type)
	assert.Nil(t, res.Numbers)
	assert.False(t, res.DecimalComma)
}

// Types fixed by the learner read decimal-comma columns too; a value that
// does not fit is a rejected row whose raw text is in the file's dialect.
func TestTypesWithDecimalCommas(t *testing.T) {
	in := "id;price;qty\n1;1.234,50;2\n2;0,99;1.000\n3;n/a;3\n"
	res, err := ReadCSV([]byte(in), CSVOptions{Types: map[string]Type{"price": TypeDecimal, "qty": TypeDecimal}})
	require.NoError(t, err)
	require.Len(t, res.Rejected, 1)
	assert.Equal(t, "3;n/a;3", res.Rejected[0].Raw)
	assert.Equal(t, 4, res.Rejected[0].Line)
	assert.Equal(t, []float64{1234.5, 0.99}, res.Table.Col("price").Dec)
	assert.Equal(t, []float64{2, 1000}, res.Table.Col("qty").Dec)
	assert.Equal(t, "id;price;qty\n1;1.234,50;2\n2;0,99;1.000\n", string(AppendCSV(nil, res.Table, res.WriteOptions())))
	// Integers from grouped text; text stays text.
	res, err = ReadCSV([]byte(in), CSVOptions{Types: map[string]Type{"qty": TypeInt, "price": TypeString}})
	require.NoError(t, err)
	assert.Equal(t, []int64{2, 1000, 3}, res.Table.Col("qty").Int)
	assert.Equal(t, "1.234,50", res.Table.Col("price").Str[0])
	assert.Equal(t, in, string(AppendCSV(nil, res.Table, res.WriteOptions())))
}

// Every byte reads as one Windows-1252 character and writes back as the
// same byte. The table is the WHATWG one (https://encoding.spec.whatwg.org/index-windows-1252.txt),
// whose five undefined bytes are the C1 controls of the same number.
func TestWindows1252AllBytes(t *testing.T) {
	whatwg := map[byte]rune{0x80: '€', 0x81: 0x81, 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰',
		0x8A: 'Š', 0x8B: '‹', 0x8C: 'Œ', 0x8D: 0x8D, 0x8E: 'Ž', 0x8F: 0x8F, 0x90: 0x90, 0x91: '\u2018', 0x92: '\u2019', 0x93: '“', 0x94: '”',
		0x95: '•', 0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™', 0x9A: 'š', 0x9B: '›', 0x9C: 'œ', 0x9D: 0x9D, 0x9E: 'ž', 0x9F: 'Ÿ'}
	all := make([]byte, 256)
	for b := range 256 {
		all[b] = byte(b)
		want, ok := whatwg[byte(b)]
		if !ok {
			want = rune(b)
		}
		got := decode1252([]byte{byte(b)})
		r, _ := utf8.DecodeRune(got)
		require.Equal(t, want, r, "byte %#x", b)
		back, lost := encode1252(got)
		require.Equal(t, []byte{byte(b)}, back, "byte %#x", b)
		require.Zero(t, lost)
	}
	text := decode1252(all)
	require.True(t, utf8.Valid(text))
	back, lost := encode1252(text)
	assert.Equal(t, all, back)
	assert.Zero(t, lost)
	// Characters it lacks become "?", each counted.
	back, lost = encode1252([]byte("a\u039cb\u4e16\xffc"))
	assert.Equal(t, "a?b??c", string(back))
	assert.Equal(t, 3, lost)

	// A file holding every high byte in a text cell comes back the same.
	var in []byte
	in = append(in, "id;text\r\n"...)
	for b := 0x80; b <= 0xFF; b += 16 {
		in = append(in, fmt.Sprintf("%d;x", b)...)
		for k := b; k < b+16; k++ {
			in = append(in, byte(k))
		}
		in = append(in, "\r\n"...)
	}
	res, err := ReadCSV(in, CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, EncodingWindows1252, res.Encoding)
	assert.Empty(t, res.Rejected)
	assert.Equal(t, "x€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f", res.Table.Col("text").Str[0])
	assert.Equal(t, string(in), string(AppendCSV(nil, res.Table, res.WriteOptions())))
}

func TestEncodingDetection(t *testing.T) {
	cp := "name;city\nZo\xeb;Z\xfcrich\nA;\x80 5\n"        // Windows-1252
	utf := "name;city\nZo\u00eb;Z\u00fcrich\nA;\u20ac 5\n" // the same, in UTF-8
	mixed := "name;city\nZo\u00eb;Z\xfcrich\nA;B\n"        // a UTF-8 ë and a Windows-1252 ü
	for _, c := range []struct {
		name, in, enc string
		encoding      string
		city          []string
		suggest       string
		rejected      int
		warns         bool
	}{
		{"UTF-8", utf, "", EncodingUTF8, []string{"Zürich", "€ 5"}, "", 0, false},
		{"Windows-1252, detected", cp, "", EncodingWindows1252, []string{"Zürich", "€ 5"}, "", 0, true},
		{"Windows-1252, chosen", cp, "windows-1252", EncodingWindows1252, []string{"Zürich", "€ 5"}, "", 0, false},
		{"Windows-1252 read as UTF-8, chosen", cp, "utf-8", EncodingUTF8, nil, EncodingWindows1252, 2, false},
		{"mixed", mixed, "", EncodingUTF8, []string{"B"}, EncodingWindows1252, 1, false},
		{"mixed, read as Windows-1252", mixed, "cp1252", EncodingWindows1252, []string{"Z\u00fcrich", "B"}, "", 0, false},
		{"UTF-8 read as Windows-1252, chosen", utf, "windows-1252", EncodingWindows1252, []string{"ZÃ¼rich", "â‚¬ 5"}, "", 0, false},
		{"ASCII", "a;b\n1;2\n", "", EncodingUTF8, nil, "", 0, false},
		// "ß“" is DF 93 in Windows-1252, which is UTF-8 too (U+07D3): the
		// file's other bytes outvote that one pair.
		{"Windows-1252 with a pair that reads as UTF-8", "name;city\n\x84Gru\xdf\x93;Z\xfcrich\nA;\x80 5\n", "", EncodingWindows1252, []string{"Zürich", "€ 5"}, EncodingUTF8, 0, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := ReadCSV([]byte(c.in), CSVOptions{Encoding: c.enc})
			require.NoError(t, err)
			assert.Equal(t, c.encoding, res.Encoding)
			assert.Equal(t, EncodingName(c.encoding), res.EncodingName)
			assert.Equal(t, c.suggest, res.EncodingSuggestion)
			assert.Len(t, res.Rejected, c.rejected)
			if c.city != nil {
				assert.Equal(t, c.city, res.Table.Col("city").Str)
			}
			if c.warns {
				require.NotEmpty(t, res.Warnings)
				assert.Contains(t, res.Warnings[0], "Windows-1252")
			} else {
				assert.Empty(t, res.Warnings)
			}
			if c.rejected == 0 {
				assert.Equal(t, c.in, string(AppendCSV(nil, res.Table, res.WriteOptions())))
			}
		})
	}
	// A UTF-16 file with its mark is read as such whatever the option says.
	le := []byte{0xff, 0xfe}
	for _, r := range "a;b\n\u00e9;2\n" {
		le = append(le, byte(r), byte(r>>8))
	}
	res, err := ReadCSV(le, CSVOptions{Encoding: "windows-1252"})
	require.NoError(t, err)
	assert.Equal(t, EncodingUTF16LE, res.Encoding)
	assert.Equal(t, "é", res.Table.Col("a").Str[0])
	assert.Equal(t, "\ufeffa;b\né;2\n", string(AppendCSV(nil, res.Table, res.WriteOptions()))) // UTF-8 with a byte order mark
}

// Detection reads the head of a file only: a 65 MB file costs what its
// first 64 KiB do.
func TestDetectionReadsTheHead(t *testing.T) {
	head := []byte("a;b;c\n")
	for range 20000 {
		head = append(head, "1;2;3\n"...)
	}
	big := append(head[:len(head):len(head)], make([]byte, 10<<20)...) // a tail that is no CSV at all
	sep, _ := detectSeparator(big)
	assert.Equal(t, byte(';'), sep)
	allocs := testing.AllocsPerRun(5, func() { _, _ = detectSeparator(big) })
	assert.Zero(t, allocs)
}

// A file that is a table with two separators is read with the first of
// comma, semicolon, tab and bar, and says it could be the other.
func TestSeparatorAmbiguitySaid(t *testing.T) {
	res, err := ReadCSV([]byte("a;b,c\nx;y,z\nu;v,w\n"), CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, ",", res.Separator)
	assert.Equal(t, ";", res.SeparatorAlso)
	assert.Contains(t, res.Warnings, "the file reads as a table with comma (,) and with semicolon (;) as the separator: it was read with comma (,); if that is wrong, choose the separator")
	// Chosen, or given by a sep= line, or one way only: nothing to say.
	for _, tc := range []struct {
		data string
		opts CSVOptions
	}{
		{"a;b,c\n1;2,3\n", CSVOptions{Separator: ";"}},
		{"sep=;\na;b,c\n1;2,3\n", CSVOptions{}},
		{"a;b\n1;2,5\n3;4\n", CSVOptions{}},
		{"a,b\n1,2\n", CSVOptions{}},
	} {
		res, err := ReadCSV([]byte(tc.data), tc.opts)
		require.NoError(t, err)
		assert.Empty(t, res.SeparatorAlso, tc.data)
		for _, w := range res.Warnings {
			assert.NotContains(t, w, "reads as a table with", tc.data)
		}
	}
}

// firstNumber is a number column's first value.
func firstNumber(c *Column) float64 {
	if c.Type == TypeInt {
		return float64(c.Int[0])
	}
	return c.Dec[0]
}

func (d testDialect) String() string {
	return fmt.Sprintf("sep %q sepLine %v bom %v eol %q cp1252 %v decComma %v quoteCommas %v quote %d stray %v", d.sep, d.sepLine, d.bom, d.eol, d.cp1252, d.decComma, d.quoteCommas, d.quote, d.stray)
}

// write writes records in the dialect, quoting a field only where it needs
// it (and around a comma with quoteCommas).
func (d testDialect) write(header []string, rows [][]string) []byte {
	var b []byte
	if d.bom {
		b = append(b, "\xef\xbb\xbf"...)
	}
	if d.sepLine {
		b = append(b, "sep="...)
		b = append(b, d.sep)
		b = append(b, d.eol...)
	}
	if d.quote == quoteR { // a first column of row names, named ""
		header = append([]string{""}, header...)
		for i, r := range rows {
			rows[i] = append([]string{strconv.Itoa(i + 1)}, r...)
		}
	}
	// R quotes every cell of a text column (a column with a cell that is
	// no number), NA excepted.
	text := make([]bool, len(header))
	for _, r := range rows {
		for c, v := range r {
			text[c] = text[c] || v != "NA" && !isNumber(v)
		}
	}
	text[0] = text[0] || d.quote == quoteR
	head := true
	rec := func(fields []string) {
		for i, f := range fields {
			if i > 0 {
				b = append(b, d.sep)
			}
			extra := false
			switch d.quote {
			case quoteR:
				extra = head || text[i] && f != "NA"
			case quoteAll:
				extra = true
			case quoteNonNumeric:
				extra = head || !isNumber(f)
			case quoteRandom:
				extra = d.r.IntN(2) == 0
			}
			needs := strings.ContainsAny(f, string(d.sep)+"\r\n") || strings.HasPrefix(f, `"`) || d.quoteCommas && d.sep != ',' && strings.Contains(f, ",")
			if extra || needs || strings.Contains(f, `"`) && !d.stray {
				b = append(b, '"')
				b = append(b, strings.ReplaceAll(f, `"`, `""`)...)
				b = append(b, '"')
			} else {
				b = append(b, f...)
			}
		}
		b = append(b, d.eol...)
	}
	rec(header)
	head = false
	for _, r := range rows {
		rec(r)
	}
	if d.cp1252 {
		start := 0
		if d.bom {
			start = 3
		}
		enc, lost := encode1252(b[start:])
		if lost > 0 {
			panic("a test word Windows-1252 lacks")
		}
		b = b[:start+len(enc)]
	}
	return b
}

// Quote styles of the round-trip matrix.
const (
	quoteMinimal    = iota // only where a field needs quotes
	quoteR                 // R's write.csv: a row names column, every text and name quoted, NA not
	quoteAll               // Python's csv.QUOTE_ALL, DuckDB's FORCE_QUOTE *: every field
	quoteNonNumeric        // Python's csv.QUOTE_NONNUMERIC: every field but numbers, empty ones too
	quoteRandom            // each field quoted or not at random
	quoteStyles
)

func checkDialectRoundTrip(t *testing.T, d testDialect, r *rand.Rand) *CSVResult {
	t.Helper()
	ncol := 2 + r.IntN(4)
	header := make([]string, ncol)
	kinds := make([]int, ncol)
	for c := range header {
		header[c] = fmt.Sprintf("col%d", c)
		if c == 1 && r.IntN(3) == 0 {
			header[c] = `size "in"` // a stray quote in a name
		}
		kinds[c] = r.IntN(len(cellKinds) + 2)
	}
	rows := make([][]string, r.IntN(10))
	for i := range rows {
		rows[i] = make([]string, ncol)
		for c := range rows[i] {
			k := kinds[c]
			if r.IntN(6) == 0 {
				k = r.IntN(len(cellKinds) + 2)
			}
			var v string
			switch {
			case k == len(cellKinds):
				v = dialectWords[r.IntN(len(dialectWords))]
			case k == len(cellKinds)+1 && d.decComma:
				v = decCommaCells[r.IntN(len(decCommaCells))]
			case k >= len(cellKinds):
				v = cellKinds[1](r)
			default:
				v = cellKinds[k](r)
			}
			if d.eol == "\r" && strings.ContainsAny(v, "\r\n") {
				v = "one line"
			}
			rows[i][c] = v
		}
	}
	data := d.write(header, rows)
	what := fmt.Sprintf("%v\n%q", d, data)
	res, err := ReadCSV(data, CSVOptions{})
	require.NoError(t, err, what)
	require.Empty(t, res.Rejected, what)
	assert.Equal(t, string(d.sep), res.Separator, what)
	assert.Equal(t, d.bom, res.BOM, what)
	assert.Equal(t, d.sepLine, res.SepLine != "", what)
	assert.Equal(t, d.eol, res.LineEnd, what)
	high := false
	for _, b := range data[min(len(data), 3):] {
		high = high || b >= 0x80
	}
	if d.cp1252 && high {
		assert.Equal(t, EncodingWindows1252, res.Encoding, what)
	} else {
		assert.Equal(t, EncodingUTF8, res.Encoding, what)
	}
	require.Equal(t, string(data), string(AppendCSV(nil, res.Table, res.WriteOptions())), what)
	// Every row taken, as a check that passes them all does: the same bytes.
	all := make([]int, res.Table.Len())
	for i := range all {
		all[i] = i
	}
	clean := res.Table.Take(all)
	require.Equal(t, string(data), string(AppendCSV(nil, clean, res.WriteOptions())), what)
	var buf strings.Builder
	require.NoError(t, WriteCSV(&buf, clean, res.WriteOptions()))
	require.Equal(t, string(data), buf.String(), what)
	return res
}

// A dialect of the round-trip matrix.
type testDialect struct {
	sep         byte
	sepLine     bool
	bom         bool
	eol         string
	cp1252      bool
	decComma    bool
	quoteCommas bool
	quote       int        // a quote style: one of quoteStyles
	r           *rand.Rand // for quoteRandom
	// stray: a field holding a quote that needs no quotes otherwise
	// (5" screen) is written bare, as hand-made files and some exports do.
	stray bool
}

var dialectWords = []string{"café", "Müller", "€ 5", "„Eco“", "a,b", "x;y", "p|q", "t\tu", `say "x"`, `5" screen`, `12"`, `"quoted" start`, "  padded  ", "=1+2", "", "NA", "Straße 1", "naïve", "plain"}

var decCommaCells = []string{"10,5", "-0,25", "1.234,56", "12.345.678,9", "1\u00a0234,56", "1 234,5", "0,5", "1.234", "7", "NA", "", "-3", "+2,5", "1234,50", "1,5e3"}

// For a matrix of dialects — separator × sep= line × byte order mark ×
// line end × encoding × decimal commas × quoted commas — a file written in
// the dialect from random records is detected as it and, read with no
// options, written back byte for byte; so is the file check's clean file.
func TestDialectRoundTripProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 1252))
	n := 0
	seen := map[string]int{}
	for _, sep := range []byte{',', ';', '\t', '|'} {
		for mask := range 64 {
			d := testDialect{sep: sep, sepLine: mask&1 != 0, bom: mask&2 != 0, cp1252: mask&4 != 0, decComma: mask&8 != 0 && sep != ',', quoteCommas: mask&16 != 0,
				eol: []string{"\n", "\r\n", "\r"}[(mask>>5)+r.IntN(2)], r: r}
			for k := range 10 {
				d.quote = (k + mask) % quoteStyles
				d.stray = k%2 == 1
				res := checkDialectRoundTrip(t, d, r)
				n++
				if res == nil {
					return
				}
				seen["decimal commas"] += btoi(res.DecimalComma)
				seen["quoted commas"] += btoi(res.QuoteCommas)
				seen["windows-1252"] += btoi(res.Encoding == EncodingWindows1252)
				seen["quoted header"] += btoi(res.QuoteHeader)
				seen["stray quotes"] += btoi(d.stray && d.quote == quoteMinimal && func() bool {
					for i := range res.Table.Len() {
						for _, v := range res.Table.Row(i) {
							if strings.Contains(v, `"`) && !strings.HasPrefix(v, `"`) {
								return true
							}
						}
					}
					return false
				}())
				seen["quoting "+res.Quoting]++
				seen["ambiguous"] += btoi(len(res.Numbers) > 0 && func() bool {
					for _, f := range res.Numbers {
						if f.Ambiguous {
							return true
						}
					}
					return false
				}())
				seen["form exceptions"] += btoi(func() bool {
					for _, c := range res.Table.Cols {
						if c.form != nil && !c.form.num.plain() && len(c.form.rows) > 0 {
							return true
						}
					}
					return false
				}())
				if t.Failed() {
					return
				}
			}
		}
	}
	t.Logf("%d files: %v", n, seen)
	for _, k := range []string{"stray quotes", "decimal commas", "quoted commas", "windows-1252", "ambiguous", "form exceptions", "quoted header",
		"quoting " + QuotingMinimal, "quoting " + QuotingAll, "quoting " + QuotingText, "quoting " + QuotingSome} {
		assert.Greater(t, seen[k], 20, k)
	}
}

// isNumber: a cell Python writes unquoted with QUOTE_NONNUMERIC, R in a
// numeric column.
func isNumber(v string) bool {
	_, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
	return err == nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// lineEndOf decides as it did when it searched the whole file for a
// carriage return first: the same answer for files of lone CRs, LFs and
// CRLFs, mixed, quoted, with the first CR past the 64 KiB loneCRLines
// reads, and without any line feed.
func TestLineEndOfSearchesOnlyWhatDecides(t *testing.T) {
	before := func(data []byte, sep byte) string {
		if bytes.IndexByte(data, '\r') >= 0 && (bytes.IndexByte(data, '\n') < 0 || loneCRLines(data, sep)) {
			return "\r"
		}
		return ""
	}
	long := strings.Repeat("a,b\n", 20_000) // 80,000 bytes: past 64 KiB
	cases := []string{"", "a,b", "a,b\r", "a,b\n", "a,b\r\n1,2\r\n", "a,b\r1,2\r3,4\r", "a,b\r1,\"x\ny\"\r3,4\r",
		"a,b\n1,2\r3,4\r5,6\r", "a,b\r1,2\n3,4\n5,6\n", "\r\ra,b\r1,2\r", "a,b\r\n1,2\r3,4\r",
		long, long + "x\r", "a,b\r" + long, strings.ReplaceAll(long, "\n", "\r"), strings.ReplaceAll(long, "\n", "\r") + "\n",
		strings.ReplaceAll(long, "\n", "") + "\r", strings.ReplaceAll(long, "\n", "\r\n")}
	r := rand.New(rand.NewPCG(7, 7))
	for range 3000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = "ab,;\"\r\n "[r.IntN(8)]
		}
		cases = append(cases, string(b))
	}
	for _, c := range cases {
		for _, sep := range []byte{',', ';', '\t'} {
			require.Equal(t, before([]byte(c), sep), lineEndOf([]byte(c), sep), "%q", c)
		}
	}
}
