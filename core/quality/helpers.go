package quality

import "github.com/ingestkit/playground/core/table"

// numAt reads a number column's values as float64.
func numAt(c *table.Column) func(int) float64 {
	if c.Type == table.TypeDecimal {
		return func(i int) float64 { return c.Dec[i] }
	}
	return func(i int) float64 { return float64(c.Int[i]) }
}
