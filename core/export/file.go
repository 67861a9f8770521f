package export

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

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

// FileCheck exports the check of a loaded file (Your data) to target: the
// program reads the learner's file, called name, with the types the page
// read it with, checks cfg's rules, derives and standardizes the rows that
// pass as cfg says, aggregates them when cfg groups, and writes the clean
// rows, the quarantine (rows that failed a rule and records that could not
// be read, with their line, reason and raw text), each rule's counts and the
// aggregate — with the file's line end and byte order mark, every cell the
// check did not rewrite as the file wrote it. The bundle holds the engine's
// outputs under expected/ but not the file: the learner has it (the
// README says where it goes).
func FileCheck(cfg core.FileCheckConfig, file *core.CSVResult, name string, target Target) (*Bundle, error) {
	return fileBundle(cfg, file, name, target, true)
}

// FileCheckProgram is FileCheck without the outputs: it checks one row of the file
// (the program depends on its columns and types, not its rows).
func FileCheckProgram(cfg core.FileCheckConfig, file *core.CSVResult, name string, target Target) (*Bundle, error) {
	return fileBundle(cfg, file, name, target, false)
}

func fileBundle(cfg core.FileCheckConfig, file *core.CSVResult, name string, target Target, data bool) (*Bundle, error) {
	if err := ready(target); err != nil {
		return nil, err
	}
	if file == nil || file.Table == nil {
		return nil, fmt.Errorf("%w: no file is loaded", ErrTarget)
	}
	run := file
	if !data {
		run = &core.CSVResult{Table: file.Table.Take(make([]int, min(file.Table.Len(), 1))), LineEnd: file.LineEnd, BOM: file.BOM}
	}
	cfg.Progress = nil
	res, err := core.RunFileCheck(cfg, run)
	if err != nil {
		return nil, err
	}
	rules, _ := core.ParseRules(cfg.Rules) // (RunFileCheck parsed them)
	given, name := name, bundleSafeName(name)
	s := &etlSpec{file: true, input: name, rules: rules, now: cfg.Now,
		cases: map[string]string{}, lineEnd: file.LineEnd, bom: file.BOM}
	s.cleanName, s.rejectName, s.qualityName, s.aggName = FileOutputs(given) // the page's download names
	// The page reads a file with the default null tokens: the program reads
	// it with the same ones, whatever the check's standardize options name.
	s.nullTokens = core.DefaultNullTokens
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

	b := &Bundle{Target: target, Pattern: "file", Main: mainFile[target], Run: runCommand[target], Input: name, Renamed: given != name}
	if t := cfg.Standardize.NullTokens; t != nil && !slices.Equal(t, core.DefaultNullTokens) {
		q := make([]string, len(t))
		for i, tok := range t {
			q[i] = strconv.Quote(tok)
		}
		b.Untranslated = append(b.Untranslated, "Null tokens other than the page's ("+strings.Join(q, ", ")+"): the program reads and "+
			"standardizes nulls with the page's, \"\", \"NA\", \"N/A\", \"null\" and \"NULL\", so its outputs can differ from expected/.")
	}
	program, err := generate(func() string { return s.program(target) })
	if err != nil {
		return nil, err
	}
	b.Helpers = s.helpers
	what := fileWhat
	if given != name {
		what = fileRenamed
	}
	if s.groupBy != "" {
		what += fileAggWhat
	}
	what = fill("README", what+".", vars{"input", mdCode(name), "clean", mdCode(s.cleanName), "rejected", mdCode(s.rejectName),
		"quality", mdCode(s.qualityName), "aggregate", mdCode(s.aggName), "group", mdCode(s.groupBy)}, "")
	b.Files = programFiles(b, program, readme(s.title, b.Run, s.cleanName, what, b.Untranslated, fileDifferences[target]), "filecheck")
	if data {
		w := file.WriteOptions()
		b.Files = append(b.Files,
			File{"expected/" + s.cleanName, core.AppendCSV(nil, res.Clean, w)},
			File{"expected/" + s.rejectName, core.AppendCSV(nil, res.Rejected, w)},
			File{"expected/" + s.qualityName, core.AppendCSV(nil, res.Report, w)})
		if res.Aggregate != nil {
			b.Files = append(b.Files, File{"expected/" + s.aggName, core.AppendCSV(nil, res.Aggregate, w)})
		}
	}
	return b, nil
}

// bundleSafeName is a learner's file's name as a bundle's program reads it:
// its safe form ([core.SafeFileName]), with "data_" before it when that is
// the name of a file the bundle holds or a folder in it (pipeline.py,
// pipeline.sql, main.go, go.mod, go.sum, README.md, expected; in any case):
// copied into the folder, a file called pipeline.py would replace the
// program, and run as it.
func bundleSafeName(name string) string {
	safe := core.SafeFileName(name)
	switch strings.ToLower(safe) {
	case "pipeline.py", "pipeline.sql", "main.go", "go.mod", "go.sum", "readme.md", "expected":
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
