package table

import (
	"encoding/binary"

	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ingestkit/playground/core/internal/fast"
)

// A file's dialect: how it separates fields, which text encoding it is in,
// whether Excel's "sep=" line opens it. ReadCSV finds these out (or takes
// them from CSVOptions), reports them in CSVResult, and
// CSVResult.WriteOptions writes them back.

// Field separators ReadCSV reads.
const (
	SepComma     = ","
	SepSemicolon = ";"
	SepTab       = "\t"
	SepBar       = "|"
)

// Text encodings ReadCSV reads. A UTF-16 file (with its byte order mark)
// is read and reported as such; its outputs are UTF-8.
const (
	EncodingUTF8        = "utf-8"
	EncodingWindows1252 = "windows-1252"
	EncodingUTF16LE     = "utf-16le"
	EncodingUTF16BE     = "utf-16be"
)

// NullDump is how MySQL (SELECT … INTO OUTFILE) and PostgreSQL (COPY …
// TO, text format) write NULL in their tab-separated dumps: ReadCSV reads
// it as null in a tab-separated file, unless CSVOptions.NullTokens are
// given, and a column writes it back as it was.
const NullDump = `\N`

// dumpNullColumns names the columns that hold a \N null: `column "a"`,
// `columns "a", "b"`, or "" for none.
func dumpNullColumns(cols []*Column) string {
	return dumpNullColumnsParts([][]*Column{cols})
}

// dumpNullColumnsParts is dumpNullColumns of a table held in parts (each
// part's columns): a column is listed when any part writes a null as \N.
func dumpNullColumnsParts(parts [][]*Column) string {
	has := make([]bool, len(parts[0]))
	for _, cols := range parts {
		for j, h := range dumpNulls(cols) {
			has[j] = has[j] || h
		}
	}
	names := make([]string, len(parts[0]))
	for j, c := range parts[0] {
		names[j] = c.Name
	}
	return dumpNullNames(names, has)
}

// dumpNulls says which columns write a null as \N.
func dumpNulls(cols []*Column) []bool {
	has := make([]bool, len(cols))
	for j, c := range cols {
		f := c.form
		if f == nil {
			continue
		}
		has[j] = f.null == NullDump && c.Null != nil
		for k := 0; !has[j] && k < len(f.text); k++ {
			has[j] = f.text[k] == NullDump && c.IsNull(f.rows[k])
		}
	}
	return has
}

// dumpNullNames names the columns has marks: `column "a"`, `columns "a",
// "b"`, or "" for none.
func dumpNullNames(names []string, has []bool) string {
	var b []byte
	n := 0
	for j, name := range names {
		if !has[j] {
			continue
		}
		if b != nil {
			b = append(b, ", "...)
		}
		b = strconv.AppendQuote(b, name)
		n++
	}
	switch n {
	case 0:
		return ""
	case 1:
		return "column " + string(b)
	}
	return "columns " + string(b)
}

// separatorBytes are the separators detection tries, in the order that
// breaks a tie.
var separatorBytes = [...]byte{',', ';', '\t', '|'}

// SeparatorName is how the page names a separator: "comma (,)",
// "semicolon (;)", "tab", "vertical bar (|)".
func SeparatorName(sep string) string {
	switch sep {
	case SepComma:
		return "comma (,)"
	case SepSemicolon:
		return "semicolon (;)"
	case SepTab:
		return "tab"
	case SepBar:
		return "vertical bar (|)"
	}
	return ""
}

// ParseSeparator turns a separator as a learner or a URL gives it into one
// of the Sep constants: "" or "auto" is "" (detect it); ",", "comma"; ";",
// "semicolon"; "\t", "tab", "\\t"; "|", "bar", "pipe". Anything else is a
// *FieldError for field "separator".
func ParseSeparator(s string) (string, error) {
	if v, ok := lookupName(strings.ToLower(s), separatorAliases[:]); ok {
		return v, nil
	}
	return "", fieldErr("separator", "must be auto, comma, semicolon, tab or bar, got %q", s)
}

// separatorAliases and encodingAliases pair each name ParseSeparator and
// ParseEncoding take with what it stands for: a table, which is smaller
// in WebAssembly than a switch on strings.
var (
	separatorAliases = [...][2]string{
		{"", ""}, {"auto", ""},
		{",", SepComma}, {"comma", SepComma},
		{";", SepSemicolon}, {"semicolon", SepSemicolon},
		{"\t", SepTab}, {"tab", SepTab}, {`\t`, SepTab},
		{"|", SepBar}, {"bar", SepBar}, {"pipe", SepBar}, {"vertical bar", SepBar},
	}
	encodingAliases = [...][2]string{
		{"", ""}, {"auto", ""},
		{"utf-8", EncodingUTF8}, {"utf8", EncodingUTF8},
		{"windows-1252", EncodingWindows1252}, {"cp1252", EncodingWindows1252}, {"latin1", EncodingWindows1252},
		{"latin-1", EncodingWindows1252}, {"iso-8859-1", EncodingWindows1252},
	}
)

// lookupName returns what name stands for in aliases.
func lookupName(name string, aliases [][2]string) (string, bool) {
	for _, a := range aliases {
		if a[0] == name {
			return a[1], true
		}
	}
	return "", false
}

// ParseEncoding turns an encoding name into one of "" (detect it),
// EncodingUTF8 or EncodingWindows1252. It accepts "auto", "utf-8",
// "utf8", "windows-1252", "cp1252", and "latin1" / "iso-8859-1" (a subset
// of Windows-1252, which reads those files the same). Anything else is a
// *FieldError for field "encoding".
func ParseEncoding(s string) (string, error) {
	if v, ok := lookupName(strings.ToLower(strings.TrimSpace(s)), encodingAliases[:]); ok {
		return v, nil
	}
	return "", fieldErr("encoding", "must be auto, utf-8 or windows-1252, got %q", s)
}

// EncodingName is how the page names an encoding: "UTF-8",
// "Windows-1252", "UTF-16 (little-endian)"…
func EncodingName(enc string) string {
	switch enc {
	case EncodingUTF8, "":
		return "UTF-8"
	case EncodingWindows1252:
		return "Windows-1252"
	case EncodingUTF16LE:
		return "UTF-16 (little-endian)"
	case EncodingUTF16BE:
		return "UTF-16 (big-endian)"
	}
	return enc
}

// sepLine returns the length of an Excel "sep=X" first line at the start
// of data, its line end included, and X: "sep=" in any case, then one of
// the four separators, then the line end. The line may be quoted
// ("sep=;"), and padded with spaces or more separators (sep=;;; — a tool
// that took it for a record of the header's width and saved the file
// again). It returns 0 when data does not start so.
func sepLine(data []byte) (n int, sep byte) {
	i := 0
	quoted := len(data) > 0 && data[0] == '"'
	if quoted {
		i = 1
	}
	if len(data) < i+5 || !strings.EqualFold(string(data[i:i+4]), "sep=") {
		return 0, 0
	}
	sep = data[i+4]
	if sep != ',' && sep != ';' && sep != '\t' && sep != '|' {
		return 0, 0
	}
	i += 5
	if quoted {
		if i >= len(data) || data[i] != '"' {
			return 0, 0
		}
		i++
	}
	for i < len(data) && (data[i] == sep || data[i] == ' ') {
		i++
	}
	switch {
	case i == len(data):
		return i, sep
	case data[i] == '\n':
		return i + 1, sep
	case data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n':
		return i + 2, sep
	case data[i] == '\r':
		return i + 1, sep
	}
	return 0, 0
}

// detectSeparator finds the separator of a file from its head: the header
// and the records after it in the first 64 KiB, up to 100, read with each
// separator in turn (quotes respected, a line feed, a CRLF or a lone
// carriage return ending a record). A separator qualifies when the header
// has at least two fields with it; of those, the one the most records
// agree with the header on wins, then the one giving more fields, then the
// first of comma, semicolon, tab and bar. A comma that, in the records,
// nearly always sits between two digits (a decimal comma, "1,5") loses to
// another separator that qualifies as well. With none qualifying, the file
// has one column, and comma is its separator.
//
// also is another separator that reads the file as well — every record
// with its header's two or more fields, as with the one chosen — or 0: a
// file such as "a;b,c" is a table either way, and only its writer knows.
func detectSeparator(data []byte) (sep, also byte) {
	head := data[:min(len(data), 64<<10)]
	best, bestAgree, bestFields := byte(','), -1.0, 1
	var clean [4]bool // each separator's header has 2+ fields that every record agrees with
	for i, sep := range separatorBytes {
		header, agree, records, digitSeps, seps := sampleFields(head, sep, len(head) < len(data))
		if header < 2 {
			continue
		}
		share := 1.0
		if records > 0 {
			share = float64(agree) / float64(records)
		}
		clean[i] = records > 0 && agree == records
		if sep == ',' && seps > 0 && digitSeps*10 >= seps*9 {
			share -= 0.5 // decimal commas, most likely: another separator may do better
			clean[i] = false
		}
		if share > bestAgree || share == bestAgree && header > bestFields {
			best, bestAgree, bestFields = sep, share, header
		}
	}
	if bestAgree < 0.5 && best != ',' {
		return ',', 0
	}
	for i, sep := range separatorBytes {
		if clean[i] && sep != best && bestAgree == 1 {
			return best, sep
		}
	}
	return best, 0
}

// sampleFields reads head with separator sep and returns the header's
// number of fields, how many of the records after it have that many, how
// many records were read, and, among the separators in those records, how
// many sit between two digits. With cut, head is the start of a longer
// file: its last record, perhaps cut short, is not counted.
func sampleFields(head []byte, sep byte, cut bool) (header, agree, records, digitSeps, seps int) {
	fields, quoted, atStart, empty := 1, false, true, true
	recSeps, recDigit := 0, 0
	end := func() bool { // a record ends; false when the sample is done
		if !empty {
			if header == 0 {
				header = fields
			} else {
				records++
				if fields == header {
					agree++
				}
				seps += recSeps
				digitSeps += recDigit
			}
		}
		fields, atStart, empty, recSeps, recDigit = 1, true, true, 0, 0
		return records < 100
	}
	for i := 0; i < len(head); i++ {
		c := head[i]
		if quoted {
			if c == '"' {
				if i+1 < len(head) && head[i+1] == '"' {
					i++
				} else {
					quoted = false
				}
			}
			continue
		}
		switch {
		case c == '"' && atStart:
			quoted, atStart, empty = true, false, false
		case c == sep:
			fields++
			recSeps++
			if i > 0 && i+1 < len(head) && isDigit(head[i-1]) && isDigit(head[i+1]) {
				recDigit++
			}
			atStart, empty = true, false
		case c == '\n' || c == '\r':
			if c == '\r' && i+1 < len(head) && head[i+1] == '\n' {
				i++
			}
			if !end() {
				return
			}
		default:
			atStart = false
			if c != ' ' {
				empty = false
			}
		}
	}
	if !cut {
		end()
	}
	return
}

func isDigit(c byte) bool { return c-'0' <= 9 }

// Windows-1252: the bytes 0x00–0x7F are ASCII and 0xA0–0xFF the Unicode
// characters of the same number (ISO-8859-1); 0x80–0x9F hold the
// characters below. Five of them (0x81, 0x8D, 0x8F, 0x90, 0x9D) are
// undefined in Windows-1252: they read as the C1 control characters of
// the same number, as the WHATWG decoder (every browser) reads them, and
// are written back as the same byte. So every byte sequence reads, and
// writes back byte for byte.
var cp1252High = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

// decode1252 returns data, Windows-1252 text, as UTF-8.
func decode1252(data []byte) []byte {
	high := 0
	for _, b := range data {
		if b >= 0x80 {
			high++
		}
	}
	out := make([]byte, 0, len(data)+2*high)
	for _, b := range data {
		switch {
		case b < 0x80:
			out = append(out, b)
		case b < 0xA0:
			out = utf8.AppendRune(out, cp1252High[b-0x80])
		default:
			out = append(out, 0xC0|b>>6, 0x80|b&0x3F)
		}
	}
	return out
}

// to1252 is the Windows-1252 byte of r, or false when it has none.
func to1252(r rune) (byte, bool) {
	switch {
	case r < 0x80 || r >= 0xA0 && r <= 0xFF:
		return byte(r), true
	}
	for k, c := range cp1252High {
		if c == r {
			return byte(0x80 + k), true
		}
	}
	return 0, false
}

// encode1252 rewrites b, UTF-8 text, as Windows-1252 in place (never
// longer) and returns it, with the number of characters Windows-1252 has
// no byte for, each written as "?" (invalid UTF-8 counts as such too).
func encode1252(b []byte) ([]byte, int) {
	i := 0
	// ASCII, eight bytes at a time, stays as it is.
	for i+8 <= len(b) && binary.LittleEndian.Uint64(b[i:])&(fast.Ones*0x80) == 0 {
		i += 8
	}
	w, lost := i, 0
	for i < len(b) {
		c := b[i]
		if c < 0x80 {
			b[w] = c
			w, i = w+1, i+1
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		i += size
		x, ok := to1252(r)
		if !ok || r == utf8.RuneError && size == 1 {
			x = '?'
			lost++
		}
		b[w] = x
		w++
	}
	return b[:w], lost
}

// mostlyWindows1252 reports whether data, which is not valid UTF-8, reads
// better as Windows-1252: it holds more bytes that are no UTF-8 than UTF-8
// characters of two bytes or more. A Windows-1252 file can hold a pair of
// bytes that happens to be UTF-8 ("ß“" is DF 93), a UTF-8 file a stray
// Windows-1252 byte; either way the many decide. utf8Chars counts the
// UTF-8 characters.
func mostlyWindows1252(data []byte) (_ bool, utf8Chars int) {
	valid, invalid := 0, 0
	for i := 0; i < len(data); {
		if data[i] < 0x80 {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if size > 1 && r != utf8.RuneError {
			valid++
		} else {
			invalid++
		}
		i += size
	}
	return invalid > valid, valid
}

// Unencodable counts the cells (and column names) of t that hold a
// character the encoding cannot write, and returns the first such
// character with its column, e.g. `"µ" in column "unit"`. For UTF-8 (or
// "") it is always 0: only Windows-1252 lacks characters. A writer with
// CSVWriteOptions.Encoding set to Windows-1252 writes each of them as "?".
// Numbers and dates are ASCII, or written in their file's characters.
func Unencodable(t *Table, encoding string) (cells int, first string) {
	return UnencodableParts([]*Table{t}, encoding)
}

// UnencodableParts is Unencodable of a table held in parts (the same
// columns, rows in order): each column name and null text counted once.
func UnencodableParts(parts []*Table, encoding string) (cells int, first string) {
	if encoding != EncodingWindows1252 || len(parts) == 0 {
		return 0, ""
	}
	each := make([][]unencCol, len(parts))
	for k, t := range parts {
		each[k] = unencodablePart(t)
	}
	return mergeUnencodable(parts[0].Names(), each)
}

// unencCol is what one part of a column holds that Windows-1252 cannot
// write: cells, the first such character (-1: none), and the column's
// null text if it has a form.
type unencCol struct {
	cells   int
	bad     rune
	hasForm bool
	null    string
}

func unencodablePart(t *Table) []unencCol {
	out := make([]unencCol, len(t.Cols))
	for j, c := range t.Cols {
		u := &out[j]
		u.bad = -1
		if c.file != nil && c.file.file.cp1252 {
			continue // no step changed it since it was read from a Windows-1252 file
		}
		note := func(s string) {
			if r := unencodable(s); r >= 0 {
				if u.cells++; u.bad < 0 {
					u.bad = r
				}
			}
		}
		for i, v := range c.Str {
			if !c.IsNull(i) {
				note(v)
			}
		}
		if c.form != nil {
			for _, v := range c.form.text {
				note(v)
			}
			u.hasForm, u.null = true, c.form.null
		}
	}
	return out
}

// mergeUnencodable adds up the parts' counts (parts[part][column]) of the
// columns named names: each name and null text counted once.
func mergeUnencodable(names []string, parts [][]unencCol) (cells int, first string) {
	for j, name := range names {
		n, bad := 0, rune(-1)
		note := func(s string) {
			if r := unencodable(s); r >= 0 {
				if n++; bad < 0 {
					bad = r
				}
			}
		}
		note(name)
		null := false
		for _, p := range parts {
			u := p[j]
			n += u.cells
			if bad < 0 {
				bad = u.bad
			}
			if u.hasForm && !null {
				note(u.null)
				null = true
			}
		}
		if n > 0 && first == "" {
			first = fmt.Sprintf("%q in column %q", string(bad), name)
		}
		cells += n
	}
	return cells, first
}

// unencodable returns the first character of s that Windows-1252 has no
// byte for, or -1.
func unencodable(s string) rune {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			for _, r := range s[i:] {
				if _, ok := to1252(r); !ok || r == utf8.RuneError {
					return r
				}
			}
			break
		}
	}
	return -1
}
