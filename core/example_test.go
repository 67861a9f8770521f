package core_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
)

// The original demo's ETL: 150 records, 12 of them with a null price or a bad
// quantity, checked by two rules.
func ExampleRunETL() {
	res, err := core.RunETL(core.DefaultETLConfig(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("extracted %d, valid %d, rejected %d\n", res.Extracted, res.Valid, res.RejectedRows)
	for _, r := range res.Quality.Results {
		fmt.Printf("%-15s %s, %d failed\n", r.Rule, r.Status, r.Failures)
	}
	// Output:
	// extracted 150, valid 138, rejected 12
	// price not null  fail, 6 failed
	// quantity > 0    fail, 6 failed
}

// Batch ingestion of the demo's 100 records, loaded by one daily job.
func ExampleRunBatch() {
	res, err := core.RunBatch(core.DefaultBatchConfig(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("extracted %d, loaded %d in %d job run(s)\n", res.Extracted, res.Valid, res.Freshness.Jobs)
	fmt.Println(res.ByCategory.Names())
	// Output:
	// extracted 100, loaded 100 in 1 job run(s)
	// [category orders total_revenue avg_revenue min_revenue max_revenue]
}

// Streaming: 50 events 100 ms apart into a buffer of 10.
func ExampleRunStream() {
	res, err := core.RunStream(core.DefaultStreamConfig(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, mb := range res.Micro {
		fmt.Printf("batch %d: %d events, flushed by %s, latency %d..%d ms\n", mb.Index, mb.Size, mb.Trigger, mb.MinLatencyMs, mb.MaxLatencyMs)
	}
	// Output:
	// batch 1: 10 events, flushed by size, latency 0..900 ms
	// batch 2: 10 events, flushed by size, latency 0..900 ms
	// batch 3: 10 events, flushed by size, latency 0..900 ms
	// batch 4: 10 events, flushed by size, latency 0..900 ms
	// batch 5: 10 events, flushed by size, latency 0..900 ms
}

// Checking your own file: read it, run the gate (package profile suggests
// the rules). Every record is accounted for.
func ExampleRunDataCheck() {
	data := []byte("id,zip,price,qty\n1,00501,9.50,2\n2,10001,,1\n3,02134,4.00,0\n4,94105\n")
	file, err := table.ReadCSV(data, table.CSVOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := core.RunDataCheck(core.DataCheckConfig{Rules: "price not null\nqty > 0", Samples: 20}, file)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d records: %d passed, %d failed a rule, %d unreadable\n", res.Records, res.Valid, res.RejectedRows, res.Unreadable)
	for _, reason := range res.Rejected.Col("reject_reason").Str {
		fmt.Println(reason)
	}
	// Output:
	// 4 records: 1 passed, 2 failed a rule, 1 unreadable
	// price must not be null
	// qty must be > 0, got 0
	// line 5 has 2 fields, expected 4 (the header has 4 columns)
}

// A large file on every core: read in parts (each part's rows on a core of
// its own), checked in parts, written part after part. The figures and
// the bytes are RunDataCheck's of the whole file.
func ExampleRunDataCheckParts() {
	var b strings.Builder
	b.WriteString("id,region,price,qty\n")
	for i := 1; i <= 6; i++ {
		fmt.Fprintf(&b, "%d,%s,%d.50,%d\n", i, []string{"north", "south"}[i%2], i, i%3)
	}
	files, err := table.ReadCSVParts([]byte(b.String()), table.CSVOptions{}, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := core.DataCheckConfig{Rules: "qty > 0", Samples: 20, GroupBy: "region", Measure: "price"}
	res, err := core.RunDataCheckParts(cfg, files)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d parts, %d records: %d passed, %d failed a rule\n", len(files), res.Records, res.Valid, res.RejectedRows)
	for i, part := range res.CleanParts {
		o := core.FileWriteOptions(files[0], cfg)
		o.RowsOnly = i > 0 // the header once
		table.WriteCSV(os.Stdout, part, o)
	}
	table.WriteCSV(os.Stdout, res.Aggregate, table.CSVWriteOptions{})
	// Output:
	// 2 parts, 6 records: 4 passed, 2 failed a rule
	// id,region,price,qty
	// 1,south,1.50,1
	// 2,north,2.50,2
	// 4,north,4.50,1
	// 5,south,5.50,2
	// region,rows,total_price,avg_price,min_price,max_price
	// north,2,7.00,3.50,2.50,4.50
	// south,2,7.00,3.50,1.50,5.50
}
