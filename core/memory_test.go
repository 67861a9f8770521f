//go:build !js

// The heap is sampled from a second goroutine while a run works: that
// needs a second thread, which WebAssembly has not.

package core

import (
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core/internal/say"
	"github.com/stretchr/testify/assert"
)

// peakHeap runs f while sampling the heap, and returns the highest heap
// seen over the heap before f.
func peakHeap(f func()) int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base := int64(m.HeapAlloc)
	var top atomic.Int64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if h := int64(m.HeapAlloc); h > top.Load() {
				top.Store(h)
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	f()
	close(stop)
	<-done
	return top.Load() - base
}

// The memory estimates the engine refuses work by are above what the runs
// take.
func TestRunMemoryEstimates(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(5)) // collect often: the heap then shows what is live
	const n = 200_000
	var keep []any
	b := DefaultBatchConfig()
	b.Source.Records = n
	check := func(what string, peak, estimate int64) {
		t.Helper()
		t.Logf("%s: peak %s, estimate %s", what, say.Bytes(peak), say.Bytes(estimate))
		assert.Less(t, peak, estimate, what)
	}
	check("batch", peakHeap(func() { r, _ := RunBatch(b, nil); keep = append(keep, r) }), b.MemoryBytes())
	s := DefaultStreamConfig()
	s.Source.Records = n
	check("stream", peakHeap(func() { r, _ := RunStream(s, nil); keep = append(keep, r) }), s.MemoryBytes())
	e := DefaultETLConfig()
	e.Source.Records = n
	check("etl", peakHeap(func() { r, _ := RunETL(e, nil); keep = append(keep, r) }), e.MemoryBytes())

	data := salesFile(t, n)
	var file *table.CSVResult
	check("read", peakHeap(func() { file, _ = table.ReadCSV(data, table.CSVOptions{Shared: true}) })+int64(len(data)), table.EstimateReadBytes(len(data), n, 8))
	cfg := DataCheckConfig{Samples: 20, Rules: "price not null\nquantity > 0", Product: Product{A: sales.ColPrice, B: sales.ColQuantity},
		DateParts: []string{sales.ColOrderTS}, GroupBy: sales.ColCategory}
	var err error
	check("check", peakHeap(func() { r, e := RunDataCheck(cfg, file); keep, err = append(keep, r), e }), EstimateCheckBytes(cfg, file))
	assert.NoError(t, err)
	runtime.KeepAlive(keep)
}

// A refusal never says the need and the free memory are the same: when
// one decimal would show them equal, they get more digits.
func TestMemoryRefusalTellsNeedFromFree(t *testing.T) {
	err := CheckRunMemory("an event-time run", 150_000, 1_134_000_000, 1_101_000_000)
	assert.ErrorContains(t, err, "about 1.13 GB of memory, more than the 1.10 GB the engine has free")
	err = CheckRunMemory("an ETL run", 1_000_000, 420_000_000, 52_400_000)
	assert.ErrorContains(t, err, "about 420.0 MB of memory, more than the 52.4 MB")
}
