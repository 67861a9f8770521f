package api

// A file held in parts loses nothing, as one engine's: refused files,
// unknown columns, making room, making it whole and memory refusals (found
// by a hostile review; each failed before its fix).

import (
	"bytes"
	"encoding/binary"
	"errors"
	"maps"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ingestkit/playground/core/workload"
)

func pooled(t *testing.T, budget int64) *Engine {
	old := PartsFrom
	PartsFrom = 1 << 10
	t.Cleanup(func() { PartsFrom = old })
	e := New()
	h := newLocalHelpers(2)
	if budget > 0 {
		e.Budget = budget
		for _, x := range h.engines {
			x.Budget = budget
		}
	}
	e.Helpers = h
	return e
}

// A refused new file drops the parts of the pooled file still "loaded".
func TestPartsRefusedFileBreaksPooledFile(t *testing.T) {
	e := pooled(t, 0)
	_, _, err := e.Call("loadData", map[string]any{"name": "a.csv", "data": workload.W1(4000, 1)})
	require.Nil(t, err)
	_, _, err = e.Call("loadData", map[string]any{"name": "b.png", "data": append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0, 1, 2}, 2000)...)})
	require.Contains(t, err.Message, "a.csv is still loaded")
	_, _, err = e.Call("rows", map[string]any{"table": "data_input", "limit": 5})
	require.Nil(t, err)
}

// types naming an unknown column: one engine refuses (config, "the file
// has no column"), the pool accepts it and drops the last check.
func TestPartsTypesUnknownColumn(t *testing.T) {
	e := pooled(t, 0)
	e.Call("loadData", map[string]any{"name": "a.csv", "data": workload.W1(4000, 1)})
	_, _, err := e.Call("loadData", map[string]any{"types": map[string]any{"nope": "integer"}})
	require.NotNil(t, err)
}

// A new file that fits only once the loaded one is dropped: one engine
// makes room and loads it; the pool refuses it ("a.csv is still loaded")
// and a.csv is broken too.
func TestPartsNoMakeRoomInPool(t *testing.T) {
	e := pooled(t, 4_400_000)
	e.Call("loadData", map[string]any{"name": "a.csv", "data": workload.W1(4000, 1)})
	_, _, err := e.Call("loadData", map[string]any{"name": "b.csv", "data": workload.W1(12000, 2)})
	require.Nil(t, err)
}

// An export (or a unique rule) makes the file whole with less memory
// than one engine had: the read is refused and the file unloaded, where
// one engine loads, checks and exports it. (Sorting, which once made it
// whole too, sorts in the parts.)
func TestPartsWholeUnloadsFile(t *testing.T) {
	e := pooled(t, 1_500_000)
	_, _, err := e.Call("loadData", map[string]any{"name": "a.csv", "data": workload.W1(4000, 1)})
	require.Nil(t, err)
	cfg := map[string]any{"rules": "price > 100"}
	_, _, err = e.Call("checkData", map[string]any{"config": cfg})
	require.Nil(t, err)
	_, _, err = e.Call("rows", map[string]any{"table": "data_clean", "limit": 5, "sort": "price"})
	require.Nil(t, err)
	require.NotNil(t, e.file.parted)
	_, _, err = e.Call("export", map[string]any{"pattern": "data", "target": "pandas", "config": cfg})
	require.Nil(t, err)
	require.Nil(t, e.file.parted)
}

// failingHelpers fail one method, as a helper that crashed would.
// (With damage, they answer it with a message claiming 2^28 nulls.)
type failingHelpers struct {
	*localHelpers
	method string
	damage bool
}

func (h failingHelpers) Call(i int, method string, args map[string]any) (map[string]any, error) {
	if method == h.method && h.damage {
		return map[string]any{"msg": binary.AppendVarint([]byte{0, 0}, 1<<28)}, nil
	}
	if method == h.method {
		return nil, errors.New("the helper stopped")
	}
	return h.localHelpers.Call(i, method, args)
}

// A helper that fails a sort, or answers it with a damaged message (a
// count of nulls its part does not hold): the file is made whole and
// sorted there, the page the one engine's; a table the sort has no key
// for (a NaN, which no read makes) would go the same way.
func TestPartsSortFallsBackToWhole(t *testing.T) {
	for _, damage := range []bool{false, true} {
		sortFallsBackToWhole(t, damage)
	}
}

func sortFallsBackToWhole(t *testing.T, damage bool) {
	one, e := New(), pooled(t, 0)
	e.Helpers = failingHelpers{e.Helpers.(*localHelpers), "partSort", damage}
	data := workload.W1(4000, 1)
	for _, x := range []*Engine{one, e} {
		_, _, err := x.Call("loadData", map[string]any{"name": "a.csv", "data": data})
		require.Nil(t, err)
	}
	require.NotNil(t, e.file.parted)
	args := map[string]any{"table": "data_input", "offset": 1000, "limit": 20, "sort": "customer_id", "desc": true}
	want, _, err := one.Call("rows", maps.Clone(args))
	require.Nil(t, err)
	got, _, err := e.Call("rows", maps.Clone(args))
	require.Nil(t, err)
	require.Equal(t, want, got)
	require.Nil(t, e.file.parted, "made whole")
}

// Check memory refusals differ: one engine refuses, parts accept.
func TestPartsCheckMemoryDiffers(t *testing.T) {
	one := New()
	one.Budget = 1_400_000
	e := pooled(t, 1_400_000)
	for _, x := range []*Engine{one, e} {
		x.Call("loadData", map[string]any{"name": "a.csv", "data": workload.W1(4000, 1)})
	}
	_, _, werr := one.Call("checkData", map[string]any{"config": map[string]any{"rules": "price > 100"}})
	_, _, gerr := e.Call("checkData", map[string]any{"config": map[string]any{"rules": "price > 100"}})
	require.Equal(t, werr, gerr)
}

// A new file too large even for an empty engine is refused in the pool as
// by one engine: the file loaded (in parts) stays, rows and all.
func TestPartsTooLargeEvenAloneKeepsTheLoadedFile(t *testing.T) {
	e := pooled(t, 4_400_000)
	call(t, e, "loadData", map[string]any{"name": "a.csv", "data": workload.W1(4000, 1)})
	require.NotNil(t, e.file.parted)
	_, _, err := e.Call("loadData", map[string]any{"name": "huge.csv", "data": workload.W1(60000, 2)})
	require.NotNil(t, err)
	require.Equal(t, "memory", err.Code)
	require.Contains(t, err.Message, "a.csv is still loaded")
	require.Equal(t, 4000, call(t, e, "rows", map[string]any{"table": "data_input", "limit": 1.0})["total"])
}
