package core

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ingestkit/playground/core/profile"
	"github.com/ingestkit/playground/core/table"
	"github.com/ingestkit/playground/core/workload"
)

// writeParts writes a table held in parts as one file.
func writeParts(parts []*table.Table, o table.CSVWriteOptions) string {
	var out []byte
	for i, t := range parts {
		o.RowsOnly = i > 0
		out = table.AppendCSV(out, t, o)
	}
	return string(out)
}

// requireSameCheck asserts that checking data read in parts gives what
// checking it whole gives: every figure, note and sample, the report and
// aggregate tables, and the clean and rejected files byte for byte; in
// one engine, and in engines that share no memory (requireSameRemoteCheck).
// It returns whether the file was read in more than one part.
func requireSameCheck(t *testing.T, cfg DataCheckConfig, data []byte, opts table.CSVOptions, parts int) bool {
	t.Helper()
	if requireSameRemoteCheck(t, cfg, data, opts, parts) {
		remoteRan++
	}
	checksRan++
	whole, err := table.ReadCSV(data, opts)
	require.NoError(t, err)
	want, werr := RunDataCheck(cfg, whole)
	rs, err := table.ReadCSVParts(data, opts, parts)
	require.NoError(t, err)
	got, gerr := RunDataCheckParts(cfg, rs)
	if werr != nil {
		require.Equal(t, werr, gerr)
		return len(rs) > 1
	}
	require.NoError(t, gerr)
	o := FileWriteOptions(whole, cfg)
	requireSameFigures(t, want, got, o)
	po := FileWriteOptions(rs[0], cfg)
	require.Equal(t, string(table.AppendCSV(nil, want.Clean, o)), writeParts(got.CleanParts, po))
	require.Equal(t, string(table.AppendCSV(nil, want.Rejected, o)), writeParts(got.RejectedParts, po))
	return len(rs) > 1
}

// requireSameFigures asserts that got's figures, notes and samples, and
// its report and aggregate tables written with o, are want's (step times
// aside).
func requireSameFigures(t *testing.T, want, got *DataCheckResult, o table.CSVWriteOptions) {
	t.Helper()
	for _, r := range []*DataCheckResult{want, got} {
		for i := range r.Steps {
			r.Steps[i].DurationMs = 0
		}
	}
	w, err := json.Marshal(want)
	require.NoError(t, err)
	g, err := json.Marshal(got)
	require.NoError(t, err)
	require.JSONEq(t, string(w), string(g))
	require.Equal(t, string(table.AppendCSV(nil, want.Report, o)), string(table.AppendCSV(nil, got.Report, o)))
	if want.Aggregate != nil {
		require.Equal(t, string(table.AppendCSV(nil, want.Aggregate, o)), string(table.AppendCSV(nil, got.Aggregate, o)))
	}
}

// fileConfig is a check that uses every step a file's columns allow:
// the rules profiling suggests, a product of two number columns, date
// parts, trimming, nulls, upper case, ISO dates, decimal points, money,
// and an aggregate by a text column.
func fileConfig(t *testing.T, res *table.CSVResult) DataCheckConfig {
	cfg := DataCheckConfig{Samples: 3, Now: 1_800_000_000_000, Standardize: table.Standardize{Trim: true, EmptyNulls: true, DecimalPoint: true, NullTokens: table.DefaultNullTokens}}
	cfg.Rules = strings.Join(profile.SuggestRules(res.Table, profile.Columns(res.Table, res.Formats)), "\n")
	var nums []string
	for _, c := range res.Table.Cols {
		switch {
		case c.Type.IsNumeric():
			nums = append(nums, c.Name)
			if c.Type == table.TypeDecimal && len(cfg.Standardize.Money) == 0 {
				cfg.Standardize.Money = []string{c.Name}
			}
		case c.Type == table.TypeString && cfg.GroupBy == "":
			cfg.GroupBy = c.Name
			cfg.Standardize.Case = []table.ColumnCase{{Column: c.Name, Mode: table.CaseUpper}}
		case c.Type == table.TypeTimestamp && len(cfg.DateParts) == 0:
			cfg.DateParts = []string{c.Name}
			cfg.Standardize.Timestamps = []string{c.Name}
		}
	}
	if len(nums) >= 2 {
		cfg.Product = Product{A: nums[0], B: nums[1], Name: "product"}
	}
	return cfg
}

// Every file the tests know, checked with every step it allows, in 2 to 5
// parts: the same result as checked whole.
func TestRunDataCheckPartsEqualsRunDataCheck(t *testing.T) {
	var files []string
	for _, g := range []string{"table/testdata/*/*.csv", "table/testdata/*/*.tsv", "export/testdata/*/*.csv", "export/testdata/*/*.tsv"} {
		m, err := filepath.Glob(g)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.Greater(t, len(files), 30)
	split := 0
	defer func() {
		t.Logf("%d of %d checks in more than one part", split, 8*len(files))
		require.Greater(t, split, len(files)/2, "files checked in more than one part")
	}()
	for _, name := range files {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(name)
			require.NoError(t, err)
			res, err := table.ReadCSV(data, table.CSVOptions{})
			if err != nil {
				return // a file the reader refuses: nothing to check
			}
			for _, cfg := range []DataCheckConfig{{Samples: 5}, fileConfig(t, res)} {
				for _, parts := range []int{2, 3, 5} {
					if requireSameCheck(t, cfg, data, table.CSVOptions{}, parts) {
						split++
					}
				}
			}
			// The file's rows 40 times over, in its dialect: parts of a
			// file that size agree on their columns more often.
			if res.Table.Len() > 0 {
				idx := make([]int, 0, 40*res.Table.Len())
				for range 40 {
					for i := range res.Table.Len() {
						idx = append(idx, i)
					}
				}
				big := table.AppendCSV(nil, res.Table.Take(idx), res.WriteOptions())
				for _, cfg := range []DataCheckConfig{{Samples: 5}, fileConfig(t, res)} {
					if requireSameCheck(t, cfg, big, table.CSVOptions{}, 4) {
						split++
					}
				}
			}
		})
	}
}

// The W1 check on a sales file in parts: the parts stand (they are not
// read again whole), and the results are the whole file's.
func TestRunDataCheckPartsOfASalesFile(t *testing.T) {
	data := workload.W1(20_000, 5)
	for _, parts := range []int{2, 3, 4} {
		require.True(t, requireSameCheck(t, W1Check, data, table.CSVOptions{Shared: true}, parts), "%d parts", parts)
	}
	res, err := table.ReadCSV(data, table.CSVOptions{})
	require.NoError(t, err)
	cfg := fileConfig(t, res)
	cfg.Rules += "\ncustomer_id unique mostly 0.1\nduplicate_count(customer_id) < 10"
	require.True(t, requireSameCheck(t, cfg, data, table.CSVOptions{}, 3))
	// In Windows-1252 with semicolons and decimal commas, a step making a
	// character the encoding lacks (µ upper-cased).
	sc := strings.NewReplacer("\"Cable, USB-C\"", "Cable µ", ",", ";", ".", ",").Replace(string(data))
	b := []byte(strings.ReplaceAll(sc, "µ", "\xb5"))
	cfg = DataCheckConfig{Samples: 3, Rules: "quantity > 0", Standardize: table.Standardize{Case: []table.ColumnCase{{Column: "product", Mode: table.CaseUpper}}},
		Product: Product{A: "price", B: "quantity"}, GroupBy: "region"}
	o := table.CSVOptions{Encoding: table.EncodingWindows1252}
	require.True(t, requireSameCheck(t, cfg, b, o, 3))
	res, err = table.ReadCSV(b, o)
	require.NoError(t, err)
	out, err := RunDataCheck(cfg, res)
	require.NoError(t, err)
	require.Contains(t, strings.Join(out.Steps[len(out.Steps)-1].Notes, " "), "Windows-1252 cannot write")
}

// Nulls written as empty cells: those a null token makes too, whether or
// not the column had nulls before, so that a row is written alike whatever
// the other rows hold (and whichever part it is in).
func TestEmptyNullsWriteARowAlike(t *testing.T) {
	cfg := DataCheckConfig{Samples: 1, Rules: "f != 1", Standardize: table.Standardize{EmptyNulls: true, NullTokens: table.DefaultNullTokens}}
	data := []byte("f,g\n1,NA\n2,\n2,x\n1,NA\n2,\n2,x\n3,NA\n")
	opts := table.CSVOptions{NullTokens: []string{"NA"}}
	for _, parts := range []int{2, 3} {
		requireSameCheck(t, cfg, data, opts, parts)
	}
	res, err := table.ReadCSV([]byte("f,g\n1,NA\n2,\n2,x\n"), opts)
	require.NoError(t, err)
	out, err := RunDataCheck(cfg, res)
	require.NoError(t, err)
	require.Equal(t, "f,g\n2,\n2,x\n", string(table.AppendCSV(nil, out.Clean, res.WriteOptions())))
	tab := []byte("f\tg\nNA\t\\N\nAAAA\t\nNA\t\nA\t\\N\n")
	cfg = DataCheckConfig{Samples: 1, Rules: "f not null", Standardize: table.Standardize{EmptyNulls: true, NullTokens: table.DefaultNullTokens}}
	requireSameCheck(t, cfg, tab, table.CSVOptions{NullTokens: []string{"NA", "\\N"}}, 2)
}

// FuzzRunDataCheckParts: any file, checked with every step its columns
// allow, in any number of parts, gives the whole check's results.
func FuzzRunDataCheckParts(f *testing.F) {
	for _, s := range []string{
		"id,price,qty,cat,when\n1,9.50,2,a,2024-01-05\n2,,1,B,2024-02-30\n3,4.00,0, a ,NA\n1,2.5,3,b,2024-01-06T10:00:00Z\n",
		"sep=;\r\nDatum;Preis;Menge\r\n31.12.2024;1.234,56;1.500\r\n01.01.2025;-0,25;2\r\n02.01.2025;3,5;NA\r\n",
		"a\tb\tc\n1\t\\N\t1,234.5\n2\tx\t3\n\\N\t\"y\"\t\n3\tx\t4\n",
		"\"\",\"id\",\"name\"\n\"1\",1,\"Ana\"\n\"2\",2,NA\n\"3\",3,\"\"\n\"4\",1,\"Bo\"\n",
		"f,g\n1,NA\n2,\n2,x\n1,NA\n2,\n2,x\n3,NA\n",
	} {
		f.Add([]byte(s), uint8(2))
	}
	f.Fuzz(func(t *testing.T, data []byte, parts uint8) {
		res, err := table.ReadCSV(data, table.CSVOptions{MaxLineBytes: 256})
		if err != nil || res.Table.Len() == 0 {
			return
		}
		for _, cfg := range []DataCheckConfig{{Samples: 2}, fileConfig(t, res)} {
			requireSameCheck(t, cfg, data, table.CSVOptions{MaxLineBytes: 256}, int(parts%7)+2)
		}
	})
}

// How many of requireSameCheck's checks ran in engines of their own.
var remoteRan, checksRan int
