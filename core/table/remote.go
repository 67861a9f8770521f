package table

import (
	"maps"
	"slices"

	"github.com/ingestkit/playground/core/internal/fast"
	"github.com/ingestkit/playground/core/internal/wire"
)

// Reading a file in parts in engines that share no memory (a page's
// engine workers, each a Go instance of its own): the parts are read as
// ReadCSVParts reads them, and the engines exchange only messages (bytes).
//
// The engine the read was asked of leads it ([StartParts]): it reads the
// file's start and cuts the records into parts, and sends each part's
// engine the plan ([LeadRead.Plan]). Each of those reads the file's start
// again itself (it is the same file, read the same way) and its part
// ([ReadPart]), and answers what the leader needs to settle what spans the
// parts ([LeadRead.Scanned]): where its last record ended and how its
// columns' cells are written. The leader sends a part to be read again
// from where the one before it ended when a quoted field spanned the cut
// ([LeadRead.Rescan], [Part.Rescan]), decides the file's number style
// ([LeadRead.Decision]), and, once each part has typed its columns
// ([Part.Finish]), checks they agree ([LeadRead.Agree]): each part's
// engine then holds its part's result ([Part.Accept]), the same as
// ReadCSVParts returns for it. Parts that do not agree are read whole.
// [ReadCSVRemote] runs those steps through a function that calls the
// parts' engines.

// ErrDamaged is the error of a message between engines that could not be
// read: one engine's answer another cannot use (not the file's fault).
var ErrDamaged = wire.ErrShort

// LeadRead is the leading engine's side of a file read in parts.
type LeadRead struct {
	r           *csvRead
	cuts, lines []int
	scans       []partScan
	sums        []partSummary
	styles      []numStyle
	flags       []NumberFormat
	used        []bool
	rejected    [][]RejectedRow
	warning     string
}

// partScan is what a part's first read tells the leader.
type partScan struct {
	end, endLine int
	tallies      []partTally // when the separator is not a comma
}

// StartParts reads the file's start (its dialect, encoding and header)
// and cuts its records into up to parts parts at line ends. A file that
// does not cut (too small) has one part: read it with ReadCSV.
func StartParts(data []byte, opts CSVOptions, parts int) (*LeadRead, error) {
	r, err := startRead(data, opts)
	if err != nil {
		return nil, err
	}
	cuts := cutPoints(r.p.s, r.p.pos, max(1, parts), r.p.nl)
	k := len(cuts) - 1
	lines := make([]int, k)
	lines[0] = r.p.line
	for i := 1; i < k; i++ {
		lines[i] = lines[i-1] + fast.CountByte(r.p.s[cuts[i-1]:cuts[i]], r.p.nl)
	}
	return &LeadRead{r: r, cuts: cuts, lines: lines, scans: make([]partScan, k), sums: make([]partSummary, k)}, nil
}

// Parts is the number of parts.
func (l *LeadRead) Parts() int { return len(l.cuts) - 1 }

// Plan is the message each part's engine reads its part from (ReadPart).
func (l *LeadRead) Plan() []byte {
	var w wire.Writer
	w.Ints(l.cuts)
	w.Ints(l.lines)
	return w.B
}

// Part is one part of a file, read in an engine of its own.
type Part struct {
	r, q        *csvRead
	i           int
	cuts, lines []int
}

// ReadPart reads part i of the file the plan cuts (data and opts as the
// leader's), and returns the message for the leader (LeadRead.Scanned).
func ReadPart(data []byte, opts CSVOptions, plan []byte, i int) (*Part, []byte, error) {
	rd := wire.Reader{B: plan}
	cuts, lines := rd.Ints(), rd.Ints()
	if err := rd.Done(); err != nil {
		return nil, nil, err
	}
	if len(cuts) < 2 || len(lines) != len(cuts)-1 || i < 0 || i >= len(lines) {
		return nil, nil, wire.ErrShort
	}
	r, err := startRead(data, opts)
	if err != nil {
		return nil, nil, err
	}
	if cuts[0] != r.p.pos || cuts[len(cuts)-1] != len(r.p.s) {
		return nil, nil, wire.ErrShort // not the same file
	}
	pt := &Part{r: r, i: i, cuts: cuts, lines: lines}
	return pt, pt.scan(cuts[i], lines[i]), nil
}

// scan reads the part from offset from, line line.
func (pt *Part) scan(from, line int) []byte {
	stop := max(from, pt.cuts[pt.i+1])
	pt.q = pt.r.scanPart(from, stop, line)
	var w wire.Writer
	w.Int(pt.q.p.pos)
	w.Int(pt.q.p.line)
	if pt.r.sep != ',' {
		skip, _ := pt.r.numberColumns()
		ns := newNullSet(pt.r.opts.NullTokens)
		tallies := tallyPart(pt.q.raw, skip, &ns)
		w.Int(len(tallies))
		for i := range tallies {
			writeTally(&w, &tallies[i])
		}
	}
	return w.B
}

// Rescan reads the part again from where the one before it ended (the
// leader's message), and returns the message for the leader.
func (pt *Part) Rescan(msg []byte) ([]byte, error) {
	rd := wire.Reader{B: msg}
	from, line := rd.Int(), rd.Int()
	if err := rd.Done(); err != nil {
		return nil, err
	}
	if from < pt.cuts[pt.i] || from > len(pt.r.p.s) {
		return nil, wire.ErrShort
	}
	return pt.scan(from, line), nil
}

// Scanned takes part i's answer to its read (ReadPart or Part.Rescan).
func (l *LeadRead) Scanned(i int, msg []byte) error {
	rd := wire.Reader{B: msg}
	s := partScan{end: rd.Int(), endLine: rd.Int()}
	if l.r.sep != ',' {
		n := rd.Len(1)
		if n != len(l.r.names) {
			return wire.ErrShort
		}
		s.tallies = make([]partTally, n)
		for j := range s.tallies {
			readTally(&rd, &s.tallies[j])
		}
	}
	if err := rd.Done(); err != nil {
		return err
	}
	l.scans[i] = s
	return nil
}

// Rescan returns the next part to read again and the message for it
// (i < 0: none); whole reports that the file must be read whole.
func (l *LeadRead) Rescan() (i int, msg []byte, whole bool) {
	for i := 0; i+1 < l.Parts(); i++ {
		s := l.scans[i]
		switch fixCut(i, s.end, s.endLine, l.cuts, l.lines) {
		case cutWhole:
			return -1, nil, true
		case cutAgain:
			var w wire.Writer
			w.Int(l.cuts[i+1])
			w.Int(l.lines[i+1])
			return i + 1, w.B, false
		}
	}
	return -1, nil, false
}

// Cut outcomes (fixCut).
const (
	cutOK = iota
	cutAgain
	cutWhole
)

// fixCut checks that part i+1 starts where part i ended (end, on line
// endLine). A cut inside a record made part i read past it: part i+1
// starts there instead (cuts and lines change) and is read again
// (cutAgain). Line numbers that do not add up are not a case cuts at line
// ends make, but the whole read is always right (cutWhole).
func fixCut(i, end, endLine int, cuts, lines []int) int {
	if end == cuts[i+1] && endLine == lines[i+1] {
		return cutOK
	}
	if end <= cuts[i+1] {
		return cutWhole
	}
	// (A record that ran past the next cut too leaves that part empty, and
	// the part after it is read again in turn.)
	cuts[i+1], lines[i+1] = end, endLine
	return cutAgain
}

// Decision decides the file's number style, once every part is read, and
// returns the message each part types its columns with (Part.Finish).
func (l *LeadRead) Decision() []byte {
	var w wire.Writer
	if l.r.sep == ',' {
		w.Bool(false)
		return w.B
	}
	tallies := make([][]partTally, len(l.scans))
	for i, s := range l.scans {
		tallies[i] = s.tallies
	}
	skip, forced := l.r.numberColumns()
	l.styles, l.flags = decideTallies(tallies, skip, forced, l.r.sep)
	w.Bool(true)
	w.Bool(l.styles != nil)
	if l.styles != nil {
		w.Int(len(l.styles))
		for i, st := range l.styles {
			w.Byte(st.mark)
			w.Byte(st.group)
			writeNumberFormat(&w, l.flags[i])
		}
	}
	return w.B
}

// Finish types the part's columns with the leader's decision on the
// number style, and returns what the leader checks the parts agree on.
func (pt *Part) Finish(msg []byte) ([]byte, error) {
	rd := wire.Reader{B: msg}
	q := pt.q
	if rd.Bool() {
		q.numbersDecided = true
		q.styles, q.numFlags = nil, nil
		if rd.Bool() {
			n := rd.Len(2)
			if n != len(pt.r.names) {
				return nil, wire.ErrShort
			}
			q.styles, q.numFlags = make([]numStyle, n), make([]NumberFormat, n)
			for i := range n {
				q.styles[i] = numStyle{mark: rd.Byte(), group: rd.Byte()}
				q.numFlags[i] = readNumberFormat(&rd)
				if int(q.styles[i].group) >= len(groupSeps) {
					return nil, wire.ErrShort
				}
			}
		}
	}
	if err := rd.Done(); err != nil {
		return nil, err
	}
	_ = q.columns()
	_ = q.table()
	var w wire.Writer
	writeSummary(&w, q.summary())
	return w.B, nil
}

// Finished takes part i's answer to Finish. (Scanned and Finished may
// take different parts' answers at once.)
func (l *LeadRead) Finished(i int, msg []byte) error {
	rd := wire.Reader{B: msg}
	s := readSummary(&rd)
	if err := rd.Done(); err != nil {
		return err
	}
	if len(s.sigs) != len(l.r.names) && s.rows > 0 {
		return wire.ErrShort
	}
	l.sums[i] = s
	return nil
}

// Agree checks the parts agree, once each has finished: if they do, it
// returns the message for each part with rows (nil for the others, which
// hold no result); if they do not, the file must be read whole.
func (l *LeadRead) Agree() (msgs [][]byte, ok bool) {
	rejected, used, warning, ok := agree(l.sums, l.r.dumpNulls && l.r.sep == '\t')
	if !ok {
		return nil, false
	}
	l.used, l.rejected, l.warning = used, rejected, warning
	msgs = make([][]byte, len(used))
	for i, u := range used {
		if !u {
			continue
		}
		var w wire.Writer
		writeRejected(&w, rejected[i])
		w.String(warning)
		msgs[i] = w.B
	}
	return msgs, true
}

// Accept returns the part's result, as ReadCSVParts returns it, once the
// leader has found the parts agree (its message from Agree).
func (pt *Part) Accept(msg []byte) (*CSVResult, error) {
	rd := wire.Reader{B: msg}
	rejected := readRejected(&rd)
	warning := rd.String()
	if err := rd.Done(); err != nil {
		return nil, err
	}
	if pt.q == nil || pt.q.res.Table == nil {
		return nil, wire.ErrShort
	}
	return pt.r.partResult(pt.q, rejected, warning), nil
}

// Result is what the leader knows of the file once the parts agree: its
// result as ReadCSV's, but for the rows, which the parts hold (Table has
// the columns, typed, and no rows). Rows says how many each part holds
// (0 for a part without a result).
func (l *LeadRead) Result() (res *CSVResult, rows []int) {
	first := slices.Index(l.used, true)
	s := l.sums[first]
	r := *l.r.res
	r.Warnings = slices.Clone(r.Warnings)
	if l.warning != "" {
		r.Warnings = append(r.Warnings, l.warning)
	}
	r.Rejected = nil
	rows = make([]int, len(l.used))
	for i, u := range l.used {
		if u {
			r.Rejected = append(r.Rejected, l.rejected[i]...)
			rows[i] = l.sums[i].rows
		}
	}
	r.DecimalComma, r.Formats, r.Numbers, r.QuoteCommas = s.decimalComma, s.formats, s.numbers, s.quoteCommas
	cols := make([]*Column, len(s.sigs))
	quoted, types, some := make([]bool, len(s.sigs)), make([]Type, len(s.sigs)), false
	for j, sig := range s.sigs {
		cols[j] = emptyColumn(sig.name, sig.typ, sig.scale)
		quoted[j], types[j] = sig.quote&quoteValues != 0, sig.typ
	}
	for i, u := range l.used {
		some = some || u && l.sums[i].quotesSome
	}
	r.Quoting, r.QuotedColumns = quotingOf(some, s.names, quoted, types)
	r.Table = mustTable("csv", cols...)
	return &r, rows
}

// emptyColumn is a column of type typ without rows.
func emptyColumn(name string, typ Type, scale int) *Column {
	c := &Column{Name: name, Type: typ, Scale: scale}
	switch typ {
	case TypeString:
		c.Str = []string{}
	case TypeInt, TypeTimestamp:
		c.Int = []int64{}
	case TypeDecimal:
		c.Dec = []float64{}
	case TypeBool:
		c.Bool = []bool{}
	}
	return c
}

// PartCall sends part i's engine one step of a read in parts and returns
// its answer: "read" (with the plan: ReadPart), "rescan", "finish" or
// "accept" (the Part methods of those names; accept's answer is empty).
// ReadCSVRemote calls it for several parts at once, from goroutines of
// its own.
type PartCall func(i int, step string, msg []byte) ([]byte, error)

// ReadCSVRemote reads data in up to parts parts, each in the engine call
// reaches (see LeadRead): it returns the file's result without its rows
// (LeadRead.Result) and each part's rows, or ok false when the file is
// to be read whole (one part, or parts that disagree). An error is the
// file's (ReadCSV's) or a part engine's.
func ReadCSVRemote(data []byte, opts CSVOptions, parts int, call PartCall, each func(n int, f func(i int))) (res *CSVResult, rows []int, ok bool, err error) {
	l, err := StartParts(data, opts, parts)
	if err != nil {
		return nil, nil, false, err
	}
	k := l.Parts()
	if k < 2 {
		return nil, nil, false, nil
	}
	errs := make([]error, k)
	all := func(step string, msg func(i int) []byte, took func(i int, b []byte) error) error {
		each(k, func(i int) {
			m := msg(i)
			if m == nil {
				return
			}
			b, err := call(i, step, m)
			if err == nil && took != nil {
				err = took(i, b)
			}
			errs[i] = err
		})
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		return nil
	}
	plan := l.Plan()
	if err := all("read", func(int) []byte { return plan }, l.Scanned); err != nil {
		return nil, nil, false, err
	}
	for {
		i, msg, whole := l.Rescan()
		if whole {
			return nil, nil, false, nil
		}
		if i < 0 {
			break
		}
		b, err := call(i, "rescan", msg)
		if err == nil {
			err = l.Scanned(i, b)
		}
		if err != nil {
			return nil, nil, false, err
		}
	}
	decision := l.Decision()
	if err := all("finish", func(int) []byte { return decision }, l.Finished); err != nil {
		return nil, nil, false, err
	}
	msgs, ok := l.Agree()
	if !ok {
		return nil, nil, false, nil
	}
	if err := all("accept", func(i int) []byte { return msgs[i] }, nil); err != nil {
		return nil, nil, false, err
	}
	res, rows = l.Result()
	return res, rows, true, nil
}

// The messages' parts.

func writeTally(w *wire.Writer, p *partTally) {
	t := &p.t
	for _, v := range []int{t.numbers, t.others, t.comma, t.point, t.ambigComma, t.ambigDot, t.grouped, t.ungroupedBig} {
		w.Int(v)
	}
	for _, v := range t.groups {
		w.Int(v)
	}
	for _, v := range p.worst[1:] {
		w.Int(v)
	}
}

func readTally(r *wire.Reader, p *partTally) {
	t := &p.t
	for _, v := range []*int{&t.numbers, &t.others, &t.comma, &t.point, &t.ambigComma, &t.ambigDot, &t.grouped, &t.ungroupedBig} {
		*v = r.Int()
	}
	for i := range t.groups {
		t.groups[i] = r.Int()
	}
	for i := 1; i < len(p.worst); i++ {
		p.worst[i] = r.Int()
	}
}

func writeNumberFormat(w *wire.Writer, f NumberFormat) {
	w.String(f.Decimal)
	w.String(f.Grouping)
	w.String(f.Label)
	w.Bool(f.Ambiguous)
	w.Bool(f.ByOthers)
	w.Bool(f.Mixed)
}

func readNumberFormat(r *wire.Reader) NumberFormat {
	return NumberFormat{Decimal: r.String(), Grouping: r.String(), Label: r.String(), Ambiguous: r.Bool(), ByOthers: r.Bool(), Mixed: r.Bool()}
}

func writeRejected(w *wire.Writer, rows []RejectedRow) {
	w.Int(len(rows))
	for _, row := range rows {
		w.Int(row.Line)
		w.String(row.Reason)
		w.String(row.Raw)
	}
}

func readRejected(r *wire.Reader) []RejectedRow {
	n := r.Len(3)
	if n == 0 {
		return nil
	}
	rows := make([]RejectedRow, n)
	for i := range rows {
		rows[i] = RejectedRow{Line: r.Int(), Reason: r.String(), Raw: r.String()}
	}
	return rows
}

func writeSummary(w *wire.Writer, s partSummary) {
	w.Int(s.rows)
	writeRejected(w, s.rejected)
	w.Bool(s.badRows)
	w.Bool(s.quotedComma)
	w.Bool(s.decimalComma)
	w.Bool(s.formats != nil)
	keys := slices.Sorted(maps.Keys(s.formats))
	w.Int(len(keys))
	for _, k := range keys {
		w.String(k)
		w.String(s.formats[k])
	}
	w.Bool(s.numbers != nil)
	nkeys := slices.Sorted(maps.Keys(s.numbers))
	w.Int(len(nkeys))
	for _, k := range nkeys {
		w.String(k)
		writeNumberFormat(w, s.numbers[k])
	}
	w.Int(len(s.sigs))
	for j, g := range s.sigs {
		w.String(g.name)
		w.Byte(byte(g.typ))
		w.Int(g.scale)
		w.Int(g.fileScale)
		w.Bool(g.tied)
		w.String(g.null)
		w.Byte(g.layout)
		w.Byte(g.boolCase)
		w.Byte(g.num.mark)
		w.Byte(g.num.group)
		w.Byte(g.quote)
		w.String(g.head)
		w.String(g.named)
		w.Bool(g.quotesRead)
		w.Bool(s.dumpNulls[j])
	}
	w.Bool(s.indexed)
	w.Bool(s.quotesSome)
	w.Bool(s.quoteCommas)
}

func readSummary(r *wire.Reader) partSummary {
	s := partSummary{rows: r.Int(), rejected: readRejected(r), badRows: r.Bool(), quotedComma: r.Bool(), decimalComma: r.Bool()}
	if r.Bool() {
		s.formats = map[string]string{}
	}
	for range r.Len(2) {
		k := r.String()
		if s.formats == nil {
			s.formats = map[string]string{}
		}
		s.formats[k] = r.String()
	}
	if r.Bool() {
		s.numbers = map[string]NumberFormat{}
	}
	for range r.Len(2) {
		k := r.String()
		if s.numbers == nil {
			s.numbers = map[string]NumberFormat{}
		}
		s.numbers[k] = readNumberFormat(r)
	}
	n := r.Len(16)
	if n > 0 {
		s.sigs, s.dumpNulls, s.names = make([]colSig, n), make([]bool, n), make([]string, n)
	}
	for j := range n {
		g := colSig{name: r.String(), typ: Type(r.Byte()), scale: r.Int(), fileScale: r.Int(), tied: r.Bool(), null: r.String(),
			layout: r.Byte(), boolCase: r.Byte(), num: numStyle{mark: r.Byte(), group: r.Byte()}, quote: r.Byte(), head: r.String(),
			named: r.String(), quotesRead: r.Bool()}
		s.sigs[j], s.names[j] = g, g.name
		s.dumpNulls[j] = r.Bool()
	}
	s.indexed = r.Bool()
	s.quotesSome = r.Bool()
	s.quoteCommas = r.Bool()
	return s
}

// UnencodablePart is what t, a part of a table whose parts engines that
// share no memory hold, has that Windows-1252 cannot write, as a message
// for UnencodableOfParts.
func UnencodablePart(t *Table) []byte {
	var w wire.Writer
	us := unencodablePart(t)
	w.Int(len(us))
	for _, u := range us {
		w.Int(u.cells)
		w.Int(int(u.bad))
		w.Bool(u.hasForm)
		w.String(u.null)
	}
	return w.B
}

// UnencodableOfParts is UnencodableParts of the parts whose messages
// (UnencodablePart, in row order) are given, of a table whose columns are
// named names.
func UnencodableOfParts(names []string, encoding string, msgs [][]byte) (cells int, first string, err error) {
	parts := make([][]unencCol, len(msgs))
	for k, msg := range msgs {
		r := wire.Reader{B: msg}
		if r.Len(3) != len(names) {
			return 0, "", wire.ErrShort
		}
		parts[k] = make([]unencCol, len(names))
		for j := range names {
			parts[k][j] = unencCol{cells: r.Int(), bad: rune(r.Int()), hasForm: r.Bool(), null: r.String()}
		}
		if err := r.Done(); err != nil {
			return 0, "", err
		}
	}
	if encoding != EncodingWindows1252 || len(parts) == 0 {
		return 0, "", nil
	}
	cells, first = mergeUnencodable(names, parts)
	return cells, first, nil
}

// NotesBytes is notes as a message (ReadNotes reads it).
func NotesBytes(notes []Note) []byte {
	var w wire.Writer
	w.Int(len(notes))
	for _, n := range notes {
		for _, x := range n.at {
			w.Int(x)
		}
		w.String(n.column)
		w.Int(n.n)
	}
	return w.B
}

// ReadNotes reads notes from their message.
func ReadNotes(b []byte) ([]Note, error) {
	r := wire.Reader{B: b}
	notes := make([]Note, r.Len(5))
	for i := range notes {
		n := &notes[i]
		for k := range n.at {
			n.at[k] = r.Int()
		}
		n.column, n.n = r.String(), r.Int()
	}
	if err := r.Done(); err != nil {
		return nil, err
	}
	return notes, nil
}
