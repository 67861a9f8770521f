package core

import (
	"fmt"
	"strconv"

	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core/internal/num"
	"github.com/ingestkit/playground/core/internal/say"
)

// The memory estimates of the patterns' runs and of checking a file, and
// the error that refuses them (see core/table/tablemem.go for tables and reading).

// EstimateCheckBytes estimates the memory [RunDataCheck] takes over the
// file's own: the clean and rejected rows (together a copy of the table),
// the derived columns, the rule results and the aggregate.
func EstimateCheckBytes(cfg DataCheckConfig, file *table.CSVResult) int64 {
	return estimateCheckBytes(cfg, table.TableBytes(file.Table), file.Table.Len(), len(file.Rejected))
}

func estimateCheckBytes(cfg DataCheckConfig, tableBytes int64, n, rejected int) int64 {
	derived := int64(5 * len(cfg.DateParts))
	if cfg.Product.A != "" {
		derived++
	}
	rules := int64(len(cfg.Rules)/8 + 1) // a generous count of rules
	return tableBytes*5/4 + derived*table.NumberColumnBytes(n) + int64(n)*rules*2 + 3*table.LineNumbersBytes(n) + int64(rejected)*600
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
// It wraps [table.ErrTooLarge].
type MemoryError struct {
	Field string
	Msg   string
}

func (e *MemoryError) Error() string { return e.Msg }

// Unwrap returns [table.ErrTooLarge].
func (e *MemoryError) Unwrap() error { return table.ErrTooLarge }

// CheckRunMemory refuses a run of records records that needs need bytes
// when free are free (what names the run: "an ETL run"), with the number
// of records that would fit.
func CheckRunMemory(what string, records int, need, free int64) error {
	if need <= free {
		return nil
	}
	fit := num.RoundDown2(int64(float64(records) * float64(free) / float64(need)))
	n, f := bytesApart(need, free)
	return &MemoryError{Field: "records", Msg: fmt.Sprintf("%s of %s records would take about %s of memory, more than the %s the engine has free: choose %s records or fewer",
		what, say.Count(int64(records)), n, f, say.Count(fit))}
}

// bytesApart writes need and free as say.Bytes does, with more digits when
// one decimal would show them equal ("1.13 GB, more than the 1.10 GB",
// not "1.1 GB, more than the 1.1 GB").
func bytesApart(need, free int64) (string, string) {
	a, b := say.Bytes(need), say.Bytes(free)
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
func CheckDataMemory(cfg DataCheckConfig, file *table.CSVResult, free int64) error {
	return CheckDataMemoryOf(cfg, table.TableBytes(file.Table), file.Table.Len(), len(file.Table.Cols), len(file.Rejected), free)
}

// CheckDataMemoryOf is CheckDataMemory of a file whose table takes
// tableBytes for rows rows of cols columns, with rejected unreadable
// records: a file whose parts other engines hold, say.
func CheckDataMemoryOf(cfg DataCheckConfig, tableBytes int64, rows, cols, rejected int, free int64) error {
	need := estimateCheckBytes(cfg, tableBytes, rows, rejected)
	if need <= free {
		return nil
	}
	return &MemoryError{Msg: fmt.Sprintf("checking %s rows × %d columns would take about %s of memory, more than the %s the engine has free. Load a smaller file (a sample of its rows), or fewer columns",
		say.Count(int64(rows)), cols, say.Bytes(need), say.Bytes(free))}
}
