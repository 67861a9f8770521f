package quality

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ingestkit/playground/core/table"
	"github.com/ingestkit/playground/core/workload"
)

// cutTable returns t's rows in parts that end at the given rows.
func cutTable(t *table.Table, ends ...int) []*table.Table {
	var parts []*table.Table
	from := 0
	for _, end := range append(ends, t.Len()) {
		idx := make([]int, 0, end-from)
		for i := from; i < end; i++ {
			idx = append(idx, i)
		}
		parts = append(parts, t.Take(idx))
		from = end
	}
	return parts
}

// requireSameReport asserts two reports are the same, field for field.
func requireSameReport(t *testing.T, want, got *Report, msg ...any) {
	t.Helper()
	w, err := json.Marshal(want)
	require.NoError(t, err)
	g, err := json.Marshal(got)
	require.NoError(t, err)
	require.JSONEq(t, string(w), string(g), msg...)
	require.Equal(t, want.Rejected, got.Rejected, msg...)
}

// Every rule kind, checked over a table in parts, reports what Check of the
// whole table reports: failures, samples (rows, lines, values, reasons),
// statuses decided with "mostly" over the whole, the rows to quarantine
// and why, the funnel, the dataset checks, and values repeated across parts.
func TestCheckPartsEqualsCheck(t *testing.T) {
	rules, err := Parse(`id unique
warn: id not null
qty > 0
price between 0.5 and 100 mostly 0.5
email matches "^[^@]+@[^@]+$"
when is date
code length <= 4
ok = true
ts not in future
qty in (1, 3, 5) mostly 0.2
code not in ("A", "ABC")
price is number
row_count between 1 and 5
duplicate_count(id) = 0
warn: duplicate_count(qty) <= 1
freshness(ts) < 400d
freshness(when) <= 1000d`)
	require.NoError(t, err)
	tab := ruleTable()
	opts := Options{Now: start2024 + 30*table.Day, Samples: 2}
	want, err := Check(tab, rules, opts)
	require.NoError(t, err)
	for a := 0; a <= tab.Len(); a++ {
		for b := a; b <= tab.Len(); b++ {
			got, err := CheckParts(cutTable(tab, a, b), rules, opts)
			require.NoError(t, err)
			requireSameReport(t, want, got, "cut at %d and %d", a, b)
		}
	}
	// A binding error is Check's.
	bad, _ := Parse("nope not null")
	_, werr := Check(tab, bad, opts)
	_, gerr := CheckParts(cutTable(tab, 2), bad, opts)
	require.Equal(t, werr, gerr)
}

// A sales file with repeated ids and customers, in parts.
func TestCheckPartsOfAFile(t *testing.T) {
	data := workload.W1(30_000, 3)
	res, err := table.ReadCSV(data, table.CSVOptions{Shared: true})
	require.NoError(t, err)
	rules, err := Parse(`order_id unique
customer_id unique mostly 0.01
price not null
quantity > 0
category in ("Electronics", "Books", "Home", "Toys", "Garden") mostly 0.9
warn: price between 1 and 500
duplicate_count(customer_id) < 100
order_date not in future`)
	require.NoError(t, err)
	opts := Options{Now: 1_800_000_000_000}
	want, err := Check(res.Table, rules, opts)
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(1, 1))
	for range 5 {
		a := rng.IntN(30_000)
		b := a + rng.IntN(30_000-a)
		got, err := CheckParts(cutTable(res.Table, a, b), rules, opts)
		require.NoError(t, err)
		requireSameReport(t, want, got, "cut at %d and %d", a, b)
	}
}
