package table

import (
	"maps"
	"runtime"
	"slices"
	"strings"

	"github.com/ingestkit/playground/core/internal/fast"
	"github.com/ingestkit/playground/core/internal/par"
)

// ReadCSVParallel reads data as [ReadCSV] does, in up to parts parts read
// at once, each on a goroutine of its own (see [ReadCSVParts]), joined:
// ReadCSV's result, value for value and line for line, that writes the
// same bytes.
func ReadCSVParallel(data []byte, opts CSVOptions, parts int) (*CSVResult, error) {
	rs, err := ReadCSVParts(data, opts, parts)
	if err != nil {
		return nil, err
	}
	if len(rs) == 1 {
		return rs[0], nil
	}
	return join(rs), nil
}

// ReadCSVParts reads data as [ReadCSV] does, in up to parts parts read at
// once, each on a goroutine of its own (parts < 1: one a CPU), and returns
// the parts' results in file order: each has the file's dialect,
// warnings and column types and forms, its own rows (with their line
// numbers in the file) and unreadable records. Together they are what
// ReadCSV reads: each part's table writes the bytes of its rows in the
// whole table's output (with [CSVWriteOptions.RowsOnly] after the first),
// and the package's steps, quality.CheckParts and profile.ColumnsOfParts
// work on them as on the whole.
//
// How: the dialect and header are read once; the records after the header
// are cut into parts at line ends, and each part is read like a file of
// its own, its line numbers counted from where it starts. A cut that falls
// inside a record (a quoted field spanning lines) is found when the part
// before it reads past the cut: the part after is read again from where
// that record ends. The number style (a decimal comma, grouped thousands)
// is the file's, decided once over every part's cells in file order, as
// columns vote on it. Each part then decides its columns' types and forms
// (date layout, quoting, null text) from its own cells, as ReadCSV does
// from the whole column; those rules hold for the whole column when they
// hold for every part (a type every cell has, the form most cells have),
// so parts that agree stand. When they do not (one part's prices
// have one decimal and another's two, a column null throughout a part, a
// value a fixed type refuses), the file is read whole: one result,
// ReadCSV's.
func ReadCSVParts(data []byte, opts CSVOptions, parts int) ([]*CSVResult, error) {
	if parts < 1 {
		parts = runtime.NumCPU()
	}
	r, err := startRead(data, opts)
	if err != nil {
		return nil, err
	}
	cuts := cutPoints(r.p.s, r.p.pos, parts, r.p.nl)
	if len(cuts) <= 2 {
		res, err := r.rest() // one part: the rest of ReadCSV
		if err != nil {
			return nil, err
		}
		return []*CSVResult{res}, nil
	}
	k := len(cuts) - 1
	// Each part's first line: the lines before it, counted in parallel.
	breaks := make([]int, k)
	lines := make([]int, k)
	par.Each(k, func(i int) {
		if i > 0 {
			breaks[i] = fast.CountByte(r.p.s[cuts[i-1]:cuts[i]], r.p.nl)
		}
	})
	lines[0] = r.p.line
	for i := 1; i < k; i++ {
		lines[i] = lines[i-1] + breaks[i]
	}
	pieces := make([]*csvRead, k)
	par.Each(k, func(i int) { pieces[i] = r.scanPart(cuts[i], cuts[i+1], lines[i]) })
	// Each part must start where the one before it ended: a cut inside a
	// record made the part before read past it, and the part after it
	// is read again from there.
	for i := 0; i+1 < k; i++ {
		switch fixCut(i, pieces[i].p.pos, pieces[i].p.line, cuts, lines) {
		case cutWhole:
			return whole(data, opts)
		case cutAgain:
			pieces[i+1] = r.scanPart(cuts[i+1], max(cuts[i+1], cuts[i+2]), lines[i+1])
		}
	}
	// The number style (a decimal comma, grouped thousands) is the
	// file's: decided once over every part's cells, in file order, as the
	// whole file's would be (columns vote, and a column of text stops
	// being tallied part of the way through).
	if r.sep != ',' {
		raws := make([][][]string, k)
		for i, q := range pieces {
			raws[i] = q.raw
		}
		skip, forced := r.numberColumns()
		ns := newNullSet(r.opts.NullTokens)
		styles, flags := decideNumbersParts(raws, skip, forced, &ns, r.sep)
		for _, q := range pieces {
			q.styles, q.numFlags, q.numbersDecided = styles, flags, true
		}
	}
	// Neither step fails: columns and table only refuse what the settings
	// already checked.
	par.Each(k, func(i int) {
		_ = pieces[i].columns()
		_ = pieces[i].table()
	})
	rs, ok := r.results(pieces)
	if !ok {
		return whole(data, opts)
	}
	return rs, nil
}

// whole is ReadCSV's result as ReadCSVParts returns it.
func whole(data []byte, opts CSVOptions) ([]*CSVResult, error) {
	res, err := ReadCSV(data, opts)
	if err != nil {
		return nil, err
	}
	return []*CSVResult{res}, nil
}

// cutPoints returns where parts of s from from on start, each just past a
// line end (nl, with the LF of a CRLF when nl is CR), cutting it into up
// to parts parts of about equal size, with len(s) last.
func cutPoints(s string, from, parts int, nl byte) []int {
	cuts := []int{from}
	size := max(1, (len(s)-from)/parts)
	for i := 1; i < parts; i++ {
		at := max(from+i*size, cuts[len(cuts)-1])
		if at >= len(s) {
			break
		}
		j := strings.IndexByte(s[at:], nl)
		if j < 0 {
			break
		}
		at += j + 1
		if nl == '\r' && at < len(s) && s[at] == '\n' {
			at++
		}
		if at >= len(s) {
			break
		}
		if at > cuts[len(cuts)-1] {
			cuts = append(cuts, at)
		}
	}
	return append(cuts, len(s))
}

// noRows notes a file with a header and nothing else.
func (r *csvRead) noRows() {
	if r.n == 0 && len(r.res.Rejected) == 0 {
		r.res.Warnings = append(r.res.Warnings, "the file has a header but no data rows")
	}
}

// scanPart reads the records from offset from to the first that ends at
// or past stop, from line line on, into raw columns: a part of the file,
// with r's dialect and header, and its own parser and result.
func (r *csvRead) scanPart(from, stop, line int) *csvRead {
	q := *r
	q.part = true
	res := *r.res
	res.Warnings, res.Rejected, res.Formats, res.Numbers = nil, nil, map[string]string{}, nil
	q.res = &res
	p := &csvParser{s: r.p.s, pos: from, line: line, maxLine: r.p.maxLine, nl: r.p.nl, sep: r.p.sep,
		validUTF8: r.p.validUTF8, quotedComma: r.p.quotedComma, bare: r.p.bare}
	q.p = p
	if rest := len(r.p.s) - r.p.pos; rest > 0 {
		q.est = int(float64(r.est)*float64(stop-from)/float64(rest)) + 16
	}
	q.scan(stop)
	return &q
}

// colSig is what a part decided about a column: joined parts must agree
// on all of it.
type colSig struct {
	name             string
	typ              Type
	scale, fileScale int
	tied             bool
	null             string
	layout, boolCase uint8
	num              numStyle
	quote            uint8
	head, named      string
	quotesRead       bool // its quoting was looked at (see quoteMarks.analyse)
}

func (q *csvRead) sigOf(j int) colSig {
	c := q.res.Table.Cols[j]
	s := colSig{quotesRead: q.qm.analyse(j, q.p.quotedComma), name: c.Name, typ: c.Type, scale: c.Scale, fileScale: c.fileScale, tied: c.file != nil}
	if f := c.form; f != nil {
		s.null, s.layout, s.boolCase, s.num, s.quote, s.head, s.named = f.null, f.layout, f.boolCase, f.num, f.quote, f.head, f.named
	}
	return s
}

// partSummary is what the merge of a file's parts needs of each part:
// what it decided about its columns, its rows and unreadable records.
type partSummary struct {
	rows         int
	rejected     []RejectedRow
	badRows      bool // a fixed type refused values
	quotedComma  bool
	decimalComma bool
	formats      map[string]string
	numbers      map[string]NumberFormat
	sigs         []colSig
	indexed      bool   // its file rows are indexed (see fileRows.idx)
	dumpNulls    []bool // the columns that write a null as \N
	names        []string
	quotesSome   bool // see quotesSome
	quoteCommas  bool // CSVResult.QuoteCommas
}

// summary is q's summary, once its columns and table are made.
func (q *csvRead) summary() partSummary {
	s := partSummary{rows: q.n, rejected: q.res.Rejected, badRows: len(q.badRows) > 0, quotedComma: q.p.quotedComma, quoteCommas: q.res.QuoteCommas,
		decimalComma: q.res.DecimalComma, formats: q.res.Formats, numbers: q.res.Numbers}
	if q.res.Table == nil {
		return s
	}
	cols := q.res.Table.Cols
	s.sigs, s.names = make([]colSig, len(cols)), make([]string, len(cols))
	for j, c := range cols {
		s.sigs[j], s.names[j] = q.sigOf(j), c.Name
	}
	s.indexed = len(cols) > 0 && cols[0].file != nil && cols[0].file.idx != nil
	s.dumpNulls = dumpNulls(cols)
	s.quotesSome = quotesSome(cols)
	return s
}

// agree checks that the parts' summaries agree on every column. It
// returns the unreadable records each part's result holds (those of a part
// without rows go with a neighbour), which parts have a result (those
// with rows), the file's warning on \N nulls (dump: the file is a tab
// dump read with \N as null) and whether they agree: parts that do not
// (or whose rows a fixed type refused values of, whose rows the table's
// file rows index otherwise, or that have no rows at all) are read whole.
func agree(sums []partSummary, dump bool) (rejected [][]RejectedRow, used []bool, warning string, ok bool) {
	rejected, used = make([][]RejectedRow, len(sums)), make([]bool, len(sums))
	var pending []RejectedRow // unreadable records of parts without rows
	last, first := -1, -1
	for i, s := range sums {
		if s.badRows {
			return nil, nil, "", false
		}
		pending = append(pending, s.rejected...)
		if s.rows > 0 {
			rejected[i], used[i], pending, last = pending, true, nil, i
			if first < 0 {
				first = i
			}
		}
	}
	if last < 0 {
		return nil, nil, "", false // no rows at all: nothing to gain
	}
	rejected[last] = append(rejected[last], pending...)
	f := &sums[first]
	for _, s := range sums {
		// (an unreadable record's quoted comma counts too)
		if s.quotedComma != f.quotedComma {
			return nil, nil, "", false
		}
	}
	has := make([]bool, len(f.sigs))
	for i := range sums {
		s := &sums[i]
		if s.rows == 0 {
			continue
		}
		if s.indexed || s.decimalComma != f.decimalComma || !maps.Equal(s.formats, f.formats) || !maps.Equal(s.numbers, f.numbers) ||
			!slices.Equal(s.sigs, f.sigs) {
			return nil, nil, "", false
		}
		for j, h := range s.dumpNulls {
			has[j] = has[j] || h
		}
	}
	if dump {
		if list := dumpNullNames(f.names, has); list != "" {
			warning = dumpWarning(list)
		}
	}
	return rejected, used, warning, true
}

// results returns the parts' results, each a CSVResult of its own with
// the file's dialect, warnings and column decisions, its rows and its
// unreadable records (those of a part without rows go with a neighbour),
// or reports that the parts disagree (see agree).
func (r *csvRead) results(pieces []*csvRead) ([]*CSVResult, bool) {
	sums := make([]partSummary, len(pieces))
	for i, q := range pieces {
		sums[i] = q.summary()
	}
	rejected, used, warning, ok := agree(sums, r.dumpNulls && r.sep == '\t')
	if !ok {
		return nil, false
	}
	var out []*CSVResult
	for i, q := range pieces {
		if used[i] {
			out = append(out, r.partResult(q, rejected[i], warning))
		}
	}
	return out, true
}

// partResult is q's result: the file's dialect and warnings, q's column
// decisions and rows, and the unreadable records it holds.
func (r *csvRead) partResult(q *csvRead, rejected []RejectedRow, warning string) *CSVResult {
	res := *r.res
	res.Warnings = slices.Clone(res.Warnings)
	res.Table, res.Rejected = q.res.Table, rejected
	res.QuoteCommas, res.DecimalComma, res.Formats, res.Numbers = q.res.QuoteCommas, q.res.DecimalComma, q.res.Formats, q.res.Numbers
	res.Quoting, res.QuotedColumns = quoting(q.res.Table.Cols)
	if warning != "" {
		res.Warnings = append(res.Warnings, warning)
	}
	return &res
}

// join joins the results of a file's parts into the whole file's.
func join(parts []*CSVResult) *CSVResult {
	res := *parts[0]
	first := parts[0].Table
	ncol := len(first.Cols)
	cols := make([]*Column, ncol)
	for j := range cols {
		cs := make([]*Column, len(parts))
		for i, p := range parts {
			cs[i] = p.Table.Cols[j]
		}
		cols[j] = joinColumns(cs)
	}
	// The file's rows, shared by every column, as ReadCSV ties them.
	if first.Cols[0].file != nil {
		rows := &fileRows{file: first.Cols[0].file.file, ncol: ncol}
		for _, p := range parts {
			f := p.Table.Cols[0].file
			rows.start = append(rows.start, f.start...)
			rows.ends = append(rows.ends, f.ends...)
		}
		for _, c := range cols {
			c.file = rows
		}
	}
	t := mustTable("csv", cols...)
	// Line numbers, kept only when a row is not on the line after the one
	// before, as ReadCSV keeps them.
	tidy, row := true, 0
	for _, p := range parts {
		for i := range p.Table.Len() {
			if tidy = p.Table.Line(i) == row+2; !tidy {
				break
			}
			row++
		}
		if !tidy {
			break
		}
	}
	if !tidy {
		lines := make([]int, 0, t.Len())
		for _, p := range parts {
			for i := range p.Table.Len() {
				lines = append(lines, p.Table.Line(i))
			}
		}
		t.Lines = lines
	}
	res.Table, res.Rejected = t, nil
	for _, p := range parts {
		res.Rejected = append(res.Rejected, p.Rejected...)
	}
	res.Quoting, res.QuotedColumns = quoting(cols)
	return &res
}

// joinColumns joins columns that agree on their type and form, end to end.
func joinColumns(parts []*Column) *Column {
	first := parts[0]
	out := &Column{Name: first.Name, Type: first.Type, Scale: first.Scale, fileScale: first.fileScale, field: first.field}
	n := 0
	anyNull := false
	for _, c := range parts {
		n += c.Len()
		anyNull = anyNull || c.Null != nil
	}
	if anyNull {
		out.Null = make([]bool, 0, n)
	}
	switch first.Type {
	case TypeString:
		out.Str = make([]string, 0, n)
	case TypeInt, TypeTimestamp:
		out.Int = make([]int64, 0, n)
	case TypeDecimal:
		out.Dec = make([]float64, 0, n)
	case TypeBool:
		out.Bool = make([]bool, 0, n)
	}
	var form *textForm
	base := 0
	for _, c := range parts {
		m := c.Len()
		out.Str, out.Int, out.Dec, out.Bool = append(out.Str, c.Str...), append(out.Int, c.Int...), append(out.Dec, c.Dec...), append(out.Bool, c.Bool...)
		if anyNull {
			if c.Null != nil {
				out.Null = append(out.Null, c.Null...)
			} else {
				out.Null = append(out.Null, make([]bool, m)...)
			}
		}
		if f := c.form; f != nil {
			if form == nil {
				form = &textForm{null: f.null, layout: f.layout, boolCase: f.boolCase, num: f.num, quote: f.quote, head: f.head, named: f.named}
			}
			for k, row := range f.rows {
				form.rows, form.text = append(form.rows, base+row), append(form.text, f.text[k])
			}
			for _, row := range f.qflips {
				form.qflips = append(form.qflips, base+row)
			}
		}
		base += m
	}
	out.form = form
	return out
}
