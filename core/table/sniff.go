package table

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ingestkit/playground/core/internal/say"
)

// fileKinds are the signatures of files people pick by mistake instead of
// a CSV file, with what to tell them.
var fileKinds = []struct {
	magic string
	what  string
}{
	{"\x89PNG\r\n\x1a\n", "a PNG image"},
	{"\xff\xd8\xff", "a JPEG image"},
	{"GIF87a", "a GIF image"},
	{"GIF89a", "a GIF image"},
	{"RIFF", "a RIFF file (WebP image, WAV sound or AVI video)"},
	{"%PDF-", "a PDF document"},
	{"PK\x03\x04", "a ZIP archive — an Excel .xlsx or LibreOffice .ods workbook is one: export the sheet as CSV"},
	{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (Excel .xls or Word .doc): export the sheet as CSV"},
	{"\x1f\x8b", "a gzip-compressed file: decompress it first"},
	{"BZh", "a bzip2-compressed file: decompress it first"},
	{"\xfd7zXZ\x00", "an xz-compressed file: decompress it first"},
	{"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"},
	{"Rar!\x1a\x07", "a RAR archive"},
	{"PAR1", "a Parquet file: read it with a Parquet reader, or export it as CSV"},
	{"SQLite format 3\x00", "an SQLite database: export a table as CSV"},
	{"\x7fELF", "a program (ELF executable)"},
	{"MZ", "a Windows program"},
	{"\x00asm", "a WebAssembly module"},
	{"ID3", "an MP3 sound file"},
	{"OggS", "an Ogg sound or video file"},
}

// readText turns data, a file past its UTF-8 byte order mark, into UTF-8
// text (see sniff), and says which encoding it was in. force is
// CSVOptions.Encoding's: "windows-1252" decodes every byte as
// Windows-1252; "" does so for a file that is not valid UTF-8 and holds
// more bytes that are no UTF-8 than UTF-8 characters of two bytes or more
// (noting it in warnings; see mostlyWindows1252), and sets suggest to
// Windows-1252 for a file that is mostly UTF-8 with invalid bytes (it is
// read as UTF-8, its invalid lines rejected). valid
// reports that text is valid UTF-8 throughout.
func readText(data []byte, force string, warnings []string, suggest *string) (text []byte, enc string, _ []string, valid bool, err error) {
	data, note, err := sniff(data)
	if err != nil {
		return nil, "", warnings, false, err
	}
	switch note {
	case "":
	case noteUTF16LE, noteUTF16BE:
		enc = EncodingUTF16LE
		if note == noteUTF16BE {
			enc = EncodingUTF16BE
		}
		// A second mark, decoded, is skipped too.
		return bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), enc, append(warnings, note), true, nil
	}
	valid = utf8.Valid(data)
	cp, chars := false, 0
	if !valid && force == "" {
		cp, chars = mostlyWindows1252(data)
	}
	switch {
	case force == EncodingWindows1252:
		return decode1252(data), EncodingWindows1252, warnings, true, nil
	case cp:
		note := "the file is not UTF-8 text: it was read as Windows-1252 (Western European; Excel on Windows saves CSV files so), and its outputs are written in Windows-1252 too"
		if chars > 0 {
			// A few UTF-8 characters among more bytes that are not: say what
			// they became, and offer UTF-8.
			note += "; " + say.Counted(chars, "character") + " in it would read as UTF-8, and read as two or three odd characters each here (é as Ã©)"
			*suggest = EncodingUTF8
		}
		warnings = append(warnings, note)
		return decode1252(data), EncodingWindows1252, warnings, true, nil
	case !valid:
		*suggest = EncodingWindows1252
	}
	return data, EncodingUTF8, warnings, valid, nil
}

const (
	noteUTF16LE = "the file is UTF-16 (little-endian) text; it was read as such, and its outputs are written as UTF-8 with a byte order mark"
	noteUTF16BE = "the file is UTF-16 (big-endian) text; it was read as such, and its outputs are written as UTF-8 with a byte order mark"
)

// sniff checks that data is text a CSV reader can take. It decodes UTF-16
// with a byte order mark to UTF-8 (noting it), and refuses binary files,
// UTF-32 and UTF-16 without a byte order mark with an error that says what
// the file looks like.
func sniff(data []byte) (text []byte, note string, err error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe, 0, 0}), bytes.HasPrefix(data, []byte{0, 0, 0xfe, 0xff}):
		return nil, "", &CSVError{Err: ErrNotText, Msg: "this file is UTF-32 text: save it as UTF-8 (in a spreadsheet: CSV UTF-8) and load it again"}
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		data, note = decodeUTF16(data[2:], false), noteUTF16LE
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		data, note = decodeUTF16(data[2:], true), noteUTF16BE
	default:
		for _, k := range fileKinds {
			if bytes.HasPrefix(data, []byte(k.magic)) && (distinctive(k.magic) || looksBinary(data)) {
				return nil, "", &CSVError{Err: ErrNotText, Msg: "this looks like " + k.what + ", not a CSV file"}
			}
		}
		if looksBinary(data) {
			head := data[:min(len(data), 8192)]
			if even, odd := nulShare(head); even > 0.3 || odd > 0.3 {
				return nil, "", &CSVError{Err: ErrNotText, Msg: "this file looks like UTF-16 text without a byte order mark: save it as UTF-8 (in a spreadsheet: CSV UTF-8) and load it again"}
			}
			return nil, "", &CSVError{Err: ErrNotText, Msg: "this looks like a binary file, not a CSV file: it holds bytes that are not text"}
		}
	}
	if note != "" && looksBinary(data) {
		return nil, "", &CSVError{Err: ErrNotText, Msg: "this looks like a binary file, not a CSV file: it starts like UTF-16 text but holds bytes that are not text"}
	}
	return data, note, nil
}

// lineEndOf is "\r" for a file whose lines end in lone carriage returns
// (old Mac files), which the parser then splits on, else "" (the header's
// line end tells LF from CRLF).
func lineEndOf(data []byte, sep byte) string {
	// loneCRLines looks at the first 64 KiB, and holds only where they have
	// a carriage return; a file without a line feed is searched further.
	// (So a file of "\n" lines is not searched to its end for a "\r".)
	if head := data[:min(len(data), 64<<10)]; bytes.IndexByte(head, '\r') >= 0 && loneCRLines(data, sep) {
		return "\r"
	}
	if bytes.IndexByte(data, '\n') < 0 && bytes.IndexByte(data, '\r') >= 0 {
		return "\r"
	}
	return ""
}

// loneCRLines reports whether, outside quotes, the header ends in a lone
// carriage return and lone carriage returns outnumber line feeds (a CRLF
// counts as a line feed) in the file's first 64 KiB: an old Mac file whose
// quoted fields hold line feeds, as Excel's "CSV (Macintosh)" writes a cell
// with a line break. Blank lines, which the reader skips, count for
// neither: the header is the first line that is not blank.
func loneCRLines(data []byte, sep byte) bool {
	data = data[:min(len(data), 64<<10)]
	const (
		fieldStart = iota
		unquoted
		quoted
		quoteInQuoted // a quote inside a quoted field: its end, or the first of ""
	)
	state, cr, lf := fieldStart, 0, 0
	headerCR, headerDone, content := false, false, false // content: the line so far is not blank
	for i, c := range data {
		switch {
		case state == quoted:
			if c == '"' {
				state = quoteInQuoted
			}
		case c == '"' && (state == fieldStart || state == quoteInQuoted):
			state, content = quoted, true // a quote that opens a field, or the second of ""
		case c == sep:
			state, content = fieldStart, content || sep != '\t' && sep != ' ' // a line of tabs is white space: blank
		case c == '\n':
			if content {
				lf, headerDone = lf+1, true
			}
			state, content = fieldStart, false
		case c == '\r' && (i+1 == len(data) || data[i+1] != '\n'):
			if content {
				headerCR = headerCR || !headerDone
				cr, headerDone = cr+1, true
			}
			state, content = fieldStart, false
		default:
			state, content = unquoted, content || c != ' ' && c != '\t' && c != '\r'
		}
	}
	return headerCR && cr > lf
}

// startsLikeNotCSV reports whether a file starting with head would be read
// as other than plain text from its first byte: a byte order mark, or a
// signature of fileKinds.
func startsLikeNotCSV(head []byte) bool {
	for _, mark := range []string{"\xef\xbb\xbf", "\xff\xfe", "\xfe\xff", "\x00\x00\xfe\xff"} {
		if bytes.HasPrefix(head, []byte(mark)) {
			return true
		}
	}
	for _, k := range fileKinds {
		if bytes.HasPrefix(head, []byte(k.magic)) {
			return true
		}
	}
	return false
}

// markAtStart reports whether a file starting with text v, written in
// UTF-8 or in Windows-1252, would start like no CSV file (startsLikeNotCSV).
// The writer quotes a first header name that does; the reader knows that
// such a quote says nothing of the file's quoting.
func markAtStart(v string) bool {
	head := []byte(v[:min(len(v), 64)])
	if startsLikeNotCSV(head) {
		return true
	}
	head, _ = encode1252(head)
	return startsLikeNotCSV(head)
}

// distinctive reports whether a signature cannot start a text file: it
// holds a byte that is not printable ASCII, or is a PDF's. ("PAR1" or "MZ"
// may well be a column name; then the rest of the file decides.)
func distinctive(magic string) bool {
	for i := 0; i < len(magic); i++ {
		if magic[i] < 0x20 || magic[i] >= 0x7f {
			return true
		}
	}
	return magic == "%PDF-"
}

// looksBinary reports whether the first 8 KB hold a NUL byte or many
// control characters (8 or more, over a tenth of the bytes) other than tab,
// line feed, carriage return and form feed.
func looksBinary(data []byte) bool {
	head := data[:min(len(data), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	ctl := 0
	for _, b := range head {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' || b == 0x7f {
			ctl++
		}
	}
	return ctl >= 8 && ctl*10 > len(head)
}

// nulShare is the share of NUL bytes at even and at odd positions.
func nulShare(b []byte) (even, odd float64) {
	var e, o int
	for i, c := range b {
		if c == 0 {
			if i%2 == 0 {
				e++
			} else {
				o++
			}
		}
	}
	half := float64(len(b)+1) / 2
	return float64(e) / half, float64(o) / half
}

// decodeUTF16 turns UTF-16 bytes into UTF-8; a last odd byte is dropped and
// unpaired surrogates become U+FFFD.
func decodeUTF16(b []byte, bigEndian bool) []byte {
	units := make([]uint16, len(b)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			units[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	out := make([]byte, 0, len(units)+len(units)/4)
	for _, r := range utf16.Decode(units) {
		out = utf8.AppendRune(out, r)
	}
	return out
}
