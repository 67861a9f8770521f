package table

// Memory estimates, for an engine that must refuse work it cannot finish
// within a budget (in the browser, WebAssembly memory never shrinks and a
// tab that runs out of it loses its engine). They err on the generous side
// and count the data a result holds, not the garbage on the way. This file
// counts tables and the reading of a file; core/memory.go, the patterns' runs
// and the checking of a file.

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

// NumberColumnBytes estimates the memory a column of rows numbers with
// nulls takes (a derived column, say).
func NumberColumnBytes(rows int) int64 { return int64(rows) * (numberCellBytes + nullMaskBytes) }

// LineNumbersBytes estimates the memory of rows source line numbers (a
// table's Lines, a list of rows by number).
func LineNumbersBytes(rows int) int64 { return int64(rows) * lineBytes }

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
