package table

import (
	"math"
	"strings"
	"sync"
)

// Writing a file's untouched cells as the file's own bytes.
//
// A table read by ReadCSV writes every cell a step did not change exactly
// as the file wrote it (see textForm). The writer can therefore copy those
// cells from the file instead of formatting them: for the columns of a row
// that come from one file, in the file's order, and that no step changed,
// one copy of the bytes between the first one's start and the last one's
// end writes them all. This is the writer's fast path; the result is the
// same bytes as formatting each cell, which tests check on every table the
// package's tests write (see testhook.VerifyFileRuns).

// fileRows ties a table's rows to the file they were read from: start[r]
// is the byte offset in the text where the file's r'th record starts, or -1
// when the record cannot be copied field by field (it holds quotes, or is
// longer than 255 bytes); ends[r*ncol+k] is where its field k ends,
// counted from start[r]. A table's rows are the file's rows in order, or,
// once rows were taken, the rows listed in idx: rows taken from a large
// file cost 4 bytes each, not a copy of their offsets.
type fileRows struct {
	file  *fileText
	start []int32
	ends  []uint8
	ncol  int
	idx   []int32 // nil: the file's rows, in order
}

// fileText is the text of a file read, and what the writer needs to know
// about it once.
type fileText struct {
	text string
	nl   byte // the file's line end: '\n' (or "\r\n") or '\r'
	sep  byte // the file's separator
	// cp1252: the file was Windows-1252, so its text has only characters
	// Windows-1252 writes.
	cp1252 bool

	strayOnce sync.Once
	stray     bool // a line end inside an unquoted field (see hasStray)
}

// len is the number of rows.
func (m *fileRows) len() int {
	if m.idx != nil {
		return len(m.idx)
	}
	return len(m.start)
}

// take returns the rows listed in idx, in that order.
func (m *fileRows) take(idx []int) *fileRows {
	return &fileRows{file: m.file, start: m.start, ends: m.ends, ncol: m.ncol, idx: takeIndex(m.idx, idx)}
}

// hasStray reports whether the file may hold a carriage return or line feed
// inside an unquoted field, which the writer would quote: a carriage return
// not followed by a line feed in a file whose lines end in "\n" or "\r\n",
// a line feed in one whose lines end in "\r". Such a file is written cell by
// cell. It looks at the file once.
func (f *fileText) hasStray() bool {
	f.strayOnce.Do(func() {
		s := f.text
		if f.nl == '\r' {
			f.stray = strings.IndexByte(s, '\n') >= 0
			return
		}
		for {
			k := strings.IndexByte(s, '\r')
			if k < 0 {
				return
			}
			if k+1 >= len(s) || s[k+1] != '\n' {
				f.stray = true
				return
			}
			s = s[k+2:]
		}
	})
	return f.stray
}

// fileRowsOK reports whether offsets into a text of n bytes fit fileRows.
func fileRowsOK(n int) bool { return n < math.MaxInt32 }

// touch marks c as changed by a step: from now on its cells are formatted,
// not copied from the file.
func (c *Column) touch() { c.file = nil }

// takeFileRows gives the columns of out, taken from from by idx, the rows
// of the file their values come from, taken once per file. When the
// columns' rows are the file's rows as the table's lines count them (the
// table from counts its rows by rowOf, or in order, as the file's rows
// do), the file's rows of the new table are its rowOf: no second copy.
func takeFileRows(out []*Column, from []*Column, idx []int, t, taken *Table) {
	var seen, took *fileRows // nearly always one file per table
	for i, c := range from {
		if c.file == nil {
			continue
		}
		if c.file != seen {
			seen = c.file
			if taken.rowOf != nil && t.Lines == nil && sameRows(c.file.idx, t.rowOf) {
				took = &fileRows{file: c.file.file, start: c.file.start, ends: c.file.ends, ncol: c.file.ncol, idx: taken.rowOf}
			} else {
				took = c.file.take(idx)
			}
		}
		out[i].file, out[i].field, out[i].fileScale = took, c.field, c.fileScale
	}
}

// sameRows reports whether two row lists are the same list (both nil: rows
// in order), by identity.
func sameRows(a, b []int32) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// fileRun is a run of adjacent output columns copied from one file: the
// file's fields first..last, which are the table's columns col..col+last-first.
type fileRun struct {
	rows        *fileRows
	col         int
	first, last int
}

// planFileRuns is planFileRunsSep for a writer of commas.
func planFileRuns(t *Table, guard bool) []fileRun { return planFileRunsSep(t, guard, ',') }

// planFileRunsSep finds the runs of t's columns the writer may copy from their
// file: columns no step changed, next to each other in the table as in
// the file, whose separator is sep, the writer's. Text columns with a cell
// the formula guard changes are left out when guard is on, decimal
// columns whose scale was changed too.
func planFileRunsSep(t *Table, guard bool, sep byte) []fileRun {
	var runs []fileRun
	for j, c := range t.Cols {
		if c.file == nil || c.file.file.sep != sep || c.file.file.hasStray() || (guard && c.Type == TypeString && guarded(c)) ||
			(c.Type == TypeDecimal && c.Scale != c.fileScale) || c.file.len() != t.Len() {
			continue
		}
		if n := len(runs); n > 0 {
			r := &runs[n-1]
			if r.rows == c.file && r.col+(r.last-r.first)+1 == j && r.last+1 == c.field {
				r.last++
				continue
			}
		}
		runs = append(runs, fileRun{rows: c.file, col: j, first: c.field, last: c.field})
	}
	return runs
}

// guarded reports whether the formula guard (CSVWriteOptions.FormulaGuard)
// changes any of a text column's cells.
func guarded(c *Column) bool {
	for _, v := range c.Str {
		if v != "" && formulaStart[v[0]] {
			return true
		}
	}
	return false
}

// appendFileRun appends the fields first..last of row i from the file, the
// separators between them included, and returns false when the row's record
// cannot be copied.
func appendFileRun(dst []byte, r *fileRun, i int) ([]byte, bool) {
	m := r.rows
	if m.idx != nil {
		i = int(m.idx[i])
	}
	st := int(m.start[i])
	if st < 0 {
		return dst, false
	}
	e := m.ends[i*m.ncol : (i+1)*m.ncol]
	from := st
	if r.first > 0 {
		from += int(e[r.first-1]) + 1
	}
	return append(dst, m.file.text[from:st+int(e[r.last])]...), true
}
