//go:build !js

package export

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/require"
)

// A differential test of the Your data exports: random small files (column
// count, types, nulls and null spellings, quoting, line breaks inside
// quotes, ß, İ, combining marks, leading zeros, exponents, zone offsets)
// with random checks (every rule kind, warn: and mostly, standardize
// options, a product, date parts, an aggregate) run through each target;
// every output must be the engine's, byte for byte, or differ only as the
// bundle's README says. DIFF_CASES cases per target (20 unless set), from
// DIFF_SEED (a fixed seed unless set; DIFF_SEED=random draws one, and the
// seed is printed so that any run can be replayed).

// diffCell is one random cell of a column of a kind.
func diffCell(rng *rand.Rand, kind string) string {
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	if rng.IntN(9) == 0 {
		return pick("", "NA", "null", "N/A", "NULL", " NA ")
	}
	if rng.IntN(40) == 0 {
		return pick("n/a", "oops", "12a", "-", "1,5")
	}
	switch kind {
	case "int":
		return pick("0", "7", "-3", "42", "1200", "+5", " 8", "99999999", "-0")
	case "dec":
		return pick("12.5", "-0.25", "3", "1e3", "2.50", "0.005", "1.005", "-7.125", "100", "2.675", "1E-2", "0.1")
	case "code":
		return pick("00501", "01999", "00042", "12345", "00000")
	case "date":
		return pick("2024-03-05", "2024-03-05T14:07:00Z", "03/06/2024", "7 Mar 2024", "2024-03-05T14:07:00+02:00",
			"2024-02-29 23:59:59", "2023-12-31T23:00:00.250Z", "2024-13-01", "1999-01-01")
	case "bool":
		return pick("true", "false", "TRUE", "False")
	}
	return pick("North", "south", " East ", "Straße", "groß", "İstanbul", "ıi", "e\u0301cole", "Ärhus", "Doe #80", "a,b",
		`say "hi"`, "two\nlines", "ΟΔΟΣ", "ǆemal", "ﬁle", "x{,2}", "007", "O'Brien", "'quoted'", "tab\there", "=1+2", "-dash",
		"ok", "OK", "k", "\u212a", "ſ", "x", "xx")
}

// csvQuote quotes a field of a file separated by sep when it needs it, and
// sometimes when it does not; with stray, a field whose only reason for
// quotes is a quote that is not its first character is written bare (5"
// screen), as some files do.
func csvQuote(rng *rand.Rand, s string, sep byte, stray bool) string {
	needs := strings.ContainsAny(s, string(sep)+"\n\r") || strings.HasPrefix(s, `"`)
	if stray && !needs && strings.Contains(s, `"`) {
		return s
	}
	if needs || strings.Contains(s, `"`) || rng.IntN(6) == 0 {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// diffDialect is how a random file of the differential test is written.
type diffDialect struct {
	sep      byte
	decComma bool // decimals with a decimal comma (not in a comma file)
	cp1252   bool // Windows-1252 text
	sepLine  bool // Excel's sep= first line
	stray    bool // stray quotes bare
}

// to1252 is s in Windows-1252, or false when a character has no byte there.
func to1252(s string) (string, bool) {
	var b []byte
	for _, r := range s {
		switch k := slices.Index(cp1252High[:], r); {
		case r < 0x80 || r >= 0xA0 && r <= 0xFF:
			b = append(b, byte(r))
		case k >= 0:
			b = append(b, byte(0x80+k))
		default:
			return "", false
		}
	}
	return string(b), true
}

type diffCase struct {
	data  string
	types map[string]table.Type
	cfg   core.DataCheckConfig
	sep   byte
	what  string
}

// diffFile makes a random file and a random check of it.
func diffFile(t *testing.T, rng *rand.Rand) diffCase {
	kinds := []string{"text", "int", "dec", "code", "date", "bool"}
	ncol := 2 + rng.IntN(5)
	names := []string{"id", "name", "qty", "price", "when", "flag", "city", "note", "Unit Price", "größe", "k"}
	rng.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	colKinds := make([]string, ncol)
	for i := range colKinds {
		colKinds[i] = kinds[rng.IntN(len(kinds))]
	}
	eol := []string{"\n", "\r\n"}[rng.IntN(2)]
	dia := diffDialect{sep: []byte{',', ',', ';', '\t', '|'}[rng.IntN(5)], cp1252: rng.IntN(5) == 0, sepLine: rng.IntN(6) == 0, stray: rng.IntN(3) == 0}
	dia.decComma = dia.sep != ',' && rng.IntN(2) == 0
	cell := func(kind string) string {
		v := diffCell(rng, kind)
		if dia.decComma && kind == "dec" {
			v = strings.Replace(v, ".", ",", 1)
		}
		if dia.cp1252 {
			if _, ok := to1252(v); !ok {
				v = "Ærø €5"
			}
		}
		return v
	}
	var b strings.Builder
	if !dia.cp1252 && rng.IntN(8) == 0 {
		b.WriteString("\ufeff")
	}
	if dia.sepLine {
		b.WriteString("sep=" + string(dia.sep) + eol)
	}
	for i := 0; i < ncol; i++ {
		if i > 0 {
			b.WriteByte(dia.sep)
		}
		b.WriteString(csvQuote(rng, names[i], dia.sep, dia.stray))
	}
	b.WriteString(eol)
	rows := 3 + rng.IntN(14)
	for r := 0; r < rows; r++ {
		for i := 0; i < ncol; i++ {
			if i > 0 {
				b.WriteByte(dia.sep)
			}
			b.WriteString(csvQuote(rng, cell(colKinds[i]), dia.sep, dia.stray))
		}
		if rng.IntN(30) == 0 {
			b.WriteString(string(dia.sep) + "extra") // a ragged record: unreadable
		}
		if r < rows-1 || rng.IntN(3) > 0 {
			b.WriteString(eol)
		}
	}
	data := b.String()
	if dia.cp1252 {
		var ok bool
		data, ok = to1252(data)
		require.True(t, ok, "%q", data)
	}
	file, err := table.ReadCSV([]byte(data), table.CSVOptions{})
	require.NoError(t, err, "%q", data)
	tab := file.Table
	var text, nums, dates, all []string
	for _, c := range tab.Cols {
		all = append(all, c.Name)
		switch c.Type {
		case table.TypeString:
			text = append(text, c.Name)
		case table.TypeInt, table.TypeDecimal:
			nums = append(nums, c.Name)
		case table.TypeTimestamp:
			dates = append(dates, c.Name)
		}
		if c.Type == table.TypeString && tab.Col(c.Name).Str != nil {
			for _, v := range tab.Col(c.Name).Str {
				if _, _, ok := table.ParseTimestamp(v); ok && rng.IntN(2) == 0 {
					dates = append(dates, c.Name) // a text column of dates
					break
				}
			}
		}
	}
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	col := func(xs []string) string { return quality.ColumnText(pick(xs)) }
	var rules []string
	add := func(format string, args ...any) {
		prefix := []string{"", "", "warn: ", "reject: "}[rng.IntN(4)]
		suffix := ""
		if rng.IntN(6) == 0 {
			suffix = " mostly " + []string{"0.5", "0.9", "0.01"}[rng.IntN(3)]
		}
		rules = append(rules, prefix+fmt.Sprintf(format, args...)+suffix)
	}
	for n := 1 + rng.IntN(6); n > 0; n-- {
		switch k := rng.IntN(16); {
		case k == 0:
			add("%s not null", col(all))
		case k == 1:
			add("%s unique", col(all))
		case k == 2 && len(nums) > 0:
			add("%s %s %s", col(nums), pick([]string{"=", "!=", "<", "<=", ">", ">="}), pick([]string{"0", "5", "-1", "2.5", "100"}))
		case k == 3 && len(nums) > 0:
			add("%s between %s and %s", col(nums), pick([]string{"-1", "0", "1.5"}), pick([]string{"10", "100", "1e3"}))
		case k == 4 && len(text) > 0:
			add("%s in (%q, %q, %q)", col(text), diffCell(rng, "text"), "North", "ok")
		case k == 5 && len(text) > 0:
			add("%s not in (%q, \"x\")", col(text), diffCell(rng, "text"))
		case k == 6 && len(text) > 0:
			add("%s matches %s", col(text), strconv.Quote(pick([]string{`^[A-Z]`, `(?i)^ä`, `(?i)^s`, `(?i)k$`, `\d+`, `^x{,2}$`, `^\w+$`, `[.]`, `^(?i:ok)$`, `ß`})))
		case k == 7 && len(text) > 0:
			add("%s length %s", col(text), pick([]string{"<= 5", "between 2 and 6", "> 3", "= 2"}))
		case k == 8:
			add("%s is number", col(all))
		case k == 9:
			add("%s is integer", col(all))
		case k == 10:
			add("%s is date", col(all))
		case k == 11 && len(dates) > 0:
			add("%s not in future", col(dates))
		case k == 12:
			add("row_count %s", pick([]string{"> 0", "between 1 and 5", ">= 10", "= 3"}))
		case k == 13:
			add("duplicate_count(%s) %s", col(all), pick([]string{"= 0", "<= 2"}))
		case k == 14 && len(dates) > 0:
			add("freshness(%s) %s", col(dates), pick([]string{"< 1d", "<= 400d", "< 3650d"}))
		case k == 15 && len(text) > 0:
			add("%s = %q", col(text), diffCell(rng, "text"))
		}
	}
	cfg := core.DataCheckConfig{Rules: strings.Join(rules, "\n") + "\n", Now: sales.DefaultStart + 90*core.Day, Samples: 5}
	st := &cfg.Standardize
	st.Trim, st.EmptyNulls = rng.IntN(3) == 0, rng.IntN(3) == 0
	for _, c := range text {
		if rng.IntN(3) == 0 {
			st.Case = append(st.Case, table.ColumnCase{Column: c, Mode: pick([]string{table.CaseLower, table.CaseUpper, table.CaseTitle})})
		}
	}
	for _, c := range dates {
		if rng.IntN(2) == 0 && !strings.Contains(strings.Join(st.Timestamps, "\x00"), c) {
			st.Timestamps = append(st.Timestamps, c)
		}
	}
	for _, c := range tab.Cols {
		if c.Type == table.TypeDecimal && rng.IntN(2) == 0 {
			st.Money = append(st.Money, c.Name)
		}
	}
	if len(nums) >= 2 && rng.IntN(2) == 0 {
		cfg.Product = core.Product{A: nums[0], B: nums[1], Name: "product_" + strconv.Itoa(rng.IntN(100))}
	}
	if len(dates) > 0 && rng.IntN(3) == 0 {
		cfg.DateParts = []string{dates[0]}
	}
	if rng.IntN(2) == 0 {
		cfg.GroupBy = pick(all)
		if len(nums) > 0 && rng.IntN(2) == 0 {
			cfg.Measure = pick(nums)
		}
	}
	return diffCase{data: data, cfg: cfg, sep: dia.sep, what: fmt.Sprintf("file %q (%s), rules %q, config %+v", data, file.Dialect(), cfg.Rules, cfg)}
}

func TestDifferentialExports(t *testing.T) {
	seed := uint64(20261206)
	switch s := os.Getenv("DIFF_SEED"); s {
	case "":
	case "random":
		seed = rand.Uint64()
	default:
		var err error
		seed, err = strconv.ParseUint(s, 10, 64)
		require.NoError(t, err)
	}
	n := 20
	if s := os.Getenv("DIFF_CASES"); s != "" {
		var err error
		n, err = strconv.Atoi(s)
		require.NoError(t, err)
	}
	t.Logf("DIFF_SEED=%d DIFF_CASES=%d", seed, n)
	rng := rand.New(rand.NewPCG(seed, 21))
	var cases []diffCase
	for len(cases) < n {
		c := diffFile(t, rng)
		file, err := table.ReadCSV([]byte(c.data), table.CSVOptions{})
		require.NoError(t, err)
		if _, err := core.RunDataCheck(c.cfg, file); err != nil {
			continue // a check the engine refuses (a rule on a column of another type): not exported either
		}
		cases = append(cases, c)
	}
	for _, target := range Targets {
		for i, c := range cases {
			t.Run(fmt.Sprintf("%s/%d", target, i), func(t *testing.T) {
				file, err := table.ReadCSV([]byte(c.data), table.CSVOptions{})
				require.NoError(t, err)
				b, err := DataCheck(c.cfg, file, "in.csv", target)
				require.NoError(t, err, c.what)
				dir := writeBundle(t, b)
				require.NoError(t, os.WriteFile(filepath.Join(dir, "in.csv"), []byte(c.data), 0o644))
				out, runErr := dialectRun(t, dir, b) // (DuckDB: through its run command where it converts)
				require.NoError(t, runErr, "%s\n%s", c.what, out)
				readme := string(b.File("README.md").Data)
				for _, f := range b.Files {
					name, ok := strings.CutPrefix(f.Name, "expected/")
					if !ok {
						continue
					}
					got, err := os.ReadFile(filepath.Join(dir, name))
					require.NoError(t, err, "%s: no %s\n%s", c.what, name, out)
					want := string(f.Data)
					if target == DuckDB && strings.Contains(readme, hashQuoted) {
						want = requoteHash(want, c.sep)
					}
					have := string(got)
					if requotes(readme) {
						want, have = unquoteOptional(want, c.sep), unquoteOptional(have, c.sep)
					}
					require.Equal(t, want, have, "%s: %s differs\n%s\nprogram output:\n%s", target, name, c.what, out)
				}
			})
		}
	}
}

// requoteHash quotes every field of a CSV text that holds # and is not
// quoted (DuckDB 1.5's writer does: see hashQuoted).
func requoteHash(s string, sep byte) string {
	var out strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '"' { // a quoted field, as it is
			j := i + 1
			for j < len(s) && !(s[j] == '"' && (j+1 == len(s) || s[j+1] != '"')) {
				if s[j] == '"' {
					j++
				}
				j++
			}
			out.WriteString(s[i : j+1])
			i = j + 1
			continue
		}
		j := i
		for j < len(s) && s[j] != sep && s[j] != '\n' && s[j] != '\r' {
			j++
		}
		if f := s[i:j]; strings.Contains(f, "#") {
			out.WriteString(`"` + f + `"`)
		} else {
			out.WriteString(f)
		}
		if j < len(s) {
			out.WriteByte(s[j])
		}
		i = j + 1
	}
	return out.String()
}

// requotes reports whether a bundle's README names a difference in which
// fields are quoted (quoteExceptions: cells quoted otherwise than their
// column; quoteStyleDuckDB: DuckDB's writer quotes only where needed).
func requotes(readme string) bool {
	return strings.Contains(readme, quoteExceptions) || strings.Contains(readme, quoteStyleDuckDB) ||
		strings.Contains(readme, quoteStrayDuckDB) || strings.Contains(readme, quoteCommasDuckDB)
}

// unquoteOptional removes the quotes of every field of a CSV text (fields
// separated by sep) that needs none: one without the separator, a quote or
// a line break; and quotes a field that holds a quote bare. Two texts that
// differ only in such quotes (the named differences of requotes) are equal
// after it; any other difference stays.
func unquoteOptional(s string, sep byte) string {
	var out strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '"' {
			j := i + 1
			for j < len(s) && !(s[j] == '"' && (j+1 == len(s) || s[j+1] != '"')) {
				if s[j] == '"' {
					j++
				}
				j++
			}
			field := s[i:min(j+1, len(s))]
			inner := strings.ReplaceAll(strings.TrimSuffix(field[1:], `"`), `""`, `"`)
			if strings.ContainsAny(inner, string(sep)+"\"\r\n") {
				out.WriteString(field)
			} else {
				out.WriteString(inner)
			}
			i = j + 1
			if i < len(s) {
				out.WriteByte(s[i])
				i++
			}
			continue
		}
		j := i
		for j < len(s) && s[j] != sep && s[j] != '\n' {
			j++
		}
		if f := strings.TrimSuffix(s[i:j], "\r"); strings.Contains(f, `"`) { // a stray quote
			out.WriteString(`"` + strings.ReplaceAll(f, `"`, `""`) + `"` + s[i+len(f):min(j+1, len(s))])
		} else {
			out.WriteString(s[i:min(j+1, len(s))])
		}
		i = j + 1
	}
	return out.String()
}
