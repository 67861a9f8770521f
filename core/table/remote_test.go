package table

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ingestkit/playground/core/internal/par"
)

// localParts are part engines in this process that share nothing with
// the leader: each reads its own copy of the file, and only messages
// (bytes) go between them.
type localParts struct {
	data  []byte
	opts  CSVOptions
	mu    sync.Mutex
	parts map[int]*Part
	res   map[int]*CSVResult
	calls []string
}

func (lp *localParts) call(i int, step string, msg []byte) ([]byte, error) {
	msg = slices.Clone(msg)
	lp.mu.Lock()
	lp.calls = append(lp.calls, fmt.Sprintf("%s %d", step, i))
	pt := lp.parts[i]
	lp.mu.Unlock()
	var out []byte
	var err error
	switch step {
	case "read":
		pt, out, err = ReadPart(slices.Clone(lp.data), lp.opts, msg, i)
		lp.mu.Lock()
		lp.parts[i] = pt
		lp.mu.Unlock()
	case "rescan":
		out, err = pt.Rescan(msg)
	case "finish":
		out, err = pt.Finish(msg)
	case "accept":
		var res *CSVResult
		res, err = pt.Accept(msg)
		lp.mu.Lock()
		lp.res[i] = res
		lp.mu.Unlock()
	default:
		err = fmt.Errorf("unknown step %q", step)
	}
	return slices.Clone(out), err
}

// requireSameRemote asserts that a file read in parts by engines that
// share no memory (ReadCSVRemote) gives each part ReadCSVParts' result,
// and the leader ReadCSV's result but for the rows.
func requireSameRemote(t *testing.T, data []byte, opts CSVOptions, parts int) {
	t.Helper()
	want, werr := ReadCSV(data, opts)
	rs, _ := ReadCSVParts(data, opts, parts)
	lp := &localParts{data: data, opts: opts, parts: map[int]*Part{}, res: map[int]*CSVResult{}}
	res, rows, ok, err := ReadCSVRemote(data, opts, parts, lp.call, par.Each)
	if werr != nil {
		require.Error(t, err)
		require.Equal(t, werr.Error(), err.Error())
		return
	}
	require.NoError(t, err)
	if !ok {
		require.Len(t, rs, 1, "%d parts of %q: %v", parts, clip(data), lp.calls)
		return
	}
	var got []*CSVResult
	for i, n := range rows {
		if n > 0 {
			got = append(got, lp.res[i])
			require.Equal(t, n, lp.res[i].Table.Len())
		} else {
			require.Nil(t, lp.res[i])
		}
	}
	require.Equal(t, rs, got, "%d parts of %q", parts, clip(data))
	// The leader's result is the file's, without the rows.
	head := *want
	head.Table = res.Table
	require.Equal(t, &head, res)
	require.Equal(t, want.Records(), res.Records()+sum(rows))
	for j, c := range want.Table.Cols {
		require.Equal(t, c.Name, res.Table.Cols[j].Name)
		require.Equal(t, c.Type, res.Table.Cols[j].Type)
		require.Equal(t, c.Scale, res.Table.Cols[j].Scale)
	}
	require.Zero(t, res.Table.Len())
}

func sum(v []int) int {
	n := 0
	for _, x := range v {
		n += x
	}
	return n
}

// Every file the tests know reads in parts in engines of their own as in
// one.
func TestReadCSVRemoteEqualsReadCSVParts(t *testing.T) {
	files := testFiles(t)
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			for _, opts := range []CSVOptions{{}, {Shared: true}, {Shared: true, Separator: ";"}, {Encoding: "windows-1252"}, {AllStrings: true}} {
				for _, parts := range []int{2, 3, 5, 16} {
					requireSameRemote(t, data, opts, parts)
				}
			}
		})
	}
}

// Damaged messages are errors, not panics.
func TestReadPartRefusesDamagedMessages(t *testing.T) {
	data := []byte("a;b\n1,5;x\n2,5;y\n3,5;z\n4,5;w\n")
	l, err := StartParts(data, CSVOptions{}, 2)
	require.NoError(t, err)
	plan := l.Plan()
	for n := range len(plan) {
		_, _, err := ReadPart(data, CSVOptions{}, plan[:n], 0)
		require.Error(t, err, "plan cut at %d", n)
	}
	_, _, err = ReadPart(data, CSVOptions{}, plan, 5)
	require.Error(t, err)
	pt, scan, err := ReadPart(data, CSVOptions{}, plan, 0)
	require.NoError(t, err)
	for n := range len(scan) {
		require.Error(t, l.Scanned(0, scan[:n]), "scan cut at %d", n)
	}
	require.NoError(t, l.Scanned(0, scan))
	_, scan1, err := ReadPart(data, CSVOptions{}, plan, 1)
	require.NoError(t, err)
	require.NoError(t, l.Scanned(1, scan1))
	dec := l.Decision()
	for n := range len(dec) {
		_, err := pt.Finish(dec[:n])
		if n > 0 {
			require.Error(t, err, "decision cut at %d", n)
		}
	}
	sum, err := pt.Finish(dec)
	require.NoError(t, err)
	for n := range len(sum) {
		require.Error(t, l.Finished(0, sum[:n]), "summary cut at %d", n)
	}
	_, err = pt.Rescan([]byte{0xff})
	require.Error(t, err)
	_, err = pt.Accept(nil)
	require.Error(t, err)
}
