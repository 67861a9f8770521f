package quality

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ingestkit/playground/core/table"
	"github.com/ingestkit/playground/core/workload"
)

// checkThroughMessages checks parts as engines that share no memory do,
// and returns the leader's report and the rows the parts quarantined,
// numbered across the parts, with their reasons.
func checkThroughMessages(t *testing.T, parts []*table.Table, rules []Rule, opts Options) (*Report, []RowFailure, error) {
	t.Helper()
	pcs := make([]*PartCheck, len(parts))
	msgs := make([][]byte, len(parts))
	for k, p := range parts {
		pc, msg, err := CheckPart(p, rules, opts)
		if err != nil {
			return nil, nil, err
		}
		pcs[k], msgs[k] = pc, slices.Clone(msg)
	}
	rep, verdict, err := LeadCheck(rules, opts, msgs)
	require.NoError(t, err)
	var rows []RowFailure
	first := 0
	for k, pc := range pcs {
		got, err := pc.Rejected(slices.Clone(verdict))
		require.NoError(t, err)
		for _, f := range got {
			f.Row += first
			rows = append(rows, f)
		}
		first += parts[k].Len()
	}
	return rep, rows, nil
}

// Every rule kind but those comparing values across rows, checked in
// parts through messages, reports what Check of the whole reports; the
// parts quarantine Check's rows, for Check's reasons.
func TestCheckThroughMessagesEqualsCheck(t *testing.T) {
	rules, err := Parse(`warn: id not null
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
freshness(ts) < 400d
freshness(when) <= 1000d`)
	require.NoError(t, err)
	tab := ruleTable()
	for _, samples := range []int{1, 2, 20} {
		opts := Options{Now: start2024 + 30*table.Day, Samples: samples}
		want, err := Check(tab, rules, opts)
		require.NoError(t, err)
		wantRows := want.Rejected
		for a := 0; a <= tab.Len(); a++ {
			for b := a; b <= tab.Len(); b++ {
				got, rows, err := checkThroughMessages(t, cutTable(tab, a, b), rules, opts)
				require.NoError(t, err)
				require.Equal(t, wantRows, rows, "cut at %d and %d", a, b)
				requireSameReport(t, withoutReasons(want), got, "cut at %d and %d", a, b)
			}
		}
	}
}

func TestCheckThroughMessagesOfAFile(t *testing.T) {
	res, err := table.ReadCSV(workload.W1(30_000, 3), table.CSVOptions{Shared: true})
	require.NoError(t, err)
	rules, err := Parse(`price not null
quantity > 0
category in ("Electronics", "Books", "Home", "Toys", "Garden") mostly 0.9
warn: price between 1 and 500
order_date not in future`)
	require.NoError(t, err)
	opts := Options{Now: 1_800_000_000_000}
	want, err := Check(res.Table, rules, opts)
	require.NoError(t, err)
	got, rows, err := checkThroughMessages(t, cutTable(res.Table, 7_000, 19_000), rules, opts)
	require.NoError(t, err)
	require.Equal(t, want.Rejected, rows)
	requireSameReport(t, withoutReasons(want), got)
	// Rules comparing values across rows need the whole table.
	uniq, err := Parse("order_id unique")
	require.NoError(t, err)
	_, _, err = checkThroughMessages(t, cutTable(res.Table, 7_000), uniq, opts)
	require.ErrorIs(t, err, ErrWholeTable)
}

// A damaged message is an error.
func TestCheckMessagesDamaged(t *testing.T) {
	rules, err := Parse("qty > 0\nrow_count > 1")
	require.NoError(t, err)
	tab := ruleTable()
	pc, msg, err := CheckPart(tab, rules, Options{})
	require.NoError(t, err)
	for n := range len(msg) {
		_, _, err := LeadCheck(rules, Options{}, [][]byte{msg[:n]})
		require.Error(t, err, "cut at %d", n)
	}
	_, verdict, err := LeadCheck(rules, Options{}, [][]byte{msg})
	require.NoError(t, err)
	for n := range len(verdict) {
		_, err := pc.Rejected(verdict[:n])
		require.Error(t, err, "cut at %d", n)
	}
}

// withoutReasons is rep with its quarantined rows' codes, not their
// reasons, as LeadCheck's report gives them.
func withoutReasons(rep *Report) *Report {
	w := *rep
	w.Rejected = make([]RowFailure, len(rep.Rejected))
	for i, f := range rep.Rejected {
		w.Rejected[i] = RowFailure{Row: f.Row, Codes: f.Codes}
	}
	return &w
}
