package table

import (
	"bytes"
	"flag"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core/internal/testhook"
	"github.com/ingestkit/playground/core/workload"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMain turns on the writer's check of the rows it copies from their
// file (testhook.VerifyFileRuns) for every test of the package; benchmarks
// measure the writer without it.
func TestMain(m *testing.M) {
	flag.Parse()
	if b := flag.Lookup("test.bench"); b == nil || b.Value.String() == "" {
		testhook.VerifyFileRuns = true
	}
	os.Exit(m.Run())
}

// formatted is t with every column cut from its file: the writer formats
// each cell.
func formatted(t *Table) *Table {
	cols := make([]*Column, len(t.Cols))
	for i, c := range t.Cols {
		cc := *c
		cc.file = nil
		cols[i] = &cc
	}
	out := mustTable(t.Name, cols...)
	out.Lines = t.Lines
	return out
}

// copiedRows counts the rows of t the writer copies from their file.
func copiedRows(t *Table, opts CSVWriteOptions) int {
	w := newCSVWriter(t, opts)
	if len(w.runs) == 0 {
		return 0
	}
	n := 0
	for i := 0; i < t.Len(); i++ {
		if _, ok := w.copyRow(nil, i); ok {
			n++
		}
	}
	return n
}

func TestWriterCopiesUntouchedCells(t *testing.T) {
	data := workload.W1(2000, 7)
	res, err := ReadCSV(data, CSVOptions{Shared: true})
	require.NoError(t, err)
	quoted := bytes.Count(data, []byte(`"`)) / 2
	require.Positive(t, quoted, "W1 has quoted products")

	// The file as read: one run of every column, every row without quotes
	// copied, the file's bytes back.
	runs := planFileRuns(res.Table, false)
	require.Len(t, runs, 1)
	assert.Equal(t, fileRun{rows: res.Table.Cols[0].file, col: 0, first: 0, last: 7}, runs[0])
	assert.Equal(t, res.Table.Len()-quoted, copiedRows(res.Table, CSVWriteOptions{}))
	assert.Equal(t, string(data), string(AppendCSV(nil, res.Table, res.WriteOptions())))

	// W1's check, the table's part of it: the rows that pass taken,
	// category (4) and region (7) re-cased, revenue and date parts added;
	// the rest is copied in two runs, and written as when formatted.
	price, qty := res.Table.Col("price"), res.Table.Col("quantity")
	var keep []int
	for i := range res.Table.Len() {
		if !price.IsNull(i) && !qty.IsNull(i) && qty.Int[i] > 0 {
			keep = append(keep, i)
		}
	}
	out := struct{ Clean *Table }{res.Table.Take(keep)}
	_, err = StandardizeTable(out.Clean, Standardize{Trim: true, NullTokens: DefaultNullTokens, Case: []ColumnCase{{"category", CaseTitle}, {"region", CaseUpper}}})
	require.NoError(t, err)
	_, err = EnrichTable(out.Clean, Enrich{Revenue: true, Price: "price", Quantity: "quantity"})
	require.NoError(t, err)
	_, err = AddDateParts(out.Clean, "order_date", "order_date_")
	require.NoError(t, err)
	runs = planFileRuns(out.Clean, false)
	require.Len(t, runs, 2)
	assert.Equal(t, [][3]int{{0, 0, 3}, {5, 5, 6}}, [][3]int{{runs[0].col, runs[0].first, runs[0].last}, {runs[1].col, runs[1].first, runs[1].last}})
	assert.Greater(t, copiedRows(out.Clean, CSVWriteOptions{}), out.Clean.Len()*9/10)
	assert.Equal(t, string(AppendCSV(nil, formatted(out.Clean), res.WriteOptions())), string(AppendCSV(nil, out.Clean, res.WriteOptions())))
	var piecewise bytes.Buffer
	require.NoError(t, WriteCSV(&piecewise, out.Clean, res.WriteOptions()))
	assert.Equal(t, string(AppendCSV(nil, out.Clean, res.WriteOptions())), piecewise.String())
}

// Every way a cell can stop being the file's bytes, and every record the
// writer cannot copy, writes what formatting each cell writes.
func TestWriterCopiesOnlyWhatIsTheFiles(t *testing.T) {
	long := strings.Repeat("x", 300)
	files := map[string]string{
		"plain":          "id,name,price,when\n1,ann,2.50,2024-01-02\n2,bob,NA,2024-01-03\n3,  cy ,3.1,2024-01-04T05:06:07Z\n",
		"quotes":         "id,name,price\n1,\"a, b\",2.50\n2,\"say \"\"hi\"\"\",1\n3,c,4\n",
		"crlf":           "id,name,price\r\n1,ann,2.50\r\n2,bob,3.00\r\n",
		"lone cr":        "id,name,price\r1,ann,2.50\r2,bob,3.00\r",
		"stray cr":       "id,name,price\n1,a\rb,2.50\n2,bob,3.00\n",
		"stray lf":       "id,name,price\r1,a\nb,2.50\r2,bob,3.00\r",
		"no last eol":    "id,name,price\n1,ann,2.50\n2,bob,3.00",
		"long row":       "id,name,price\n1," + long + ",2.50\n2,bob,3.00\n",
		"bom":            "\xef\xbb\xbfid,name,price\n1,ann,2.50\n",
		"formula":        "id,name,price\n1,=SUM(A1),2.50\n2,+1,3\n",
		"nulls":          "id,name,price\n1,NA,\n2,null,N/A\n3,x,1.5\n",
		"spaced numbers": "id,name,price\n 1,a, 2.50\n2,b,3.00 \n",
	}
	edits := map[string]func(*Table) *Table{
		"as read": func(t *Table) *Table { return t },
		"reordered": func(t *Table) *Table {
			return mustTable("r", t.Cols[2], t.Cols[0], t.Cols[1])
		},
		"reversed rows": func(t *Table) *Table {
			idx := make([]int, t.Len())
			for i := range idx {
				idx[i] = t.Len() - 1 - i
			}
			return t.Take(idx)
		},
		"taken twice": func(t *Table) *Table {
			idx := make([]int, t.Len())
			for i := range idx {
				idx[i] = t.Len() - 1 - i
			}
			r := t.Take(idx)
			return r.Take(idx[len(idx)/2:]).TakeInPlace([]int{0})
		},
		"every other row": func(t *Table) *Table {
			var idx []int
			for i := 0; i < t.Len(); i += 2 {
				idx = append(idx, i)
			}
			return t.TakeInPlace(idx)
		},
		"standardized": func(t *Table) *Table {
			_, err := StandardizeTable(t, Standardize{Trim: true, EmptyNulls: true, Case: []ColumnCase{{Column: "name", Mode: CaseUpper}}})
			if err != nil {
				panic(err)
			}
			return t
		},
		"a null set": func(t *Table) *Table {
			for _, c := range t.Cols {
				c.SetNull(0)
			}
			return t
		},
		"column taken alone": func(t *Table) *Table {
			idx := []int{0}
			return mustTable("one", t.Cols[0].Take(idx), t.Cols[1].Take(idx))
		},
	}
	for fname, text := range files {
		for ename, edit := range edits {
			for _, shared := range []bool{false, true} {
				res, err := ReadCSV([]byte(text), CSVOptions{Shared: shared})
				require.NoError(t, err, fname)
				tab := edit(res.Table)
				for _, guard := range []bool{false, true} {
					opts := res.WriteOptions()
					opts.FormulaGuard = guard
					assert.Equal(t, string(AppendCSV(nil, formatted(tab), opts)), string(AppendCSV(nil, tab, opts)), "%s, %s, shared %v, guard %v", fname, ename, shared, guard)
				}
			}
		}
	}
	// Copied rows where they can be, none where they cannot.
	count := func(text string) int {
		res, err := ReadCSV([]byte(text), CSVOptions{})
		require.NoError(t, err)
		return copiedRows(res.Table, res.WriteOptions())
	}
	assert.Equal(t, 3, count(files["plain"]))
	assert.Equal(t, 1, count(files["quotes"]))
	assert.Equal(t, 2, count(files["crlf"]))
	assert.Equal(t, 2, count(files["lone cr"]))
	assert.Equal(t, 0, count(files["stray cr"]))
	assert.Equal(t, 0, count(files["stray lf"]))
	assert.Equal(t, 2, count(files["no last eol"]))
	assert.Equal(t, 1, count(files["long row"]))

	// Under the formula guard a text column is copied unless the guard
	// changes one of its cells.
	spans := func(text string, guard bool) [][2]int {
		res, err := ReadCSV([]byte(text), CSVOptions{})
		require.NoError(t, err)
		var out [][2]int
		for _, r := range planFileRuns(res.Table, guard) {
			out = append(out, [2]int{r.first, r.last})
		}
		return out
	}
	assert.Equal(t, [][2]int{{0, 3}}, spans(files["plain"], true))
	assert.Equal(t, [][2]int{{0, 2}}, spans(files["formula"], false))
	assert.Equal(t, [][2]int{{0, 0}, {2, 2}}, spans(files["formula"], true))
}

// A file with only numbers, read without Shared, is not kept alive by its
// columns: the writer formats them.
func TestNumbersOnlyFileIsNotKept(t *testing.T) {
	res, err := ReadCSV([]byte("a,b\n1,2\n3,4\n"), CSVOptions{})
	require.NoError(t, err)
	assert.Nil(t, res.Table.Cols[0].file)
	res, err = ReadCSV([]byte("a,b\n1,2\n3,4\n"), CSVOptions{Shared: true})
	require.NoError(t, err)
	assert.NotNil(t, res.Table.Cols[0].file)
}

// Rows taken, compacted and taken again keep the line their record was
// read from, in a tidy file (no Lines kept) as in one with blank lines.
func TestTakenRowsKeepTheirLines(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, text := range []string{"a,b\n1,x\n2,y\n3,z\n4,w\n5,v\n", "a,b\n1,x\n\n2,y\n3,\"z\nz\"\n4,w\n\n5,v\n"} {
		res, err := ReadCSV([]byte(text), CSVOptions{})
		require.NoError(t, err)
		want := lineNumbers(res.Table)
		for range 200 {
			rows := []int{0, 1, 2, 3, 4}
			tab := res.Table.Take(rows) // compact changes the table it is given
			for range 3 {
				if len(rows) == 0 {
					break
				}
				var idx []int
				for j := range rows {
					if rng.IntN(3) > 0 {
						idx = append(idx, j)
					}
				}
				if rng.IntN(2) == 0 {
					tab = tab.Take(idx)
				} else {
					tab = tab.TakeInPlace(idx)
				}
				next := make([]int, len(idx))
				for j, i := range idx {
					next[j] = rows[i]
				}
				rows = next
				for j, r := range rows {
					require.Equal(t, want[r], tab.Line(j))
					require.Equal(t, res.Table.Col("a").Int[r], tab.Col("a").Int[j])
				}
				require.Equal(t, string(AppendCSV(nil, formatted(tab), res.WriteOptions())), string(AppendCSV(nil, tab, res.WriteOptions())))
			}
		}
	}
}

// WriteCSV streams the same bytes as AppendCSV, also past its 1 MiB
// pieces: for a table cut from its file (rows copied) and for the same
// table formatted cell by cell, with and without CRLF and formula guards.
func TestWriteCSVStreamsAppendCSVBytes(t *testing.T) {
	res, err := ReadCSV(workload.W1(30_000, 5), CSVOptions{})
	require.NoError(t, err)
	for _, tab := range []*Table{res.Table, formatted(res.Table)} {
		for _, opts := range []CSVWriteOptions{{}, {CRLF: true, FormulaGuard: true}} {
			var buf bytes.Buffer
			require.NoError(t, WriteCSV(&buf, tab, opts))
			want := AppendCSV(nil, tab, opts)
			require.Greater(t, len(want), 1<<20)
			require.Equal(t, want, buf.Bytes())
		}
	}
}
