//go:build !js

package export

import (
	"bytes"
	"encoding/csv"
	"go/format"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/require"
)

// runFileBeam exports the check of a file (its bytes, read as the page
// reads them with types) to Beam, runs the program beside the file and
// requires the engine's outputs, byte for byte, and gofmt's layout.
func runFileBeam(t *testing.T, name string, data []byte, types map[string]table.Type, cfg core.DataCheckConfig) *Bundle {
	t.Helper()
	b := checkDataAs(t, Beam, name, string(data), types, cfg, "", nil)
	requireGofmt(t, b)
	return b
}

// Every dataset check, on no rows at all.
const noRowRules = `row_count > 0
warn: row_count < 10
qty not null
duplicate_count(id) = 0
freshness(day) < 30d
warn: freshness(day) <= 1d
`

// D8: a file with no readable row still gets its rule report, every rule's
// row in it (row_count > 0 fails with the engine's counts).
func TestBeamFixNoRows(t *testing.T) {
	t.Parallel()
	cfg := core.DataCheckConfig{Rules: noRowRules, Now: sales.DefaultStart, Samples: 5}
	qtyInt := map[string]table.Type{"qty": table.TypeInt}
	for name, c := range map[string]struct {
		data  string
		types map[string]table.Type
	}{
		"header only":      {"id,qty,day\n", qtyInt},
		"nothing readable": {"id,qty,day\n1,2\n2,3,2024-01-01,x\n", qtyInt},
		"no value fits":    {"id,qty,day\n1,one,2024-01-01\n2,two,2024-01-02\n", qtyInt},
		// (é, a UTF-8 character, makes it a UTF-8 file: read as Windows-1252
		// otherwise, its one record would be readable)
		"not UTF-8 at all": {"id,qty,day\n1,\xff\xc3\xa9,2024-01-01\n", nil},
	} {
		t.Run(name, func(t *testing.T) {
			b := runFileBeam(t, "empty.csv", []byte(c.data), c.types, cfg)
			_, _, report, _ := FileOutputs("empty.csv")
			want := string(b.File("expected/" + report).Data)
			require.Contains(t, want, "row_count > 0,reject,fail,0,0,0,0.00,\"row_count = 0; row_count must be > 0, got 0\"\n")
			require.Equal(t, 1+strings.Count(noRowRules, "\n"), strings.Count(want, "\n"))
		})
	}
}

// The rule report's dataset checks, passing, warning and failing, on a
// text date column and a timestamp column.
func TestBeamFixRuleReport(t *testing.T) {
	t.Parallel()
	orders, err := os.ReadFile("testdata/yourdata/orders_export.csv")
	require.NoError(t, err)
	sensor, err := os.ReadFile("testdata/yourdata/sensor_bom.csv")
	require.NoError(t, err)
	now := sales.DefaultStart + 90*core.Day
	for name, c := range map[string]struct {
		file  string
		data  []byte
		types map[string]table.Type
		rules string
		now   int64
	}{
		"orders": {"orders_export.csv", orders, map[string]table.Type{"quantity": table.TypeInt}, `row_count >= 1000
warn: row_count between 1 and 3
row_count < 100
duplicate_count(order_id) = 0
warn: duplicate_count(customer_code) <= 1
duplicate_count(region) < 1000
freshness(order_date) < 1d
warn: freshness(order_date) <= 3650d
freshness(note) < 30d
warn: freshness(product) < 30d
quantity > 0 mostly 0.5
warn: unit_price not null
customer_code matches "^\d{5}$"
order_id unique
`, now},
		"sensor": {"sensor_bom.csv", sensor, map[string]table.Type{"ok": table.TypeBool}, `freshness(taken_at) < 12h
warn: freshness(taken_at) < 1h
freshness(taken_at) <= 90d
duplicate_count(station) between 0 and 1
temp_c between -30 and 35
`, 1719792000000},
	} {
		t.Run(name, func(t *testing.T) {
			b := runFileBeam(t, c.file, c.data, c.types, core.DataCheckConfig{Rules: c.rules, Now: c.now, Samples: 5})
			_, _, report, _ := FileOutputs(c.file)
			want := string(b.File("expected/" + report).Data)
			require.True(t, strings.HasPrefix(strings.TrimPrefix(want, "\ufeff"), "rule,severity,status,checked,nulls,failures,failure_pct,observed"), want)
			require.Contains(t, want, "latest ")
		})
	}
}

// D10: the ETL program reads its input's nulls (the empty cells the page
// writes for its generated nulls) whatever the standardize step's null
// tokens; those tokens make text null in the clean output only.
func TestBeamFixETLNullTokens(t *testing.T) {
	t.Parallel()
	for name, tokens := range map[string][]string{"none": {}, "a dash": {"-"}, "North and Books": {"North", "Books", "-"}} {
		t.Run(name, func(t *testing.T) {
			cfg := core.DefaultETLConfig()
			cfg.Standardize.NullTokens = tokens
			cfg.Rules += "warn: region not null\n"
			b, err := ETL(cfg, Beam)
			require.NoError(t, err)
			require.Regexp(t, `price not null,fail,\d+,\d+,[1-9]`, string(b.File("expected/"+ETLQuality).Data))
			dir := runExport(t, b)
			sameFile(t, dir, ETLClean)
			sameFile(t, dir, ETLRejected)
			sameFile(t, dir, ETLQuality)
		})
	}
}

// D11: every Beam program reads as gofmt writes it — with no rules, with
// column names in any script and of any length (gofmt aligns a table's
// values counting characters, and stops aligning where one key is much
// longer or shorter than the ones before).
func TestBeamFixGofmt(t *testing.T) {
	noRules := core.DefaultETLConfig()
	noRules.Rules = ""
	for _, cfg := range append([]core.ETLConfig{noRules}, mapValues(etlSetups())...) {
		b, err := ETLProgram(cfg, Beam)
		require.NoError(t, err)
		requireGofmt(t, b)
	}
	for name, st := range fileSetups() {
		_, file := readSetupFile(t, st)
		for _, rules := range []string{st.cfg.Rules, ""} {
			cfg := st.cfg
			cfg.Rules = rules
			b, err := DataCheckProgram(cfg, file, filepath.Base(st.file), Beam)
			require.NoError(t, err, name)
			requireGofmt(t, b)
		}
	}
	long := "a_very_long_column_name_of_sixty_characters_____________________"
	fixed := [][]string{
		{"é", "id"}, {"名前", "id", "qty"}, {"id", "名前"}, {long, "id"}, {"id", long}, {"a", "b", long, "c", "d"},
		{"a", "bb", "ccc", long, long + "x", "é", "名前", "x"}, {strings.Repeat("é", 45), "a", strings.Repeat("名", 30)},
		{"a", strings.Repeat("é", 41), strings.Repeat("e", 41)}, {"tab\there", "new\nline", "quote\"d", "ünï", "🙂"},
	}
	for _, names := range fixed {
		gofmtFile(t, names)
	}
	// Random names: lengths from 1 to 120 characters, in scripts whose
	// characters take 1 to 4 bytes, with now and then an escaped one.
	scripts := [][]rune{[]rune("abcdefghijklmnopqrstuvwxyz_0123456789"), []rune("éüñçàøß"), []rune("名前東京数量価格"), []rune("🙂🚀"),
		[]rune("\t\"\\"), []rune("αβγδ")}
	rng := rand.New(rand.NewPCG(11, 12))
	for range 400 {
		n := 2 + rng.IntN(8)
		seen := map[string]bool{}
		var names []string
		for len(names) < n {
			var b strings.Builder
			size := 1 + rng.IntN(8)
			if rng.IntN(3) == 0 {
				size = 1 + rng.IntN(120)
			}
			for range size {
				s := scripts[rng.IntN(len(scripts))]
				if rng.IntN(4) > 0 {
					s = scripts[0]
				}
				b.WriteRune(s[rng.IntN(len(s))])
			}
			name := b.String()
			if name = strings.TrimSpace(name); name != "" && !seen[name] {
				seen[name] = true
				names = append(names, name)
			}
		}
		gofmtFile(t, names)
	}
}

// gofmtFile makes a file with the columns names (a text column, an
// integer, a decimal and a date, in turn) and requires its Beam program,
// with no rules and with a rule on every column, to be as gofmt writes it.
func gofmtFile(t *testing.T, names []string) {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	values := []string{"x", "1", "2.5", "2024-01-02"}
	row := make([]string, len(names))
	for i := range names {
		row[i] = values[i%len(values)]
	}
	require.NoError(t, w.WriteAll([][]string{names, row, row}))
	file, err := table.ReadCSV(buf.Bytes(), table.CSVOptions{})
	require.NoError(t, err)
	var rules strings.Builder
	for _, c := range file.Table.Cols {
		rules.WriteString(quality.ColumnText(c.Name) + " not null\n")
	}
	rules.WriteString("row_count > 0\n")
	for _, r := range []string{"", rules.String()} {
		b, err := DataCheckProgram(core.DataCheckConfig{Rules: r, Samples: 5}, file, "cols.csv", Beam)
		require.NoError(t, err, "%q", names)
		if src, err := format.Source([]byte(b.Program())); err != nil || string(src) != b.Program() {
			requireGofmt(t, b)
			t.Fatalf("the columns %q: gofmt changes the program", names)
		}
	}
}

func mapValues[K comparable, V any](m map[K]V) []V {
	var out []V
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
