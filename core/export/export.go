// Package export turns a pipeline configured in the playground into a
// program for a real engine — pandas, DuckDB SQL or Apache Beam (Go SDK) —
// that gives the same outputs on the same input.
//
// An export is a [Bundle]: the program, a README with the exact commands,
// the input data as CSV and the engine's own outputs under expected/, so a
// learner can run the program and compare. The programs are written from
// template files (templates/), commented step by step with the step names
// of the page's diagram. A rule or option that a target cannot express is
// listed in [Bundle.Untranslated], in the program's header and in the
// README — never dropped silently.
package export

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ingestkit/playground/core/table"
)

// Target is an engine a pipeline is exported to.
type Target string

// Targets.
const (
	Pandas Target = "pandas"
	DuckDB Target = "duckdb"
	Beam   Target = "beam"
)

// Targets lists every target, in the order the page shows them.
var Targets = []Target{Pandas, DuckDB, Beam}

// File is one file of a bundle; Name may hold a folder ("expected/x.csv").
type File struct {
	Name string
	Data []byte
}

// Bundle is an exported pipeline.
type Bundle struct {
	Target  Target
	Pattern string // batch, stream, etl or file
	// Main is the name of the program file (pipeline.py, pipeline.sql,
	// main.go); Files holds it first, then the README, the input and the
	// expected outputs.
	Main  string
	Files []File
	// Input is the name of the file the program reads: the bundle's
	// input CSV, or the learner's own file (not in the bundle) under its
	// safe name ([core.SafeFileName]).
	Input string
	// Renamed is set when Input is not the name the learner's file was
	// loaded under: the learner copies the file in under Input.
	Renamed bool
	// Run is the command that runs the program in the bundle's folder.
	Run string
	// Helpers are the start and end (byte offsets in the program) of the
	// helpers that carry the engine's meaning of values — date formats,
	// number rules, rounding — which a reader may skip.
	Helpers [2]int
	// HelperFile is the file those helpers are in when it is not the
	// program (values.py beside pipeline.py, values.go beside main.go;
	// Helpers is then empty); "" when they are in the program (DuckDB's
	// macros) or there are none.
	HelperFile string
	// Untranslated names each rule or option the target cannot express
	// with the engine's meaning; the program leaves them out and says so.
	Untranslated []string
}

// File returns the bundle's file called name, or nil.
func (b *Bundle) File(name string) *File {
	for i := range b.Files {
		if b.Files[i].Name == name {
			return &b.Files[i]
		}
	}
	return nil
}

// Folder is the name the bundle's files are kept under in its .zip, such
// as etl-pandas.
func (b *Bundle) Folder() string { return b.Pattern + "-" + string(b.Target) }

// Program returns the program's text.
func (b *Bundle) Program() string { return string(b.File(b.Main).Data) }

// HelperText returns the helpers' text, wherever they are: their own file
// (HelperFile) or a part of the program (Helpers).
func (b *Bundle) HelperText() string {
	if f := b.File(b.HelperFile); b.HelperFile != "" && f != nil {
		return string(f.Data)
	}
	return b.Program()[b.Helpers[0]:b.Helpers[1]]
}

// ErrTarget is returned for a target or pattern that has no export.
var ErrTarget = errors.New("export: unknown target")

// ErrNotExportable is returned for a setup a target cannot run as the page
// does; the message says why and what to do.
var ErrNotExportable = errors.New("export: this check cannot be exported to this engine")

func checkTarget(t Target) error {
	if !slices.Contains(Targets, t) {
		return fmt.Errorf("%w %q: choose pandas, duckdb or beam", ErrTarget, string(t))
	}
	return nil
}

// generate runs fill, turning a panic of the template expander (a missing
// block or value: a bug, caught by the tests) into an error, so that no
// export can take the page down.
func generate(fill func() string) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("export: %v", r)
		}
	}()
	return fill(), nil
}

func csvBytes(t *table.Table) []byte {
	return table.AppendCSV(nil, t, table.CSVWriteOptions{})
}

// readme writes the bundle's README. Its title and lists are written by
// noteText, and any name a learner chose must come in what as mdCode: text
// from a file never starts a line or a command of the README.
func readme(title, run, example string, what string, untranslated, differences []string) []byte {
	var b bytes.Buffer
	b.WriteString(fill("README", "# {{title}}\n\nExported from the ingestion playground. Run, in this folder:\n\n    {{run}}\n\n{{what}}\n\n"+
		"The page's own outputs for this input are in `expected/`: compare them with\n"+
		"what the program writes (for example `cmp {{example}} expected/{{example}}`). They are the page's\n"+
		"downloads as written with *spreadsheet-safe* off: the programs write plain CSV, without the apostrophes that\n"+
		"option puts before cells starting with =, +, - or @.\n", vars{"title", noteText(title), "run", run, "what", what, "example", example}, ""))
	if len(differences) > 0 {
		b.WriteString("\n## Where this target differs from the page\n\n")
		for _, d := range differences {
			b.WriteString("- " + noteText(d) + "\n")
		}
	}
	if len(untranslated) > 0 {
		b.WriteString("\n## Not translated\n\n")
		for _, u := range untranslated {
			b.WriteString("- " + noteText(u) + "\n")
		}
	}
	return b.Bytes()
}

// mdCode writes s as a Markdown code span on one line, whatever backticks
// and line breaks it holds.
func mdCode(s string) string {
	s = noteText(s)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || len(fence) > 1 {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}
