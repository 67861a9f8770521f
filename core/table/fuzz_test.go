package table

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// FuzzReadCSV: no input makes the reader panic, with any separator or
// encoding, every record is accounted for, what it read writes back to CSV
// that reads the same, and with the inferred types every row read writes
// back with the same text in every field (checkRoundTrip), in the file's
// own dialect.
func FuzzReadCSV(f *testing.F) {
	for _, s := range readSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := ReadCSV(data, CSVOptions{MaxLineBytes: 4096})
		if err != nil {
			return
		}
		// Every separator and both encodings, forced, read without a panic
		// and account for every record.
		for _, o := range []CSVOptions{{Separator: ";"}, {Separator: "\t", Encoding: "windows-1252"}, {Separator: "|", Encoding: "utf-8"}, {Encoding: "windows-1252"}} {
			checkRoundTripWith(t, data, o)
		}
		// Every record is accounted for, counted independently: for a comma
		// file in UTF-8, an RFC 4180 splitter that reads a byte at a time
		// (rfcRecords) finds as many records, the header apart, as the
		// reader read or set aside.
		if res.Separator == SepComma && !res.BOM && res.SepLine == "" && res.Encoding == EncodingUTF8 && utf8.Valid(data) {
			if recs := rfcRecords(string(data), res.LineEnd[len(res.LineEnd)-1]); len(recs) > 0 {
				require.Equal(t, len(recs)-1, res.Table.Len()+len(res.Rejected), "%q", data)
			}
		}
		for _, r := range res.Rejected {
			require.Greater(t, r.Line, 0)
			require.NotEmpty(t, r.Reason)
		}
		for i := 1; i < len(res.Rejected); i++ {
			require.LessOrEqual(t, res.Rejected[i-1].Line, res.Rejected[i].Line)
		}
		checkRoundTrip(t, data)
		// Text columns survive a write/read round trip.
		raw, err := ReadCSV(data, CSVOptions{MaxLineBytes: 4096, AllStrings: true, NullTokens: []string{}})
		require.NoError(t, err)
		out := AppendCSV(nil, raw.Table, CSVWriteOptions{})
		back, err := ReadCSV(out, CSVOptions{AllStrings: true, NullTokens: []string{}, MaxLineBytes: 1 << 20, Separator: ",", Encoding: "utf-8"})
		if errors.Is(err, ErrNotText) && looksBinary(out) {
			return // a header of control characters, whose rows were all rejected
		}
		require.NoError(t, err)
		if raw.Table.Len() != back.Table.Len() {
			// Only all-empty single-column rows can vanish: they write as blank lines.
			require.Len(t, raw.Table.Cols, 1)
			return
		}
		for i := 0; i < raw.Table.Len(); i++ {
			row := raw.Table.Row(i)
			for _, v := range row {
				require.True(t, utf8.ValidString(v))
			}
			require.Equal(t, row, back.Table.Row(i))
		}
	})
}

// readSeeds are files of every dialect and quirk the reader knows, the
// seeds of the reader's fuzz tests.
var readSeeds = []string{
	"a,b\n1,2\n", "a,b\r\n\"x,\"\"y\"\"\",2\r\n", "a\n\"unterminated\n1\n", "\xef\xbb\xbfa,b\n1\n1,2,3\n",
	"a,b\n1,\"multi\nline\"\n", ",,\n,,\n", "a,a,\n1,2,3\n", "a,b\n\xff\xfe,1\n", "x\n\"\"\"\"\n", "\n\n\n",
	"a,b\r1,2\r3,4\r", "\r\r\r\n\"\r\"", "a\r1\r\n2\r\n\"x\r\n", "\xff\xfea\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00", "d,x\n2024-01-05,1.50\n2024-01-06T10:00:00Z,NA\n,+2\n",
	"t\n2024-01-01 10:00:00.5\n2024-01-01 10:00:00\n", "b\nTRUE\nfalse\nNULL\n",
	// Other dialects: separators, sep= lines, decimal commas, Windows-1252.
	"sep=;\r\nDatum;Preis;Menge\r\n31.12.2024;1.234,56;1.500\r\n01.01.2025;-0,25;2\r\n",
	"a;b;c\n10,5;\"x;y\";1 234,5\n-0,25;\"p,q\";12\n", "id\tname\tv\n1\t\\N\t1,234.5\n2\t\"t\tu\"\t3\n",
	"a|b\n\"x|y\"|1.234\n2|3\n", "name;city\nZo\xeb;Z\xfcrich\n\x80;\x9f\n", "a;b\nZo\u00eb;Z\xfcrich\n",
	"SEP=|\ra|b\r1|2\r", "\xef\xbb\xbfsep=\t\na\tb\n1\u00a0234,5\t7\n", "a;b\n1\u202f234,5;1.234.567\n",
	// Quote styles: R's write.csv, QUOTE_ALL, QUOTE_NONNUMERIC, a cell here and there.
	"\"\",\"id\",\"name\"\n\"1\",1,\"Ana\"\n\"2\",2,NA\n\"3\",3,\"\"\n", "\"a\";\"b\"\n\"1,5\";\"x\"\n\"\";\"\"\n",
	"\"id\",\"x\"\n1,\"a\"\n2,\"\"\n", "a\tb\n\"1\"\tx\n2\t\"y\"\n\\N\t\"\"\n",
	// A first name that, written first, would read as a byte order mark
	// or another kind of file.
	"\n\xff\xfe0", "\n\xef\xbb\xbfa;b\n", "\ufeff0\n\xef,", "\ufeff,\t,", "x\n\xfe\xff", "\n%PDF-1;2\n", "\"PK\x03\x04\",a\n1,2\n",
}
