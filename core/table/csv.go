package table

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"maps"
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ingestkit/playground/core/internal/fast"
	"github.com/ingestkit/playground/core/internal/num"
	"github.com/ingestkit/playground/core/internal/say"
	"github.com/ingestkit/playground/core/internal/testhook"
)

// CSV limits applied when the options leave them at zero.
const (
	DefaultMaxBytes     = 200 << 20 // 200 MiB
	DefaultMaxColumns   = 1000
	DefaultMaxLineBytes = 1 << 20 // 1 MiB for one record
)

// CSVOptions controls [ReadCSV]. The zero value reads a comma-separated file
// with a header, infers column types and applies the default limits.
type CSVOptions struct {
	MaxBytes     int // largest accepted input, in bytes
	MaxColumns   int // most columns accepted in the header
	MaxLineBytes int // longest accepted record; longer ones are rejected rows
	// NullTokens are the texts read as null; nil means DefaultNullTokens.
	NullTokens []string
	// Types fixes the type of the named columns; the others are inferred
	// with InferType. A value that does not parse as its column's fixed type
	// makes its row a rejected row.
	Types map[string]Type
	// AllStrings skips inference: every column not in Types is a string.
	AllStrings bool
	// Shared lets the table's strings share data's memory instead of a
	// copy of it: half the memory for a large file. The caller must not
	// change data afterwards.
	Shared bool
	// MaxMemory, when above zero, is the most memory reading may take (see
	// [EstimateReadBytes]): a larger file is refused with ErrTooLarge
	// before reading starts, saying what would fit.
	MaxMemory int64
	// Separator forces the field separator: "," ";" "\t" or "|" (see
	// [ParseSeparator] for the names a page may pass). "" detects it: from
	// an Excel "sep=X" first line when the file has one, else from the
	// header and the first records.
	Separator string
	// Encoding forces the text encoding: "utf-8" or "windows-1252" (see
	// [ParseEncoding]). "" detects it: UTF-8, unless the file is not valid
	// UTF-8 and holds more bytes that are no UTF-8 than UTF-8 characters of
	// two bytes or more, which is Windows-1252 text (Excel on Windows
	// writes it). A file with a
	// UTF-16 byte order mark is read as UTF-16 whatever this says; with
	// "windows-1252", a UTF-8 byte order mark is three characters of text
	// like any others ("ï»¿").
	Encoding string
}

// RejectedRow is a data record that could not be read into the table: a
// ragged row, an unterminated quote, invalid UTF-8, a record over the length
// limit, or a value that does not fit its column's fixed type. Raw is in
// the file's dialect (its separator and quoting), decoded to UTF-8 for
// display; a writer with the file's WriteOptions writes it back in the
// file's encoding.
type RejectedRow struct {
	Line   int    `json:"line"`   // line number where the record starts (line 1 is the file's first: its header, or a sep= line)
	Reason string `json:"reason"` // a plain explanation, e.g. "has 3 fields, expected 4"
	Raw    string `json:"raw"`    // the record's text, as far as it could be read
}

// CSVResult is what [ReadCSV] read.
type CSVResult struct {
	Table    *Table        // the rows that were read, with their line numbers
	Rejected []RejectedRow // the records that were not, in line order
	Warnings []string      // header repairs and other notes for the reader
	// Formats names the date format found in each timestamp column (one of
	// the Format constants), or "mixed" when values use several.
	Formats map[string]string
	// LineEnd is the file's line end: "\n", "\r\n" or "\r" (old Mac
	// files), as its header line ends.
	LineEnd string
	// BOM reports that the file starts with a UTF-8 byte order mark.
	BOM bool

	// Separator is the field separator read with: "," ";" "\t" or "|";
	// SeparatorName names it for a learner ("semicolon (;)"). A file of
	// one column has the comma.
	Separator     string
	SeparatorName string
	// SeparatorForced: CSVOptions.Separator chose it; otherwise it was
	// detected, or given by the file's sep= line.
	SeparatorForced bool
	// SeparatorAlso is another separator the file reads as well with (see
	// ReadCSV), or "": the choice is a guess, and a warning says so.
	SeparatorAlso string
	// SepLine is the file's Excel "sep=X" first line as written, without
	// its line end ("sep=;"), or "" when it has none. It is not a record:
	// the header is the line after it (line 2).
	SepLine string
	// Encoding is the text encoding read: "utf-8", "windows-1252",
	// "utf-16le" or "utf-16be"; EncodingName names it ("Windows-1252").
	Encoding     string
	EncodingName string
	// EncodingSuggestion is "windows-1252" when the file was read as UTF-8
	// but some of its lines are not valid UTF-8: read with that Encoding,
	// they would be read (as Windows-1252, every byte is a character); and
	// "utf-8" when it was read as Windows-1252 by its majority of bytes
	// but holds UTF-8 characters too (which read as two or three each).
	EncodingSuggestion string
	// QuoteCommas: the file, whose separator is not a comma, quotes
	// fields that hold a comma though they need no quotes; writing back
	// does the same.
	QuoteCommas bool
	// Numbers names how each number column whose numbers are not written
	// the engine's way (a decimal point, no grouping) writes them: a
	// decimal comma, grouped thousands, or an ambiguous column ("1.234")
	// that the rest of the file decided. Only files whose separator is not
	// a comma have such columns.
	Numbers map[string]NumberFormat
	// DecimalComma: a decimal column of the file is written with decimal
	// commas.
	DecimalComma bool
	// QuoteHeader: the file quotes every name of its header, though some
	// need no quotes (R's write.csv, Python's csv.QUOTE_ALL and
	// QUOTE_NONNUMERIC do).
	QuoteHeader bool
	// Quoting names how the file quotes fields that need no quotes (see
	// the Quoting constants): "" where they need it only, "all", "text"
	// (every text field, no number: R's write.csv), or "some". Each
	// column's cells are written back quoted as they were, whatever it
	// says. QuotedColumns lists the columns whose values are all quoted
	// (their nulls may not be: R writes NA unquoted).
	Quoting       string
	QuotedColumns []string
}

// Dialect describes the file's dialect for a learner, its parts joined by
// " · ": "semicolons · Windows-1252 · decimal commas", "commas · UTF-8",
// "tabs · UTF-8 with a byte order mark", "semicolons (sep= line) · …",
// "commas · UTF-8 · text fields quoted" (see Quoting).
func (r *CSVResult) Dialect() string {
	d, sepNote, enc, bom, dec, q := "commas", "", EncodingName(r.Encoding), "", "", ""
	switch r.Separator {
	case SepSemicolon:
		d = "semicolons"
	case SepTab:
		d = "tabs"
	case SepBar:
		d = "vertical bars"
	}
	if r.SepLine != "" {
		sepNote = " (sep= line)"
	}
	if r.BOM {
		bom = " with a byte order mark"
	}
	if r.DecimalComma {
		dec = " · decimal commas"
	}
	switch r.Quoting {
	case QuotingAll:
		q = " · every field quoted"
	case QuotingText:
		q = " · text fields quoted"
	case QuotingSome:
		q = " · some fields quoted"
	}
	return d + sepNote + " · " + enc + bom + dec + q
}

// Records returns the number of data records in the file: rows read plus
// rows rejected.
func (r *CSVResult) Records() int { return r.Table.Len() + len(r.Rejected) }

// WriteOptions are the options that write the file's tables back as the
// file was written: its separator and sep= line, its quoting of commas,
// its encoding (UTF-16 files are written as UTF-8 with a byte order mark,
// which is how Excel, which writes UTF-16 as "Unicode Text", tells UTF-8),
// line end and byte order mark. To write a Windows-1252 file's tables as
// UTF-8, set the result's Encoding to "utf-8".
func (r *CSVResult) WriteOptions() CSVWriteOptions {
	utf16 := r.Encoding == EncodingUTF16LE || r.Encoding == EncodingUTF16BE
	o := CSVWriteOptions{LineEnd: r.LineEnd, BOM: r.BOM || utf16, SepLine: r.SepLine, QuoteCommas: r.QuoteCommas, QuoteHeader: r.QuoteHeader}
	if r.Separator != SepComma {
		o.Separator = r.Separator
	}
	if r.Encoding == EncodingWindows1252 {
		o.Encoding = r.Encoding
	}
	return o
}

// ReadCSV reads RFC 4180 CSV with a header row: quoted fields may hold
// separators, quotes ("") and line breaks; a UTF-8 byte order mark is
// noted and skipped, UTF-16 with a byte order mark is decoded; lines end in
// LF, CRLF or (old Mac files) a lone CR; blank lines (and lines of spaces
// only) are skipped.
//
// Files come in dialects, which it detects (CSVOptions can force them)
// and reports in the result:
//   - the separator: a comma, a semicolon, a tab or a vertical bar, read
//     from an Excel "sep=X" first line (which is not a record) or found
//     in the header and the first records (see CSVResult.Separator);
//   - the encoding: UTF-8, or Windows-1252 (ISO-8859-1 is part of it) for
//     a file that is not UTF-8 and holds more bytes that are no UTF-8 than
//     UTF-8 characters; a file that is mostly UTF-8 with a few such bytes
//     is read as UTF-8, its invalid lines rejected, and the result
//     suggests Windows-1252;
//   - in a file whose separator is not a comma, numbers written with a
//     decimal comma ("10,5", "-0,25") and grouped thousands ("1.234,56",
//     "1 234,56", with a no-break space too; "1,234.56" in a tab file):
//     each column's style is decided from all its values, and a column
//     whose values read either way ("1.234") takes the rest of the file's
//     (see CSVResult.Numbers).
//
// A record that cannot be read is returned in Rejected with its line
// number and reason, and reading goes on with the next record: a record
// over MaxLineBytes is one rejected record however many lines its quoted
// fields span, while a quote never closed (it runs to the end of the file)
// costs its record's first line only, and reading goes on with the next
// line. Only an input that is not text (an image, an archive, UTF-32…),
// an empty input, an input over MaxBytes or MaxMemory, a header over
// MaxColumns and options that name no separator or encoding are errors
// (*CSVError, or *FieldError for options).
//
// Each column remembers how the file wrote its cells, so that writing the
// table with [CSVResult.WriteOptions] gives the file's records back byte for
// byte: the same text in every field, quoted as the file quoted it
// (fields that need no quotes too: R's write.csv, Python's QUOTE_ALL; see
// CSVResult.Quoting), the header as the file wrote it (columns keep the
// names its repairs gave them), the same separator, sep= line, encoding,
// line end and byte order mark. A quoted empty field ("") is null, as an
// empty one is. Blank lines and the lines of unreadable records are the
// exceptions, and a last line gets its line end.
func ReadCSV(data []byte, opts CSVOptions) (*CSVResult, error) {
	r, err := startRead(data, opts)
	if err != nil {
		return nil, err
	}
	return r.rest()
}

// startRead reads what ReadCSV reads before the data records: settings,
// encoding, dialect and header; and it plans the rows.
func startRead(data []byte, opts CSVOptions) (*csvRead, error) {
	r := &csvRead{opts: opts}
	for _, step := range []func() error{
		func() error { return r.settings(len(data)) },
		func() error { return r.decode(data) },
		r.dialect,
		r.header,
		r.rowPlan,
	} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// rest reads the data records and types the columns, once startRead has
// run.
func (r *csvRead) rest() (*CSVResult, error) {
	r.scan(len(r.p.s))
	r.noRows()
	if err := r.columns(); err != nil {
		return nil, err
	}
	if err := r.table(); err != nil {
		return nil, err
	}
	return r.res, nil
}

// csvRead is ReadCSV's work in progress: each step reads what the steps
// before it left and leaves what the next ones need.
//
// The convention of its steps: a step copies the fields it reads into
// locals at its start (its loops run on locals, which the compiler keeps
// in registers) and stores everything it produced or changed in one
// assignment at its end ("r.opts, r.skip, … = opts, skip, …"). A field a
// step changes must be in that assignment, or the change is lost: dialect
// changes opts (a dump's \N) and stores it back.
type csvRead struct {
	opts      CSVOptions
	dumpNulls bool   // no null tokens given: \N too, in a tab file
	forceSep  string // the separator the options force, if any
	forceEnc  string // the encoding the options force, if any
	res       *CSVResult
	data      []byte // the file as UTF-8, its byte order mark off
	given     []byte // the same before decoding (a copy is ours to share)
	valid     bool   // data is valid UTF-8 throughout
	skip      int    // the sep= line's bytes
	sep       byte
	lineEnd   string
	p         *csvParser
	// What rowPlan decided: the rows estimated, and whether rows keep
	// where their records start.
	est        int
	keepStarts bool
	// part: this reads a part of the file (see ReadCSVParts); notes
	// about the whole file are left to the parts' merge.
	part bool
	// The number style of each column, when decided over the whole file
	// before the columns are typed (numbersDecided; see ReadCSVParts).
	styles         []numStyle
	numFlags       []NumberFormat
	numbersDecided bool
	// The header.
	head       []string // as the file wrote it
	names      []string // repaired: unique, none empty
	headQuoted []bool
	headStray  []bool
	// The records: raw[column][row] for n rows; lines, starts and ends as
	// fileRows and Table.Lines keep them.
	raw    [][]string
	n      int
	lines  []int
	starts []int32
	ends   []uint8
	qm     quoteMarks // how each column's cells were quoted
	// The typed columns, and the rows a fixed type refused.
	cols    []*Column
	badRows map[int]string
	badRaw  map[int]string
}

// settings fills in the options' defaults and checks them and the size.
func (r *csvRead) settings(size int) error {
	opts := r.opts
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.MaxColumns <= 0 {
		opts.MaxColumns = DefaultMaxColumns
	}
	if opts.MaxLineBytes <= 0 {
		opts.MaxLineBytes = DefaultMaxLineBytes
	}
	dumpNulls := opts.NullTokens == nil
	if opts.NullTokens == nil {
		opts.NullTokens = DefaultNullTokens
	}
	forceSep, err := ParseSeparator(opts.Separator)
	if err != nil {
		return err
	}
	forceEnc, err := ParseEncoding(opts.Encoding)
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(opts.Types)) {
		if typ := opts.Types[name]; typ < TypeString || typ > TypeTimestamp {
			return fieldErr("types", "for column %q must be string, integer, decimal, boolean or timestamp, got type %d", name, typ)
		}
	}
	if size > opts.MaxBytes {
		return &CSVError{Err: ErrTooLarge, Msg: fmt.Sprintf("the file is %s bytes; the limit is %s bytes", say.Count(int64(size)), say.Count(int64(opts.MaxBytes)))}
	}
	r.opts, r.dumpNulls, r.forceSep, r.forceEnc = opts, dumpNulls, forceSep, forceEnc
	return nil
}

// decode takes the byte order mark off and decodes the file into UTF-8.
func (r *csvRead) decode(data []byte) error {
	forceEnc := r.forceEnc
	var err error
	res := &CSVResult{Formats: map[string]string{}}
	if forceEnc != EncodingWindows1252 && bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		data, res.BOM = data[3:], true
	}
	given := data
	var valid bool
	data, res.Encoding, res.Warnings, valid, err = readText(data, forceEnc, res.Warnings, &res.EncodingSuggestion)
	if err != nil {
		return err
	}
	res.EncodingName = EncodingName(res.Encoding)

	r.res, r.data, r.given, r.valid = res, data, given, valid
	return nil
}

// dialect finds the sep= line, the separator and the line end, and sets
// up the parser.
func (r *csvRead) dialect() error {
	res, data, given, opts, forceSep, dumpNulls, valid := r.res, r.data, r.given, r.opts, r.forceSep, r.dumpNulls, r.valid
	// The dialect: a sep= line, the separator, the line end.
	skip, sep := sepLine(data)
	if skip > 0 {
		res.SepLine = strings.TrimRight(string(data[:skip]), "\r\n")
	}
	switch {
	case forceSep != "":
		sep, res.SeparatorForced = forceSep[0], true
	case skip == 0:
		var also byte
		sep, also = detectSeparator(data)
		if also != 0 {
			res.SeparatorAlso = string(also)
			res.Warnings = append(res.Warnings, fmt.Sprintf("the file reads as a table with %s and with %s as the separator: it was read with %s; if that is wrong, choose the separator",
				SeparatorName(string(sep)), SeparatorName(string(also)), SeparatorName(string(sep))))
		}
	}
	res.Separator, res.SeparatorName = string(sep), SeparatorName(string(sep))
	if dumpNulls && sep == '\t' {
		// MySQL's SELECT … INTO OUTFILE and PostgreSQL's COPY … TO write
		// NULL as \N in their tab-separated dumps.
		opts.NullTokens = append(DefaultNullTokens[:len(DefaultNullTokens):len(DefaultNullTokens)], NullDump)
	}
	lineEnd := lineEndOf(data[skip:], sep)

	text := ""
	switch {
	case len(data) == 0:
	case opts.Shared || len(given) == 0 || &data[0] != &given[0]: // readText's copy is ours to share
		text = fast.String(data)
	default:
		text = string(data)
	}
	p := &csvParser{s: text, pos: skip, line: 1, maxLine: opts.MaxLineBytes, nl: '\n', sep: sep, validUTF8: valid, bare: !res.BOM && skip == 0}
	if lineEnd == "\r" {
		p.nl = '\r'
	}
	if skip > 0 {
		p.line = 2
	}

	r.opts, r.skip, r.sep, r.lineEnd, r.p = opts, skip, sep, lineEnd, p
	return nil
}

// header reads the first non-blank record and repairs its names.
func (r *csvRead) header() error {
	res, data, opts, forceSep, skip, sep, lineEnd, p := r.res, r.data, r.opts, r.forceSep, r.skip, r.sep, r.lineEnd, r.p
	// Header: the first non-blank record.
	var header []string
	headerLine := p.line
	for p.pos < len(p.s) {
		startLine := p.line
		p.quoted, p.stray = p.quoted[:0], p.stray[:0]
		fields, errMsg := p.record(nil)
		if errMsg != "" {
			return &CSVError{Line: startLine, Err: ErrEmptyFile, Msg: "the header cannot be read: " + errMsg}
		}
		if fields != nil {
			header, headerLine = fields, startLine
			break
		}
	}
	if header == nil {
		return &CSVError{Err: ErrEmptyFile, Msg: "the file is empty: it needs a header row naming the columns"}
	}
	if len(header) > opts.MaxColumns {
		return &CSVError{Line: headerLine, Err: ErrTooManyColumns, Msg: fmt.Sprintf("the header has %s columns; the limit is %s", say.Count(int64(len(header))), say.Count(int64(opts.MaxColumns)))}
	}
	if skip > 0 && forceSep == "" && len(header) == 1 {
		// The sep= line's separator gives a header of one column: say so
		// when the file reads as a table with another.
		if d, _ := detectSeparator(data[skip:]); d != sep && strings.IndexByte(header[0], d) >= 0 {
			res.Warnings = append(res.Warnings, "the file's first line says its separator is the "+SeparatorName(string(sep))+
				", which gives it one column, but it reads as a table with the "+SeparatorName(string(d))+": it was read as its first line says; if that is wrong, choose the separator")
		}
	}
	names := repairHeader(header, &res.Warnings)
	ncol := len(names)
	headQuoted := headerQuotes(p.quoted, ncol)
	headStray := p.strays(ncol)
	if ncol == 1 && len(p.quoted) == 0 && strings.ContainsAny(header[0], ",;\t|") {
		// One column whose bare name holds a separator ("Name; Vorname"):
		// written back bare, as the file had it (the writer quotes such a
		// name otherwise, so that it reads back as one).
		headStray[0] = true
	}
	res.QuoteHeader = len(p.quoted) == ncol && slices.Contains(headQuoted, true)
	res.LineEnd = lineEnd
	if res.LineEnd == "" {
		res.LineEnd = "\n"
		if p.pos >= 2 && p.s[p.pos-2:p.pos] == "\r\n" {
			res.LineEnd = "\r\n"
		}
	}

	r.head, r.names, r.headQuoted, r.headStray = header, names, headQuoted, headStray
	return nil
}

// rowPlan estimates the data rows, refuses a file that would not fit in
// opts.MaxMemory, and decides whether the rows keep where their records
// start (for a writer copying untouched cells): decisions about the whole
// file, taken once however many parts read it (see ReadCSVParallel).
func (r *csvRead) rowPlan() error {
	data, opts, p, ncol := r.data, r.opts, r.p, len(r.names)
	// Estimate the rows from the first 64 KB (counting every line break of
	// a large file costs more than the occasional regrowth it saves).
	rest := p.s[p.pos:]
	est := strings.Count(rest[:min(len(rest), 64<<10)], string(p.nl)) + 1
	if len(rest) > 64<<10 {
		est = int(float64(est) * float64(len(rest)) / float64(64<<10) * 1.05)
	}
	if opts.MaxMemory > 0 {
		if need := EstimateReadBytes(len(data), est, ncol); need > opts.MaxMemory {
			fit := num.RoundDown2(int64(float64(opts.MaxMemory) / float64(need) * float64(est)))
			return &CSVError{Err: ErrTooLarge, Msg: fmt.Sprintf("the file has about %s rows of %d columns; reading it would take about %s of memory, more than the %s this engine may use. A file like it fits up to about %s rows: split the file, or keep fewer columns",
				say.Count(num.RoundDown2(int64(est))), ncol, say.Bytes(need), say.Bytes(opts.MaxMemory), say.Count(fit)), Need: need}
		}
	}
	sample := rest[:min(len(rest), 64<<10)]
	r.est, r.keepStarts = est, fileRowsOK(len(p.s)) && len(sample) <= 200*(strings.Count(sample, string(p.nl))+1)
	return nil
}

// scan reads the data records from the parser's position until one ends
// at or past stop, into raw text columns, setting aside those it cannot
// read.
func (r *csvRead) scan(stop int) {
	res, p, ncol, est := r.res, r.p, len(r.names), r.est
	// Fields go straight into raw[column][row]; a row that turns out to be
	// unreadable is not counted, and the next one overwrites it.
	raw := make([][]string, ncol)
	for i := range raw {
		raw[i] = make([]string, est)
	}
	// Each row's line number, kept only once a row is not on the line
	// after the one before (a blank line, a record over several lines, a
	// rejected one): in a tidy file row n is on line n+2, as a Table
	// without Lines says.
	var lines []int
	// Where each row's record starts, for a writer copying untouched cells
	// (-1: the record has quotes).
	var starts []int32
	var ends []uint8
	if r.keepStarts {
		starts, ends = make([]int32, 0, est), make([]uint8, est*ncol)
	}
	fields := make([]string, 0, ncol+1)
	qm := quoteMarks{cols: make([]quoteCol, ncol)}
	n := 0
	for p.pos < stop {
		startLine, start := p.line, p.pos
		if n == len(raw[0]) {
			for i := range raw {
				raw[i] = append(raw[i], make([]string, n/2+16)...)
			}
			if ends != nil {
				ends = append(ends, make([]uint8, (n/2+16)*ncol)...)
			}
		}
		var rowEnds []uint8
		if ends != nil {
			rowEnds = ends[n*ncol : (n+1)*ncol]
		}
		k, f, errMsg := p.recordInto(raw, n, fields, rowEnds)
		if errMsg != "" {
			res.Rejected = append(res.Rejected, RejectedRow{Line: startLine, Reason: errMsg, Raw: say.Clip(p.s[start:p.pos])})
			continue
		}
		if k < 0 {
			continue // blank line
		}
		if k != ncol {
			res.Rejected = append(res.Rejected, RejectedRow{Line: startLine,
				Reason: fieldCountReason(k, ncol),
				Raw:    say.Clip(strings.TrimRight(p.s[start:p.pos], "\r\n"))})
			continue
		}
		if !p.validUTF8 && !utf8.ValidString(p.s[start:p.pos]) {
			res.Rejected = append(res.Rejected, RejectedRow{Line: startLine,
				Reason: "is not valid UTF-8 text; read the file as Windows-1252 if it is (Excel on Windows saves CSV files so), or save it as UTF-8 and load it again",
				Raw:    say.Clip(strings.ToValidUTF8(strings.TrimRight(p.s[start:p.pos], "\r\n"), "\uFFFD"))})
			continue
		}
		if f != nil { // a quoted record, read into fields
			for i, v := range f {
				raw[i][n] = v
			}
			fields = f
			start = -1
			qm.note(p.quoted, p.stray, n)
			clear(rowEnds) // unused, and not what an unreadable row left there
		}
		if starts != nil {
			if p.pos-start > 255 {
				start = -1 // its field ends do not fit a byte
			}
			starts = append(starts, int32(start))
		}
		if lines == nil && startLine != n+2 {
			lines = make([]int, n, max(est, n+1))
			for r := range lines {
				lines[r] = r + 2
			}
		}
		if lines != nil {
			lines = append(lines, startLine)
		}
		n++
	}
	for i := range raw {
		clear(raw[i][n:]) // what rejected rows left behind
		raw[i] = raw[i][:n:n]
	}

	r.raw, r.n, r.lines, r.starts, r.ends, r.qm = raw, n, lines, starts, ends, qm
}

// columns types the raw columns (fixed types first, then inferred), with
// the file's number style and quoting kept in each column's form.
func (r *csvRead) columns() error {
	res, opts, p, sep, raw, names, header, ncol := r.res, r.opts, r.p, r.sep, r.raw, r.names, r.head, len(r.names)
	headQuoted, headStray, dumpNulls, qm := r.headQuoted, r.headStray, r.dumpNulls, r.qm
	// Typed columns: those of a fixed type first, so the raw text of a row
	// that does not fit is recorded before text columns take raw's strings
	// over as their storage.
	cols := make([]*Column, ncol)
	ns := newNullSet(opts.NullTokens)
	res.QuoteCommas = p.quotedComma
	// Numbers in the file's style: each column's values as the engine
	// writes numbers ("1.234,5" as "1234.5"), for the parsers.
	styles, numFlags := r.styles, r.numFlags
	if sep != ',' && !r.numbersDecided {
		skip, forced := r.numberColumns()
		styles, numFlags = decideNumbers(raw, skip, forced, &ns, sep)
	}
	vals := func(i int) []string { return styledValues(raw[i], styles, i) }
	var badRows map[int]string
	for i, name := range names {
		typ, fixed := opts.Types[name]
		if !fixed || typ == TypeString {
			continue
		}
		col, bad := ConvertColumn(name, vals(i), typ, opts.NullTokens)
		for _, r := range bad {
			if badRows == nil {
				badRows = map[int]string{}
			}
			if _, dup := badRows[r]; !dup {
				badRows[r] = fmt.Sprintf("column %q: %q is not a valid %s", name, raw[i][r], typ)
			}
		}
		cols[i] = col
	}
	badRaw := make(map[int]string, len(badRows))
	for r := range badRows {
		rec := make([]string, ncol)
		for c := range raw {
			rec[c] = raw[c][r]
		}
		badRaw[r] = say.Clip(string(appendRecordIn(nil, rec, newQuoteSet(sep, p.quotedComma))))
	}
	for i, name := range names {
		if cols[i] == nil {
			if _, fixed := opts.Types[name]; fixed || opts.AllStrings {
				cols[i] = stringColumn(name, raw[i], ns, true)
			} else if styles != nil && !styles[i].plain() {
				// Numbers in the column's style, or else the column's own text.
				if cols[i] = inferColumn(name, vals(i), opts.NullTokens, true); !cols[i].Type.IsNumeric() {
					cols[i] = inferColumn(name, raw[i], opts.NullTokens, true)
				}
			} else {
				cols[i] = inferColumn(name, raw[i], opts.NullTokens, true)
			}
		}
		if c := cols[i]; styles != nil && c.Type.IsNumeric() && (!styles[i].plain() || numFlags[i].Ambiguous || numFlags[i].Mixed) {
			if res.Numbers == nil {
				res.Numbers = map[string]NumberFormat{}
			}
			f := styles[i].format(c.Type)
			f.Ambiguous, f.ByOthers, f.Mixed = numFlags[i].Ambiguous, numFlags[i].ByOthers, numFlags[i].Mixed
			res.Numbers[name] = f
			res.DecimalComma = res.DecimalComma || c.Type == TypeDecimal && styles[i].mark == ','
		}
		var qs quoteStyle
		if qm.analyse(i, p.quotedComma) {
			qs = quoteStyleOf(cols[i], raw[i], qm.cols[i].bits, newQuoteSet(sep, p.quotedComma), newHardSet(sep))
		}
		if cols[i].Type != TypeString {
			st := numStyle{}
			if styles != nil {
				st = styles[i]
			}
			setFormStyled(cols[i], raw[i], ns, st) // text columns did in stringColumn
			if cols[i].Type == TypeTimestamp {
				res.Formats[name] = dateFormatOf(raw[i], cols[i]) // reads the form
			}
			raw[i] = nil // garbage now: let the collector have it
		}
		cols[i].setQuotes(qs, headQuoted[i], headStray[i])
		if header[i] != name {
			if cols[i].form == nil {
				cols[i].form = &textForm{}
			}
			cols[i].form.head, cols[i].form.named = header[i], name
		}
	}
	res.Quoting, res.QuotedColumns = quoting(cols)
	if dumpNulls && sep == '\t' && !r.part {
		if list := dumpNullColumns(cols); list != "" {
			res.Warnings = append(res.Warnings, dumpWarning(list))
		}
	}
	r.cols, r.badRows, r.badRaw = cols, badRows, badRaw
	return nil
}

// dumpWarning is the warning on a tab dump's \N nulls in the listed
// columns.
func dumpWarning(list string) string {
	return `\N is read as null (MySQL and PostgreSQL write NULL so in tab-separated dumps) in ` + list + `, and written back as \N`
}

// numberColumns says which columns the number style is decided for (not
// those of a fixed or forced text type), and each column's fixed type.
func (r *csvRead) numberColumns() (skip []bool, forced []Type) {
	skip, forced = make([]bool, len(r.names)), make([]Type, len(r.names))
	for i, name := range r.names {
		typ, fixed := r.opts.Types[name]
		skip[i] = fixed && typ == TypeString || !fixed && r.opts.AllStrings
		forced[i] = typ
	}
	return skip, forced
}

// table ties the columns to the file's rows (for a writer copying what no
// step changed) and sets aside the rows a fixed type refused.
func (r *csvRead) table() error {
	res, opts, p, sep, cols, starts, ends, n, ncol, lines := r.res, r.opts, r.p, r.sep, r.cols, r.starts, r.ends, r.n, len(r.names), r.lines
	badRows, badRaw := r.badRows, r.badRaw
	// Tie the columns to the file's rows, unless that would keep a copy of
	// the file alive that nothing else needs.
	tie := opts.Shared
	for _, c := range cols {
		tie = tie || c.Type == TypeString && c.Len() > 0
	}
	if starts != nil && tie {
		rows := &fileRows{file: &fileText{text: p.s, nl: p.nl, sep: sep, cp1252: res.Encoding == EncodingWindows1252}, start: starts, ends: ends[:n*ncol], ncol: ncol}
		for i, c := range cols {
			c.file, c.field, c.fileScale = rows, i, c.Scale
		}
	}
	t := mustTable("csv", cols...)
	t.Lines = lines
	if len(badRows) > 0 {
		keep := make([]int, 0, t.Len()-len(badRows))
		for r := 0; r < t.Len(); r++ {
			reason, bad := badRows[r]
			if !bad {
				keep = append(keep, r)
				continue
			}
			res.Rejected = append(res.Rejected, RejectedRow{Line: t.Line(r), Reason: reason, Raw: badRaw[r]})
		}
		t = t.Take(keep)
	}
	sort.SliceStable(res.Rejected, func(a, b int) bool { return res.Rejected[a].Line < res.Rejected[b].Line })
	res.Table = t
	return nil
}

// styledValues returns a column's cells as the engine writes numbers
// ("1.234,5" as "1234.5") when styles gives the column a style, else raw.
func styledValues(raw []string, styles []numStyle, i int) []string {
	if styles == nil || styles[i].plain() {
		return raw
	}
	out := make([]string, len(raw))
	for r, v := range raw {
		out[r], _ = normNumber(v, styles[i])
	}
	return out
}

// dateFormatOf is the format of a timestamp column's dates (see
// CSVResult.Formats), "mixed" when they use several, "" when it has none.
// Its form (setForm has run) tells most cells' format at once: every
// layout a column's cells can share is an ISO 8601 form, so only the cells
// written otherwise are looked at one by one.
func dateFormatOf(raw []string, col *Column) string {
	seen := map[string]bool{}
	others := 0
	if f := col.form; f != nil {
		for _, r := range f.rows {
			if !col.IsNull(r) {
				seen[formatOfValid(raw[r])] = true
				others++
			}
		}
	}
	if col.Len()-col.NullCount() > others {
		seen[FormatISO] = true
	}
	switch len(seen) {
	case 0:
		return ""
	case 1:
		for f := range seen {
			return f
		}
	}
	return "mixed"
}

// formatOfValid is the format ParseTimestamp reports for v, read from v's
// shape alone: v is known to parse (it is not null in a timestamp column),
// so its numbers need no second reading.
func formatOfValid(v string) string {
	s := trimSpace(v)
	if len(s) < 8 {
		_, f, _ := ParseTimestamp(v)
		return f
	}
	if num.IsDigits(s[:4]) && (s[4] == '-' || s[4] == '/') {
		if s[4] == '/' {
			return FormatSlashYMD
		}
		return FormatISO
	}
	if s[0] >= '0' && s[0] <= '9' {
		n := 1
		if s[1] >= '0' && s[1] <= '9' {
			n = 2
		}
		switch s[n] {
		case '/':
			return FormatUS
		case '.':
			return FormatDotted
		}
		return FormatDayMon
	}
	return FormatMonDay
}

// repairHeader trims the names (noting it), names empty ones "column_N" and numbers
// repeated ones "name_2", "name_3", noting each repair in warnings.
func repairHeader(h []string, warnings *[]string) []string {
	names := make([]string, len(h))
	seen := map[string]bool{}
	for i, given := range h {
		n := strings.TrimFunc(strings.ToValidUTF8(given, "\uFFFD"), func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
		if n != "" && n != given {
			*warnings = append(*warnings, fmt.Sprintf("column %d's name %q has spaces or invisible characters around it; it is called %q", i+1, given, n))
		}
		if n == "" {
			n = fmt.Sprintf("column_%d", i+1)
			*warnings = append(*warnings, fmt.Sprintf("column %d has no name in the header; it is called %q", i+1, n))
		}
		if seen[n] {
			base := n
			for k := 2; seen[n]; k++ {
				n = fmt.Sprintf("%s_%d", base, k)
			}
			*warnings = append(*warnings, fmt.Sprintf("column %d repeats the name %q; it is called %q", i+1, base, n))
		}
		seen[n] = true
		names[i] = n
	}
	return names
}

type csvParser struct {
	s         string
	pos       int
	line      int
	maxLine   int
	nl        byte // what ends a line: '\n' (and "\r\n"), or '\r' in old Mac files
	sep       byte // what separates fields: ',', ';', '\t' or '|'
	validUTF8 bool
	// quotedComma: in a file whose separator is not a comma, a quoted
	// field held a comma and nothing else that needs quotes.
	quotedComma bool
	// bare: the file's text starts at its first byte (no byte order mark,
	// no sep= line).
	bare bool
	// quoted lists the quoted fields of the last record quotedRecord
	// read: field<<1, plus 1 when the field needs no quotes (it holds no
	// separator, quote or line break), as R, Python's QUOTE_ALL and many
	// exports quote text.
	quoted []int32
	// stray lists the unquoted fields of that record that hold a quote
	// (a stray quote: 5" screen), read as text and written back bare.
	stray []int32
	sb    strings.Builder
}

// record reads the record at p.pos into dst and advances past it. It returns
// nil fields for a blank line, and a reason when the record is unreadable (in
// that case p.pos has moved past it: past the whole record when it is over
// the length limit, past its first physical line when a quote in it is
// never closed).
func (p *csvParser) record(dst []string) ([]string, string) {
	ln, next := p.physLine()
	if strings.IndexByte(ln, '"') >= 0 {
		return p.quotedRecord(dst, next)
	}
	// Fast path: no quotes, the record is this physical line.
	if blank, errMsg := p.plainLine(ln, next); blank || errMsg != "" {
		return nil, errMsg
	}
	for {
		j := strings.IndexByte(ln, p.sep)
		if j < 0 {
			return append(dst, ln), ""
		}
		dst = append(dst, ln[:j])
		ln = ln[j+1:]
	}
}

// recordInto is record for the data rows: an unquoted record's fields go
// straight to raw[k][n] (those past len(raw) are only counted), and where
// each ends in the line to ends[k] when ends is not nil. It returns the
// number of fields, or -1 for a blank line; a record with quotes is read
// by quotedRecord into fields and returned as f, for the caller to place.
//
// It finds the separators, the line end and any quote eight bytes at a
// time (see fast.ZeroBytes): in WebAssembly a call to find each comma cost more
// than the rest of reading the field.
func (p *csvParser) recordInto(raw [][]string, n int, fields []string, ends []uint8) (k int, f []string, errMsg string) {
	s := p.s
	b := fast.Bytes(s)
	start := p.pos
	from, end := start, len(s) // the field under way; the line end
	nl, sep := p.nl, p.sep
	stops := [3]uint64{fast.Ones * uint64(sep), fast.Ones * uint64(nl), fast.Ones * '"'}
	i := start
scan:
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		m := fast.ZeroBytes(x^stops[0]) | fast.ZeroBytes(x^stops[1]) | fast.ZeroBytes(x^stops[2])
		for m != 0 {
			j := i + bits.TrailingZeros64(m)>>3
			m &= m - 1
			if c := s[j]; c == sep {
				if k < len(raw) {
					raw[k][n] = s[from:j]
					if k < len(ends) {
						ends[k] = uint8(j - start) // wraps past 255: see ReadCSV
					}
				}
				k++
				from = j + 1
			} else if c == '"' {
				return p.quotedInto(fields, j)
			} else {
				end = j
				break scan
			}
		}
	}
	if i+8 > len(b) {
		// The last bytes of the file, one by one (a padded word here made
		// every word's load slower in WebAssembly).
		for ; i < len(s); i++ {
			c := s[i]
			if c == sep {
				if k < len(raw) {
					raw[k][n] = s[from:i]
					if k < len(ends) {
						ends[k] = uint8(i - start)
					}
				}
				k++
				from = i + 1
			} else if c == '"' {
				return p.quotedInto(fields, i)
			} else if c == nl {
				end = i
				break
			}
		}
	}
	next := p.pastLineEnd(end)
	lnEnd := end
	if lnEnd > start && (s[lnEnd-1] == '\r' || end == len(s) && s[lnEnd-1] == '\n') {
		lnEnd-- // a CRLF's CR; or the LF a tool added after a CR file's last line
	}
	p.pos = next
	p.line++
	if lnEnd-start > p.maxLine {
		return -1, nil, p.tooLong(lnEnd-start, 0)
	}
	if k == 0 && strings.TrimSpace(s[start:lnEnd]) == "" {
		return -1, nil, ""
	}
	if k < len(raw) {
		raw[k][n] = s[from:lnEnd]
		if k < len(ends) {
			ends[k] = uint8(lnEnd - start)
		}
	}
	return k + 1, nil, ""
}

// quotedInto reads the record at p.pos, which has a quote at offset q, with
// quotedRecord.
func (p *csvParser) quotedInto(fields []string, q int) (int, []string, string) {
	next := len(p.s)
	if k := strings.IndexByte(p.s[q:], p.nl); k >= 0 {
		next = p.pastLineEnd(q + k)
	}
	f, errMsg := p.quotedRecord(fields[:0], next)
	return len(f), f, errMsg
}

// physLine returns the physical line at p.pos without its line end, and the
// offset just past it.
func (p *csvParser) physLine() (ln string, next int) {
	rest := p.s[p.pos:]
	next = len(p.s)
	ln = rest
	nl := strings.IndexByte(rest, p.nl)
	if nl >= 0 {
		ln, next = rest[:nl], p.pastLineEnd(p.pos+nl)
	}
	if len(ln) > 0 && (ln[len(ln)-1] == '\r' || nl < 0 && ln[len(ln)-1] == '\n') {
		ln = ln[:len(ln)-1] // a CRLF's CR; or the LF a tool added after a CR file's last line
	}
	return ln, next
}

// pastLineEnd is the offset past the line end p.nl at i (len(p.s) when i
// is the text's end). In a file whose lines end in CR, a CRLF ends a line
// too, as it does inside a quoted record (see endRecord): its LF is not
// the next line's first character.
func (p *csvParser) pastLineEnd(i int) int {
	if i >= len(p.s) {
		return len(p.s)
	}
	i++
	if p.nl == '\r' && i < len(p.s) && p.s[i] == '\n' {
		i++
	}
	return i
}

// plainLine moves past a record without quotes and says whether it is
// blank (or spaces only) or too long.
func (p *csvParser) plainLine(ln string, next int) (blank bool, errMsg string) {
	p.pos = next
	p.line++
	if len(ln) > p.maxLine {
		return false, p.tooLong(len(ln), 0)
	}
	return strings.TrimSpace(ln) == "", ""
}

// tooLong is the reason given for a record of n bytes (its line end not
// counted) over the limit, spread over lines+1 lines.
func (p *csvParser) tooLong(n, lines int) string {
	where := ""
	if lines > 0 {
		where = fmt.Sprintf(" (lines %s to %s)", say.Count(int64(p.line-lines-1)), say.Count(int64(p.line-1)))
	}
	return fmt.Sprintf("is %s bytes long%s; the limit for one record is %s bytes", say.Count(int64(n)), where, say.Count(int64(p.maxLine)))
}

// quotedRecord parses a record holding quotes, which may span lines.
// physNext is the offset just past the record's first physical line, where
// reading resumes if a quote in the record is never closed. A record over
// the length limit is skipped whole (see skipLongRecord).
func (p *csvParser) quotedRecord(dst []string, physNext int) ([]string, string) {
	s := p.s
	i := p.pos
	start := i
	p.quoted, p.stray = p.quoted[:0], p.stray[:0]
	// Past lim the record is over the limit: reading stops there, and no
	// field of it is built, however long it runs.
	lim := start + min(p.maxLine, len(s)-start)
	stop := min(len(s), lim+1)
	lines := 0
	for {
		if i > lim {
			return p.skipLongRecord(start, physNext)
		}
		if i < len(s) && s[i] == '"' {
			// Quoted field.
			fieldLine := p.line + lines
			p.sb.Reset()
			i++
			open, simple := i, true // simple: no "" inside and nothing after the closing quote
			for {
				q := strings.IndexByte(s[i:], '"')
				if q < 0 {
					return p.neverClosed(physNext, fieldLine)
				}
				if i+q > lim {
					return p.skipLongRecord(start, physNext)
				}
				chunk := s[i : i+q]
				lines += strings.Count(chunk, string(p.nl))
				p.sb.WriteString(chunk)
				i += q + 1
				if i < len(s) && s[i] == '"' {
					p.sb.WriteByte('"')
					i++
					simple = false
					continue
				}
				break
			}
			closing := i - 1
			// Lenient: text after the closing quote up to the separator is kept.
			for i < stop && !p.fieldEnd(s, i) {
				p.sb.WriteByte(s[i])
				i++
				simple = false
			}
			if simple {
				dst = append(dst, s[open:closing]) // the input's own text: no copy
			} else {
				dst = append(dst, strings.Clone(p.sb.String()))
			}
			if p.sep != ',' && !p.quotedComma && !(open == 1 && p.bare && markAtStart(dst[len(dst)-1])) {
				p.quotedComma = onlyComma(dst[len(dst)-1], p.sep)
			}
			k := int32(len(dst)-1) << 1
			if simple && !hardQuote(dst[len(dst)-1], p.sep) {
				k |= 1
			}
			p.quoted = append(p.quoted, k)
		} else {
			// Unquoted field: up to the next comma or line end; a stray quote
			// inside it is kept as text.
			j := i
			for j < stop && !p.fieldEnd(s, j) {
				j++
			}
			dst = append(dst, s[i:j])
			if strings.IndexByte(s[i:j], '"') >= 0 {
				p.stray = append(p.stray, int32(len(dst)-1))
			}
			i = j
		}
		if i >= len(s) {
			break
		}
		if i > lim {
			return p.skipLongRecord(start, physNext)
		}
		if s[i] == p.sep {
			i++
			continue
		}
		break
	}
	if i-start > p.maxLine { // the record runs to the end of the file, one byte past the limit
		return p.skipLongRecord(start, physNext)
	}
	p.endRecord(i, lines)
	return dst, ""
}

// endRecord moves past the line end at i (CR, LF or CRLF: the file's; see
// fieldEnd) that closes a record spanning lines+1 lines.
func (p *csvParser) endRecord(i, lines int) {
	if i < len(p.s) && p.s[i] == '\r' {
		i++
	}
	if i < len(p.s) && p.s[i] == '\n' {
		i++
	}
	p.pos = i
	p.line += lines + 1
}

// fieldEnd reports whether s[j], outside quotes, ends a field: the separator, or
// the file's line end — LF (or CRLF) in most files, CR (or CRLF) in old Mac
// files, and a lone CR or LF as the file's last byte. Elsewhere a CR is
// text in an LF file, and an LF in a CR file, as they are in a record
// without quotes (recordInto, physLine), so that a record reads the same
// whether or not it holds a quote.
func (p *csvParser) fieldEnd(s string, j int) bool {
	c := s[j]
	return c == p.sep || c == p.nl || c == '\r' && j+1 < len(s) && s[j+1] == '\n' || j+1 == len(s) && (c == '\r' || c == '\n')
}

// onlyComma reports whether a field, quoted in a file whose separator is
// sep, holds a comma and nothing that needs quotes.
func onlyComma(v string, sep byte) bool {
	return strings.IndexByte(v, ',') >= 0 && strings.IndexByte(v, sep) < 0 && strings.IndexByte(v, '"') < 0 && strings.IndexAny(v, "\r\n") < 0
}

// skipLongRecord moves past the record at start, which is longer than the
// limit: to its true end, the first line end outside quotes (a quoted
// field may hold line breaks, commas and doubled quotes), counting the
// lines it spans, and returns the reason it is set aside. Reading it with
// quotedRecord's grammar, it builds no field. A quote in it that is never
// closed makes it an unreadable record of one line, as in quotedRecord.
func (p *csvParser) skipLongRecord(start, physNext int) ([]string, string) {
	s := p.s
	i, lines := start, 0
	for {
		if i < len(s) && s[i] == '"' {
			fieldLine := p.line + lines
			i++
			for {
				q := strings.IndexByte(s[i:], '"')
				if q < 0 {
					return p.neverClosed(physNext, fieldLine)
				}
				lines += strings.Count(s[i:i+q], string(p.nl))
				i += q + 1
				if i < len(s) && s[i] == '"' {
					i++
					continue
				}
				break
			}
		}
		// Unquoted text, or text after a closing quote, up to the
		// separator.
		for i < len(s) && !p.fieldEnd(s, i) {
			i++
		}
		if i < len(s) && s[i] == p.sep {
			i++
			continue
		}
		break
	}
	p.endRecord(i, lines)
	return nil, p.tooLong(i-start, lines)
}

// neverClosed moves past the first line of a record whose quoted field,
// opened on line fieldLine, is never closed (it runs to the end of the
// file), and returns the reason. Reading goes on with the next line: a
// stray quote costs one line, not the rest of the file.
func (p *csvParser) neverClosed(physNext, fieldLine int) ([]string, string) {
	p.pos = physNext
	p.line++
	return nil, fmt.Sprintf("has a quoted field opened on line %d that is never closed", fieldLine)
}

// CSVWriteOptions controls [AppendCSV] and [WriteCSV].
type CSVWriteOptions struct {
	// FormulaGuard prefixes text cells and column names starting with =, +,
	// -, @, tab or carriage return with an apostrophe, so spreadsheets show
	// them as text instead of running them as formulas (CSV injection).
	FormulaGuard bool
	// CRLF ends lines with \r\n instead of \n.
	CRLF bool
	// LineEnd, when set, is the line end to write ("\n", "\r\n" or "\r"):
	// a file's own, from [CSVResult.LineEnd]. It takes precedence over CRLF.
	LineEnd string
	// BOM starts the output with a UTF-8 byte order mark, as the file read
	// did ([CSVResult.BOM]).
	BOM bool
	// Separator is the field separator: "" or "," for a comma, ";", "\t"
	// or "|" (anything else writes commas). A field holding it is quoted.
	Separator string
	// SepLine, when set, is written as the first line (after a byte order
	// mark), as Excel's "sep=;" line: the file's own ([CSVResult.SepLine]).
	SepLine string
	// QuoteCommas quotes fields holding a comma when the separator is not
	// a comma, as the file read did ([CSVResult.QuoteCommas]).
	QuoteCommas bool
	// QuoteHeader quotes every name of the header, as the file read did
	// ([CSVResult.QuoteHeader]). Columns read from a file quote their
	// names, and their cells, as the file did whatever this says.
	QuoteHeader bool
	// Encoding is the output's text encoding: "" or "utf-8", or
	// "windows-1252" (the file's own, [CSVResult.Encoding]). A character
	// Windows-1252 has no byte for (one a step made, such as "µ"
	// upper-cased to "Μ", or a derived column's name) is written as "?":
	// [Unencodable] counts them beforehand, and RunDataCheck notes them.
	// Write such a table as UTF-8 to keep them.
	Encoding string
	// RowsOnly writes the rows alone, without a byte order mark, sep= line
	// or header: a later part of a table read in parts (see ReadCSVParts),
	// whose output follows the first part's.
	RowsOnly bool
}

// AppendCSV appends t as CSV with a header row to dst. Output is
// deterministic, and fields are quoted only when they hold the separator
// (a comma unless opts say otherwise), a quote or a line break (a row of
// one empty or blank field is quoted so that it is not a blank line). Columns read by [ReadCSV] write each cell as the file did,
// unless a step changed it; other columns write nulls as empty cells,
// timestamps as ISO 8601 UTC and decimals with their column's Scale.
// Neighbouring columns no step changed, in the file's order, are copied
// from the file's bytes a row at a time instead of formatted cell by cell
// (the same bytes, faster).
func AppendCSV(dst []byte, t *Table, opts CSVWriteOptions) []byte {
	w := newCSVWriter(t, opts)
	base := len(dst)
	dst = w.header(dst)
	start := len(dst)
	for i := 0; i < t.Len(); i++ {
		if i == 256 && t.Len() > 1024 {
			// Size the buffer once from the first rows: a large table is
			// written without repeated doubling and copying.
			perRow := (len(dst) - start) / 256
			dst = slices.Grow(dst, perRow*(t.Len()-256)*21/20)
		}
		dst = w.row(dst, i)
	}
	return w.encode(dst, base)
}

// WriteCSV writes t as CSV to w, the same bytes as [AppendCSV], in pieces
// of about 1 MiB: the whole file is never held in memory at once.
func WriteCSV(w io.Writer, t *Table, opts CSVWriteOptions) error {
	const piece = 1 << 20
	cw := newCSVWriter(t, opts)
	buf := cw.header(make([]byte, 0, piece+4096))
	first := true
	for i := 0; i < t.Len(); i++ {
		buf = cw.row(buf, i)
		if len(buf) >= piece {
			if _, err := w.Write(cw.encode(buf, 0)); err != nil {
				return err
			}
			buf, first = buf[:0], false
		}
	}
	if first {
		buf = cw.encode(buf, 0)
	} else {
		buf = cw.encodeFrom(buf, 0)
	}
	_, err := w.Write(buf)
	return err
}

// encode rewrites dst[base:], the writer's output so far (starting with
// its byte order mark, if any), in the writer's encoding.
func (w *csvWriter) encode(dst []byte, base int) []byte {
	if w.opts.BOM && !w.opts.RowsOnly {
		base += 3
	}
	return w.encodeFrom(dst, base)
}

// encodeFrom rewrites dst[from:], UTF-8 text, in the writer's encoding.
func (w *csvWriter) encodeFrom(dst []byte, from int) []byte {
	if !w.cp1252 || from > len(dst) {
		return dst
	}
	enc, lost := encode1252(dst[from:])
	w.lost += lost
	return dst[:from+len(enc)]
}

// csvWriter formats a table's rows, in order.
type csvWriter struct {
	t      *Table
	opts   CSVWriteOptions
	sep    byte
	q      *quoteSet // nil: a comma file's quoting (appendField)
	cp1252 bool      // write Windows-1252
	lost   int       // characters Windows-1252 could not write
	eol    string
	days   *DayCache // a timestamp column repeats its days many times
	next   []int     // per column: the next of its form's exceptions
	qnext  []int     // per column: the next of its form's quote flips
	// soft is what the writer quotes, hard what must be quoted (see
	// quoteStyle); q's quoting, or noQuotes while a cell is written for
	// quoteCell to quote.
	soft, hard *quoteSet
	runs       []fileRun // the columns copied from their file (see fileRun)
}

func newCSVWriter(t *Table, opts CSVWriteOptions) *csvWriter {
	w := &csvWriter{t: t, opts: opts, eol: "\n", days: NewDayCache(), next: make([]int, len(t.Cols)), qnext: make([]int, len(t.Cols)), sep: ','}
	switch {
	case opts.LineEnd != "":
		w.eol = opts.LineEnd
	case opts.CRLF:
		w.eol = "\r\n"
	}
	if s := opts.Separator; s == SepSemicolon || s == SepTab || s == SepBar {
		w.sep = s[0]
		w.q = newQuoteSet(w.sep, opts.QuoteCommas)
	}
	w.soft, w.hard = newQuoteSet(w.sep, opts.QuoteCommas), newHardSet(w.sep)
	w.cp1252 = opts.Encoding == EncodingWindows1252
	if !(opts.QuoteCommas && w.sep != ',') { // a field the file left unquoted may hold one
		w.runs = planFileRunsSep(t, opts.FormulaGuard, w.sep)
	}
	return w
}

// quoteTail quotes dst[n:], a field written as it is, if it needs quotes
// (a decimal comma in a comma-separated output).
func (w *csvWriter) quoteTail(dst []byte, n int) []byte {
	v := fast.String(dst[n:])
	if w.q == nil && !needsQuoting(v) || w.q != nil && !needsQuotingIn(v, w.q) {
		return dst
	}
	return appendQuoted(dst[:n], strings.Clone(v))
}

// field appends v as a field, quoted if it needs quotes.
func (w *csvWriter) field(dst []byte, v string, guard bool) []byte {
	if w.q == nil {
		return appendField(dst, v, guard)
	}
	return appendFieldIn(dst, v, guard, w.q)
}

func (w *csvWriter) header(dst []byte) []byte {
	if w.opts.RowsOnly {
		return dst
	}
	if w.opts.BOM {
		dst = append(dst, "\xef\xbb\xbf"...)
	}
	if w.opts.SepLine != "" {
		dst = append(append(dst, w.opts.SepLine...), w.eol...)
	}
	start := len(dst)
	for j, c := range w.t.Cols {
		if j > 0 {
			dst = append(dst, w.sep)
		}
		dst = w.headerName(dst, c, j == 0 && !w.opts.BOM && w.opts.SepLine == "")
	}
	dst = w.notBlank(dst, start)
	if w.opts.SepLine == "" {
		if n, _ := sepLine(dst[start:]); n > 0 && n == len(dst)-start {
			// The header would read as Excel's "sep=," line (a file whose
			// header followed a blank line, "\rSEP=,"): a blank line before
			// it keeps it the header, as in the file.
			line := string(dst[start:])
			dst = append(append(dst[:start], w.eol...), line...)
		}
	}
	return append(dst, w.eol...)
}

func (w *csvWriter) row(dst []byte, i int) []byte {
	start := len(dst)
	copied := false
	if len(w.runs) > 0 {
		dst, copied = w.copyRow(dst, i)
		if !copied {
			dst = dst[:start]
		} else if testhook.VerifyFileRuns {
			if want := w.formatRow(nil, i); string(want) != string(dst[start:]) {
				panic(fmt.Sprintf("row %d copied from the file as %q, formatted as %q", i, dst[start:], want))
			}
		}
	}
	if !copied {
		dst = w.formatRow(dst, i)
	}
	return append(w.notBlank(dst, start), w.eol...)
}

// notBlank quotes the first field of the record written at dst[start:]
// when the record is white space only — one empty or blank field, or
// blank fields between tabs — so that it does not read as a blank line.
func (w *csvWriter) notBlank(dst []byte, start int) []byte {
	if (len(w.t.Cols) == 1 || w.sep == '\t') && strings.TrimSpace(string(dst[start:])) == "" {
		end := len(dst)
		if k := bytes.IndexByte(dst[start:], w.sep); k >= 0 && len(w.t.Cols) > 1 {
			end = start + k
		}
		first, rest := string(dst[start:end]), string(dst[end:])
		dst = append(append(append(append(dst[:start], '"'), first...), '"'), rest...)
	}
	return dst
}

// formatRow writes row i's cells, each formatted.
func (w *csvWriter) formatRow(dst []byte, i int) []byte {
	for j, c := range w.t.Cols {
		if j > 0 {
			dst = append(dst, w.sep)
		}
		dst = w.cell(dst, j, c, i)
	}
	return dst
}

// copyRow writes row i with the planned runs of columns copied from their
// file and the other cells formatted; it returns false when the row's
// record cannot be copied (the caller then formats every cell).
func (w *csvWriter) copyRow(dst []byte, i int) ([]byte, bool) {
	r := 0
	for j := 0; j < len(w.t.Cols); j++ {
		if j > 0 {
			dst = append(dst, w.sep)
		}
		if r < len(w.runs) && w.runs[r].col == j {
			run := &w.runs[r]
			var ok bool
			if dst, ok = appendFileRun(dst, run, i); !ok {
				return dst, false
			}
			j += run.last - run.first
			r++
			continue
		}
		dst = w.cell(dst, j, w.t.Cols[j], i)
	}
	return dst, true
}

// cell formats row i of column c, the table's j'th. Rows are written in
// order; a row may be formatted more than once.
func (w *csvWriter) cell(dst []byte, j int, c *Column, i int) []byte {
	null := c.Null != nil && c.Null[i]
	if f := c.form; f != nil {
		if w.q != noQuotes && f.quotes() {
			// The cell's text, then quoted as the file quoted it.
			n, q := len(dst), w.q
			w.q = noQuotes
			dst = w.cell(dst, j, c, i)
			w.q = q
			return w.quoteCell(dst, n, j, c, i)
		}
		k := w.next[j]
		for k < len(f.rows) && f.rows[k] < i {
			k++
		}
		w.next[j] = k
		if k < len(f.rows) && f.rows[k] == i {
			return w.field(dst, f.text[k], false)
		}
		if null {
			return w.field(dst, f.null, false)
		}
		if !f.num.plain() && (c.Type == TypeInt || c.Type == TypeDecimal) {
			n := len(dst)
			if c.Type == TypeInt {
				dst = strconv.AppendInt(dst, c.Int[i], 10)
			} else {
				dst = appendDecimal(dst, c.Dec[i], c.Scale)
			}
			return w.quoteTail(f.num.restyle(dst, n), n)
		}
	}
	if null {
		return dst
	}
	switch c.Type {
	case TypeString:
		return w.field(dst, c.Str[i], w.opts.FormulaGuard)
	case TypeInt:
		if v := c.Int[i]; v >= 0 {
			return appendUint(dst, uint64(v))
		}
		return strconv.AppendInt(dst, c.Int[i], 10)
	case TypeDecimal:
		return appendDecimal(dst, c.Dec[i], c.Scale)
	case TypeTimestamp:
		return w.days.appendLayout(dst, c.Int[i], c.layout())
	case TypeBool:
		return c.appendBool(dst, c.Bool[i])
	}
	return c.AppendValue(dst, i)
}

var needsQuote = func() (t [256]bool) {
	t[','], t['"'], t['\n'], t['\r'] = true, true, true, true
	return
}()

// formulaStart marks the first bytes that make a spreadsheet read a cell as
// a formula, which the formula guard prefixes with an apostrophe.
var formulaStart = [256]bool{'=': true, '+': true, '-': true, '@': true, '\t': true, '\r': true}

// needsQuoting reports whether a byte of v needs quoting. Texts of 4 to 16
// bytes, most cells, are tested as two overlapping words (see fast.ZeroBytes)
// where a word may be read from any address: a loop over the bytes costs
// ~6 ns a byte in WebAssembly.
func needsQuoting(v string) bool {
	n := len(v)
	if fast.WordsAnywhere && n >= 4 && n <= 16 {
		// Under eight bytes, the words' upper bytes are zero, which no
		// quoted byte is.
		a, b := fast.Ends(v)
		return quoteBytes(a)|quoteBytes(b) != 0
	}
	for i := 0; i < n; i++ {
		if needsQuote[v[i]] {
			return true
		}
	}
	return false
}

// quoteBytes marks the bytes of x that need quoting (see fast.ZeroBytes).
func quoteBytes(x uint64) uint64 {
	return fast.ZeroBytes(x^(fast.Ones*',')) | fast.ZeroBytes(x^(fast.Ones*'"')) | fast.ZeroBytes(x^(fast.Ones*'\n')) | fast.ZeroBytes(x^(fast.Ones*'\r'))
}

func appendField(dst []byte, v string, guard bool) []byte {
	if guard && v != "" && formulaStart[v[0]] {
		v = "'" + v
	}
	if !needsQuoting(v) {
		return append(dst, v...)
	}
	return appendQuoted(dst, v)
}

// appendQuoted appends v in quotes, its quotes doubled.
func appendQuoted(dst []byte, v string) []byte {
	dst = append(dst, '"')
	for {
		k := strings.IndexByte(v, '"')
		if k < 0 {
			break
		}
		dst = append(dst, v[:k+1]...)
		dst = append(dst, '"')
		v = v[k+1:]
	}
	dst = append(dst, v...)
	return append(dst, '"')
}

func appendRecord(dst []byte, rec []string) []byte {
	for i, v := range rec {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendField(dst, v, false)
	}
	return dst
}

// appendRecordIn is appendRecord with q's separator and quoting.
func appendRecordIn(dst []byte, rec []string, q *quoteSet) []byte {
	for i, v := range rec {
		if i > 0 {
			dst = append(dst, q.sep)
		}
		dst = appendFieldIn(dst, v, false, q)
	}
	return dst
}

// quoteSet is what makes a field need quotes in a file whose separator is
// sep: sep, a quote, a line break, and a comma with commas set; or, for
// newHardSet, a quote at its start only.
type quoteSet struct {
	sep    byte
	quotes [256]bool
	lead   bool // a quote as the field's first byte
}

// noQuotes quotes nothing.
var noQuotes = &quoteSet{}

func newQuoteSet(sep byte, commas bool) *quoteSet {
	q := &quoteSet{sep: sep}
	// Commas first: in a comma-separated file the separator is a comma,
	// which must be quoted whatever commas says.
	q.quotes[','] = commas
	q.quotes[sep], q.quotes['"'], q.quotes['\n'], q.quotes['\r'] = true, true, true, true
	return q
}

// newHardSet is what a field must be quoted for, whatever the file did:
// the separator, a line break, or a quote at its start. A quote further in
// a field that does not start with one is read as text (a stray quote:
// 5" screen), so a field that held one bare is written back bare.
func newHardSet(sep byte) *quoteSet {
	q := &quoteSet{sep: sep, lead: true}
	q.quotes[sep], q.quotes['\n'], q.quotes['\r'] = true, true, true
	return q
}

// needsQuotingIn is needsQuoting for the separator and quotes of q.
func needsQuotingIn(v string, q *quoteSet) bool {
	if q.lead && v != "" && v[0] == '"' {
		return true
	}
	for i := 0; i < len(v); i++ {
		if q.quotes[v[i]] {
			return true
		}
	}
	return false
}

// appendFieldIn is appendField with q's quoting.
func appendFieldIn(dst []byte, v string, guard bool, q *quoteSet) []byte {
	if guard && v != "" && formulaStart[v[0]] {
		v = "'" + v
	}
	if !needsQuotingIn(v, q) {
		return append(dst, v...)
	}
	return appendQuoted(dst, v)
}

// fieldCountReason is why a record of k fields, in a file whose header has
// ncol, is set aside: "has 2 fields, expected 3 (the header has 3
// columns)", in the singular where a count is 1.
func fieldCountReason(k, ncol int) string {
	return "has " + strconv.Itoa(k) + say.Plural(k, " field") + ", expected " + strconv.Itoa(ncol) +
		" (the header has " + strconv.Itoa(ncol) + say.Plural(ncol, " column") + ")"
}
