// Package core is the engine of the ingestion playground: the three
// classic ingestion patterns and event time, and the batch-vs-streaming
// comparison ([RunCompare]) and sweeps that set them side by side. Below
// it: package sales (core/sales) generates their seeded orders with
// injected faults; package quality (core/quality) is the data-quality
// rule language and its check; package table (core/table) holds tables,
// their values and the CSV reader and writer; package profile
// (core/profile) describes a file's columns.
//
//   - Batch ([RunBatch]) extracts every record at once, transforms them in one
//     vectorized pass, aggregates and loads; a schedule makes data arrive late.
//   - Streaming ([RunStream], [NewStreamSim]) feeds events one by one into a
//     micro-batch buffer that flushes on size, on linger time and at end of
//     stream, on a virtual clock.
//   - ETL ([RunETL]) extracts, quarantines rows that fail quality rules,
//     enriches, standardizes and loads clean and rejected tables.
//   - Event time ([RunEventTime], [NewEventTimeSim]) groups the same orders
//     by when they happened: windows, a watermark, early, on-time and late
//     panes, allowed lateness and a backpressure queue, on a virtual clock.
//
// The same quality gate runs on someone's own file: table.ReadCSV reads it
// (broken records become rejected rows, not errors), package profile
// describes it and suggests rules, and [RunDataCheck] checks, standardizes
// and enriches it. Rules are text ([quality.Parse]); [quality.Check] runs them.
//
// Everything is deterministic: the same config and seed give the same bytes on
// every platform, including GOOS=js GOARCH=wasm. Nothing in this package
// sleeps, reads the wall clock into data, or panics on bad input: configs
// have Validate methods and inputs produce errors or rejected rows.
package core
