//go:build !js

package export

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fileSetup is a learner's file and how the page checks it.
type fileSetup struct {
	file  string                // in testdata/yourdata
	types map[string]table.Type // fixed by the learner
	cfg   core.DataCheckConfig
}

const yourRules = `order_id unique
quantity > 0
unit_price not null
customer_code matches "^\d{5}$"
warn: region in ("North", "South", "East", "West")
order_date is date mostly 0.5
row_count >= 5
`

func fileSetups() map[string]fileSetup {
	now := sales.DefaultStart + 90*core.Day
	plain := core.DataCheckConfig{Rules: yourRules, Now: now, Samples: 5}
	every := plain
	every.Standardize = table.Standardize{Trim: true, EmptyNulls: true, Timestamps: []string{"order_date"}, Money: []string{"unit_price", "line_total"},
		Case: []table.ColumnCase{{Column: "region", Mode: table.CaseTitle}, {Column: "product", Mode: table.CaseLower}}}
	every.Product = core.Product{A: "unit_price", B: "quantity", Name: "line_total"}
	every.DateParts = []string{"order_date"}
	every.GroupBy, every.Measure = "region", ""
	count := plain
	count.GroupBy = "product"
	count.Standardize = table.Standardize{Case: []table.ColumnCase{{Column: "product", Mode: table.CaseUpper}}}
	measure := plain
	measure.GroupBy, measure.Measure = "customer_code", "unit_price"
	measure.Standardize = table.Standardize{Trim: true}
	fixed := map[string]table.Type{"quantity": table.TypeInt}
	sensorRules := "temp_c between -30 and 35\nstation not null\ntaken_at not in future\nwarn: comment length <= 12\n"
	sensor := core.DataCheckConfig{Rules: sensorRules, Now: 1719792000000, Samples: 5} // 2024-07-01
	sensorAll := sensor
	sensorAll.Standardize = table.Standardize{Trim: true, Timestamps: []string{"taken_at"}, Case: []table.ColumnCase{{Column: "station", Mode: table.CaseTitle}}}
	sensorAll.GroupBy, sensorAll.Measure = "station", "temp_c"
	sensorAll.DateParts = []string{"taken_at"}
	okBool := map[string]table.Type{"ok": table.TypeBool}
	// The page's sample: a byte order mark, a padded and a repeated column
	// name, two records that cannot be read.
	sample := core.DataCheckConfig{Rules: "Qty > 0\nCustomer not null\nZIP matches \"^[0-9]{5}$\"\n", Now: now, Samples: 5,
		Standardize: table.Standardize{Trim: true, Case: []table.ColumnCase{{Column: "Category", Mode: table.CaseTitle}}, Timestamps: []string{"Order Date"}},
		GroupBy:     "Category", Product: core.Product{A: "Unit Price", B: "Qty", Name: "amount"}}
	// Every dataset check, passing and failing: the rule report's observed
	// column (what each saw, and why it failed) and failure rates.
	dataset := plain
	dataset.Rules = "row_count > 1000\nwarn: duplicate_count(order_id) = 0\nduplicate_count(region) >= 0\nfreshness(order_date) < 1d\n" +
		"warn: freshness(region) < 30d\nfreshness(order_date) <= 3650d\nquantity > 2\nwarn: unit_price < 10 mostly 0.5\n"
	return map[string]fileSetup{
		"dataset checks":    {"orders_export.csv", fixed, dataset},
		"no options":        {"orders_export.csv", fixed, plain},
		"every option":      {"orders_export.csv", fixed, every},
		"count by product":  {"orders_export.csv", fixed, count},
		"sum of a column":   {"orders_export.csv", fixed, measure},
		"sensor, as read":   {"sensor_bom.csv", okBool, sensor},
		"the page's sample": {"../testdata/files/orders_messy.csv", nil, sample},
		"sensor, standard":  {"sensor_bom.csv", okBool, sensorAll},
	}
}

// testFile runs the Your data export to target on every setup: with the
// learner's file beside it, the program writes the engine's outputs.
func testFile(t *testing.T, target Target) {
	for name, st := range fileSetups() {
		t.Run(name, func(t *testing.T) {
			data, file := readSetupFile(t, st)
			name := filepath.Base(st.file)
			b, err := DataCheck(st.cfg, file, name, target)
			require.NoError(t, err)
			assert.Nil(t, b.File(name), "the learner's file is not in the bundle")
			assert.Contains(t, string(b.File("README.md").Data), "Copy your file `"+name+"`")
			dir := writeBundle(t, b)
			require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
			t.Log(runProgram(t, dir, target))
			clean, rejected, report, agg := FileOutputs(name)
			outs := []string{clean, rejected, report}
			if st.cfg.GroupBy != "" {
				outs = append(outs, agg)
			}
			readme := string(b.File("README.md").Data)
			if !requotes(readme) {
				for _, out := range outs {
					sameFile(t, dir, out)
				}
				return
			}
			// A named quoting difference (quoteExceptions, quoteStyleDuckDB):
			// the same text but for quotes that are not needed, and DuckDB's
			// header the columns' names (a repaired one as repaired).
			cfg := st.cfg
			cfg.Samples = 5
			res, err := core.RunDataCheck(cfg, file)
			require.NoError(t, err)
			tables := []*table.Table{res.Clean, res.Rejected, res.Report, res.Aggregate}
			dia := newFileDialect(target, file, cfg)
			for i, out := range outs {
				want, err := os.ReadFile(filepath.Join(dir, "expected", out))
				require.NoError(t, err)
				got, err := os.ReadFile(filepath.Join(dir, out))
				require.NoError(t, err)
				w := string(want)
				if target == DuckDB && strings.Contains(readme, quoteStyleDuckDB) {
					bom := strings.HasPrefix(w, "\ufeff")
					w = strings.TrimPrefix(w, "\ufeff")
					_, rest, _ := strings.Cut(w, file.LineEnd)
					w = dia.plainHeader(tables[i].Names()) + file.LineEnd + rest
					if bom {
						w = "\ufeff" + w
					}
				}
				require.Equal(t, unquoteOptional(w, dia.sep[0]), unquoteOptional(string(got), dia.sep[0]), "%s differs from the engine's", out)
			}
		})
	}
}

func TestFilePandas(t *testing.T) { t.Parallel(); testFile(t, Pandas) }
func TestFileDuckDB(t *testing.T) { t.Parallel(); testFile(t, DuckDB) }
func TestFileBeam(t *testing.T)   { t.Parallel(); testFile(t, Beam) }

// readFile reads a setup's file as the page does.
func readSetupFile(t *testing.T, st fileSetup) ([]byte, *table.CSVResult) {
	t.Helper()
	path := st.file
	if !strings.Contains(path, "/") {
		path = filepath.Join("testdata/yourdata", path)
	}
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	file, err := table.ReadCSV(data, table.CSVOptions{Types: st.types})
	require.NoError(t, err)
	return data, file
}

// The program shown on the page (made from one row) is the program in the
// download, and Beam's reads as gofmt writes Go.
func TestFileProgramIsTheDownloadedProgram(t *testing.T) {
	for name, st := range fileSetups() {
		_, file := readSetupFile(t, st)
		for _, target := range Targets {
			full, err := DataCheck(st.cfg, file, filepath.Base(st.file), target)
			require.NoError(t, err)
			prog, err := DataCheckProgram(st.cfg, file, filepath.Base(st.file), target)
			require.NoError(t, err)
			require.Equal(t, full.Program(), prog.Program(), "%s, %s", name, target)
			require.Equal(t, "data-"+string(target), full.Folder())
			clean, _, _, _ := FileOutputs(filepath.Base(st.file))
			require.NotNil(t, full.File("expected/"+clean))
			require.Nil(t, prog.File("expected/"+clean), "no data in the program alone")
			if target == Beam {
				requireGofmt(t, full)
			}
		}
	}
}

// Where a target reads a broken file differently from the page, the
// bundle's README says so, and this test holds each difference to what
// the README says.
func TestFileDifferences(t *testing.T) {
	type outcome struct{ clean, rejected, output string }
	for _, name := range []string{"broken_quote.csv", "open_quote.csv", "not_utf8.csv", "old_mac.csv", "crlf_in_quotes.csv"} {
		for _, target := range Targets {
			t.Run(name+"/"+string(target), func(t *testing.T) {
				data, err := os.ReadFile(filepath.Join("testdata/yourdata", name))
				require.NoError(t, err)
				file, err := table.ReadCSV(data, table.CSVOptions{Types: map[string]table.Type{"qty": table.TypeInt}})
				require.NoError(t, err)
				b, err := DataCheck(core.DataCheckConfig{Rules: "qty > 2\n", Samples: 5}, file, name, target)
				require.NoError(t, err)
				dir := writeBundle(t, b)
				require.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
				out, runErr := dialectRun(t, dir, b)
				clean, rejected, _, _ := FileOutputs(name)
				read := func(p string) string { b, _ := os.ReadFile(filepath.Join(dir, p)); return string(b) }
				want := outcome{read("expected/" + clean), read("expected/" + rejected), ""}
				got := outcome{read(clean), read(rejected), out}
				readme := string(b.File("README.md").Data)
				switch {
				case name == "open_quote.csv":
					// Every target's reader takes the rest of the file into the open field.
					require.NoError(t, runErr, out)
					require.Contains(t, readme, "never closes")
					require.Equal(t, "id,name,qty\n", got.clean)
					require.Contains(t, got.rejected, "\n3,unreadable,")
					require.Contains(t, got.rejected, "5,Ed,6\"\n", "the rest of the file is in the open record")
					require.Contains(t, want.clean, "5,Ed,6\n", "the page reads on after the open quote's line")
				case name == "broken_quote.csv" && target != Pandas:
					require.NoError(t, runErr, out)
					require.Contains(t, readme, "2,\"Bo\"b,3")
					require.Equal(t, strings.Replace(want.clean, "2,Bob,3\n", "", 1), got.clean)
					require.Contains(t, got.rejected, "\n3,unreadable,")
					require.Equal(t, strings.Count(want.rejected, "\n")+1, strings.Count(got.rejected, "\n"))
				case name == "crlf_in_quotes.csv" && target == Beam:
					require.NoError(t, runErr, out)
					require.Contains(t, readme, "line end inside quotes")
					require.Contains(t, want.clean, "\"two\r\nlines\"")
					require.Equal(t, strings.Replace(want.clean, "\"two\r\nlines\"", "\"two\nlines\"", 1), got.clean)
				case name == "not_utf8.csv":
					// No UTF-8 character of two bytes or more: the page reads it as
					// Windows-1252, and so does every program (DuckDB's through iconv).
					require.Equal(t, table.EncodingWindows1252, file.Encoding)
					require.NoError(t, runErr, out)
					require.Equal(t, want.clean, got.clean)
					require.Equal(t, want.rejected, got.rejected)
					if target == DuckDB {
						require.Contains(t, readme, "iconv -f LATIN1 -t UTF-8")
					}
				default:
					require.NoError(t, runErr, out)
					require.Equal(t, want.clean, got.clean)
					require.Equal(t, want.rejected, got.rejected)
				}
			})
		}
	}
}
