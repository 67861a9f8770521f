//go:build !js

package export

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fileSetup is a learner's file and how the page checks it.
type fileSetup struct {
	file  string               // in testdata/yourdata
	types map[string]core.Type // fixed by the learner
	cfg   core.FileCheckConfig
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
	now := core.DefaultStart + 90*core.Day
	plain := core.FileCheckConfig{Rules: yourRules, Now: now, Samples: 5}
	every := plain
	every.Standardize = core.Standardize{Trim: true, EmptyNulls: true, Timestamps: []string{"order_date"}, Money: []string{"unit_price", "line_total"},
		Case: []core.ColumnCase{{Column: "region", Mode: core.CaseTitle}, {Column: "product", Mode: core.CaseLower}}}
	every.Product = core.Product{A: "unit_price", B: "quantity", Name: "line_total"}
	every.DateParts = []string{"order_date"}
	every.GroupBy, every.Measure = "region", ""
	count := plain
	count.GroupBy = "product"
	count.Standardize = core.Standardize{Case: []core.ColumnCase{{Column: "product", Mode: core.CaseUpper}}}
	measure := plain
	measure.GroupBy, measure.Measure = "customer_code", "unit_price"
	measure.Standardize = core.Standardize{Trim: true}
	fixed := map[string]core.Type{"quantity": core.TypeInt}
	return map[string]fileSetup{
		"no options":       {"orders_export.csv", fixed, plain},
		"every option":     {"orders_export.csv", fixed, every},
		"count by product": {"orders_export.csv", fixed, count},
		"sum of a column":  {"orders_export.csv", fixed, measure},
	}
}

// testFile runs the Your data export to target on every setup: with the
// learner's file beside it, the program writes the engine's outputs.
func testFile(t *testing.T, target Target) {
	for name, st := range fileSetups() {
		t.Run(name, func(t *testing.T) {
			data, file := readSetupFile(t, st)
			b, err := FileCheck(st.cfg, file, st.file, target)
			require.NoError(t, err)
			assert.Nil(t, b.File(st.file), "the learner's file is not in the bundle")
			assert.Contains(t, string(b.File("README.md").Data), "Copy your file `"+st.file+"`")
			dir := writeBundle(t, b)
			require.NoError(t, os.WriteFile(filepath.Join(dir, st.file), data, 0o644))
			switch target {
			case Pandas:
				t.Log(runIn(t, dir, python, "pipeline.py"))
			case DuckDB:
				t.Log(runDuckDB(t, dir))
			case Beam:
				runBeam(t, dir)
			}
			clean, rejected, quality, agg := FileOutputs(st.file)
			for _, out := range []string{clean, rejected, quality} {
				sameFile(t, dir, out)
			}
			if st.cfg.GroupBy != "" {
				sameFile(t, dir, agg)
			}
		})
	}
}

func TestFilePandas(t *testing.T) { testFile(t, Pandas) }
func TestFileDuckDB(t *testing.T) { testFile(t, DuckDB) }
func TestFileBeam(t *testing.T)   { testFile(t, Beam) }

// readFile reads a setup's file as the page does.
func readSetupFile(t *testing.T, st fileSetup) ([]byte, *core.CSVResult) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata/yourdata", st.file))
	require.NoError(t, err)
	file, err := core.ReadCSV(data, core.CSVOptions{Types: st.types})
	require.NoError(t, err)
	return data, file
}

// The program shown on the page (made from one row) is the program in the
// download, and Beam's reads as gofmt writes Go.
func TestFileProgramIsTheDownloadedProgram(t *testing.T) {
	for name, st := range fileSetups() {
		_, file := readSetupFile(t, st)
		for _, target := range Targets {
			full, err := FileCheck(st.cfg, file, st.file, target)
			require.NoError(t, err)
			prog, err := FileCheckProgram(st.cfg, file, st.file, target)
			require.NoError(t, err)
			require.Equal(t, full.Program(), prog.Program(), "%s, %s", name, target)
			require.Equal(t, "file-"+string(target), full.Folder())
			clean, _, _, _ := FileOutputs(st.file)
			require.NotNil(t, full.File("expected/"+clean))
			require.Nil(t, prog.File("expected/"+clean), "no data in the program alone")
			if target == Beam {
				requireGofmt(t, full)
			}
		}
	}
}
