//go:build !js

package export

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/require"
)

// Files quoted more than they need (R's write.csv, Python's QUOTE_ALL), a
// repaired header, cells quoted here and there, \N nulls in a tab dump and
// a Windows-1252 file downloaded as UTF-8: each program writes the page's
// bytes, or its README names the difference and the outputs differ only
// so.
func TestQuoteStylesAndDumps(t *testing.T) {
	unquote := func(sep byte) func(string) string { return func(s string) string { return unquoteOptional(s, sep) } }
	styled := map[Target]string{DuckDB: quoteStyleDuckDB}
	cases := []struct {
		name  string
		data  string
		cfg   core.DataCheckConfig
		named map[Target]string
		want  func(string) string
	}{
		{"R write.csv", "\"id\",\"name\",\"x\"\n1,\"Ana\",1.5\n2,NA,NA\n3,\"Bo\",2\n4,\"\",3\n",
			core.DataCheckConfig{Rules: "x > 1.6\n", GroupBy: "name", Measure: "x"}, styled, unquote(',')},
		{"QUOTE_ALL", "\"id\",\"name\",\"x\"\n\"1\",\"Ana\",\"1.5\"\n\"2\",\"\",\"\"\n\"3\",\"Bo\",\"2\"\n",
			core.DataCheckConfig{Rules: "name not null\n", Standardize: table.Standardize{Case: []table.ColumnCase{{Column: "name", Mode: table.CaseUpper}}}},
			styled, unquote(',')},
		{"semicolons, quoted text and decimal commas", "\"Name\";\"Preis\"\n\"Ä\";1,5\n\"B\";2,25\n\"C\";-3\n",
			core.DataCheckConfig{Rules: "Preis > 0\n"}, styled, unquote(';')},
		{"a repaired header", "\"\", id ,x,x\n1,2,3,4\n5,6,7,8\n", core.DataCheckConfig{Rules: "x > 3\n"}, styled, nil},
		{"one cell quoted", "a;b\n1;x\n2;\"y\"\n3;z\n", core.DataCheckConfig{Rules: "a > 1\n"},
			map[Target]string{Pandas: quoteExceptions, DuckDB: quoteExceptions, Beam: quoteExceptions}, unquote(';')},
		{`\N nulls in a tab dump`, "id\tname\tscore\n1\t\\N\t1.5\n2\tBo\t\\N\n3\t\t2\n4\tCy\t3\n",
			core.DataCheckConfig{Rules: "name not null\nwarn: score > 1\n", GroupBy: "name"}, nil, nil},
		{`\N nulls written empty`, "id\tname\tscore\n1\t\\N\t1.5\n2\tBo\t\\N\n",
			core.DataCheckConfig{Standardize: table.Standardize{EmptyNulls: true}}, nil, nil},
	}
	for _, c := range cases {
		for _, target := range Targets {
			t.Run(c.name+"/"+string(target), func(t *testing.T) {
				named, want := c.named[target], c.want
				if named == "" {
					want = nil
				}
				checkData(t, target, c.data, nil, c.cfg, named, want)
			})
		}
	}
}

// A Windows-1252 file downloaded as UTF-8 (DataCheckConfig.WriteUTF8): the
// programs read it as Windows-1252 and write UTF-8, as the page does.
func TestWriteUTF8(t *testing.T) {
	data := "sep=;\r\nName;Preis;Notiz\r\nK\xe4se;1,5;\x80 gro\xdf\r\n\x8apin;2,25;x\r\n\xb5m;3;\xfc\r\n"
	cfg := core.DataCheckConfig{Rules: "Preis > 1.6\n", WriteUTF8: true, GroupBy: "Notiz", Measure: "Preis",
		Standardize: table.Standardize{Case: []table.ColumnCase{{Column: "Name", Mode: table.CaseUpper}}}}
	file, err := table.ReadCSV([]byte(data), table.CSVOptions{})
	require.NoError(t, err)
	require.Equal(t, table.EncodingWindows1252, file.Encoding)
	for _, target := range Targets {
		t.Run(string(target), func(t *testing.T) {
			cfg.Samples = 5
			b, err := DataCheck(cfg, file, "in.csv", target)
			require.NoError(t, err)
			clean := string(b.File("expected/in_clean.csv").Data)
			require.Contains(t, clean, "ŠPIN", "the clean file is UTF-8")
			require.True(t, strings.HasPrefix(clean, "\ufeffsep=;\r\n"), "with a byte order mark, for Excel: %q", clean[:min(len(clean), 20)])
			require.Contains(t, clean, "ΜM", "µ upper-cased, which Windows-1252 cannot write")
			dir := writeBundle(t, b)
			require.NoError(t, os.WriteFile(filepath.Join(dir, b.Input), []byte(data), 0o644))
			out, err := dialectRun(t, dir, b)
			require.NoError(t, err, out)
			for _, f := range b.Files {
				if name, ok := strings.CutPrefix(f.Name, "expected/"); ok {
					got, err := os.ReadFile(filepath.Join(dir, name))
					require.NoError(t, err, "%s: the program wrote no %s\n%s", target, name, out)
					require.Equal(t, string(f.Data), string(got), "%s: %s differs from the engine's", target, name)
				}
			}
		})
	}
}
