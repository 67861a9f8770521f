//go:build !js

package export

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/require"
)

// dialectCase is a file in a dialect of its own (testdata/dialects, or
// core/table's), read as the page reads it, and a check of it.
type dialectCase struct {
	name string
	file string
	opts table.CSVOptions
	cfg  core.DataCheckConfig
	// want describes the file as read, to be sure the case tests what it
	// means to (CSVResult.Dialect).
	want string
	// named, per target, is a difference the README names; differ then
	// gives the target's outputs from the engine's (nil: the same).
	named  map[Target]string
	differ func(target Target, name, want string) string
	// fails, per target, is a difference the README names for which the
	// program stops with an error.
	fails map[Target]string
}

func dialectCases() []dialectCase {
	now := int64(1738368000000) // 2025-02-01
	german := table.CSVOptions{Types: map[string]table.Type{"Menge": table.TypeInt}}
	germanRules := quality.ColumnText("Preis (€)") + " > 0\nKunde not null\nwarn: Einheit in (\"Stück\", \"kg\", \"l\")\nDatum not in future\n"
	every := core.DataCheckConfig{Rules: germanRules, Now: now, Standardize: table.Standardize{Trim: true, Money: []string{"Preis (€)"},
		Case: []table.ColumnCase{{Column: "Einheit", Mode: table.CaseUpper}, {Column: "Kunde", Mode: table.CaseTitle}}, Timestamps: []string{"Datum"}},
		Product: core.Product{A: "Preis (€)", B: "Menge", Name: "Summe (€)"}, GroupBy: "Bezahlt", Measure: "Summe (€)", DateParts: []string{"Datum"}}
	point := every
	point.Standardize.DecimalPoint = true
	point.Standardize.Money = nil
	return []dialectCase{
		{name: "German Excel, as read", file: "german_excel_1252.csv", opts: german, cfg: core.DataCheckConfig{Rules: germanRules, Now: now},
			want: "semicolons (sep= line) · Windows-1252 · decimal commas"},
		{name: "German Excel, every option", file: "german_excel_1252.csv", opts: german, cfg: every,
			want: "semicolons (sep= line) · Windows-1252 · decimal commas"},
		{name: "German Excel, decimal point", file: "german_excel_1252.csv", opts: german, cfg: point,
			want: "semicolons (sep= line) · Windows-1252 · decimal commas"},
		{name: "core's German Excel", file: "../table/testdata/dialects/german_excel.csv",
			cfg:  core.DataCheckConfig{Rules: "Menge > 1\n", GroupBy: "Bezahlt", Measure: "Summe"},
			want: "semicolons (sep= line) · Windows-1252 · decimal commas"},
		{name: "tabs with a byte order mark", file: "tab_bom.tsv", opts: table.CSVOptions{NullTokens: nil, Types: map[string]table.Type{"score": table.TypeDecimal}},
			cfg:  core.DataCheckConfig{Rules: "score > 0\n", Standardize: table.Standardize{Case: []table.ColumnCase{{Column: "name", Mode: table.CaseUpper}}}, GroupBy: "name", Measure: "score"},
			want: "tabs · UTF-8 with a byte order mark"},
		{name: "core's database dump", file: "../table/testdata/dialects/db_dump.tsv", cfg: core.DataCheckConfig{Rules: "score >= 0\n"},
			want: "tabs · UTF-8"},
		{name: "bars with quoted bars", file: "../table/testdata/dialects/bars_quoted.psv",
			cfg:  core.DataCheckConfig{Rules: "qty > 1\n", Product: core.Product{A: "price", B: "qty", Name: "total"}, Standardize: table.Standardize{Case: []table.ColumnCase{{Column: "description", Mode: table.CaseUpper}}}},
			want: "vertical bars · UTF-8"},
		{name: "no-break space groups", file: "nbsp_grouping.csv", cfg: core.DataCheckConfig{Rules: "montant > 0\n", GroupBy: "ville", Measure: "montant",
			Product: core.Product{A: "montant", B: "quantité", Name: "total"}, Standardize: table.Standardize{Money: []string{"montant"}}},
			want: "semicolons · UTF-8 · decimal commas"},
		{name: "no-break space groups, decimal point", file: "nbsp_grouping.csv", cfg: core.DataCheckConfig{Rules: "montant > 0\n",
			Standardize: table.Standardize{DecimalPoint: true, Trim: true}}, want: "semicolons · UTF-8 · decimal commas"},
		{name: "core's French file with a byte order mark", file: "../table/testdata/dialects/french_bom.csv", cfg: core.DataCheckConfig{Rules: "Montant > 0\n"},
			want: "semicolons · UTF-8 with a byte order mark · decimal commas"},
		{name: "mixed encodings read as Windows-1252", file: "mixed_encoding.csv", opts: table.CSVOptions{Encoding: "windows-1252"},
			cfg:  core.DataCheckConfig{Rules: "amount > 5\n", Standardize: table.Standardize{Case: []table.ColumnCase{{Column: "city", Mode: table.CaseUpper}}}},
			want: "semicolons · Windows-1252 · decimal commas"},
		{name: "UTF-16 little-endian", file: "utf16le.csv", cfg: core.DataCheckConfig{Rules: "amount > 0\n", GroupBy: "city", Measure: "amount",
			Standardize: table.Standardize{Case: []table.ColumnCase{{Column: "name", Mode: table.CaseUpper}}}},
			want:  "semicolons · UTF-16 (little-endian) · decimal commas · some fields quoted",
			named: map[Target]string{DuckDB: "quotes fields that hold a comma though"}, differ: func(target Target, name, want string) string { return unquoteCommas(want, ';') }},
		{name: "UTF-16 big-endian", file: "utf16be.csv", cfg: core.DataCheckConfig{Rules: "amount > 0\n"},
			want:  "semicolons · UTF-16 (big-endian) · decimal commas · some fields quoted",
			named: map[Target]string{DuckDB: "quotes fields that hold a comma though"}, differ: func(target Target, name, want string) string { return unquoteCommas(want, ';') }},
		{name: "UTF-16 with lone surrogates and an odd last byte", file: "utf16_damaged.csv", cfg: core.DataCheckConfig{Rules: "amount > 2\n"},
			want:  "semicolons · UTF-16 (little-endian) · decimal commas",
			fails: map[Target]string{DuckDB: "is an error for `iconv`"}},
		{name: "stray quotes", file: "stray_quotes.csv", cfg: core.DataCheckConfig{Rules: "price > 10\n", GroupBy: "size", Measure: "price",
			Standardize: table.Standardize{Case: []table.ColumnCase{{Column: "product", Mode: table.CaseUpper}}}},
			want:  "commas · UTF-8 · some fields quoted",
			named: map[Target]string{DuckDB: "a stray quote"}, differ: func(target Target, name, want string) string { return quoteStrays(want, ',') }},
		{name: "stray quotes, semicolons", file: "stray_quotes_semicolon.csv", cfg: core.DataCheckConfig{Rules: "preis > 10\n"},
			want:  "semicolons · UTF-8 · decimal commas · some fields quoted",
			named: map[Target]string{DuckDB: "a stray quote"}, differ: func(target Target, name, want string) string { return quoteStrays(want, ';') }},
		{name: "Python's utf-8-sig with a quoted sep= line", file: "py_utf8sig_sep.csv", cfg: core.DataCheckConfig{Rules: "Betrag > 1\n"},
			want: "semicolons (sep= line) · UTF-8 with a byte order mark · decimal commas"},
		{name: "a quoted header name with a line break after a byte order mark", file: "bom_qhdr_nl.csv", cfg: core.DataCheckConfig{Rules: "b > 2\n"},
			want: "semicolons · UTF-8 with a byte order mark"},
		{name: "one column, a record of two", file: "one_column.csv", cfg: core.DataCheckConfig{Rules: "\"Name; Vorname\" not null\n"},
			want: "commas · UTF-8"},
		{name: "quoted commas", file: "quoted_commas.csv", cfg: core.DataCheckConfig{Rules: "amount > 0\n"},
			want:   "semicolons · UTF-8 · decimal commas · some fields quoted", // (core: its text column quotes most of its cells, for their commas)
			named:  map[Target]string{DuckDB: "quotes fields that hold a comma though"},
			differ: func(target Target, name, want string) string { return unquoteCommas(want, ';') }},
	}
}

// The Your data export of files in every dialect the page reads: each
// target's program, run on the file, writes the page's downloads byte for
// byte, or differs only as its README says. The cases run in parallel
// (Beam's are slow).
func TestDialectExports(t *testing.T) {
	for _, dc := range dialectCases() {
		for _, target := range Targets {
			t.Run(dc.name+"/"+string(target), func(t *testing.T) {
				t.Parallel()
				path := dc.file
				if !strings.HasPrefix(path, "../") {
					path = filepath.Join("testdata/dialects", path)
				}
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				file, err := table.ReadCSV(data, dc.opts)
				require.NoError(t, err)
				require.Equal(t, dc.want, file.Dialect())
				cfg := dc.cfg
				cfg.Samples = 5
				name := filepath.Base(path)
				b, err := DataCheck(cfg, file, name, target)
				require.NoError(t, err)
				readme := string(b.File("README.md").Data)
				require.Contains(t, readme, file.Dialect(), "the README names the dialect")
				if target == Beam {
					requireGofmt(t, b)
				}
				dir := writeBundle(t, b)
				require.NoError(t, os.WriteFile(filepath.Join(dir, b.Input), data, 0o644))
				out, err := dialectRun(t, dir, b)
				if f := dc.fails[target]; f != "" {
					require.Contains(t, readme, f, "the README names the failure")
					require.Error(t, err, "%s program:\n%s", target, out)
					return
				}
				require.NoError(t, err, "%s program:\n%s", target, out)
				named := dc.named[target]
				if named != "" {
					require.Contains(t, readme, named, "the README names the difference")
				}
				for _, f := range b.Files {
					out, ok := strings.CutPrefix(f.Name, "expected/")
					if !ok {
						continue
					}
					got, err := os.ReadFile(filepath.Join(dir, out))
					require.NoError(t, err, "%s: the program wrote no %s", target, out)
					want := string(f.Data)
					if named != "" {
						want = dc.differ(target, out, want)
					}
					require.Equal(t, want, string(got), "%s: %s differs from the engine's", target, out)
				}
			})
		}
	}
}

// quoteStrays quotes the fields of s, CSV text without line breaks in
// fields, that hold a quote bare, as DuckDB's writer does.
func quoteStrays(s string, sep byte) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		body := strings.TrimRight(line, "\r\n")
		for i := 0; i < len(body); {
			if body[i] == '"' { // a quoted field, as it is
				j := i + 1
				for j < len(body) && (body[j] != '"' || j+1 < len(body) && body[j+1] == '"') {
					j += 1 + btoi(body[j] == '"')
				}
				b.WriteString(body[i : j+1])
				i = j + 1
			} else {
				j := strings.IndexByte(body[i:], sep)
				if j < 0 {
					j = len(body) - i
				}
				f := body[i : i+j]
				if strings.Contains(f, `"`) {
					f = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
				}
				b.WriteString(f)
				i += j
			}
			if i < len(body) {
				b.WriteByte(body[i])
				i++
			}
		}
		b.WriteString(line[len(body):])
	}
	return b.String()
}

// dialectRun runs a bundle's program in dir. A DuckDB bundle whose run
// command converts the file (Windows-1252: see duckdbConvert) is run as
// its README says, through sh, with duckdb standing for DuckDB's Node.js
// package (programCmd).
func dialectRun(t *testing.T, dir string, b *Bundle) (string, error) {
	t.Helper()
	if b.Target == Beam {
		beamSlots <- struct{}{}
		defer func() { <-beamSlots }()
	}
	if b.Target != DuckDB || b.Run == runCommand[DuckDB] {
		return tryProgram(t, dir, b.Target)
	}
	if _, err := exec.LookPath("iconv"); err != nil {
		missingTool(t, "iconv is not installed (Debian: libc-bin): %v", err)
	}
	node := programCmd(t, dir, DuckDB) // node run-duckdb.cjs <modules> pipeline.sql
	args := node.Args
	cmd := exec.Command("sh", "-c", `node="$0" runner="$1" modules="$2"; duckdb() { "$node" "$runner" "$modules" /dev/stdin; }; `+b.Run,
		args[0], args[1], args[2])
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// beamSlots bounds the Beam programs built and run at once.
var beamSlots = make(chan struct{}, 4)

// unquoteCommas writes a CSV text (separator sep) without the quotes
// around fields that need none: fields whose only reason for quotes is a
// comma (see quoteCommasDuckDB).
func unquoteCommas(s string, sep byte) string {
	var out strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '"' {
			out.WriteByte(s[i])
			i++
			continue
		}
		j := i + 1
		for j < len(s) && !(s[j] == '"' && (j+1 == len(s) || s[j+1] != '"')) {
			if s[j] == '"' {
				j++
			}
			j++
		}
		field := s[i : j+1]
		if inner := field[1 : len(field)-1]; !strings.ContainsAny(inner, string(sep)+"\"\r\n") {
			field = inner
		}
		out.WriteString(field)
		i = j + 1
	}
	return out.String()
}

// dialectData is a hostile setup's file in a dialect: separated by sep,
// with Excel's sep= line, decimal commas (with dot groups) and CRLF line
// ends.
func dialectData(h hostileSetup, sep string) []byte {
	var b strings.Builder
	b.WriteString("sep=" + sep + "\r\n")
	for i, c := range h.cols {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(csvField(strings.ReplaceAll(c, "\x00", "")))
	}
	b.WriteString("\r\n")
	for _, row := range [][]string{{"A1", "3", "2,50", "2024-01-02"}, {"b2", "-1", "", "2024-02-03"}, {"c3", "5", "1.231,25", "not a date"}, {"A1", "2", "0,5", "2024-03-04"}} {
		b.WriteString(strings.Join(row, sep) + "\r\n")
	}
	return []byte(b.String())
}

// Hostile column names, literals and file names in a file of each
// separator, read as UTF-8 and as Windows-1252, with Excel's sep= line and
// decimal commas: the programs have the neutral file's code. The dialect's
// own values (the separator, the sep= line, the number styles, the
// encoding) reach a program only as the target's literals.
func TestHostileDialectStaysText(t *testing.T) {
	hostile := []hostileSetup{
		{"orders.csv", [4]string{"p\nimport os; os.system(\"touch PWNED\")\n#", "q\nCOPY (SELECT 42) TO 'x.csv';\n--", "\"\"\"'''`*/{{title}}", "r\r\n}\n//\u2028é"},
			"d #\"' -- //", "x\n-- '\"\\"},
		{"a;b|c\td.csv", [4]string{"sep=;", "`x`", "a\tb", "€\u0081|;"}, "{{sep}}", "'; DROP TABLE raw; --"},
	}
	hostile = append(hostile, hostileSetup{hostileNames[0], [4]string{hostileNames[1], hostileNames[2], "c2", "c3"}, "d", hostileNames[3]})
	var pairs [][2]*Bundle
	var what []string
	for _, sep := range []string{";", "\t", "|"} {
		for _, enc := range []string{"", "windows-1252"} {
			opts := table.CSVOptions{Encoding: enc}
			n := neutralSetup()
			neutral, err := n.bundlesOf(t, dialectData(n, sep), opts)
			require.NoError(t, err)
			for i, h := range hostile {
				bs, err := h.bundlesOf(t, dialectData(h, sep), opts)
				require.NoError(t, err, "setup %d", i)
				for _, target := range Targets {
					require.Contains(t, string(bs[target].File("README.md").Data), "(sep= line)")
					pairs = append(pairs, [2]*Bundle{neutral[target], bs[target]})
					what = append(what, fmt.Sprintf("setup %d, separator %q, encoding %q (%q)", i, sep, enc, h))
				}
			}
		}
	}
	sameCode(t, pairs, what)
}
