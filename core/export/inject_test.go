//go:build !js

package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/scanner"
	"go/token"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Text a learner's file, link or settings can hold reaches an exported
// program only as a literal of the program's language. These tests place
// hostile text in the file's name, every column name, a derived column's
// name, null tokens and rule literals, and check that each program has
// the same code as with neutral text: the same tokens once string literals
// and comments are blanked (Go: go/scanner; Python: its tokenize module;
// SQL: sqlTokens), that every program parses (go/parser, Python's ast,
// DuckDB's own parser), and that names in the bundle and its README stay
// plain.

// hostileNames are the names the issue found (each runs for real below)
// and their kin.
var hostileNames = []string{
	"p\nimport os; os.system(\"touch PWNED\")\n#.csv",
	"q\nCOPY (SELECT 42) TO 'x.csv';\n--.csv",
	"r\n}\nfunc init() { panic(\"PWNED\") }\n//.csv",
	"s/../../t.csv",
	"coding:utf-7 +AAo-import os+AAo-.csv",
	"u\r\nv\u2028w\u2029x\x00y.csv",
	"\"\"\"'''`*/{{title}}\ufeff\u202e.csv",
}

// hostilePieces are put together at random into names and literals.
var hostilePieces = []string{
	"\n", "\r", "\r\n", "\u2028", "\u2029", "\x00", "\x1b", "\t", "'", "\"", "'''", "\"\"\"", "`", "\\", "\\n", "\\\"",
	"*/", "/*", "--", "#", "//", "{{title}}", "{{", "}}", "\ufeff", "\u202e", "${x}", "$(id)", "%s", "ß", "İ", "é", "\u0301",
	"import os", "os.system('touch PWNED')", "COPY (SELECT 1) TO 'pwn.csv';", "func init() {}", "coding:utf-7", "+AAo-",
	"a", "b", " ", ";", ",", "(", ")", "[", "]", "\\x41", "\\u0041", "\\N{LATIN SMALL LETTER A}", "{x}", "%", "?",
}

func hostileText(rng *rand.Rand) string {
	var b strings.Builder
	for k := 1 + rng.IntN(8); k > 0; k-- {
		b.WriteString(hostilePieces[rng.IntN(len(hostilePieces))])
	}
	if rng.IntN(20) == 0 {
		b.WriteString(strings.Repeat("n", 5000))
	}
	return b.String()
}

// hostileSetup is a learner's file and a check of it in which every name
// and literal a learner chooses is text: name of the file, names of its
// four columns (text, integer, decimal, date), the derived column's name,
// a null token and a literal in the rules.
type hostileSetup struct {
	file    string
	cols    [4]string
	derived string
	lit     string
}

func neutralSetup() hostileSetup {
	return hostileSetup{"orders.csv", [4]string{"c0", "c1", "c2", "c3"}, "d", "v"}
}

// csvField quotes a CSV field.
func csvField(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// ruleLit writes s as a rule's string literal.
func ruleLit(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}

// oneLine is s as a derived column's name may be: without control
// characters, at most 200 characters (the settings refuse others).
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200])
	}
	return s
}

func (h hostileSetup) data() []byte {
	var b strings.Builder
	for i, c := range h.cols {
		if i > 0 {
			b.WriteByte(',')
		}
		// (A NUL byte makes the reader take the file for a binary one.)
		b.WriteString(csvField(strings.ReplaceAll(c, "\x00", "")))
	}
	b.WriteString("\nA1,3,2.50,2024-01-02\nb2,-1,,2024-02-03\nc3,5,1.25,not a date\nA1,2,0.5,2024-03-04\n")
	return []byte(b.String())
}

// bundles reads the setup's file as the page does and exports its check
// to every target (the program and README only: names, not data).
func (h hostileSetup) bundles(t *testing.T) (map[Target]*Bundle, error) {
	return h.bundlesOf(t, h.data(), table.CSVOptions{})
}

// bundlesOf is bundles for the setup's file as data, read with opts.
func (h hostileSetup) bundlesOf(t *testing.T, data []byte, opts table.CSVOptions) (map[Target]*Bundle, error) {
	file, err := table.ReadCSV(data, opts)
	if err != nil {
		return nil, err
	}
	names := file.Table.Names()
	require.Len(t, names, 4)
	col := func(i int) string { return quality.ColumnText(names[i]) }
	rules := fmt.Sprintf("%s in (%s, \"x\")\n%s > 0\n%s not null\n%s matches %s\nwarn: %s != %s\n%s length <= 5 mostly 0.5\n%s is date\n",
		col(0), ruleLit(h.lit), col(1), col(2), col(0), ruleLit("^"+regexp.QuoteMeta(h.lit)+"|A"), col(0), ruleLit(h.lit), col(0), col(3))
	cfg := core.DataCheckConfig{Rules: rules, Now: sales.DefaultStart, Samples: 5,
		Standardize: table.Standardize{Trim: true, NullTokens: []string{"", "NA", h.lit}, Timestamps: []string{names[3]}, Money: []string{names[2]},
			Case: []table.ColumnCase{{Column: names[0], Mode: table.CaseUpper}}},
		Product: core.Product{A: names[2], B: names[1], Name: h.derived}, DateParts: []string{names[3]},
		GroupBy: names[0], Measure: names[2]}
	out := map[Target]*Bundle{}
	for _, target := range Targets {
		b, err := DataCheckProgram(cfg, file, h.file, target)
		if err != nil {
			return nil, err
		}
		out[target] = b
	}
	return out, nil
}

// hostileETL is an ETL pipeline's check with a rule literal and null token
// of hostile text.
func hostileETL(lit string) core.ETLConfig {
	cfg := core.DefaultETLConfig()
	cfg.Source.Records = 20
	pattern := regexp.QuoteMeta(lit)
	if len(pattern) > 900 { // the longest pattern a rule takes is 1,000 characters
		pattern = regexp.QuoteMeta(lit[:100])
	}
	cfg.Rules += fmt.Sprintf("warn: category in (%s, \"Books\")\nwarn: email matches %s\nwarn: region != %s\n", ruleLit(lit), ruleLit(pattern), ruleLit(lit))
	cfg.Standardize.NullTokens = []string{"", "NULL", lit}
	return cfg
}

// tok is a token with its text, or only its kind where the text is a
// string literal or a comment.
type tok struct{ Kind, Text string }

func goTokens(src string) ([]tok, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("main.go", -1, len(src))
	var errs scanner.ErrorList
	var s scanner.Scanner
	s.Init(file, []byte(src), func(pos token.Position, msg string) { errs.Add(pos, msg) }, 0)
	var out []tok
	for {
		_, t, lit := s.Scan()
		switch t {
		case token.EOF:
			return out, errs.Err()
		case token.STRING, token.CHAR, token.SEMICOLON:
			lit = ""
		}
		out = append(out, tok{t.String(), lit})
	}
}

// sqlTokens splits a DuckDB script into tokens: '…' strings, "…" names,
// words, numbers and other characters; -- and /* */ comments are dropped.
func sqlTokens(src string) ([]tok, error) {
	var out []tok
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case strings.HasPrefix(src[i:], "--"):
			j := strings.IndexAny(src[i:], "\n\r")
			if j < 0 {
				return out, nil
			}
			i += j
		case strings.HasPrefix(src[i:], "/*"):
			j := strings.Index(src[i:], "*/")
			if j < 0 {
				return nil, fmt.Errorf("unclosed /* at %d", i)
			}
			i += j + 2
		case c == '\'' || c == '"':
			j := i + 1
			for {
				k := strings.IndexByte(src[j:], c)
				if k < 0 {
					return nil, fmt.Errorf("unclosed %c at %d", c, i)
				}
				j += k + 1
				if j < len(src) && src[j] == c {
					j++
					continue
				}
				break
			}
			out = append(out, tok{string(c), ""})
			i = j
		case c == '_' || c|0x20 >= 'a' && c|0x20 <= 'z' || c >= '0' && c <= '9':
			j := i
			for j < len(src) && (src[j] == '_' || src[j]|0x20 >= 'a' && src[j]|0x20 <= 'z' || src[j] >= '0' && src[j] <= '9' || src[j] == '.' && c >= '0' && c <= '9') {
				j++
			}
			out = append(out, tok{"word", src[i:j]})
			i = j
		default:
			_, n := utf8.DecodeRuneInString(src[i:])
			out = append(out, tok{"char", src[i : i+n]})
			i += n
		}
	}
	return joinNUL(out), nil
}

// joinNUL reads a string that sqlStr wrote with NUL characters,
// ('a' || chr(0) || 'b'), as one string.
func joinNUL(in []tok) []tok {
	str, open, shut := tok{"'", ""}, tok{"char", "("}, tok{"char", ")"}
	nul := []tok{{"char", "|"}, {"char", "|"}, {"word", "chr"}, open, {"word", "0"}, shut, {"char", "|"}, {"char", "|"}, str}
	var out []tok
	for i := 0; i < len(in); i++ {
		if in[i] == open && i+1 < len(in) && in[i+1] == str {
			j := i + 2
			for j+len(nul) <= len(in) && slices.Equal(in[j:j+len(nul)], nul) {
				j += len(nul)
			}
			if j > i+2 && j < len(in) && in[j] == shut {
				out = append(out, str)
				i = j
				continue
			}
		}
		out = append(out, in[i])
	}
	return out
}

// pyCheck tokenizes each Python program with Python's tokenize module
// (string literals and comments blanked) and parses it with ast: one
// python3 run for the lot.
const pyCheck = `
import ast, io, json, sys, tokenize
for path in sys.argv[1:]:
    src = open(path, encoding="utf-8").read()
    out = {"file": path}
    try:
        toks = []
        for t in tokenize.generate_tokens(io.StringIO(src).readline):
            name = tokenize.tok_name[t.type]
            text = "" if name in ("STRING", "COMMENT", "FSTRING_MIDDLE") else t.string
            toks.append([name, text])
        out["tokens"] = toks
        ast.parse(src)
    except Exception as e:
        out["error"] = repr(e)
    print(json.dumps(out))
`

type pyResult struct {
	File   string
	Tokens [][2]string
	Error  string
}

func pythonTokens(t *testing.T, files []string) map[string]pyResult {
	t.Helper()
	if _, err := os.Stat(python); err != nil {
		missingTool(t, "%s is not installed: run make deps", python)
	}
	out, err := exec.Command(python, append([]string{"-c", pyCheck}, files...)...).Output()
	require.NoError(t, err)
	res := map[string]pyResult{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var r pyResult
		require.NoError(t, json.Unmarshal([]byte(line), &r))
		res[r.File] = r
	}
	return res
}

func duckdbParse(t *testing.T, files []string) map[string]string {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		missingTool(t, "node is not installed: run make deps (%v)", err)
	}
	modules, err := filepath.Abs(".deps/node_modules")
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(modules, "@duckdb/node-api")); err != nil {
		missingTool(t, "DuckDB's Node.js package is not installed: run make deps (%v)", err)
	}
	out, err := exec.Command("node", append([]string{"testdata/parse-duckdb.cjs", modules}, files...)...).Output()
	require.NoError(t, err)
	res := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var r struct {
			File       string
			Statements int
			Error      string
		}
		require.NoError(t, json.Unmarshal([]byte(line), &r))
		if r.Error == "" && r.Statements == 0 {
			r.Error = "no statements"
		}
		res[r.File] = r.Error
	}
	return res
}

func pyToks(r pyResult) []tok {
	out := make([]tok, len(r.Tokens))
	for i, t := range r.Tokens {
		out[i] = tok{t[0], t[1]}
	}
	return out
}

// sameCode checks a list of (neutral, hostile) bundle pairs: for each
// target, the two programs have the same code, and every program parses.
func sameCode(t *testing.T, pairs [][2]*Bundle, what []string) {
	t.Helper()
	dir := t.TempDir()
	var pyFiles, sqlFiles []string
	path := func(i, k int, target Target) string {
		return filepath.Join(dir, fmt.Sprintf("%d-%d-%s", i, k, pairs[i][k].Main))
	}
	for i, p := range pairs {
		for k, b := range p {
			f := path(i, k, b.Target)
			require.NoError(t, os.WriteFile(f, []byte(b.Program()), 0o644))
			switch b.Target {
			case Pandas:
				pyFiles = append(pyFiles, f)
			case DuckDB:
				sqlFiles = append(sqlFiles, f)
			}
		}
	}
	var pyRes map[string]pyResult
	var sqlRes map[string]string
	if len(pyFiles) > 0 {
		pyRes = pythonTokens(t, pyFiles)
	}
	if len(sqlFiles) > 0 {
		sqlRes = duckdbParse(t, sqlFiles)
	}
	for i, p := range pairs {
		target := p[0].Target
		var toks [2][]tok
		for k, b := range p {
			src := b.Program()
			var err error
			switch target {
			case Beam:
				_, perr := parser.ParseFile(token.NewFileSet(), "main.go", src, parser.AllErrors)
				require.NoError(t, perr, "%s: the Go program does not parse", what[i])
				toks[k], err = goTokens(src)
			case Pandas:
				r := pyRes[path(i, k, target)]
				require.Empty(t, r.Error, "%s: Python cannot read the program", what[i])
				toks[k] = pyToks(r)
			case DuckDB:
				require.Empty(t, sqlRes[path(i, k, target)], "%s: DuckDB cannot parse the script", what[i])
				toks[k], err = sqlTokens(src)
			}
			require.NoError(t, err, what[i])
		}
		if len(toks[0]) != len(toks[1]) || !assert.ObjectsAreEqual(toks[0], toks[1]) {
			for j := range min(len(toks[0]), len(toks[1])) {
				require.Equal(t, toks[0][j], toks[1][j], "%s, %s: token %d differs from the neutral program's", what[i], target, j)
			}
			require.Len(t, toks[1], len(toks[0]), "%s, %s: not as many tokens as the neutral program", what[i], target)
		}
		plainBundle(t, p[1], what[i])
	}
}

// plainBundle checks a bundle's names and README: every file name is safe
// in a .zip, and no README line holds a control or invisible character.
func plainBundle(t *testing.T, b *Bundle, what string) {
	t.Helper()
	_, err := b.Zip(b.Folder())
	require.NoError(t, err, what)
	for _, f := range b.Files {
		require.NoError(t, entryName(f.Name), what)
	}
	require.NoError(t, entryName(b.Input), what)
	readme := string(b.File("README.md").Data)
	for _, line := range strings.Split(readme, "\n") {
		require.Equal(t, noteText(line), line, "%s: a README line holds a control or invisible character", what)
	}
}

// DataCheck exports with hostile names and literals have the neutral
// setup's code. SEED=n replays a run; SEED=random draws a seed.
func TestHostileTextStaysText(t *testing.T) {
	seed := uint64(20261206) // SEED=n replays a run, SEED=random draws one
	if s := os.Getenv("SEED"); s == "random" {
		seed = uint64(rand.Int64())
	} else if s != "" {
		var err error
		seed, err = strconv.ParseUint(s, 10, 64)
		require.NoError(t, err)
	}
	t.Logf("SEED=%d", seed)
	rng := rand.New(rand.NewPCG(seed, 19))
	neutral, err := neutralSetup().bundles(t)
	require.NoError(t, err)
	var pairs [][2]*Bundle
	var what []string
	add := func(name string, h hostileSetup) {
		bs, err := h.bundles(t)
		if err != nil {
			t.Logf("%s: refused: %v", name, err)
			return
		}
		for _, target := range Targets {
			pairs = append(pairs, [2]*Bundle{neutral[target], bs[target]})
			what = append(what, fmt.Sprintf("%s (%q)", name, h))
		}
	}
	for i, name := range hostileNames {
		h := neutralSetup()
		h.file = name
		add(fmt.Sprintf("fixture %d as the file's name", i), h)
		h = neutralSetup()
		h.cols[i%4], h.derived, h.lit = strings.TrimSuffix(name, ".csv"), oneLine(name), name
		add(fmt.Sprintf("fixture %d as names and literals", i), h)
	}
	for i := range 30 {
		h := hostileSetup{hostileText(rng) + ".csv", [4]string{}, oneLine(hostileText(rng)), hostileText(rng)}
		seen := map[string]bool{}
		for k := range h.cols {
			for h.cols[k] == "" || seen[h.cols[k]] {
				h.cols[k] = hostileText(rng) + strconv.Itoa(k)
			}
			seen[h.cols[k]] = true
		}
		add(fmt.Sprintf("random %d", i), h)
	}
	// ETL: rule literals and null tokens.
	for i, lit := range append(hostileNames, hostileText(rng), hostileText(rng)) {
		for _, target := range Targets {
			n, err := ETLProgram(hostileETL("v"), target)
			require.NoError(t, err)
			b, err := ETLProgram(hostileETL(lit), target)
			require.NoError(t, err)
			pairs = append(pairs, [2]*Bundle{n, b})
			what = append(what, fmt.Sprintf("ETL literal %d (%q)", i, lit))
		}
	}
	require.Greater(t, len(pairs), 3*len(hostileNames))
	sameCode(t, pairs, what)
}

// The names the issue found, run for real: the program reads the file
// under its safe name, runs nothing it was not written to run, and writes
// the engine's outputs.
func TestHostileFileNamesRunForReal(t *testing.T) {
	t.Parallel()
	h := neutralSetup()
	for i, name := range hostileNames[:3] {
		for _, target := range []Target{Pandas, DuckDB, Beam} {
			if target == Beam && i != 2 {
				continue // one Beam run, on the name that broke main.go: the same code for every name (see TestHostileTextStaysText)
			}
			t.Run(fmt.Sprintf("%d/%s", i, target), func(t *testing.T) {
				file, err := table.ReadCSV(h.data(), table.CSVOptions{})
				require.NoError(t, err)
				b, err := DataCheck(core.DataCheckConfig{Rules: "c1 > 0\n", Samples: 5}, file, name, target)
				require.NoError(t, err)
				safe := core.SafeFileName(name)
				require.Equal(t, safe, b.Input)
				readme := string(b.File("README.md").Data)
				require.Contains(t, readme, "named `"+safe+"`")
				dir := writeBundle(t, b)
				require.NoError(t, os.WriteFile(filepath.Join(dir, safe), h.data(), 0o644))
				t.Log(runProgram(t, dir, target))
				for _, pwned := range []string{"PWNED", "x.csv", "pwn.csv"} {
					require.NoFileExists(t, filepath.Join(dir, pwned))
				}
				clean, rejected, report, _ := FileOutputs(name)
				for _, f := range []string{clean, rejected, report} {
					require.NotContains(t, f, "/")
					if !requotes(readme) {
						sameFile(t, dir, f)
						continue
					}
					// (DuckDB: the setup's quoted header, a named difference)
					want, err := os.ReadFile(filepath.Join(dir, "expected", f))
					require.NoError(t, err)
					got, err := os.ReadFile(filepath.Join(dir, f))
					require.NoError(t, err)
					require.Equal(t, unquoteOptional(string(want), ','), unquoteOptional(string(got), ','), "%s differs from the engine's", f)
				}
			})
		}
	}
}

// Hostile column names, derived name, null token and rule literals, run
// for real: the outputs are the engine's, byte for byte.
func TestHostileColumnNamesRunForReal(t *testing.T) {
	t.Parallel()
	h := hostileSetup{"orders.csv", [4]string{"p\nimport os; os.system(\"touch PWNED\")\n#", "q\nCOPY (SELECT 42) TO 'x.csv';\n--", "\"\"\"'''`*/{{title}}", "r\r\n}\n//\u2028é"},
		"d #\"' -- //", "x\n-- '\"\\"}
	bs, err := h.bundles(t)
	require.NoError(t, err)
	for _, target := range Targets {
		t.Run(string(target), func(t *testing.T) {
			file, err := table.ReadCSV(h.data(), table.CSVOptions{})
			require.NoError(t, err)
			prog := bs[target]
			names := file.Table.Names()
			rules := fmt.Sprintf("%s > 0\n%s in (%s, \"A1\")\n", quality.ColumnText(names[1]), quality.ColumnText(names[0]), ruleLit(h.lit))
			cfg := core.DataCheckConfig{Rules: rules, Now: sales.DefaultStart, Samples: 5,
				Standardize: table.Standardize{NullTokens: []string{"", h.lit}, Money: []string{names[2]}},
				Product:     core.Product{A: names[2], B: names[1], Name: h.derived}, GroupBy: names[0]}
			b, err := DataCheck(cfg, file, h.file, target)
			require.NoError(t, err)
			require.NotEmpty(t, prog.Program())
			dir := writeBundle(t, b)
			require.NoError(t, os.WriteFile(filepath.Join(dir, h.file), h.data(), 0o644))
			t.Log(runProgram(t, dir, target))
			require.NoFileExists(t, filepath.Join(dir, "PWNED"))
			require.NoFileExists(t, filepath.Join(dir, "x.csv"))
			clean, rejected, report, agg := FileOutputs(h.file)
			for _, f := range []string{clean, rejected, report, agg} {
				sameFile(t, dir, f)
			}
		})
	}
}

// mdCode quotes any text as Markdown code, backticks and line breaks
// included, and noteText escapes what would break a note.
func TestMdCodeQuotesAnyText(t *testing.T) {
	assert.Equal(t, "`a`", mdCode("a"))
	assert.Equal(t, "`` a`b ``", mdCode("a`b"))
	assert.Equal(t, "`` `a ``", mdCode("`a"))
	assert.Equal(t, "`a\\nb`", mdCode("a\nb"))
	assert.Equal(t, "x\\u2028y\\u202e\\xff", noteText("x\u2028y\u202e\xff"))
	assert.True(t, bytes.Equal([]byte("plain text"), []byte(noteText("plain text"))))
}

// Every block of every template ends as code when read by the lexer that
// finds comments (a block ending inside a string would make it misplace
// the comments of every block placed after it), and the lexer finds the
// comments the templates hold.
func TestLexerReadsTheTemplates(t *testing.T) {
	for _, target := range Targets {
		d, err := dialectFor(target)
		require.NoError(t, err)
		comments := 0
		for name, src := range d.blocks {
			lx := lexer{lang: d.comment}
			for _, line := range strings.SplitAfter(src, "\n") {
				lx.read(line)
				if strings.HasPrefix(strings.TrimSpace(line), d.comment) && lx.state == inCode {
					comments++
				}
			}
			require.Equal(t, inCode, lx.state, "%s: block %q ends inside a string or comment", target, name)
		}
		require.Greater(t, comments, 20, target)
	}
	for _, tc := range []struct {
		lang, code string
		want       int
	}{
		{"#", `x = "a#b" + `, inCode}, {"#", `x = 1  # `, inComment}, {"#", `x = """a'b"c`, inString}, {"#", `x = "a\"#`, inString},
		{"--", `SELECT 'a''--' || `, inCode}, {"--", `SELECT "x--""y" -- `, inComment}, {"--", "/* a\n-- */ x ", inCode},
		{"//", "x := `a\\` + ", inCode}, {"//", `x := "//\"" // `, inComment}, {"//", `r := '"' + `, inCode},
	} {
		lx := lexer{lang: tc.lang}
		lx.read(tc.code)
		assert.Equal(t, tc.want, lx.state, "%s", tc.code)
	}
}

// A learner's file named like a file of the bundle (pipeline.py holding
// Python that is also CSV) is read under another name: copied in as the
// README says, it replaces nothing, and the program that runs is the
// export's.
func TestFileNamedLikeTheProgram(t *testing.T) {
	data := "x,y,z=1,2,3\n__import__(\"os\").system(\"touch PWNED\"),0,0,0,0\n"
	file, err := table.ReadCSV([]byte(data), table.CSVOptions{})
	require.NoError(t, err)
	for _, name := range []string{"pipeline.py", "PIPELINE.PY", "pipeline.sql", "main.go", "go.mod", "README.md", "expected"} {
		for _, target := range Targets {
			b, err := DataCheckProgram(core.DataCheckConfig{Samples: 5}, file, name, target)
			require.NoError(t, err)
			require.Equal(t, "data_"+core.SafeFileName(name), b.Input)
			require.True(t, b.Renamed)
			for _, f := range b.Files {
				require.NotEqual(t, strings.ToLower(b.Input), strings.ToLower(f.Name), target)
			}
		}
	}
	b, err := DataCheck(core.DataCheckConfig{Samples: 5}, file, "pipeline.py", Pandas)
	require.NoError(t, err)
	dir := writeBundle(t, b)
	require.NoError(t, os.WriteFile(filepath.Join(dir, b.Input), []byte(data), 0o644))
	runProgram(t, dir, Pandas)
	require.NoFileExists(t, filepath.Join(dir, "PWNED"))
}
