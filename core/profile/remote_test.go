package profile

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ingestkit/playground/core/table"
	"github.com/ingestkit/playground/core/workload"
)

// columnsThroughMessages profiles parts as engines that share no memory
// do: every step's result goes through its message.
func columnsThroughMessages(t *testing.T, parts []*table.Table, formats map[string]string) []Column {
	t.Helper()
	total := 0
	for _, p := range parts {
		total += p.Len()
	}
	ps, first := make([]*Part, len(parts)), 0
	for i, p := range parts {
		got, err := ReadPart(NewPart(p, first, total).Bytes())
		require.NoError(t, err)
		ps[i] = got
		first += p.Len()
	}
	m := Merge(ps)
	fs := make([]*Finished, len(parts))
	for i, p := range parts {
		mm, err := ReadMerged(m.Bytes())
		require.NoError(t, err)
		f, err := ReadFinished(ps[i].Finish(p, mm).Bytes(), m)
		require.NoError(t, err)
		fs[i] = f
	}
	return m.Columns(fs, formats)
}

func TestColumnsThroughMessagesEqualsColumns(t *testing.T) {
	res, err := table.ReadCSV(workload.W1(60_000, 2), table.CSVOptions{Shared: true})
	require.NoError(t, err)
	want := Columns(res.Table, res.Formats)
	for _, ends := range [][]int{{30_000}, {1, 2}, {10_000, 20_000, 59_999}} {
		require.Equal(t, want, columnsThroughMessages(t, cut(res.Table, ends...), res.Formats))
	}
	for _, data := range []string{"x,y\n-0.0,a\n0.0,\n,b\n-0.0,a\n", "x\n\n\n", "a,b,c\n1,true,2024-01-02\n2,,\n"} {
		res, err := table.ReadCSV([]byte(data), table.CSVOptions{})
		require.NoError(t, err)
		want := Columns(res.Table, res.Formats)
		for k := 0; k <= res.Table.Len(); k++ {
			require.Equal(t, want, columnsThroughMessages(t, cut(res.Table, k), res.Formats), "%q cut at %d", data, k)
		}
	}
}

// A damaged message is an error.
func TestProfileMessagesDamaged(t *testing.T) {
	res, err := table.ReadCSV([]byte("n,s,b\n1,x,true\n2,y,false\n,z,\n"), table.CSVOptions{})
	require.NoError(t, err)
	p := NewPart(res.Table, 0, 3)
	m := Merge([]*Part{p})
	f := p.Finish(res.Table, m)
	pb, mb, fb := p.Bytes(), m.Bytes(), f.Bytes()
	for n := range len(pb) {
		_, err := ReadPart(pb[:n])
		require.Error(t, err, "part cut at %d", n)
	}
	for n := range len(mb) {
		_, err := ReadMerged(mb[:n])
		require.Error(t, err, "merge cut at %d", n)
	}
	for n := range len(fb) {
		_, err := ReadFinished(fb[:n], m)
		require.Error(t, err, "finish cut at %d", n)
	}
}

// Suggestions from parts held apart (their samples joined) are the whole
// table's.
func TestSuggestRulesFromParts(t *testing.T) {
	res, err := table.ReadCSV(workload.W1(5_003, 4), table.CSVOptions{})
	require.NoError(t, err)
	prof := Columns(res.Table, res.Formats)
	want := SuggestRules(res.Table, prof)
	parts := cut(res.Table, 1_234, 2_500, 2_501)
	got := SuggestRulesFrom(prof, func(k int) []string {
		var vals []string
		first := 0
		for _, p := range parts {
			vals = append(vals, ShareSample(p.Cols[k], first, res.Table.Len())...)
			first += p.Len()
		}
		return vals
	})
	require.Equal(t, want, got)
	require.NotEmpty(t, want)
}
