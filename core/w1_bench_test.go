package core_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/core/profile"
	"github.com/ingestkit/playground/core/workload"
)

// BenchmarkW1: workload W1 (package workload) at 100,000 and 1,000,000
// rows, phase by phase as the page runs them: read the file (the engine
// keeps the bytes, so the table may share them), profile every column,
// check (rules, standardize, derive, aggregate), write the clean file with
// the file's own write options; then "flow", the four in a row.
func BenchmarkW1(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		data := workload.W1(n, 1)
		opts := table.CSVOptions{Shared: true}
		res, err := table.ReadCSV(data, opts)
		if err != nil {
			b.Fatal(err)
		}
		out, err := core.RunDataCheck(core.W1Check, res)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("n=%d/read", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				table.ReadCSV(data, opts)
			}
		})
		// The same read in parts, one goroutine each (ReadCSVParallel): how
		// reading scales with the cores a machine has.
		for _, parts := range []int{1, 2, 4} {
			b.Run(fmt.Sprintf("n=%d/read-parts=%d", n, parts), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					table.ReadCSVParallel(data, opts, parts)
				}
			})
		}
		b.Run(fmt.Sprintf("n=%d/profile", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				profile.Columns(res.Table, res.Formats)
			}
		})
		// The same profile of the table in parts, merged (ColumnsOfParts).
		for _, k := range []int{1, 2, 4} {
			parts := make([]*table.Table, k)
			for i := range parts {
				idx := make([]int, 0, n/k+1)
				for r := i * n / k; r < (i+1)*n/k; r++ {
					idx = append(idx, r)
				}
				parts[i] = res.Table.Take(idx)
			}
			b.Run(fmt.Sprintf("n=%d/profile-parts=%d", n, k), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					profile.ColumnsOfParts(parts, res.Formats)
				}
			})
		}
		b.Run(fmt.Sprintf("n=%d/check", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				core.RunDataCheck(core.W1Check, res)
			}
		})
		b.Run(fmt.Sprintf("n=%d/write", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				table.AppendCSV(nil, out.Clean, res.WriteOptions())
			}
		})
		b.Run(fmt.Sprintf("n=%d/flow", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r, _ := table.ReadCSV(data, opts)
				profile.Columns(r.Table, r.Formats)
				o, _ := core.RunDataCheck(core.W1Check, r)
				table.AppendCSV(nil, o.Clean, r.WriteOptions())
			}
		})
		// The flow in parts, each step's parts at once (ReadCSVParts,
		// ColumnsOfParts, RunDataCheckParts, the clean parts written side
		// by side): the same results, on the cores this machine has.
		for _, k := range []int{1, 2, 4} {
			b.Run(fmt.Sprintf("n=%d/flow-parts=%d", n, k), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					rs, err := table.ReadCSVParts(data, opts, k)
					if err != nil || len(rs) != k {
						b.Fatalf("%d parts, %v", len(rs), err)
					}
					tabs := make([]*table.Table, len(rs))
					for i, r := range rs {
						tabs[i] = r.Table
					}
					profile.ColumnsOfParts(tabs, rs[0].Formats)
					o, _ := core.RunDataCheckParts(core.W1Check, rs)
					var wg sync.WaitGroup
					for i, t := range o.CleanParts {
						wg.Add(1)
						go func() {
							defer wg.Done()
							w := rs[0].WriteOptions()
							w.RowsOnly = i > 0
							table.AppendCSV(nil, t, w)
						}()
					}
					wg.Wait()
				}
			})
		}
	}
}
