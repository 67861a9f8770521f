package core

import (
	"fmt"
	"testing"

	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"
)

// The benchmark rules: six rules of the common families.
const benchRules = `price not null
quantity > 0
price between 0 and 10000
category in ("Electronics", "Books", "Home", "Clothing", "Sports")
email matches "^[^@]+@[^@]+$"
order_id unique
`

var benchSizes = []int{10_000, 1_000_000}

func benchSource(b testing.TB, n int) *table.Table {
	b.Helper()
	tab, _, err := sales.Generate(sales.Config{Records: n, Seed: 1, Start: sales.DefaultStart, Span: 365 * Day,
		Faults: sales.Faults{NullPrice: 0.02, BadQuantity: 0.02, Duplicates: 0.01, MessyText: 0.05, MixedDates: 0.05, Outliers: 0.01}})
	if err != nil {
		b.Fatal(err)
	}
	return tab
}

func BenchmarkGenerate(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				benchSource(b, n)
			}
		})
	}
}

func BenchmarkReadCSV(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			data := table.AppendCSV(nil, benchSource(b, n), table.CSVWriteOptions{})
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := table.ReadCSV(data, table.CSVOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkWriteCSV(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			tab := benchSource(b, n)
			var buf []byte
			b.ReportAllocs()
			for b.Loop() {
				buf = table.AppendCSV(buf[:0], tab, table.CSVWriteOptions{FormulaGuard: true})
			}
			b.SetBytes(int64(len(buf)))
		})
	}
}

// BenchmarkETL: quality (6 rules) + enrich + standardize, in memory.
func BenchmarkETL(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			src := benchSource(b, n)
			cfg := DefaultETLConfig()
			cfg.Rules = benchRules
			b.ReportAllocs()
			for b.Loop() {
				if _, err := RunETL(cfg, src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkBatch(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			src := benchSource(b, n)
			cfg := DefaultBatchConfig()
			cfg.Source.Span, cfg.Interval = 365*Day, Day
			b.ReportAllocs()
			for b.Loop() {
				if _, err := RunBatch(cfg, src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkStream(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			src := benchSource(b, n)
			cfg := DefaultStreamConfig()
			cfg.Source.Records = n
			cfg.JitterMs, cfg.OutOfOrder = 20, 0.01
			b.ReportAllocs()
			for b.Loop() {
				if _, err := RunStream(cfg, src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSweep: the Streaming tab's two sweeps (27 buffer runs) and the
// Batch tab's (12 schedules), at 10k and 1M events or records.
func BenchmarkSweep(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint("stream/", n), func(b *testing.B) {
			cfg := DefaultStreamConfig()
			cfg.Source.Records = n
			cfg.JitterMs, cfg.OutOfOrder = 20, 0.01
			for b.Loop() {
				if _, err := SweepStream(cfg, SweepSizes, SweepLingers); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprint("batch/", n), func(b *testing.B) {
			cfg := DefaultBatchConfig()
			cfg.Source.Records = n
			for b.Loop() {
				if _, err := SweepBatch(cfg, SweepIntervals); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkETLPage is what the page runs for "A million records": generate
// the ETL default source at 1M rows, then the default gate, enrich and
// standardize.
func BenchmarkETLPage(b *testing.B) {
	cfg := DefaultETLConfig()
	cfg.Source.Records = 1_000_000
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RunETL(cfg, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// w1Check is workload W1's check, as a learner sets it in Your data: two
// rules, every value trimmed, category in Title Case and region in UPPER
// case, revenue = price × quantity, date parts of order_date, revenue and
// rows by category.
var w1Check = DataCheckConfig{Rules: "price not null\nquantity > 0\n", Samples: 20,
	Standardize: table.Standardize{Trim: true, NullTokens: table.DefaultNullTokens, Case: []table.ColumnCase{{Column: "category", Mode: table.CaseTitle}, {Column: "region", Mode: table.CaseUpper}}},
	DateParts:   []string{"order_date"}, Product: Product{A: "price", B: "quantity", Name: "revenue"}, GroupBy: "category", Measure: "revenue",
	Now: sales.DefaultStart + 3660*Day}

// W1Check is w1Check, for BenchmarkW1 in package core_test.
var W1Check = w1Check

// salesFile is an 8-column sales file of n rows.
func salesFile(b testing.TB, n int) []byte {
	b.Helper()
	tab := benchSource(b, n)
	keep := []string{sales.ColOrderID, sales.ColOrderTS, sales.ColCustomerID, sales.ColProduct, sales.ColCategory, sales.ColRegion, sales.ColPrice, sales.ColQuantity}
	cols := make([]*table.Column, len(keep))
	for i, k := range keep {
		cols[i] = tab.Col(k)
	}
	return table.AppendCSV(nil, mustTable("sales", cols...), table.CSVWriteOptions{})
}
