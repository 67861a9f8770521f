//go:build !js

package export

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/require"
)

// checkData exports the check of a file (text data, read as the page
// reads it with types fixed) to target, runs the program with the file
// beside it, and requires every output to be the engine's, byte for byte.
//
// When named is not empty, the bundle's README must name the difference
// (it holds named) and want, when not nil, gives each output as the
// target writes it from the engine's.
func checkData(t *testing.T, target Target, data string, types map[string]table.Type, cfg core.DataCheckConfig, named string, want func(string) string) {
	t.Helper()
	checkDataAs(t, target, "in.csv", data, types, cfg, named, want)
}

// checkDataAs is checkData for a file called name; it returns the bundle.
func checkDataAs(t *testing.T, target Target, name, data string, types map[string]table.Type, cfg core.DataCheckConfig,
	named string, want func(string) string) *Bundle {
	t.Helper()
	file, err := table.ReadCSV([]byte(data), table.CSVOptions{Types: types})
	require.NoError(t, err)
	if cfg.Samples == 0 {
		cfg.Samples = 5
	}
	b, err := DataCheck(cfg, file, name, target)
	require.NoError(t, err)
	dir := writeBundle(t, b)
	require.NoError(t, os.WriteFile(filepath.Join(dir, b.Input), []byte(data), 0o644))
	if named != "" {
		require.Contains(t, string(b.File("README.md").Data), named, "the README names the difference")
		if want == nil {
			tryProgram(t, dir, target) // it may stop with an error, as the README says
			return b
		}
	}
	out := runProgram(t, dir, target)
	for _, f := range b.Files {
		if name, ok := strings.CutPrefix(f.Name, "expected/"); ok {
			got, err := os.ReadFile(filepath.Join(dir, name))
			require.NoError(t, err, "%s: the program wrote no %s\n%s", target, name, out)
			exp := string(f.Data)
			if want != nil {
				exp = want(exp)
			}
			require.Equal(t, exp, string(got), "%s: %s differs from the engine's", target, name)
		}
	}
	return b
}

// The reproductions, each on every target it names.
func TestExportFixtures(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		data    string
		types   map[string]table.Type
		cfg     core.DataCheckConfig
		targets []Target
		named   map[Target]string // the README names a difference
		want    func(string) string
	}{
		{"D1 product of two integer columns", "a,b\n1,2\n3,-4\n", nil,
			core.DataCheckConfig{Product: core.Product{A: "a", B: "b", Name: "ab"}}, Targets, nil, nil},
		{"a product past the largest integer", "a,b\n3037000500,3037000500\n2,3\n", nil,
			core.DataCheckConfig{Product: core.Product{A: "a", B: "b", Name: "ab"}, GroupBy: "b", Measure: "ab"}, Targets, nil, nil},
		{"a key named like an aggregate's column", "rows,m,Total_m\n1,2,x\n1,4,y\n", nil, core.DataCheckConfig{GroupBy: "rows", Measure: "m"}, Targets, nil, nil},
		{"a key named like the count", "Orders,m\n1,2\n1,4\n", nil, core.DataCheckConfig{GroupBy: "Orders"}, Targets, nil, nil},
		{"D2 no null tokens", "a,b\n1,\nNA,2\n", nil,
			core.DataCheckConfig{Rules: "b not null\n", Standardize: table.Standardize{NullTokens: []string{}}}, Targets, nil, nil},
		{"D2 other null tokens, every standardize option", "a,b,c\n1,,x\n NA ,2, - \n-,3,NULL\n", nil,
			core.DataCheckConfig{Rules: "b not null\n", Standardize: table.Standardize{NullTokens: []string{"-"}, Trim: true, EmptyNulls: true,
				Case: []table.ColumnCase{{Column: "c", Mode: table.CaseUpper}}}}, Targets,
			map[Target]string{Pandas: `Null tokens other than the page's ("-")`, DuckDB: "Null tokens other", Beam: "Null tokens other"}, nil},
		{"D3 upper and title case of ß", "w\nstraße\nßtraße groß\nẞ\n", nil,
			core.DataCheckConfig{Standardize: table.Standardize{Case: []table.ColumnCase{{Column: "w", Mode: table.CaseUpper}}}}, Targets, nil, nil},
		{"D3 title case of ß", "w\nßtraße groß\nstraße\n", nil,
			core.DataCheckConfig{Standardize: table.Standardize{Case: []table.ColumnCase{{Column: "w", Mode: table.CaseTitle}}}}, Targets, nil, nil},
		{"D4 a cell holding #", "id,name\n1,Doe #80\n2,#\n", nil, core.DataCheckConfig{}, Targets,
			map[Target]string{DuckDB: "holds `#`"}, func(s string) string { return requoteHash(s, ',') }},
		{"D6 a space before a quote", "a,b\n1, \"x\"\n2,y\n", nil, core.DataCheckConfig{}, Targets,
			map[Target]string{DuckDB: "starts with a space and then a quote", Beam: "starts with a space and then a quote"}, nil},
		{"D5 the null group first", "k,amt\nb,1\n,2\na,3\n", nil, core.DataCheckConfig{GroupBy: "k", Measure: "amt"}, Targets, nil, nil},
		{"D5 the null group first, counted", "k,amt\nb,1\n,2\na,3\nNA,4\n", nil, core.DataCheckConfig{GroupBy: "k"}, Targets, nil, nil},
		{"D7 (?i) folds Unicode letters", "city\nÄrhus\narhus\nÉcole\nécole\n\u212a\nk\nſ\ns\nẞ\nß\n", nil,
			core.DataCheckConfig{Rules: "warn: city matches \"(?i)^ä\"\nwarn: city matches \"(?i)^É\"\nwarn: city matches \"(?i)^k$\"\n" +
				"warn: city matches \"(?i)^s$\"\nwarn: city matches \"(?i)^ß$\"\ncity matches \"(?i)^(ä|é|k|s|ß)\"\n"}, Targets, nil, nil},
		{"(?i) and the dotted and dotless i", "v\ni\nI\nİ\nı\n", nil, core.DataCheckConfig{Rules: "v matches \"(?i)^i$\"\n"}, Targets,
			map[Target]string{Pandas: "also match `İ` and `ı`"}, nil},
		{"a product past the largest number", "a,b\n1e200,1e200\n2,3\n", nil, core.DataCheckConfig{Product: core.Product{A: "a", B: "b", Name: "ab"}}, Targets,
			map[Target]string{Pandas: "written `inf` here", DuckDB: "written `inf` here"}, nil},
		{"DuckDB's pattern rewrites", "v\na\n\n", nil, core.DataCheckConfig{Rules: "warn: v matches \"$$\"\nwarn: v matches \"a^\"\n"}, Targets,
			map[Target]string{DuckDB: "rewrites a few patterns"}, nil},
		{"money of 1e100", "m\n1e100\n2.5\n", nil, core.DataCheckConfig{Standardize: table.Standardize{Money: []string{"m"}}}, Targets,
			map[Target]string{DuckDB: "more than 17 significant digits"}, nil},
		{"D9 x{,2} is literal text", "v\nx{,2}\nx\nxx\n", nil, core.DataCheckConfig{Rules: `v matches "^x{,2}$"` + "\n"}, Targets, nil, nil},
		{"old Mac file with line feeds in quotes", "id,note\r1,\"line1\nline2\"\r2,plain\r3,\"a\nb\"\r", nil,
			core.DataCheckConfig{Rules: "id > 1\n"}, Targets, nil, nil},
		{"old Mac file with a CRLF in quotes", "id,note\r1,\"line1\r\nline2\"\r2,plain\r3,\"a\r\nb\"\r", nil,
			core.DataCheckConfig{Rules: "id > 1\n"}, Targets, map[Target]string{Beam: "line end inside quotes"}, nil},
		{"a lone CR outside quotes in an LF file", "a,b\n1,u\rv\n2,z\n", nil, core.DataCheckConfig{}, Targets,
			map[Target]string{Pandas: "carriage return alone", DuckDB: "carriage return alone"}, nil},
		{"lone CR in a cell and a header of an LF file", "\"a\rb\",c\n\"x\ry\",2\n", nil, core.DataCheckConfig{}, Targets, nil, nil},
	}
	for _, tc := range cases {
		for _, target := range tc.targets {
			t.Run(tc.name+"/"+string(target), func(t *testing.T) {
				named, want := tc.named[target], tc.want
				if named == "" {
					want = nil
				}
				checkData(t, target, tc.data, tc.types, tc.cfg, named, want)
			})
		}
	}
}

// Column names DuckDB's script cannot hold — its own _row and line, names
// that differ only in case — are refused with a message that says what to
// do; pandas and Beam run them and give the engine's bytes.
func TestDuckDBRefusesNamesItCannotHold(t *testing.T) {
	for _, data := range []string{"line,b\n1,x\n2,y\n", "_row,b\na,x\nb,y\n", "id,ID,Name\n1,2,x\n", "LINE,b\n1,x\n"} {
		file, err := table.ReadCSV([]byte(data), table.CSVOptions{})
		require.NoError(t, err)
		_, err = DataCheckProgram(core.DataCheckConfig{Samples: 5}, file, "in.csv", DuckDB)
		require.ErrorIs(t, err, ErrNotExportable, data)
		require.Contains(t, err.Error(), "export to pandas or Beam", data)
		for _, target := range []Target{Pandas, Beam} {
			t.Run(fmt.Sprintf("%q/%s", data, target), func(t *testing.T) {
				checkData(t, target, data, nil, core.DataCheckConfig{Rules: "row_count > 0\n"}, "", nil)
			})
		}
	}
}
