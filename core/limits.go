package core

import (
	"github.com/ingestkit/playground/core/internal/say"
	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"
)

// MaxCompareRecords and MaxEventTimeRecords are the largest event counts
// of the comparison (each event goes both ways) and of the event-time
// simulation (each event is kept with its times, window and fate).
const (
	MaxCompareRecords   = 2_000_000
	MaxEventTimeRecords = 1_000_000
)

// recordsAtMost checks a pattern's own limit on the records of g.
func recordsAtMost(g sales.Config, max int) error {
	if g.Records > max {
		return fieldErr("records", "must be between 1 and %s, got %s", say.Count(int64(max)), say.Count(int64(g.Records)))
	}
	return nil
}

// DefaultRules is the original demo's quality gate, on the generated sales
// columns: the ETL's and the streaming pipeline's default rules.
const DefaultRules = "price not null\nquantity > 0\n"

// Durations in milliseconds, the unit of every time in the patterns'
// configs (table.Second … table.Day, named here for the configs' users).
const (
	Second = table.Second
	Minute = table.Minute
	Hour   = table.Hour
	Day    = table.Day
)
