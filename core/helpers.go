package core

import (
	"fmt"

	"github.com/ingestkit/playground/core/table"
)

// The few lines of the table package the patterns use too: a little
// copying rather than exporting helpers nobody outside the engine needs.

// fieldErr is a config error of field: a *table.FieldError, which wraps
// table.ErrConfig.
func fieldErr(field, format string, args ...any) error {
	return &table.FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// mustTable builds a table of columns the engine made itself, whose
// lengths and names it knows to fit: an error is a bug, never input.
func mustTable(name string, cols ...*table.Column) *table.Table {
	t, err := table.NewTable(name, cols...)
	if err != nil {
		panic(err)
	}
	return t
}

// numAt reads a number column's values as float64.
func numAt(c *table.Column) func(int) float64 {
	switch c.Type {
	case table.TypeDecimal:
		return func(i int) float64 { return c.Dec[i] }
	default:
		return func(i int) float64 { return float64(c.Int[i]) }
	}
}
