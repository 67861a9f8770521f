package export

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
)

// FileOutputs are the names of a file check's outputs for a file called
// name: the page's download names (orders.csv gives orders_clean.csv,
// orders_rejected.csv, orders_rule_report.csv and orders_aggregate.csv),
// made from the name's safe form ([core.FileBase]).
func FileOutputs(name string) (clean, rejected, report, aggregate string) {
	base := core.FileBase(name)
	return base + "_clean.csv", base + "_rejected.csv", base + "_rule_report.csv", base + "_aggregate.csv"
}

// DataCheck exports the check of a loaded file (Your data) to target: the
// program reads the learner's file, called name, with the types the page
// read it with, checks cfg's rules, derives and standardizes the rows that
// pass as cfg says, aggregates them when cfg groups, and writes the clean
// rows, the quarantine (rows that failed a rule and records that could not
// be read, with their line, reason and raw text), each rule's counts and the
// aggregate — with the file's line end and byte order mark, every cell the
// check did not rewrite as the file wrote it. The bundle holds the engine's
// outputs under expected/ but not the file: the learner has it (the
// README says where it goes).
func DataCheck(cfg core.DataCheckConfig, file *table.CSVResult, name string, target Target) (*Bundle, error) {
	return fileBundle(cfg, file, name, target, true)
}

// DataCheckProgram is DataCheck without the outputs: it checks one row of the file
// (the program depends on its columns and types, not its rows).
func DataCheckProgram(cfg core.DataCheckConfig, file *table.CSVResult, name string, target Target) (*Bundle, error) {
	return fileBundle(cfg, file, name, target, false)
}

func fileBundle(cfg core.DataCheckConfig, file *table.CSVResult, name string, target Target, data bool) (*Bundle, error) {
	if err := ready(target); err != nil {
		return nil, err
	}
	if file == nil || file.Table == nil {
		return nil, fmt.Errorf("%w: no file is loaded", ErrTarget)
	}
	run := file
	if !data {
		run = &table.CSVResult{Table: file.Table.Take(make([]int, min(file.Table.Len(), 1))), LineEnd: file.LineEnd, BOM: file.BOM}
	}
	cfg.Progress = nil
	res, err := core.RunDataCheck(cfg, run)
	if err != nil {
		return nil, err
	}
	rules, _ := quality.Parse(cfg.Rules) // (RunDataCheck parsed them)
	given, name := name, bundleSafeName(name)
	s := &etlSpec{file: true, input: name, rules: rules, now: cfg.Now,
		cases: map[string]string{}, lineEnd: file.LineEnd, bom: file.BOM}
	s.cleanName, s.rejectName, s.qualityName, s.aggName = FileOutputs(given) // the page's download names
	// The page reads a file with the default null tokens: the program reads
	// it with the same ones, whatever the check's standardize options name.
	s.nullTokens = table.DefaultNullTokens
	if file.Separator == table.SepTab {
		// In a tab-separated file, \N is null too (MySQL's and PostgreSQL's
		// dumps write NULL so), and an untouched one is written back as \N.
		s.nullTokens = append(slices.Clip(table.DefaultNullTokens), table.NullDump)
	}
	src := file.Table
	for _, c := range src.Cols {
		s.columns = append(s.columns, column{c.Name, c.Type})
	}
	if target == DuckDB {
		if err := duckdbNames(src.Names()); err != nil {
			return nil, err
		}
	}
	rej := res.Rejected.Names()
	s.lineCol, s.codesCol, s.reasonsCol, s.rawCol, s.rejColumns = rej[0], rej[1], rej[2], rej[len(rej)-1], rej
	added := res.Clean.Names()[len(src.Cols):]
	if cfg.Product.A != "" {
		s.revenue, s.price, s.qty = added[0], cfg.Product.A, cfg.Product.B
		added = added[1:]
	}
	for i, d := range cfg.DateParts {
		s.dates = append(s.dates, dateSpec{d, added[5*i : 5*i+5]})
	}
	s.standardize(cfg.Standardize)
	s.outColumns = res.Clean.Names()
	if res.Aggregate != nil {
		s.groupBy, s.measure, s.aggColumns = cfg.GroupBy, cfg.Measure, res.Aggregate.Names()
		if s.measure == "" {
			s.measure = s.revenue
		}
	}
	s.title = "Your data: the check of " + name

	b := &Bundle{Target: target, Pattern: "data", Main: mainFile[target], Run: runCommand[target], Input: name, Renamed: given != name}
	if t := cfg.Standardize.NullTokens; t != nil && !slices.Equal(t, table.DefaultNullTokens) {
		q := make([]string, len(t))
		for i, tok := range t {
			q[i] = strconv.Quote(tok)
		}
		b.Untranslated = append(b.Untranslated, "Null tokens other than the page's ("+strings.Join(q, ", ")+"): the program reads and "+
			"standardizes nulls with the page's, \"\", \"NA\", \"N/A\", \"null\" and \"NULL\", so its outputs can differ from expected/.")
	}
	dia := newFileDialect(target, file, cfg)
	w := core.FileWriteOptions(file, cfg)
	s.bom = w.BOM // (the file's, or UTF-8's chosen for a Windows-1252 file)
	dia.setQuoting(file, res, w)
	ps := s
	if dia.converted() {
		// DuckDB reads and writes UTF-8 only, and cannot write a line before
		// a header: the script reads a converted copy of a Windows-1252 file
		// and writes its outputs in UTF-8, which the run command converts
		// (see duckdbConvert).
		b.Run = duckdbConvert(s, dia)
		conv := *s
		conv.cleanName, conv.rejectName = s.cleanName+utf8Suffix, s.rejectName+utf8Suffix
		if dia.cp1252() || dia.utf16 != "" || dia.bomSepLine {
			conv.input = s.input + utf8Suffix
		}
		conv.qualityName, conv.aggName = s.qualityName+utf8Suffix, s.aggName+utf8Suffix
		conv.bom = false // (the run command writes it)
		ps = &conv
	}
	program, err := generate(func() string { return ps.programIn(target, dia) })
	if err != nil {
		return nil, err
	}
	s.helpers = ps.helpers
	b.Helpers = s.helpers
	what := fileWhat
	if given != name {
		what = fileRenamed
	}
	if s.groupBy != "" {
		what += fileAggWhat
	}
	what = fill("README", what+".\n\n{{dialect}}", vars{"dialect", dialectNote(file, dia), "input", mdCode(name), "clean", mdCode(s.cleanName), "rejected", mdCode(s.rejectName),
		"quality", mdCode(s.qualityName), "aggregate", mdCode(s.aggName), "group", mdCode(s.groupBy)}, "")
	b.Files = programFiles(b, program, readme(s.title, b.Run, s.cleanName, what, b.Untranslated, dia.differences()), "datacheck")
	if data {
		b.Files = append(b.Files,
			File{"expected/" + s.cleanName, table.AppendCSV(nil, res.Clean, w)},
			File{"expected/" + s.rejectName, table.AppendCSV(nil, res.Rejected, w)},
			File{"expected/" + s.qualityName, table.AppendCSV(nil, res.Report, w)})
		if res.Aggregate != nil {
			b.Files = append(b.Files, File{"expected/" + s.aggName, table.AppendCSV(nil, res.Aggregate, w)})
		}
	}
	return b, nil
}

// bundleSafeName is a learner's file's name as a bundle's program reads it:
// its safe form ([core.SafeFileName]), with "data_" before it when that is
// the name of a file the bundle holds or a folder in it (pipeline.py,
// values.py, pipeline.sql, main.go, values.go, go.mod, go.sum, README.md,
// expected; in any case):
// copied into the folder, a file called pipeline.py would replace the
// program, and run as it.
func bundleSafeName(name string) string {
	safe := core.SafeFileName(name)
	switch strings.ToLower(safe) {
	case "pipeline.py", "values.py", "pipeline.sql", "main.go", "values.go", "go.mod", "go.sum", "readme.md", "expected":
		return "data_" + safe
	}
	return safe
}

// duckdbNames checks that DuckDB can name a file's columns: it does not
// tell names apart by case, and its script keeps the records' order and
// lines in columns of its own (_row, line).
func duckdbNames(names []string) error {
	seen := map[string]string{}
	for _, n := range names {
		low := strings.ToLower(n)
		if low == "_row" || low == "line" {
			return fmt.Errorf("%w: DuckDB: the file's column %q has the name of a column the SQL script uses for the records' order "+
				"and line numbers (_row, line): rename that column in your file, or export to pandas or Beam", ErrNotExportable, n)
		}
		if other, ok := seen[low]; ok {
			return fmt.Errorf("%w: DuckDB does not tell the columns %q and %q apart (its names ignore case): rename one in your file, "+
				"or export to pandas or Beam", ErrNotExportable, other, n)
		}
		seen[low] = n
	}
	return nil
}

// What a file check's README says it does.
const (
	fileWhat = "Copy your file {{input}} into this folder first (the page never sends it anywhere, so it is not in\n" +
		"this download). " + fileReads
	fileRenamed = "Copy your file into this folder first, named {{input}}: its name as loaded holds characters\n" +
		"that are not safe in a command line or a program, so the program reads it under this name (the page\n" +
		"never sends your file anywhere, so it is not in this download). " + fileReads
	fileReads = "The program reads it with the column types the page used and writes\n" +
		"{{clean}} (rows that passed the rules, derived and standardized as on the page),\n" +
		"{{rejected}} (rows that failed a rule and records that could not be read, with their\n" +
		"line, reasons and raw text), {{quality}} (each rule's severity, status, counts, failure rate and\n" +
		"what a dataset check observed)"
	fileAggWhat = "\nand {{aggregate}} (the clean rows grouped by {{group}})"
)

// fileDifferences lists, per target, where a file check's outputs may
// differ from the page's (TestFileDifferences holds them to it).
var fileDifferences = map[Target][]string{
	Pandas: append([]string{openQuote, loneCRPandas, infinity}, differences[Pandas]...),
	DuckDB: {
		openQuote, badQuote, hashQuoted, spaceQuoteDuckDB, loneCRDuckDB, infinity, differences[DuckDB][1], differences[DuckDB][2],
		"A file that is not valid UTF-8 throughout is refused whole (`read_text`); the page sets the records that are not UTF-8 aside and reads on.",
	},
	Beam: {
		openQuote, badQuote,
		"Go's CSV reader turns a line end inside quotes into a plain line break (\\n) in the value.",
		spaceQuoteBeam,
	},
}

const (
	infinity         = "A product or a sum past the largest number is written `inf` here; the page writes `+Inf`."
	loneCRPandas     = "A carriage return alone (not before a line feed) outside quotes, in a file whose lines end in LF or CRLF, makes its record unreadable here (Python's reader takes it for a line end); the page reads it as text."
	loneCRDuckDB     = "A carriage return alone (not before a line feed) outside quotes, in a file whose lines end in LF or CRLF, stops DuckDB's reader with an error; the page reads it as text."
	spaceQuoteDuckDB = "A field that starts with a space and then a quote (`1, \"x\"`) is read as the quoted text (`x`); the page and pandas keep it as written (` \"x\"`)."
	spaceQuoteBeam   = "A field that starts with a space and then a quote (`1, \"x\"`) makes its record unreadable here; the page keeps the text as written (` \"x\"`)."
	openQuote        = "A quote that opens a field and never closes takes the rest of the file into that field: the program sets everything from that record on aside as one unreadable record, where the page sets aside that record's line and reads on."
	badQuote         = "A quoted field with more text after its closing quote (`2,\"Bo\"b,3`) is an unreadable record here; the page reads it as `Bob`."
)

// dialectNote is the README's paragraph on the file's dialect, as read
// and as written back.
func dialectNote(file *table.CSVResult, dia *fileDialect) string {
	eol := map[string]string{"\n": "LF", "\r\n": "CRLF", "\r": "CR"}[file.LineEnd]
	note := "The file's dialect, as the page read it: " + file.Dialect() + ", lines ending in " + eol + "."
	if file.SepLine != "" {
		note += " Its first line, `" + noteText(file.SepLine) + "`, is Excel's note of the separator, not a record:\nthe program skips it and writes it back first in every output."
	}
	note += "\nThe outputs are written in the same dialect"
	switch {
	case dia.writeUTF8:
		note += " but in UTF-8 with a byte order mark (as chosen on the page)"
	case dia.utf16 != "":
		note += " but in UTF-8 with a byte order mark (the page writes a UTF-16 file's outputs so)"
	}
	switch {
	case dia.decimalPoint && len(dia.numbers) > 0:
		note += ", except that numbers are written with a decimal point and without grouping (as the check asks)"
	case len(dia.numbers) > 0:
		note += " (numbers as each column wrote them: " + numbersNote(file) + ")"
	}
	note += "."
	if dia.cp1252() && !dia.writeUTF8 {
		note += "\nA character Windows-1252 has no byte for (one a step made) is written `?`, as the page writes it."
		if dia.target == DuckDB {
			note += "\nDuckDB reads and writes UTF-8 only: the command above converts the file to UTF-8 with `iconv` (as\n" +
				"Latin-1, byte for byte), the script maps the characters of the bytes 0x80 to 0x9F to Windows-1252's\n" +
				"(`from_1252`) and back (`to_1252`), and `iconv` converts each output back to those bytes."
		}
	}
	if dia.utf16 != "" {
		switch dia.target {
		case DuckDB:
			note += "\nDuckDB reads UTF-8 only: the command above converts the file to UTF-8 with `iconv` first.\n" +
				"A surrogate without its pair, or an odd last byte, is an error for `iconv` (the page reads such a\n" +
				"character as U+FFFD and drops an odd last byte)."
		default:
			note += "\nThe program decodes the UTF-16 text as the page does: a surrogate without its pair reads as U+FFFD,\n" +
				"an odd last byte is dropped."
		}
	}
	return note
}

// numbersNote lists the number columns' styles, e.g. `Preis`: decimal
// comma, thousands grouped with dots (1.234,56).
func numbersNote(file *table.CSVResult) string {
	var parts []string
	for _, c := range file.Table.Cols {
		if f, ok := file.Numbers[c.Name]; ok && (f.Decimal == "," || f.Grouping != "") {
			parts = append(parts, mdCode(c.Name)+" "+f.Label)
		}
	}
	return strings.Join(parts, "; ")
}

// utf8Suffix ends the names of the UTF-8 copies of a Windows-1252 file and
// outputs that a DuckDB script reads and writes.
const utf8Suffix = ".utf-8"

// duckdbConvert is the command that runs a DuckDB script whose file or
// outputs DuckDB cannot read or write itself. A Windows-1252 file: iconv
// converts its bytes to UTF-8 as Latin-1 (ISO-8859-1: each byte the
// character of its number, so every byte converts), the script maps the
// 32 characters of 0x80–0x9F to Windows-1252's (from_1252) and back
// (to_1252, "?" for a character Windows-1252 lacks), and iconv converts
// each output back, byte for byte. A file with Excel's sep= line: the
// command writes it (after the byte order mark, if any) before each
// output's header.
func duckdbConvert(s *etlSpec, dia *fileDialect) string {
	outs := []string{s.cleanName, s.rejectName, s.qualityName}
	if s.groupBy != "" {
		outs = append(outs, s.aggName)
	}
	run := "duckdb < pipeline.sql"
	body := "cat \"$f" + utf8Suffix + "\""
	switch {
	case dia.cp1252():
		run = "iconv -f LATIN1 -t UTF-8 " + s.input + " > " + s.input + utf8Suffix + " && " + run
		if !dia.writeUTF8 {
			body = "iconv -f UTF-8 -t LATIN1 \"$f" + utf8Suffix + "\""
		}
	case dia.utf16 != "":
		// (iconv's UTF-16 takes the byte order mark's word for the order,
		// and drops the mark)
		run = "iconv -f UTF-16 -t UTF-8 " + s.input + " > " + s.input + utf8Suffix + " && " + run
	case dia.bomSepLine:
		// DuckDB 1.5's reader reads no record of a file whose byte order
		// mark comes before a quoted sep= line when told to skip that line,
		// and its writer can put the mark only before the first name, inside
		// the quotes of a name that needs them: the script reads a copy
		// without the mark, and the command writes it before each output.
		run = "tail -c +4 " + s.input + " > " + s.input + utf8Suffix + " && " + run
	}
	head := ""
	if s.bom {
		head = `\357\273\277`
	}
	if dia.sepLine != "" {
		head += strings.NewReplacer("\t", `\t`, "\r", `\r`, "\n", `\n`, "%", "%%", "'", "").Replace(dia.sepLine + s.lineEnd)
	}
	if head != "" {
		body = "{ printf '" + head + "'; " + body + "; }"
	}
	return run + " && for f in " + strings.Join(outs, " ") + "; do " + body + " > \"$f\" && rm \"$f" + utf8Suffix + "\"; done"
}

// fileDialect is how a loaded file is written — its separator, Excel
// "sep=" line, quoting of commas, text encoding and the style of its
// number columns — which its program reads and writes back.
type fileDialect struct {
	target   Target
	sep      string // "," ";" "\t" or "|"
	sepLine  string // "sep=;" or ""
	encoding string // the outputs': core.EncodingUTF8 or core.EncodingWindows1252
	// utf16 is the file's encoding when it is UTF-16 (core.EncodingUTF16LE
	// or BE; the outputs are UTF-8, as the page writes them), else "".
	utf16 string
	// bomSepLine: a UTF-8 file starts with a byte order mark and a sep=
	// line or a quote (see duckdbConvert).
	bomSepLine   bool
	quoteCommas  bool
	decimalPoint bool                   // Standardize.DecimalPoint
	numbers      map[string]numberStyle // number columns not written the engine's way
	product      [2]string              // the product's factors
	// writeUTF8: the outputs are written in UTF-8 (DataCheckConfig.WriteUTF8),
	// the file read in its own encoding.
	writeUTF8 bool
	// How the page quotes the outputs (setQuoting): each output's header
	// line, by role (outClean…), and the quote style of the clean and
	// rejected outputs' columns.
	headers         map[string]string
	quotes          map[string][]uint8
	headerStyled    bool // a header is not written as plain names quoted where needed
	quotedColumns   bool // a column quotes values or nulls that need no quotes
	strayColumns    bool // a column writes stray quotes bare (strayBare)
	quoteExceptions bool // a cell is quoted otherwise than its column
}

// numberStyle is how a number column writes its numbers: mark "," or ".",
// group "" (none), ".", ",", " ", a no-break space, a narrow no-break space
// or "'".
type numberStyle struct{ mark, group string }

func (st numberStyle) plain() bool { return st.mark != "," && st.group == "" }

// pattern is a regular expression (RE2 and Python alike) that a trimmed
// cell in the style matches whole, with three groups: the sign, the whole
// digits (with their group separators) and the digits after the mark.
// Groups are a first one of 1 to 3 digits (no leading zero unless it is
// "0"), then threes; a number without groups has any number of digits.
func (st numberStyle) pattern() string {
	meta := func(s string) string {
		if s == "." {
			return `\.`
		}
		return s
	}
	digits := `[0-9]+`
	if st.group != "" {
		digits += `|(?:[0-9]|[1-9][0-9]{1,2})(?:` + meta(st.group) + `[0-9]{3})+`
	}
	return `([+-]?)(` + digits + `)(?:` + meta(st.mark) + `([0-9]+))?`
}

// newFileDialect is the dialect of file, read for cfg's check.
func newFileDialect(target Target, file *table.CSVResult, cfg core.DataCheckConfig) *fileDialect {
	dia := &fileDialect{target: target, sep: file.Separator, sepLine: file.SepLine, encoding: table.EncodingUTF8,
		quoteCommas: file.QuoteCommas && file.Separator != table.SepComma, decimalPoint: cfg.Standardize.DecimalPoint,
		product: [2]string{cfg.Product.A, cfg.Product.B}}
	if dia.sep == "" {
		dia.sep = table.SepComma
	}
	if file.BOM && file.Encoding == table.EncodingUTF8 {
		head := table.AppendCSV(nil, file.Table.Take(make([]int, 0)), file.WriteOptions())
		dia.bomSepLine = file.SepLine != "" || strings.HasPrefix(string(head), "\ufeff\"")
	}
	switch file.Encoding {
	case table.EncodingWindows1252:
		dia.encoding = file.Encoding
		dia.writeUTF8 = cfg.WriteUTF8
	case table.EncodingUTF16LE, table.EncodingUTF16BE:
		dia.utf16 = file.Encoding
	}
	for name, f := range file.Numbers {
		if st := (numberStyle{f.Decimal, f.Grouping}); !st.plain() {
			if dia.numbers == nil {
				dia.numbers = map[string]numberStyle{}
			}
			dia.numbers[name] = st
		}
	}
	return dia
}

// differences lists where the target's outputs may differ from the
// page's for a file in this dialect.
func (dia *fileDialect) differences() []string {
	d := fileDifferences[dia.target]
	if dia.target == DuckDB && dia.cp1252() {
		// (every byte is a character: the converted file is UTF-8 throughout)
		d = slices.DeleteFunc(slices.Clone(d), func(s string) bool { return strings.Contains(s, "not valid UTF-8") })
	}
	if dia.target == DuckDB && dia.quoteCommas {
		d = append(slices.Clip(d), quoteCommasDuckDB)
	}
	if dia.target == DuckDB && (dia.headerStyled || dia.quotedColumns) {
		d = append(slices.Clip(d), quoteStyleDuckDB)
	}
	if dia.target == DuckDB && dia.strayColumns {
		d = append(slices.Clip(d), quoteStrayDuckDB)
	}
	if dia.quoteExceptions {
		d = append(slices.Clip(d), quoteExceptions)
	}
	return d
}

// Quote styles the programs cannot write (see setQuoting).
const (
	quoteExceptions = "The file quotes some cells otherwise than most of their column (a field that needs no quotes quoted, " +
		"or an empty one written `\"\"`, here and there): the program's CSV reader does not say which fields were quoted, so it quotes " +
		"each column's cells as most of them were, and those cells are written with or without quotes unlike the page (the same values)."
	quoteStyleDuckDB = "The file quotes fields or header names that need no quotes (R's write.csv, Python's QUOTE_ALL), or its header " +
		"was repaired: DuckDB's writer quotes a field only where it needs quotes and writes the header with the names the page gave " +
		"the columns (`column_1` for an empty one), so the outputs have fewer quotes, and such a header its repaired names, unlike the page."
)

// quoteStrayDuckDB: DuckDB's writer quotes every field that holds a quote.
const quoteStrayDuckDB = "The file has fields holding a quote that it left unquoted (a stray quote: `5\" screen`), which the page writes " +
	"back bare; DuckDB's writer quotes every field that holds a quote, so such fields are written quoted here, the quote doubled (the same values)."

// quoteCommasDuckDB: DuckDB's writer quotes a field for its separator, a
// quote and a line break only.
const quoteCommasDuckDB = "The file quotes fields that hold a comma though its separator is not a comma; DuckDB's writer does not, so such fields are written without quotes here (the page quotes them, as the file did)."

func (dia *fileDialect) cp1252() bool { return dia.encoding == table.EncodingWindows1252 }

// inEncoding is the file's text encoding, as its program reads it.
func (dia *fileDialect) inEncoding() string {
	if dia.utf16 != "" {
		return dia.utf16
	}
	return dia.encoding
}

// converted: DuckDB's file or outputs need the run command's help
// (duckdbConvert): the file is in Windows-1252 or UTF-16, or starts with a
// sep= line, which DuckDB's writer cannot write before a header.
func (dia *fileDialect) converted() bool {
	return dia != nil && dia.target == DuckDB && (dia.cp1252() || dia.utf16 != "" || dia.sepLine != "" || dia.bomSepLine)
}

// styleOut is the style a number column of the file is written in: its
// own, or the engine's with DecimalPoint.
func (dia *fileDialect) styleOut(name string) numberStyle {
	if dia.decimalPoint {
		return numberStyle{}
	}
	return dia.numbers[name]
}

// productStyle is the product's style: its first factor's, else its
// second's (as the page writes it).
func (dia *fileDialect) productStyle() numberStyle {
	if st := dia.styleOut(dia.product[0]); !st.plain() {
		return st
	}
	return dia.styleOut(dia.product[1])
}

// vars are a style's mark and group as the target's literals.
func (st numberStyle) vars(d *dialect) vars {
	mark := st.mark
	if mark == "" {
		mark = "."
	}
	return vars{"mark", d.str(mark), "group", d.str(st.group)}
}

// plainCall is the target's expression that reads expr, a cell of column
// name, as the engine's number text ("1.234,5" as "1234.5"; a cell not in
// the column's style as it is).
func (dia *fileDialect) plainCall(name, expr string) string {
	d := dialects[dia.target]
	st := dia.numbers[name]
	switch dia.target {
	case Pandas:
		return "plain_number(" + expr + ", NUMBERS[" + d.str(name) + "])"
	case DuckDB:
		return "plain_number(" + expr + ", " + d.str(st.pattern()) + ", " + d.str(st.group) + ")"
	}
	return "plainNumber(" + expr + ", numbers[" + d.str(name) + "])"
}

// numExpr gives the expression that reads a column's (bare) cell as the
// engine's number text, for the typed blocks.
func (dia *fileDialect) numExpr(target Target) func(string) string {
	d := dialects[target]
	return func(name string) string {
		if dia.numbers[name].plain() {
			return d.id(name)
		}
		return dia.plainCall(name, d.id(name))
	}
}

// values adds the dialect's values to a file check's program.
func (dia *fileDialect) values(g *gen, s *etlSpec) {
	d := g.d
	var styles []listItem
	for _, c := range s.columns {
		if st, ok := dia.numbers[c.name]; ok {
			styles = append(styles, listItem{"number_style", append(vars{"name", d.str(c.name), "pattern", d.str(st.pattern())}, st.vars(d)...)})
		}
	}
	// The characters that make a field quoted: the separator, a quote, a
	// line break, and a comma where the file quoted commas.
	quote := dia.sep + "\"\r\n"
	if dia.quoteCommas {
		quote += ","
	}
	quoteRE := "[" + strings.Replace(dia.sep, "\t", `\t`, 1) + `"\r\n`
	if dia.quoteCommas {
		quoteRE += ","
	}
	quoteRE += "]"
	g.add(d.str, "sep", dia.sep, "sep_line", dia.sepLine, "encoding", dia.inEncoding(), "quote_chars", quote, "quote_re", quoteRE)
	g.add(nil, "quote_commas", d.boolean(dia.quoteCommas), "cp1252", d.boolean(dia.cp1252()), "number_styles", g.list(styles),
		"sep_rune", strconv.QuoteRune(rune(dia.sep[0])))
	dia.cp1252Values(g)
	outEnc := dia.encoding
	if dia.writeUTF8 {
		outEnc = table.EncodingUTF8
	}
	g.add(d.str, "out_encoding", outEnc)
	// The page's header lines and its columns' quote styles, by output.
	names := map[string]string{outClean: s.cleanName, outRejected: s.rejectName, outQuality: s.qualityName, outAggregate: s.aggName}
	var heads, quotes []string
	for _, k := range []string{outClean, outRejected, outQuality, outAggregate} {
		if line, ok := dia.headers[k]; ok {
			heads = append(heads, d.str(names[k])+": "+d.str(line))
		}
		if bits, ok := dia.quotes[k]; ok && slices.ContainsFunc(bits, func(b uint8) bool { return b != 0 }) {
			n := make([]string, len(bits))
			for i, b := range bits {
				n[i] = strconv.Itoa(int(b))
			}
			open, close := "[", "]"
			if dia.target == Beam {
				open, close = "{", "}"
			}
			quotes = append(quotes, d.str(names[k])+": "+open+strings.Join(n, ", ")+close)
		}
	}
	g.add(nil, "header_lines", "{"+strings.Join(heads, ", ")+"}", "cell_quotes", "{"+strings.Join(quotes, ", ")+"}")
	if dia.target == DuckDB {
		skip, notSep, enc, note := "", "", "", "the run command writes Excel's sep= line before each (see the README)."
		if dia.sepLine != "" {
			skip, notSep = ", skip = 1", " AND s.n > 1" // Excel's sep= line is line 1, no record
		}
		if dia.cp1252() && !dia.writeUTF8 {
			enc, note = "to_1252", "every name and value as to_1252 writes it, which the run command turns\n-- into Windows-1252 (see the README)."
		}
		g.add(nil, "skip_sep_line", skip, "not_sep_line", notSep, "enc", enc, "converted_note", note)
		// RE2 patterns of the file's fields (see the phys table): a quoted
		// field (text after its closing quote kept, as the page does) or an
		// unquoted one, which may hold quotes but not start with one.
		in, lit := dia.sep, dia.sep // the separator in a class, and alone
		if dia.sep == "\t" {
			in, lit = `\t`, `\t`
		} else if dia.sep == "|" {
			lit = `\|`
		}
		quoted := `"(?:[^"]|"")*"`
		field := `(?:` + quoted + `(?:[^` + in + `"][^` + in + `]*)?|[^"` + in + `][^` + in + `]*|)`
		open := `"(?:[^"]|"")*`
		g.add(d.str, "quote_out_in", `^(?:`+field+lit+`)*`+open+`$`,
			"quote_in_in", `^(?:(?:[^"]|"")*|(?:[^"]|"")*"(?:[^`+in+`"][^`+in+`]*)?(?:`+lit+field+`)*`+lit+open+`)$`,
			"quoted_field_re", `(^|`+lit+`)`+quoted)
		g.add(nil, "cp1252_decode", "", "decode_records", "")
		if dia.cp1252() {
			var sets []string
			for _, c := range s.columns {
				sets = append(sets, d.id(c.name)+" = from_1252("+d.id(c.name)+")")
			}
			g.add(nil, "cp1252_decode", "from_1252", "decode_records", "UPDATE records SET "+strings.Join(sets, ", ")+";\n")
		}
	}
}

// cp1252High are the characters of the Windows-1252 bytes 0x80–0x9F (the
// other bytes are ISO-8859-1's, the Unicode characters of the same
// number). The five bytes Windows-1252 leaves undefined read as the C1
// control characters of the same number, as browsers and the page read
// them, and write back as the same byte.
var cp1252High = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

// latin1Text is s as the characters whose numbers are its Windows-1252
// bytes: what a Latin-1 (ISO-8859-1) converter writes as those bytes. A
// character Windows-1252 has no byte for is "?", as the page writes it.
func latin1Text(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80 || r >= 0xA0 && r <= 0xFF:
		default:
			k := slices.Index(cp1252High[:], r)
			if k < 0 {
				r = '?'
			} else {
				r = rune(0x80 + k)
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cp1252Values are the tables a program that reads and writes
// Windows-1252 text itself needs, as the target's literals.
func (dia *fileDialect) cp1252Values(g *gen) {
	d := g.d
	switch dia.target {
	case Pandas, Beam:
		g.add(d.str, "cp1252_table", string(cp1252High[:]))
	case DuckDB:
		var c1, chars, defined []string
		for k, r := range cp1252High {
			c1 = append(c1, "chr("+strconv.Itoa(0x80+k)+")")
			chars = append(chars, "chr("+strconv.Itoa(int(r))+")")
			if r != rune(0x80+k) {
				defined = append(defined, `\x{`+strconv.FormatInt(int64(0x80+k), 16)+`}`)
			}
		}
		g.add(nil, "cp1252_c1", strings.Join(c1, " || "), "cp1252_chars", strings.Join(chars, " || "))
		g.add(d.str, "cp1252_defined_re", "["+strings.Join(defined, "")+"]")
	}
}

// Output roles, the keys of fileDialect.headers and quotes.
const (
	outClean     = "clean"
	outRejected  = "rejected"
	outQuality   = "quality"
	outAggregate = "aggregate"
)

// quoteValuesBit and quoteNullsBit are a column's quote style in a
// program: its values, its nulls, are quoted (though they need no quotes).
// Empty nulls apart: R's write.csv writes NA bare and an empty text "".
const (
	quoteValuesBit uint8 = 1
	quoteNullsBit  uint8 = 2 // nulls written as a token (NA, \N…)
	quoteEmptyBit  uint8 = 4 // nulls written empty
	// commasBare: in a file that quotes commas (QuoteCommas), the column
	// writes its commas bare (a decimal comma: 10,5).
	commasBare uint8 = 8
	// strayBare: the column writes a value holding a quote bare when the
	// quote is not its first character and nothing else needs quotes (a
	// stray quote: 5" screen), as the file did.
	strayBare uint8 = 16
)

// setQuoting works out how the page writes the file check's outputs: each
// output's header line as the page writes it (the file's own text and
// quoting of its names: a repaired name as the file had it, R's quoted
// names), and the quote style of each column of the clean and rejected
// outputs that comes from the file (its values or nulls quoted though they
// need no quotes: R's write.csv, Python's QUOTE_ALL), which the programs
// write as the page does. A cell the file quoted otherwise than most of its
// column's is an exception the programs cannot know (their CSV readers do
// not say which fields were quoted): quoteExceptions, a named difference.
func (dia *fileDialect) setQuoting(file *table.CSVResult, res *core.DataCheckResult, w table.CSVWriteOptions) {
	hw := w
	hw.BOM, hw.SepLine, hw.Encoding, hw.LineEnd, hw.CRLF = false, "", "", "\n", false
	header := func(t *table.Table) string {
		return strings.TrimSuffix(string(table.AppendCSV(nil, t.Take(make([]int, 0)), hw)), "\n")
	}
	dia.headers = map[string]string{outClean: header(res.Clean), outRejected: header(res.Rejected), outQuality: header(res.Report)}
	if res.Aggregate != nil {
		dia.headers[outAggregate] = header(res.Aggregate)
	}
	for k, line := range dia.headers {
		names := map[string]*table.Table{outClean: res.Clean, outRejected: res.Rejected, outQuality: res.Report, outAggregate: res.Aggregate}[k].Names()
		if line != dia.plainHeader(names) {
			dia.headerStyled = true
		}
	}
	bits, exceptions := fileColumnQuotes(file.Table, hw, dia.quoteChars())
	dia.quoteExceptions = exceptions
	n := len(file.Table.Cols)
	clean := make([]uint8, len(res.Clean.Cols))
	copy(clean, bits)
	rejected := make([]uint8, len(res.Rejected.Cols))
	copy(rejected[3:3+n], bits)
	dia.quotes = map[string][]uint8{outClean: clean, outRejected: rejected}
	for _, b := range bits {
		dia.quotedColumns = dia.quotedColumns || b&^strayBare != 0
		dia.strayColumns = dia.strayColumns || b&strayBare != 0
	}
}

// plainHeader is a header line of names quoted only where they need it.
func (dia *fileDialect) plainHeader(names []string) string {
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteString(dia.sep)
		}
		if strings.ContainsAny(n, dia.quoteChars()) || len(names) == 1 && (strings.ContainsAny(n, ",;\t|") || strings.TrimSpace(n) == "") {
			n = `"` + strings.ReplaceAll(n, `"`, `""`) + `"`
		}
		b.WriteString(n)
	}
	return b.String()
}

// quoteChars are the characters that make a field quoted.
func (dia *fileDialect) quoteChars() string {
	q := dia.sep + "\"\r\n"
	if dia.quoteCommas {
		q += ","
	}
	return q
}

// fileColumnQuotes reads back t as the page writes it (w: its separator,
// quoting of commas, "\n" line ends) and works out each column's quote
// style as most of its cells that need no quotes have it (as ReadCSV
// does), and whether a cell is quoted otherwise.
func fileColumnQuotes(t *table.Table, w table.CSVWriteOptions, quoteChars string) (bits []uint8, exceptions bool) {
	text := string(table.AppendCSV(nil, t, w))
	sep := byte(',')
	if w.Separator != "" {
		sep = w.Separator[0]
	}
	ncol := len(t.Cols)
	each := func(f func(r, j int, v string, quoted bool)) {
		r, j := -1, 0 // the header is record -1
		for i := 0; i < len(text); {
			var v string
			quoted := text[i] == '"'
			if quoted {
				var b strings.Builder
				k := i + 1
				for k < len(text) {
					if text[k] == '"' {
						if k+1 < len(text) && text[k+1] == '"' {
							b.WriteByte('"')
							k += 2
							continue
						}
						k++
						break
					}
					b.WriteByte(text[k])
					k++
				}
				v, i = b.String(), k
			} else {
				k := i
				for k < len(text) && text[k] != sep && text[k] != '\n' {
					k++
				}
				v, i = text[i:k], k
			}
			if r >= 0 && j < ncol && r < t.Len() {
				f(r, j, v, quoted)
			}
			if i < len(text) && text[i] == sep {
				j++
			} else {
				r, j = r+1, 0
			}
			i++
		}
	}
	hardChars := strings.ReplaceAll(quoteChars, ",", "")
	if sep == ',' {
		hardChars = quoteChars
	}
	// stray: v holds a quote, not first, and nothing else that needs quotes.
	stray := func(v string) bool {
		return strings.Contains(v, `"`) && v[0] != '"' && !strings.ContainsAny(v, strings.ReplaceAll(quoteChars, `"`, "")) && !(ncol == 1 && strings.TrimSpace(v) == "")
	}
	hard := func(v string) bool {
		return !stray(v) && strings.ContainsAny(v, hardChars) || ncol == 1 && strings.TrimSpace(v) == ""
	}
	kind := func(r, j int, v string) int { // 0 a value, 1 a null token, 2 an empty null, 3 a comma a file quotes, 4 a stray quote
		switch {
		case stray(v):
			return 4
		case hardChars != quoteChars && strings.Contains(v, ","):
			return 3
		case !t.Cols[j].IsNull(r):
			return 0
		case v == "":
			return 2
		}
		return 1
	}
	tally := make([][10]int, ncol)
	each(func(r, j int, v string, quoted bool) {
		if !hard(v) {
			tally[j][kind(r, j, v)*2+btoi(quoted)]++
		}
	})
	bits = make([]uint8, ncol)
	for j, c := range tally {
		for k, bit := range []uint8{quoteValuesBit, quoteNullsBit, quoteEmptyBit} {
			if c[2*k+1] > c[2*k] {
				bits[j] |= bit
			}
		}
		if c[6] > c[7] {
			bits[j] |= commasBare
		}
		if c[8] > c[9] {
			bits[j] |= strayBare
		}
	}
	each(func(r, j int, v string, quoted bool) {
		want := true
		switch k := kind(r, j, v); {
		case hard(v):
		case k == 3:
			want = bits[j]&commasBare == 0 || bits[j]&quoteValuesBit != 0
		case k == 4:
			want = bits[j]&strayBare == 0 || bits[j]&quoteValuesBit != 0
		default:
			want = bits[j]&(quoteValuesBit<<k) != 0
		}
		exceptions = exceptions || want != quoted
	})
	return bits, exceptions
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
