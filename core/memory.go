package core

import (
	"fmt"
	"strconv"
)

// Memory estimates, for an engine that must refuse work it cannot finish
// within a budget (in the browser, WebAssembly memory never shrinks and a
// tab that runs out of it loses its engine). They err on the generous side
// and count the data a result holds, not the garbage on the way.

// Per-cell costs on a 64-bit platform (WebAssembly included).
const (
	stringCellBytes = 16 // a string header; the text itself is the file's
	numberCellBytes = 8
	nullMaskBytes   = 1
	lineBytes       = 8  // a row's source line number
	fileRowBytes    = 4  // where a row's record starts in its file (see fileRows), and a byte per field
	exceptionBytes  = 24 // a cell written otherwise than its column's form
)

// EstimateReadBytes estimates the memory [ReadCSV] takes for a file of size
// bytes holding rows records of cols columns: the text, every field as a
// string while columns are typed, then the typed values and null masks.
func EstimateReadBytes(size, rows, cols int) int64 {
	r, c := int64(rows), int64(cols)
	return int64(size) + r*c*(stringCellBytes+numberCellBytes+nullMaskBytes+4+1) + r*(lineBytes+fileRowBytes)
}

// TableBytes estimates the memory t's values take, not counting text it
// shares with the file it was read from.
func TableBytes(t *Table) int64 {
	n := int64(t.Len())
	total := n * lineBytes
	var rows *fileRows
	for _, c := range t.Cols {
		if c.file != nil && c.file != rows {
			rows = c.file
			if rows.idx != nil {
				total += int64(len(rows.idx)) * 4 // the file's own rows are counted with the file's table
			} else {
				total += int64(len(rows.start))*fileRowBytes + int64(len(rows.ends))
			}
		}
		switch c.Type {
		case TypeString:
			total += n * stringCellBytes
		case TypeBool:
			total += n
		default:
			total += n * numberCellBytes
		}
		if c.Null != nil {
			total += n * nullMaskBytes
		}
		if c.form != nil {
			total += int64(len(c.form.rows)) * exceptionBytes
		}
	}
	return total
}

// EstimateCheckBytes estimates the memory [RunDataCheck] takes over the
// file's own: the clean and rejected rows (together a copy of the table),
// the derived columns, the rule results and the aggregate.
func EstimateCheckBytes(cfg DataCheckConfig, file *CSVResult) int64 {
	t := file.Table
	n := int64(t.Len())
	derived := int64(5 * len(cfg.DateParts))
	if cfg.Product.A != "" {
		derived++
	}
	rules := int64(len(cfg.Rules)/8 + 1) // a generous count of rules
	return TableBytes(t)*5/4 + n*(derived*(numberCellBytes+nullMaskBytes)+rules*2+3*lineBytes) + int64(len(file.Rejected))*600
}

// formatBytes writes a byte count for people: "850 B", "12.4 MB", "1.1 GB"
// (decimal units).
func formatBytes(n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1000_000:
		return strconv.FormatFloat(float64(n)/1e3, 'f', 1, 64) + " KB"
	case n < 1000_000_000:
		return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB"
	}
	return strconv.FormatFloat(float64(n)/1e9, 'f', 1, 64) + " GB"
}

// roundDown2 keeps the two leading digits of n: 104,857,600 → 100,000,000.
func roundDown2(n int64) int64 {
	p := int64(1)
	for n/p >= 100 {
		p *= 10
	}
	return n / p * p
}

// Peak memory per record of each pattern's run, measured natively at
// 1,000,000 records as the highest heap during the run over the heap
// before it (batch 382, stream 439, ETL 259 bytes), with a margin; at 200,000
// records the test measures 67, 90 and 52 MB against 84, 112 and 84; see
// TestRunMemoryEstimates.
const (
	batchRecordBytes  = 420
	streamRecordBytes = 560
	etlRecordBytes    = 420
)

// MemoryBytes estimates the memory [RunBatch] takes at its peak.
func (c BatchConfig) MemoryBytes() int64 { return int64(c.Source.Records) * batchRecordBytes }

// MemoryBytes estimates the memory [RunStream] takes at its peak.
func (c StreamConfig) MemoryBytes() int64 { return int64(c.Source.Records) * streamRecordBytes }

// MemoryBytes estimates the memory [RunETL] takes at its peak.
func (c ETLConfig) MemoryBytes() int64 { return int64(c.Source.Records) * etlRecordBytes }

// MemoryError refuses work that needs more memory than is free, saying
// what would fit. Field names the setting to change ("records"), if any.
// It wraps [ErrTooLarge].
type MemoryError struct {
	Field string
	Msg   string
}

func (e *MemoryError) Error() string { return e.Msg }

// Unwrap returns [ErrTooLarge].
func (e *MemoryError) Unwrap() error { return ErrTooLarge }

// CheckRunMemory refuses a run of records records that needs need bytes
// when free are free (what names the run: "an ETL run"), with the number
// of records that would fit.
func CheckRunMemory(what string, records int, need, free int64) error {
	if need <= free {
		return nil
	}
	fit := roundDown2(int64(float64(records) * float64(free) / float64(need)))
	n, f := bytesApart(need, free)
	return &MemoryError{Field: "records", Msg: fmt.Sprintf("%s of %s records would take about %s of memory, more than the %s the engine has free: choose %s records or fewer",
		what, commas(int64(records)), n, f, commas(fit))}
}

// bytesApart writes need and free as [Bytes] does, with more digits when
// one decimal would show them equal ("1.13 GB, more than the 1.10 GB",
// not "1.1 GB, more than the 1.1 GB").
func bytesApart(need, free int64) (string, string) {
	a, b := formatBytes(need), formatBytes(free)
	if a != b {
		return a, b
	}
	unit, div := " GB", 1e9
	switch {
	case need < 1000_000:
		unit, div = " KB", 1e3
	case need < 1000_000_000:
		unit, div = " MB", 1e6
	}
	for digits := 2; digits < 6; digits++ {
		a = strconv.FormatFloat(float64(need)/div, 'f', digits, 64) + unit
		b = strconv.FormatFloat(float64(free)/div, 'f', digits, 64) + unit
		if a != b {
			break
		}
	}
	return a, b
}

// CheckDataMemory refuses a [RunDataCheck] of file with cfg that needs more
// than free bytes (see [EstimateCheckBytes]).
func CheckDataMemory(cfg DataCheckConfig, file *CSVResult, free int64) error {
	need := EstimateCheckBytes(cfg, file)
	if need <= free {
		return nil
	}
	t := file.Table
	return &MemoryError{Msg: fmt.Sprintf("checking %s rows × %d columns would take about %s of memory, more than the %s the engine has free. Load a smaller file (a sample of its rows), or fewer columns",
		commas(int64(t.Len())), len(t.Cols), formatBytes(need), formatBytes(free))}
}
