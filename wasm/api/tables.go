package api

// Tables: the results the engine keeps, paged and written as CSV.

import (
	"bytes"
	"io"
	"strings"

	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/table"
)

type tableInfo struct {
	Name    string       `json:"name"` // id for rows and csv
	File    string       `json:"file"` // download file name
	Rows    int          `json:"rows"`
	Columns []columnInfo `json:"columns"`
}

type columnInfo struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Rule string `json:"rule"` // the name as rule text writes it (quality.ColumnText): quoted when it must be
}

// keep replaces the tables whose names start with prefix by tabs.
func (e *Engine) keep(prefix string, tabs ...*table.Table) []tableInfo {
	for name := range e.tables {
		if strings.HasPrefix(name, prefix) {
			e.drop(name)
		}
	}
	var infos []tableInfo
	for _, t := range tabs {
		e.tables[t.Name] = t
		e.files[t.Name] = t.Name + ".csv"
		infos = append(infos, tableInfo{Name: t.Name, File: t.Name + ".csv", Rows: t.Len(), Columns: columnsOf(t)})
	}
	return infos
}

// drop forgets a table and its sort orders.
func (e *Engine) drop(name string) {
	delete(e.tables, name)
	delete(e.files, name)
	for key := range e.sorts {
		if strings.HasPrefix(key, name+"\x00") {
			delete(e.sorts, key)
		}
	}
}

func columnsOf(t *table.Table) []columnInfo {
	out := make([]columnInfo, len(t.Cols))
	for i, c := range t.Cols {
		out[i] = columnInfo{c.Name, c.Type.String(), quality.ColumnText(c.Name)}
	}
	return out
}

// room makes room for a run that replaces the tables named prefix…: a valid
// config whose run fits in memory once they are dropped.
func (e *Engine) room(prefix string, invalid error, need int64, what string, records int) error {
	if invalid != nil {
		return invalid
	}
	for name := range e.tables {
		if strings.HasPrefix(name, prefix) {
			e.drop(name)
		}
	}
	return e.fits(need, 0, what, records)
}

func (e *Engine) table(name string) (*table.Table, error) {
	t := e.tables[name]
	if t == nil {
		return nil, reqErr("table", "no table %q: run its pattern first", name)
	}
	return t, nil
}

func (e *Engine) rows(a *reader) (map[string]any, error) {
	name := a.str("table", "")
	offset := int(a.int("offset", 0))
	limit := int(a.int("limit", 50))
	sortCol := a.str("sort", "")
	desc := a.boolean("desc", false)
	if err := a.done(); err != nil {
		return nil, err
	}
	if limit < 1 || limit > 1000 {
		return nil, reqErr("limit", "limit must be between 1 and 1,000, got %d", limit)
	}
	if offset < 0 {
		return nil, reqErr("offset", "offset must be 0 or more, got %d", offset)
	}
	if counts := e.partedTable(name); counts != nil {
		if sortCol == "" {
			return e.partRowsOf(name, counts, offset, limit)
		}
		// Rows sorted across the file: sorted in parts and merged, or
		// else (a helper's failure) the file is made whole here.
		res, ok, err := e.sortedPartRows(name, counts, sortCol, desc, offset, limit)
		if ok || err != nil {
			return res, err
		}
		if err := e.whole(); err != nil {
			return nil, err
		}
	}
	t, err := e.table(name)
	if err != nil {
		return nil, err
	}
	var order []int
	if sortCol != "" {
		key := sortKey(name, sortCol, desc)
		if order = e.sorts[key]; order == nil {
			if order = table.SortIndex(t, sortCol, desc); order == nil {
				return nil, reqErr("sort", "table %s has no column %q", name, sortCol)
			}
			e.sorts[key] = order
		}
	}
	return rowsOf(t, name, order, offset, limit), nil
}

// rowsOf is a page of t's rows: rows offset… in the order given (nil: the
// table's).
func rowsOf(t *table.Table, name string, order []int, offset, limit int) map[string]any {
	rows := []any{}
	var buf []byte
	for k := offset; k < min(t.Len(), offset+limit); k++ {
		i := k
		if order != nil {
			i = order[k]
		}
		row := make([]any, len(t.Cols)+1)
		row[0] = t.Line(i)
		for j, c := range t.Cols {
			if c.IsNull(i) {
				continue
			}
			buf = c.AppendValue(buf[:0], i)
			row[j+1] = string(buf)
		}
		rows = append(rows, row)
	}
	return map[string]any{"table": name, "columns": plain(columnsOf(t)), "rows": rows, "total": t.Len(), "offset": offset}
}

func (e *Engine) csv(a *reader) (map[string]any, []byte, error) {
	name, t, opts, err := e.csvArgs(a)
	if counts := e.partedTable(name); counts != nil {
		var b bytes.Buffer
		if _, err := e.writeParts(name, counts, opts.FormulaGuard, &b); err != nil {
			return nil, nil, err
		}
		return map[string]any{"file": e.files[name], "bytes": b.Len()}, b.Bytes(), nil
	}
	if err != nil {
		return nil, nil, err
	}
	b := table.AppendCSV(nil, t, opts)
	return map[string]any{"file": e.files[name], "bytes": len(b)}, b, nil
}

// csvArgs reads a csv request: the table and how to write it. The tables
// of a loaded file are written with its line end and byte order mark.
func (e *Engine) csvArgs(a *reader) (string, *table.Table, table.CSVWriteOptions, error) {
	name := a.str("table", "")
	guard := a.boolean("formulaGuard", false)
	if err := a.done(); err != nil {
		return "", nil, table.CSVWriteOptions{}, err
	}
	t, err := e.table(name)
	opts := table.CSVWriteOptions{}
	if strings.HasPrefix(name, "data_") && e.file != nil {
		opts = e.file.write // the file's dialect, or UTF-8 when its check chose it
		if name == "data_input" && e.file.csv != nil {
			opts = e.file.csv.WriteOptions()
		}
	}
	opts.FormulaGuard = guard
	return name, t, opts, err
}

// WriteCSV is the csv method for a caller that can take the file in pieces
// (the browser adapter hands each piece to JavaScript as it is written, so
// the engine never holds the whole file): it writes the table's CSV to w
// and returns the result csv would.
func (e *Engine) WriteCSV(args map[string]any, w io.Writer) (result map[string]any, err *Error) {
	defer func() {
		if p := recover(); p != nil {
			result, err = nil, recovered(p)
		}
	}()
	name, t, opts, e2 := e.csvArgs(&reader{m: args})
	if counts := e.partedTable(name); counts != nil {
		n, err := e.writeParts(name, counts, opts.FormulaGuard, w)
		if err != nil {
			return nil, ErrorOf(err)
		}
		return map[string]any{"file": e.files[name], "bytes": n}, nil
	}
	if e2 != nil {
		return nil, ErrorOf(e2)
	}
	cw := &countingWriter{w: w}
	if e2 := table.WriteCSV(cw, t, opts); e2 != nil {
		return nil, &Error{Code: "internal", Message: "could not write the file: " + e2.Error()}
	}
	return map[string]any{"file": e.files[name], "bytes": cw.n}, nil
}

type countingWriter struct {
	w io.Writer
	n int
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += n
	return n, err
}
