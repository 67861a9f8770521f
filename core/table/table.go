package table

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Type is the type of a column's values.
type Type uint8

// Column types. Timestamps are stored as Unix milliseconds in UTC.
const (
	TypeString Type = iota + 1
	TypeInt
	TypeDecimal
	TypeBool
	TypeTimestamp
)

var typeNames = [...]string{"", "string", "integer", "decimal", "boolean", "timestamp"}

// String returns the lower-case name of the type ("integer", "timestamp", …).
func (t Type) String() string {
	if int(t) < len(typeNames) && t != 0 {
		return typeNames[t]
	}
	return "unknown"
}

// ParseType turns a type name into a Type. It accepts the names returned by
// [Type.String] and the short forms "int", "float", "number", "bool", "date"
// and "text".
func ParseType(s string) (Type, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "string", "text", "str":
		return TypeString, nil
	case "integer", "int":
		return TypeInt, nil
	case "decimal", "float", "number", "double":
		return TypeDecimal, nil
	case "boolean", "bool":
		return TypeBool, nil
	case "timestamp", "date", "datetime", "time":
		return TypeTimestamp, nil
	}
	return 0, fmt.Errorf("unknown type %q: use string, integer, decimal, boolean or timestamp", s)
}

// Column is one named, typed column. Exactly one of the value slices is used,
// chosen by Type: Str for strings, Int for integers and timestamps (Unix
// milliseconds, UTC), Dec for decimals, Bool for booleans. Null, when not nil,
// has one entry per row and marks the null values; a nil Null means no nulls.
// The value slot of a null row holds the zero value.
//
// The value slices are for reading. A column read from a file writes its
// cells as the file wrote them (its bytes, or its form: "1.234,50",
// "05/03/2024"), not from the slices, so a value or Scale assigned in
// place is not what the writer writes: make a new column with its values
// (NewStringColumn, NewDecimalColumn…) and put it in the table with
// [Table.AddColumn], or use the steps that change a column ([Column.SetNull],
// [StandardizeTable]).
type Column struct {
	Name string
	Type Type
	Str  []string
	Int  []int64
	Dec  []float64
	Bool []bool
	Null []bool
	// Scale is the number of digits after the decimal point written for a
	// decimal column; a negative Scale writes the shortest exact form.
	Scale int
	// form, for a column read from a file, is how the file wrote its
	// cells (see textForm); nil writes the engine's own forms.
	form *textForm
	// file, while no step has changed the column since it was read, ties
	// its rows to the file's text, where its cells are the field'th of
	// each record (see fileRows); fileScale is the Scale it was read with.
	// Steps that change values in place call touch.
	file      *fileRows
	field     int
	fileScale int
	// shapes, between a reader's type inference and setForm, is each
	// cell's written form (decimal columns), noted while parsing;
	// plainInts says every non-null cell of an integer column was plain
	// digits, the integer's own form.
	shapes    []int8
	plainInts bool
}

// NewStringColumn returns a string column. null may be nil.
func NewStringColumn(name string, v []string, null []bool) *Column {
	return &Column{Name: name, Type: TypeString, Str: v, Null: null}
}

// NewIntColumn returns an integer column. null may be nil.
func NewIntColumn(name string, v []int64, null []bool) *Column {
	return &Column{Name: name, Type: TypeInt, Int: v, Null: null}
}

// NewDecimalColumn returns a decimal column written with scale digits after
// the point (negative: shortest form). null may be nil.
func NewDecimalColumn(name string, v []float64, null []bool, scale int) *Column {
	return &Column{Name: name, Type: TypeDecimal, Dec: v, Null: null, Scale: scale}
}

// NewBoolColumn returns a boolean column. null may be nil.
func NewBoolColumn(name string, v []bool, null []bool) *Column {
	return &Column{Name: name, Type: TypeBool, Bool: v, Null: null}
}

// NewTimestampColumn returns a timestamp column of Unix milliseconds (UTC).
// null may be nil.
func NewTimestampColumn(name string, ms []int64, null []bool) *Column {
	return &Column{Name: name, Type: TypeTimestamp, Int: ms, Null: null}
}

// Len returns the number of values in the column.
func (c *Column) Len() int {
	switch c.Type {
	case TypeString:
		return len(c.Str)
	case TypeInt, TypeTimestamp:
		return len(c.Int)
	case TypeDecimal:
		return len(c.Dec)
	case TypeBool:
		return len(c.Bool)
	}
	return 0
}

// IsNull reports whether row i is null.
func (c *Column) IsNull(i int) bool { return c.Null != nil && c.Null[i] }

// NullCount returns the number of null values.
func (c *Column) NullCount() int {
	n := 0
	for _, b := range c.Null {
		if b {
			n++
		}
	}
	return n
}

// Take returns a new column holding the rows listed in idx, in that order.
// A column taken alone is no longer tied to its file's rows (Table.Take
// takes those once for all its columns).
func (c *Column) Take(idx []int) *Column {
	out := &Column{Name: c.Name, Type: c.Type, Scale: c.Scale}
	if c.form != nil {
		out.form = c.form.take(idx)
	}
	switch c.Type {
	case TypeString:
		out.Str = takeAt(c.Str, idx)
	case TypeInt, TypeTimestamp:
		out.Int = takeAt(c.Int, idx)
	case TypeDecimal:
		out.Dec = takeAt(c.Dec, idx)
	case TypeBool:
		out.Bool = takeAt(c.Bool, idx)
	}
	if c.Null != nil {
		var null []bool
		for j, i := range idx {
			if c.Null[i] {
				if null == nil {
					null = make([]bool, len(idx))
				}
				null[j] = true
			}
		}
		out.Null = null
	}
	return out
}

// takeAt returns src's elements at idx, in idx's order. One element at a
// time: a filter's runs of kept rows are short (a copy per run cost more
// than the elements it moved, in WebAssembly above all).
func takeAt[T any](src []T, idx []int) []T {
	out := make([]T, len(idx))
	for j, i := range idx {
		out[j] = src[i]
	}
	return out
}

// AppendValue appends the CSV text of row i (without quoting) to dst. Nulls
// append nothing. A column read from a file writes each value as the file
// did; otherwise timestamps are ISO 8601 UTC and decimals use the column's
// Scale.
func (c *Column) AppendValue(dst []byte, i int) []byte {
	if c.IsNull(i) {
		return dst
	}
	if s, ok := c.exception(i); ok {
		return append(dst, s...)
	}
	switch c.Type {
	case TypeString:
		return append(dst, c.Str[i]...)
	case TypeInt, TypeDecimal:
		n := len(dst)
		if c.Type == TypeInt {
			dst = strconv.AppendInt(dst, c.Int[i], 10)
		} else {
			dst = appendDecimal(dst, c.Dec[i], c.Scale)
		}
		if st := c.numStyle(); !st.plain() {
			dst = st.restyle(dst, n)
		}
		return dst
	case TypeBool:
		return c.appendBool(dst, c.Bool[i])
	case TypeTimestamp:
		return appendTimestampIn(dst, c.Int[i], c.layout())
	}
	return dst
}

// Value returns the text of row i as written to CSV ("" for null).
func (c *Column) Value(i int) string { return string(c.AppendValue(nil, i)) }

func appendDecimal(dst []byte, v float64, scale int) []byte {
	if scale >= 0 && scale <= 6 {
		// Fast path: v × 10^scale rounded to an integer, written with a
		// point. It gives exactly strconv's digits unless v × 10^scale is
		// within a hair of a half (where the binary value decides), or too
		// large for an exact integer; those take strconv's path.
		p := pow10f[scale]
		ax := math.Abs(v * p)
		if ax < 1<<52 {
			if f := ax - math.Floor(ax); math.Abs(f-0.5) > 1e-6 {
				r := int64(math.Round(ax))
				if r != 0 && v < 0 {
					dst = append(dst, '-') // zero never prints as -0.00
				}
				return appendFixed(dst, uint64(r), scale, false)
			}
		}
	}
	if scale < 0 {
		// Shortest form, as strconv's 'f' with precision -1. When v is a
		// whole number of hundredths (prices, most money), those digits
		// with trailing zeros cut are the shortest that read back as v:
		// any other decimal of two places or fewer is a different float.
		if ax := math.Abs(v); ax < 1e13 {
			r := math.Round(ax * 100)
			if r/100 == ax {
				if r != 0 && v < 0 {
					dst = append(dst, '-')
				}
				return appendFixed(dst, uint64(r), 2, true)
			}
		}
		scale = -1
	}
	n := len(dst)
	dst = strconv.AppendFloat(dst, v, 'f', scale, 64)
	// No "-0.00": a value that rounds to zero is written without a sign.
	if dst[n] == '-' && strings.Trim(string(dst[n+1:]), "0.") == "" {
		dst = append(dst[:n], dst[n+1:]...)
	}
	return dst
}

// appendFixed writes r / 10^scale with scale decimals (trim: without
// trailing zeros, nor the point if none is left).
func appendFixed(dst []byte, r uint64, scale int, trim bool) []byte {
	p := uint64(pow10f[scale])
	ip, fp := r/p, r%p
	dst = appendUint(dst, ip)
	if scale == 0 {
		return dst
	}
	var buf [7]byte
	buf[0] = '.'
	f := uint32(fp) // below 10^6
	for i := scale; i >= 1; i-- {
		buf[i] = byte('0' + f%10)
		f /= 10
	}
	end := scale + 1
	if trim {
		for end > 1 && buf[end-1] == '0' {
			end--
		}
		if end == 1 {
			return dst
		}
	}
	return append(dst, buf[:end]...)
}

// appendUint is strconv.AppendUint for base 10 with 32-bit arithmetic when
// the value fits: in WebAssembly a 64-bit division by a constant is a real
// division, a 32-bit one a multiplication.
func appendUint(dst []byte, v uint64) []byte {
	if v >= 1<<32 {
		return strconv.AppendUint(dst, v, 10)
	}
	if v < 10 {
		return append(dst, byte('0'+v))
	}
	x := uint32(v)
	var buf [10]byte
	i := len(buf)
	for x >= 10 {
		q := x / 10
		i--
		buf[i] = byte('0' + x - q*10)
		x = q
	}
	i--
	buf[i] = byte('0' + x)
	return append(dst, buf[i:]...)
}

// Table is a named set of equal-length columns. Line(i) is row i's line
// number in its source file (line 1 being the header). Lines, when set,
// gives them; a table read from a tidy file (row i on line i+2) leaves it
// nil, and rows taken from it keep their lines in a compact form of their
// own.
type Table struct {
	Name  string
	Cols  []*Column
	Lines []int
	n     int
	// rowOf, when Lines is nil and it is not, says that row i is row
	// rowOf[i] of a table whose row r came from line r+2: rows taken from a
	// tidy file keep their line numbers in 4 bytes each (read them with
	// Line).
	rowOf []int32
}

// NewTable returns a table of the given columns, which must have distinct,
// non-empty names and equal lengths.
func NewTable(name string, cols ...*Column) (*Table, error) {
	t := &Table{Name: name}
	seen := make(map[string]bool, len(cols))
	for i, c := range cols {
		if c.Name == "" {
			return nil, fmt.Errorf("table %s: column %d has no name", name, i+1)
		}
		if seen[c.Name] {
			return nil, fmt.Errorf("table %s: column %q appears twice", name, c.Name)
		}
		seen[c.Name] = true
		if i == 0 {
			t.n = c.Len()
		} else if c.Len() != t.n {
			return nil, fmt.Errorf("table %s: column %q has %d rows, expected %d", name, c.Name, c.Len(), t.n)
		}
		if c.Null != nil && len(c.Null) != c.Len() {
			return nil, fmt.Errorf("table %s: column %q has a null mask of %d rows, expected %d", name, c.Name, len(c.Null), c.Len())
		}
	}
	t.Cols = cols
	return t, nil
}

func mustTable(name string, cols ...*Column) *Table {
	t, err := NewTable(name, cols...)
	if err != nil {
		panic(err) // internal construction only: a bug, never user input
	}
	return t
}

// Len returns the number of rows.
func (t *Table) Len() int { return t.n }

// Names returns the column names in order.
func (t *Table) Names() []string {
	out := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		out[i] = c.Name
	}
	return out
}

// Col returns the column with the given name, or nil.
func (t *Table) Col(name string) *Column {
	for _, c := range t.Cols {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Line returns the source line number of row i.
func (t *Table) Line(i int) int {
	if t.Lines != nil {
		return t.Lines[i]
	}
	if t.rowOf != nil {
		return int(t.rowOf[i]) + 2
	}
	return i + 2
}

// takeLines gives out, holding t's rows listed in idx, their line numbers.
func (t *Table) takeLines(out *Table, idx []int) {
	if t.Lines == nil {
		out.Lines, out.rowOf = nil, takeIndex(t.rowOf, idx)
		return
	}
	lines := make([]int, len(idx))
	for j, i := range idx {
		lines[j] = t.Lines[i]
	}
	out.Lines, out.rowOf = lines, nil
}

// takeIndex returns the rows listed in idx of a list of rows, of (nil:
// rows 0, 1, 2, … in order), as a list of its own.
func takeIndex(of []int32, idx []int) []int32 {
	out := make([]int32, len(idx))
	for j, i := range idx {
		if of != nil {
			out[j] = of[i]
		} else {
			out[j] = int32(i)
		}
	}
	return out
}

// Take returns a new table holding the rows listed in idx, in that order,
// keeping their source line numbers.
func (t *Table) Take(idx []int) *Table {
	out := &Table{Name: t.Name, Cols: make([]*Column, len(t.Cols)), n: len(idx)}
	for i, c := range t.Cols {
		out.Cols[i] = c.Take(idx)
	}
	t.takeLines(out, idx)
	takeFileRows(out.Cols, t.Cols, idx, t, out)
	return out
}

// TakeInPlace is Take without the copy: it keeps only the rows listed in
// idx (ascending, in range), moving them down within t's own columns, and
// returns t. A table that shares any of t's columns (made by NewTable or
// AddColumn with the same *Column) sees them change: use it on a table of
// one's own making, and Take everywhere else.
func (t *Table) TakeInPlace(idx []int) *Table {
	// The lines and the file's rows are taken anew, not compacted: other
	// tables may share them.
	before := *t
	t.takeLines(t, idx)
	takeFileRows(t.Cols, t.Cols, idx, &before, t)
	for _, c := range t.Cols {
		if c.form != nil {
			c.form = c.form.take(idx)
		}
		switch c.Type {
		case TypeString:
			c.Str = compactAt(c.Str, idx)
		case TypeInt, TypeTimestamp:
			c.Int = compactAt(c.Int, idx)
		case TypeDecimal:
			c.Dec = compactAt(c.Dec, idx)
		case TypeBool:
			c.Bool = compactAt(c.Bool, idx)
		}
		if c.Null != nil {
			null := compactAt(c.Null, idx)
			c.Null = nil
			for _, b := range null {
				if b {
					c.Null = null
					break
				}
			}
		}
	}
	t.n = len(idx)
	return t
}

// compactAt moves the listed elements (ascending indices) to the front of
// s and returns the shortened slice.
func compactAt[T any](s []T, idx []int) []T {
	for j, i := range idx {
		s[j] = s[i]
	}
	clear(s[len(idx):]) // let the garbage collector have what was dropped
	return s[:len(idx)]
}

// AddColumn appends a column of the table's length; it replaces an existing
// column of the same name in place.
func (t *Table) AddColumn(c *Column) error {
	if c.Len() != t.n && len(t.Cols) > 0 {
		return fmt.Errorf("table %s: column %q has %d rows, expected %d", t.Name, c.Name, c.Len(), t.n)
	}
	if len(t.Cols) == 0 {
		t.n = c.Len()
	}
	for i, old := range t.Cols {
		if old.Name == c.Name {
			t.Cols[i] = c
			return nil
		}
	}
	t.Cols = append(t.Cols, c)
	return nil
}

// Row returns the CSV text of every value of row i.
func (t *Table) Row(i int) []string {
	out := make([]string, len(t.Cols))
	for j, c := range t.Cols {
		out[j] = c.Value(i)
	}
	return out
}

func numAt(c *Column) func(int) float64 {
	switch c.Type {
	case TypeDecimal:
		return func(i int) float64 { return c.Dec[i] }
	default:
		return func(i int) float64 { return float64(c.Int[i]) }
	}
}

// KeepLines makes t's rows report the source lines of src's: t holds
// src's rows, in the same order (columns derived from them, say).
func (t *Table) KeepLines(src *Table) { t.Lines, t.rowOf = src.Lines, src.rowOf }
