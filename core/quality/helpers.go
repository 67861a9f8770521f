package quality

import "github.com/ingestkit/playground/core/table"

// Milliseconds in the units the rule language writes durations in (1d,
// 6h, 30m, 10s).
const (
	second int64 = 1000
	minute       = 60 * second
	hour         = 60 * minute
	day          = 24 * hour
)

// numAt reads a number column's values as float64.
func numAt(c *table.Column) func(int) float64 {
	if c.Type == table.TypeDecimal {
		return func(i int) float64 { return c.Dec[i] }
	}
	return func(i int) float64 { return float64(c.Int[i]) }
}
