package api

// Parts: a large file read, profiled, checked and written in parts by
// several engines at once (the page's engine workers, one Go instance
// each), the engine the page asked leading.
//
// The leading engine holds part 0 itself and hands part i to helper i-1
// (Helpers): the part methods below (partRead … partDrop) are what one
// engine asks another, with messages of bytes (see core/table's
// ReadCSVRemote, core's RunDataCheckRemote, core/profile's messages). The
// leader keeps what the page sees of the file (its columns, profile,
// report and aggregate) and where each part's rows are; the rows stay in
// the parts, which page and write them. Every answer is the one engine's
// answer, byte for byte: what the parts cannot do apart (a rule comparing
// values across rows, rows sorted across the file, an export) is done
// whole, once, by the leader, which then reads the file whole itself.

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/core/profile"
	"github.com/ingestkit/playground/core/table"
)

// Helpers are the other engines a leading engine hands parts of a large
// file to. Call runs method on helper h, as Call runs it here; it may be
// called for several helpers at once.
type Helpers interface {
	Len() int
	Call(h int, method string, args map[string]any) (map[string]any, error)
}

// PartsFrom is the size from which a file is read in parts, when the
// engine has helpers: below it, one engine is as fast (the parts' messages
// and the second read of the file's start cost more than they save).
var PartsFrom = 16 << 20

// partState is what an engine holds of its part of a file.
type partState struct {
	load  int
	data  []byte
	opts  table.CSVOptions
	read  *table.Part
	file  *table.CSVResult
	first int // the part's first row in the file
	total int // the file's rows
	prof  *profile.Part
	check *core.DataCheckPart
	cfg   core.DataCheckConfig
	// sorts are the orders its tables were sorted in (partSort), by
	// table, column and direction.
	sorts map[string][]int
}

// partedFile is what the leading engine knows of a file held in parts.
type partedFile struct {
	load    int
	head    *table.CSVResult // the file's result, without rows (table.LeadRead.Result)
	engines []int            // the engine of each part with rows: 0 this one, h+1 helper h
	rows    []int            // the rows each holds
	checked []core.PartRows  // the clean and rejected rows each holds, after a check
	cfg     core.DataCheckConfig
	// bytes and checkBytes are the memory each part's table and its check's
	// tables take; remote, what the helpers' parts take in all (retained
	// counts it).
	bytes, checkBytes []int64
	remote            int64
	// sorts are the sorted tables' orders (table.MergeSorted: the part of
	// each row of the sorted whole), by table, column and direction.
	sorts map[string][]byte
}

// sumRemote sets remote from the parts' figures.
func (pf *partedFile) sumRemote() {
	pf.remote = 0
	for j, eng := range pf.engines {
		if eng == 0 {
			continue
		}
		if j < len(pf.bytes) {
			pf.remote += pf.bytes[j]
		}
		if j < len(pf.checkBytes) {
			pf.remote += pf.checkBytes[j]
		}
	}
}

// tableBytes is the memory the whole table takes, in all its parts.
func (pf *partedFile) tableBytes() int64 {
	var n int64
	for _, b := range pf.bytes {
		n += b
	}
	return n
}

// partError is a helper's failure (not the file's): the leader then does
// the work whole.
type partError struct{ err error }

func (p *partError) Error() string { return "a helper engine failed: " + p.err.Error() }
func (p *partError) Unwrap() error { return p.err }

// callPart runs method on engine i (0: this one) with args.
func (e *Engine) callPart(i int, method string, args map[string]any) (map[string]any, error) {
	if i == 0 {
		// In the browser the engine has one thread, and a goroutine runs
		// until it waits: the calls to the helpers (each on a goroutine
		// of its own, see each) are sent before this engine works on its
		// own part, so that they work at the same time.
		for range 4 {
			runtime.Gosched()
		}
		res, _, err := partMethods[method](e, &reader{m: args})
		return res, err
	}
	res, err := e.Helpers.Call(i-1, method, args)
	if err != nil {
		return nil, &partError{err}
	}
	return res, nil
}

// helperFailed reports whether err is a helper's failure, or a message
// from one that could not be read: not the file's fault (the leader then
// does the work whole).
func helperFailed(err error) bool {
	var pe *partError
	return errors.As(err, &pe) || errors.Is(err, table.ErrDamaged)
}

// bytesOf is the memory a part's answer says its tables take (a number
// from JavaScript, or the Go value from this engine itself).
func bytesOf(res map[string]any) int64 {
	switch b := res["bytes"].(type) {
	case float64:
		return int64(b)
	case int64:
		return b
	}
	return 0
}

// msgOf takes a message (bytes) out of an answer.
func msgOf(res map[string]any) ([]byte, error) {
	b, ok := res["msg"].([]byte)
	if !ok {
		return nil, &partError{errors.New("an answer without its message")}
	}
	return b, nil
}

// partsOf is how many parts a file of size bytes is read in: one when the
// engine has no helpers or the file is small.
func (e *Engine) partsOf(size int) int {
	if e.Helpers == nil || e.Helpers.Len() < 1 || size < PartsFrom {
		return 1
	}
	return e.Helpers.Len() + 1
}

// optsArgs are a read's options as a part method's arguments.
func optsArgs(opts table.CSVOptions) map[string]any {
	types := map[string]any{}
	for col, t := range opts.Types {
		types[col] = t.String()
	}
	return map[string]any{"separator": opts.Separator, "encoding": opts.Encoding, "types": types}
}

// loadParts reads data in k parts, held by this engine and its helpers,
// and profiles it. ok is false when the file is to be read whole (the
// parts disagree, a helper failed): err is then nil.
func (e *Engine) loadParts(name string, data []byte, ref int, opts table.CSVOptions, k int) (s *loadSummary, pf *partedFile, ok bool, err error) {
	e.loads++
	load := e.loads
	t0 := time.Now()
	fs, _ := e.Helpers.(FileSharer)
	sharesFiles := fs != nil && fs.SharesFiles()
	call := func(i int, step string, msg []byte) ([]byte, error) {
		args := map[string]any{"load": load, "msg": msg}
		method := map[string]string{"read": "partRead", "rescan": "partRescan", "finish": "partFinish", "accept": "partAccept"}[step]
		if step == "read" {
			for key, v := range optsArgs(opts) {
				args[key] = v
			}
			args["part"] = i
			switch {
			case i == 0:
				args["local"] = true
			case ref > 0 && sharesFiles:
				// Each helper reads the file for itself, at once with
				// the others: the leader copies nothing.
				args["fileRef"], args["size"] = ref, len(data)
			default:
				args["data"] = data
			}
		}
		res, err := e.callPart(i, method, args)
		if err != nil {
			return nil, err
		}
		if step == "accept" {
			return nil, nil
		}
		return msgOf(res)
	}
	e.localData = data
	head, rows, ok, err := table.ReadCSVRemote(data, opts, k, call, each)
	e.localData = nil
	if err != nil || !ok {
		// What this load left in the engines goes; the file loaded before
		// keeps its parts.
		e.dropParts(e.keptLoad())
		if helperFailed(err) || err == nil {
			return nil, nil, false, nil
		}
		return nil, nil, false, err
	}
	pf = &partedFile{load: load, head: head}
	total := 0
	for i, n := range rows {
		if n > 0 {
			pf.engines, pf.rows = append(pf.engines, i), append(pf.rows, n)
			total += n
		}
	}
	// The engines without rows hold nothing of it.
	for i, n := range rows {
		if n == 0 {
			_, _ = e.callPart(i, "partDrop", map[string]any{"keep": e.keptLoad()})
		}
	}
	t1 := time.Now()
	prof, samples, err := e.profileParts(pf, total)
	if err == nil {
		for col := range opts.Types {
			if head.Table.Col(col) == nil {
				err = &Error{Code: "config", Message: fmt.Sprintf("the file has no column %q", col), Field: "types"}
				break
			}
		}
	}
	if err != nil {
		e.dropParts(e.keptLoad())
		if helperFailed(err) {
			return nil, nil, false, nil
		}
		return nil, nil, false, err
	}
	pf.sumRemote()
	t2 := time.Now()
	head.Table.Name = "data_input"
	s = &loadSummary{Name: name, Bytes: len(data), Records: total + len(head.Rejected), Rows: total, Unreadable: len(head.Rejected),
		Problems: head.Rejected[:min(len(head.Rejected), 50)], Warnings: head.Warnings, Columns: columnsOf(head.Table), Profile: prof,
		Suggestions: profile.SuggestRulesFrom(prof, func(k int) []string { return samples[k] }),
		Steps:       []loadStep{{"parse", ms(t1.Sub(t0))}, {"profile", ms(t2.Sub(t1))}},
		Dialect:     dialectOf(head, opts), Parts: len(pf.engines)}
	return s, pf, true, nil
}

// profileParts profiles a file held in parts: the profile, and the
// samples rule suggestions read (text columns' values, every part's).
func (e *Engine) profileParts(pf *partedFile, total int) ([]profile.Column, [][]string, error) {
	n := len(pf.engines)
	parts := make([]*profile.Part, n)
	samples := make([][][]string, n)
	pf.bytes = make([]int64, n)
	errs := make([]error, n)
	first := 0
	firsts := make([]int, n)
	for j, r := range pf.rows {
		firsts[j] = first
		first += r
	}
	each(n, func(j int) {
		res, err := e.callPart(pf.engines[j], "partProfile", map[string]any{"load": pf.load, "first": firsts[j], "total": total})
		if err == nil {
			var b []byte
			if b, err = msgOf(res); err == nil {
				parts[j], err = profile.ReadPart(b)
			}
			if err == nil {
				samples[j], err = samplesOf(res["samples"], len(pf.head.Table.Cols))
			}
			pf.bytes[j] = bytesOf(res)
		}
		errs[j] = err
	})
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	m := profile.Merge(parts)
	merged := m.Bytes()
	fins := make([]*profile.Finished, n)
	each(n, func(j int) {
		res, err := e.callPart(pf.engines[j], "partProfileFinish", map[string]any{"load": pf.load, "msg": merged})
		if err == nil {
			var b []byte
			if b, err = msgOf(res); err == nil {
				fins[j], err = profile.ReadFinished(b, m)
			}
		}
		errs[j] = err
	})
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	all := make([][]string, len(pf.head.Table.Cols))
	for _, s := range samples {
		for k := range all {
			all[k] = append(all[k], s[k]...)
		}
	}
	return m.Columns(fins, pf.head.Formats), all, nil
}

// samplesOf reads a part's suggestion samples: one list of text per
// column.
func samplesOf(v any, ncol int) ([][]string, error) {
	list, ok := v.([]any)
	if !ok || len(list) != ncol {
		return nil, &partError{errors.New("an answer without its samples")}
	}
	out := make([][]string, ncol)
	for k, x := range list {
		vals, _ := x.([]any)
		for _, s := range vals {
			str, ok := s.(string)
			if !ok {
				return nil, &partError{errors.New("a sample that is not text")}
			}
			out[k] = append(out[k], str)
		}
	}
	return out, nil
}

// dropParts tells every engine (this one and its helpers) to drop the
// parts it holds but those of load keep (0: all).
func (e *Engine) dropParts(keep int) {
	k := 1
	if e.Helpers != nil {
		k += e.Helpers.Len()
	}
	each(k, func(i int) { _, _ = e.callPart(i, "partDrop", map[string]any{"keep": keep}) })
}

// keptLoad is the load whose parts hold the loaded file (0: none).
func (e *Engine) keptLoad() int {
	if e.file != nil && e.file.parted != nil {
		return e.file.parted.load
	}
	return 0
}

// whole makes the loaded file whole in this engine, if parts hold it: the
// file is read again here (and its last check run again) so that what
// needs every row in one place (rows sorted, an export) works as on one
// engine; then the parts are dropped. The memory was found enough for the
// whole when the file was read and checked (this engine's memory counts
// the helpers' parts: see retained), so neither step is refused for it.
func (e *Engine) whole() error {
	f := e.file
	if f == nil || f.parted == nil {
		return nil
	}
	opts := table.CSVOptions{Types: map[string]table.Type{}, Shared: true, Separator: f.opts.Separator, Encoding: f.opts.Encoding}
	for col, t := range f.types {
		opts.Types[col] = t
	}
	cfg, checked := f.parted.cfg, f.parted.checked != nil
	cfg.Progress = nil // (the check's request is long answered)
	res, err := table.ReadCSV(f.data, opts)
	if err != nil {
		return err // (not a case: the parts read it)
	}
	var out *core.DataCheckResult
	if checked {
		if out, err = core.RunDataCheck(cfg, res); err != nil {
			return err // (nor this: the parts checked it)
		}
	}
	e.dropParts(0)
	res.Table.Name = "data_input"
	f.csv, f.parted = res, nil
	e.tables["data_input"], e.files["data_input"] = res.Table, "data_input.csv"
	if out != nil {
		out.Clean.Name, out.Rejected.Name = "data_clean", "data_rejected"
		e.tables["data_clean"], e.tables["data_rejected"] = out.Clean, out.Rejected
	}
	return nil
}

// partedTable is a table whose rows the parts hold: each part's rows.
func (e *Engine) partedTable(name string) []int {
	f := e.file
	if f == nil || f.parted == nil {
		return nil
	}
	switch name {
	case "data_input":
		return f.parted.rows
	case "data_clean", "data_rejected":
		if f.parted.checked == nil {
			return nil
		}
		out := make([]int, len(f.parted.checked))
		for j, c := range f.parted.checked {
			out[j] = c.Clean
			if name == "data_rejected" {
				out[j] = c.Rejected
			}
		}
		return out
	}
	return nil
}

// partRowsOf pages a table held in parts: the rows offset… of the whole,
// asked of the parts that hold them.
func (e *Engine) partRowsOf(name string, counts []int, offset, limit int) (map[string]any, error) {
	pf := e.file.parted
	total := 0
	for _, n := range counts {
		total += n
	}
	rows := []any{}
	var columns any
	first := 0
	for j, n := range counts {
		if lo, hi := max(offset, first), min(offset+limit, first+n); lo < hi {
			res, err := e.callPart(pf.engines[j], "partRows", map[string]any{"load": pf.load, "table": name, "offset": lo - first, "limit": hi - lo})
			if err != nil {
				return nil, err
			}
			part, _ := res["rows"].([]any)
			columns, rows = res["columns"], append(rows, part...)
		}
		first += n
	}
	if columns == nil {
		res, err := e.callPart(pf.engines[0], "partRows", map[string]any{"load": pf.load, "table": name, "offset": 0, "limit": 1})
		if err != nil {
			return nil, err
		}
		columns = res["columns"]
	}
	return map[string]any{"table": name, "columns": columns, "rows": rows, "total": total, "offset": offset}, nil
}

// The part methods: what one engine asks another.

// partMethods are the part methods' handlers (the method table's), for an
// engine asking itself.
var partMethods = map[string]func(*Engine, *reader) (map[string]any, []byte, error){
	"partRead": noBin((*Engine).partRead), "partRescan": noBin((*Engine).partRescan), "partFinish": noBin((*Engine).partFinish),
	"partAccept": noBin((*Engine).partAccept), "partProfile": noBin((*Engine).partProfile), "partProfileFinish": noBin((*Engine).partProfileFinish),
	"partCheck": noBin((*Engine).partCheck), "partCheckFinish": noBin((*Engine).partCheckFinish), "partRows": noBin((*Engine).partRows),
	"partSort": noBin((*Engine).partSort), "partCSV": (*Engine).partCSV, "partDrop": noBin((*Engine).partDrop),
}

// partOf is the part a part method works on, checking it is the load's.
func (e *Engine) partOf(a *reader) (*partState, error) {
	load := int(a.int("load", 0))
	p := e.parts[load]
	if p == nil {
		return nil, reqErr("load", "this engine holds no part of that file")
	}
	return p, nil
}

func (e *Engine) partRead(a *reader) (map[string]any, error) {
	load, i := int(a.int("load", 0)), int(a.int("part", 0))
	plan := a.bytes("msg")
	data := a.bytes("data")
	_ = a.int("fileRef", 0) // for the transport, which put the file in data
	size := int(a.int("size", -1))
	local := a.boolean("local", false)
	sepArg, encArg := a.str("separator", ""), a.str("encoding", "")
	typeArgs := a.obj("types")
	if err := a.done(); err != nil {
		return nil, err
	}
	if local {
		data = e.localData
	}
	switch {
	case data == nil:
		return nil, reqErr("data", "this engine was handed no file to read its part of")
	case size >= 0 && len(data) != size:
		return nil, reqErr("size", "this engine's copy of the file has %d bytes, the leader's %d: the file changed while it was read", len(data), size)
	}
	opts := table.CSVOptions{Types: map[string]table.Type{}, Shared: true, Separator: sepArg, Encoding: encArg}
	for col, v := range typeArgs {
		s, _ := v.(string)
		t, err := table.ParseType(s)
		if err != nil {
			return nil, err
		}
		opts.Types[col] = t
	}
	delete(e.parts, load)
	if !local {
		// A helper keeps only its part: the leader's file and results stay
		// with the leader.
		opts.MaxMemory = e.free()
	}
	pt, msg, err := table.ReadPart(data, opts, plan, i)
	if err != nil {
		return nil, err
	}
	if e.parts == nil {
		e.parts = map[int]*partState{}
	}
	e.parts[load] = &partState{load: load, data: data, opts: opts, read: pt}
	return map[string]any{"msg": msg}, nil
}

func (e *Engine) partStep(a *reader, step func(p *partState, msg []byte) ([]byte, error)) (map[string]any, error) {
	p, err := e.partOf(a)
	msg := a.bytes("msg")
	if err == nil {
		err = a.done()
	}
	if err != nil {
		return nil, err
	}
	out, err := step(p, msg)
	if err != nil {
		return nil, err
	}
	return map[string]any{"msg": out}, nil
}

func (e *Engine) partRescan(a *reader) (map[string]any, error) {
	return e.partStep(a, func(p *partState, msg []byte) ([]byte, error) { return p.read.Rescan(msg) })
}

func (e *Engine) partFinish(a *reader) (map[string]any, error) {
	return e.partStep(a, func(p *partState, msg []byte) ([]byte, error) { return p.read.Finish(msg) })
}

func (e *Engine) partAccept(a *reader) (map[string]any, error) {
	return e.partStep(a, func(p *partState, msg []byte) ([]byte, error) {
		res, err := p.read.Accept(msg)
		if err != nil {
			return nil, err
		}
		p.file, p.read = res, nil
		p.file.Table.Name = "data_input"
		return nil, nil
	})
}

func (e *Engine) partProfile(a *reader) (map[string]any, error) {
	p, err := e.partOf(a)
	first, total := int(a.int("first", 0)), int(a.int("total", 0))
	if err == nil {
		err = a.done()
	}
	if err != nil {
		return nil, err
	}
	if p.file == nil || first < 0 || total < first+p.file.Table.Len() {
		return nil, reqErr("first", "no part read, or rows that do not add up")
	}
	p.first, p.total = first, total
	p.prof = profile.NewPart(p.file.Table, first, total)
	samples := make([]any, len(p.file.Table.Cols))
	for k, c := range p.file.Table.Cols {
		vals := profile.ShareSample(c, first, total)
		list := make([]any, len(vals))
		for i, v := range vals {
			list[i] = v
		}
		samples[k] = list
	}
	return map[string]any{"msg": p.prof.Bytes(), "samples": samples, "bytes": table.TableBytes(p.file.Table)}, nil
}

func (e *Engine) partProfileFinish(a *reader) (map[string]any, error) {
	return e.partStep(a, func(p *partState, msg []byte) ([]byte, error) {
		if p.prof == nil {
			return nil, reqErr("load", "no profile under way")
		}
		m, err := profile.ReadMerged(msg)
		if err != nil {
			return nil, err
		}
		f := p.prof.Finish(p.file.Table, m)
		p.prof = nil
		return f.Bytes(), nil
	})
}

func (e *Engine) partCheck(a *reader) (map[string]any, error) {
	p, err := e.partOf(a)
	settings := a.obj("config")
	if err == nil {
		err = a.done()
	}
	if err != nil {
		return nil, err
	}
	if p.file == nil {
		return nil, reqErr("load", "no part read")
	}
	cfg, err := DataCheckConfig(settings)
	if err != nil {
		return nil, err
	}
	p.check = nil
	for key := range p.sorts {
		if !strings.HasPrefix(key, "data_input\x00") {
			delete(p.sorts, key)
		}
	}
	if err := core.CheckDataMemory(cfg, p.file, e.free()); err != nil {
		return nil, err
	}
	dc, msg, err := core.CheckDataPart(cfg, p.file)
	if err != nil {
		return nil, err
	}
	p.check, p.cfg = dc, cfg
	return map[string]any{"msg": msg}, nil
}

func (e *Engine) partCheckFinish(a *reader) (map[string]any, error) {
	var p *partState
	res, err := e.partStep(a, func(q *partState, msg []byte) ([]byte, error) {
		if q.check == nil {
			return nil, reqErr("load", "no check under way")
		}
		p = q
		return q.check.Finish(msg)
	})
	if err != nil {
		return nil, err
	}
	res["bytes"] = table.TableBytes(p.check.Clean) + table.TableBytes(p.check.Rejected)
	return res, nil
}

// partTable is a table of the part: data_input, data_clean or
// data_rejected.
func (p *partState) table(name string) (*table.Table, error) {
	switch {
	case name == "data_input" && p.file != nil:
		return p.file.Table, nil
	case name == "data_clean" && p.check != nil && p.check.Clean != nil:
		return p.check.Clean, nil
	case name == "data_rejected" && p.check != nil && p.check.Rejected != nil:
		return p.check.Rejected, nil
	}
	return nil, reqErr("table", "this part holds no table %q", name)
}

func (e *Engine) partRows(a *reader) (map[string]any, error) {
	p, err := e.partOf(a)
	name := a.str("table", "")
	offset, limit := int(a.int("offset", 0)), int(a.int("limit", 50))
	col, desc := a.str("sort", ""), a.boolean("desc", false)
	if err == nil {
		err = a.done()
	}
	if err != nil {
		return nil, err
	}
	t, err := p.table(name)
	if err != nil {
		return nil, err
	}
	if offset < 0 || limit < 1 {
		return nil, reqErr("offset", "offset %d, limit %d", offset, limit)
	}
	var order []int
	if col != "" {
		if order = p.sorts[sortKey(name, col, desc)]; order == nil {
			return nil, reqErr("sort", "this part has not sorted %s by %q", name, col)
		}
	}
	return rowsOf(t, name, order, offset, limit), nil
}

// sortKey names a table's order by a column.
func sortKey(name, col string, desc bool) string {
	return fmt.Sprintf("%s\x00%s\x00%v", name, col, desc)
}

// partSort sorts the part's table by a column and answers its values in
// that order (table.SortedKeys), or whole: true when the sort is to be
// done whole (a value without a key).
func (e *Engine) partSort(a *reader) (map[string]any, error) {
	p, err := e.partOf(a)
	name, col, desc := a.str("table", ""), a.str("sort", ""), a.boolean("desc", false)
	if err == nil {
		err = a.done()
	}
	if err != nil {
		return nil, err
	}
	t, err := p.table(name)
	if err != nil {
		return nil, err
	}
	if t.Col(col) == nil {
		return nil, reqErr("sort", "table %s has no column %q", name, col)
	}
	order, msg, ok := table.SortedKeys(t, col, desc)
	if !ok {
		return map[string]any{"whole": true}, nil
	}
	if p.sorts == nil {
		p.sorts = map[string][]int{}
	}
	p.sorts[sortKey(name, col, desc)] = order
	return map[string]any{"msg": msg}, nil
}

// sortedPartRows pages a table held in parts sorted by a column: each
// part sorts its rows, their orders are merged here once (and kept), and
// a page asks each part for its run of the page's rows. ok is false when
// the sort is to be done whole (a helper's failure, a value without a
// key).
func (e *Engine) sortedPartRows(name string, counts []int, col string, desc bool, offset, limit int) (res map[string]any, ok bool, err error) {
	pf := e.file.parted
	key := sortKey(name, col, desc)
	from := pf.sorts[key]
	if from == nil {
		msgs := make([][]byte, len(counts))
		errs := make([]error, len(counts))
		whole := make([]bool, len(counts))
		each(len(counts), func(j int) {
			res, err := e.callPart(pf.engines[j], "partSort", map[string]any{"load": pf.load, "table": name, "sort": col, "desc": desc})
			if err == nil && res["whole"] == true {
				whole[j] = true
				return
			}
			if err == nil {
				msgs[j], err = msgOf(res)
			}
			errs[j] = err
		})
		for _, err := range errs {
			if err != nil && !helperFailed(err) {
				return nil, false, err // (the column is not the table's)
			}
		}
		if slices.Contains(whole, true) || errors.Join(errs...) != nil {
			return nil, false, nil
		}
		if from, err = table.MergeSorted(msgs, counts, desc); err != nil {
			return nil, false, nil
		}
		if pf.sorts == nil {
			pf.sorts = map[string][]byte{}
		}
		pf.sorts[key] = from
	}
	first, n := table.PageOfSorted(from, len(counts), offset, limit)
	pages := make([][]any, len(counts))
	errs := make([]error, len(counts))
	cols := make([]any, len(counts))
	each(len(counts), func(j int) {
		if n[j] == 0 && (j > 0 || offset < len(from)) {
			return
		}
		res, err := e.callPart(pf.engines[j], "partRows", map[string]any{"load": pf.load, "table": name, "offset": first[j], "limit": max(n[j], 1), "sort": col, "desc": desc})
		if err != nil {
			errs[j] = err
			return
		}
		cols[j] = res["columns"]
		if n[j] > 0 {
			pages[j], _ = res["rows"].([]any)
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, false, err
	}
	var columns any
	for _, c := range cols {
		if c != nil {
			columns = c
			break
		}
	}
	rows := []any{}
	at := make([]int, len(counts))
	for _, j := range from[min(offset, len(from)):min(offset+limit, len(from))] {
		if at[j] >= len(pages[j]) {
			return nil, false, &partError{errors.New("a part answered fewer rows than it holds")}
		}
		rows = append(rows, pages[j][at[j]])
		at[j]++
	}
	return map[string]any{"table": name, "columns": columns, "rows": rows, "total": len(from), "offset": offset}, true, nil
}

func (e *Engine) partCSV(a *reader) (map[string]any, []byte, error) {
	p, err := e.partOf(a)
	name := a.str("table", "")
	rowsOnly, guard := a.boolean("rowsOnly", false), a.boolean("formulaGuard", false)
	_ = a.boolean("hold", false) // for the transport: the leader may keep the CSV where it arrives
	if err == nil {
		err = a.done()
	}
	if err != nil {
		return nil, nil, err
	}
	t, err := p.table(name)
	if err != nil {
		return nil, nil, err
	}
	opts := p.file.WriteOptions()
	if name != "data_input" {
		opts = core.FileWriteOptions(p.file, p.cfg)
	}
	opts.RowsOnly, opts.FormulaGuard = rowsOnly, guard
	b := table.AppendCSV(nil, t, opts)
	return map[string]any{"msg": b}, nil, nil
}

func (e *Engine) partDrop(a *reader) (map[string]any, error) {
	keep := int(a.int("keep", 0))
	if err := a.done(); err != nil {
		return nil, err
	}
	for load := range e.parts {
		if load != keep {
			delete(e.parts, load)
		}
	}
	return map[string]any{}, nil
}

// checkParts checks a file held in parts. ok is false when the check is
// to be run whole (a rule comparing values across rows, a helper's
// failure).
func (e *Engine) checkParts(cfg core.DataCheckConfig, settings map[string]any) (res *core.DataCheckResult, ok bool, err error) {
	pf := e.file.parted
	call := func(j int, step string, msg []byte) ([]byte, error) {
		args := map[string]any{"load": pf.load}
		method := "partCheck"
		if step == "check" {
			args["config"] = settings
		} else {
			method, args["msg"] = "partCheckFinish", msg
		}
		res, err := e.callPart(pf.engines[j], method, args)
		if err != nil {
			return nil, err
		}
		pf.checkBytes[j] = bytesOf(res)
		return msgOf(res)
	}
	// The last check's tables go first, as one engine's do, and their
	// orders.
	pf.checked, pf.checkBytes = nil, nil
	for key := range pf.sorts {
		if !strings.HasPrefix(key, "data_input\x00") {
			delete(pf.sorts, key)
		}
	}
	pf.sumRemote()
	total := 0
	for _, n := range pf.rows {
		total += n
	}
	if err := core.CheckDataMemoryOf(cfg, pf.tableBytes(), total, len(pf.head.Table.Cols), len(pf.head.Rejected), e.free()); err != nil {
		return nil, false, err
	}
	pf.checkBytes = make([]int64, len(pf.engines))
	res, err = core.RunDataCheckRemote(cfg, pf.head, pf.rows, call, each)
	if errors.Is(err, core.ErrWholeFile) || helperFailed(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	pf.checked, pf.cfg = res.PartRows, cfg
	pf.sumRemote()
	return res, true, nil
}

// Held is bytes a helper answered with that stay with the transport: in
// the browser, a JavaScript array the leader never copies into its own
// memory. A writer that takes them as they are (HeldWriter) is handed
// them whole; any other reads them (Bytes).
type Held interface {
	Len() int
	Bytes() []byte
}

// HeldWriter is a writer that takes held bytes as they are, in order with
// what it is written.
type HeldWriter interface {
	io.Writer
	WriteHeld(h Held) error
}

// writeParts writes a table held in parts to w: each part's rows, in
// order, the first with the header (the parts write at once). A helper's
// piece goes to a HeldWriter as the transport holds it ("hold" asks it
// to).
func (e *Engine) writeParts(name string, counts []int, guard bool, w io.Writer) (int, error) {
	pf := e.file.parted
	hw, hold := w.(HeldWriter)
	pieces := make([]any, len(counts))
	errs := make([]error, len(counts))
	each(len(counts), func(j int) {
		args := map[string]any{"load": pf.load, "table": name, "rowsOnly": j > 0, "formulaGuard": guard}
		if hold && pf.engines[j] > 0 {
			args["hold"] = true
		}
		res, err := e.callPart(pf.engines[j], "partCSV", args)
		if err == nil {
			if h, ok := res["msg"].(Held); ok {
				pieces[j] = h
			} else {
				pieces[j], err = msgOf(res)
			}
		}
		errs[j] = err
	})
	if err := errors.Join(errs...); err != nil {
		return 0, err
	}
	n := 0
	for j, piece := range pieces {
		switch b := piece.(type) {
		case []byte:
			if _, err := w.Write(b); err != nil {
				return n, err
			}
			n += len(b)
		case Held:
			var err error
			if hold {
				err = hw.WriteHeld(b)
			} else {
				_, err = w.Write(b.Bytes())
			}
			if err != nil {
				return n, err
			}
			n += b.Len()
		}
		pieces[j] = nil
	}
	return n, nil
}

// each runs f(0) … f(n-1) at once, each on a goroutine of its own (in the
// browser, while one waits for its helper the others run).
func each(n int, f func(i int)) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(i)
		}()
	}
	wg.Wait()
}
