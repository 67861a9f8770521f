package core

import (
	"errors"
	"fmt"

	"github.com/ingestkit/playground/core/internal/wire"
	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core/internal/say"
)

// A file check over a file whose parts engines that share no memory hold
// (a page's engine workers; see table.ReadCSVRemote), through messages of
// bytes: each part's engine checks its rows ([CheckDataPart]), the
// leading engine merges the findings into the report, and each part then
// sets its quarantined rows aside and transforms its clean rows
// ([DataCheckPart.Finish]); the leader adds up the notes and sums the
// aggregate in row order ([RunDataCheckRemote]). The figures, notes,
// report and aggregate are RunDataCheck's; the clean and rejected rows
// stay with the parts, which write them as the whole file's tables.

// ErrWholeFile is the error of a check that needs the whole file in one
// engine (rules that compare values across rows: unique,
// duplicate_count).
var ErrWholeFile = errors.New("core: this check needs the whole file in one engine")

// DataCheckPart is one part's share of a file check, in the engine that
// holds the part.
type DataCheckPart struct {
	cfg   DataCheckConfig
	file  *table.CSVResult
	check *quality.PartCheck
	// Clean and Rejected are the part's clean and rejected rows, once
	// Finish has run.
	Clean, Rejected *table.Table
}

// CheckDataPart checks the rows of file, a part of a file (its result as
// table.Part.Accept gives it), and returns the message for the leader.
func CheckDataPart(cfg DataCheckConfig, file *table.CSVResult) (*DataCheckPart, []byte, error) {
	rules, err := cfg.rulesFor(file.Table)
	if err != nil {
		return nil, nil, err
	}
	pc, msg, err := quality.CheckPart(file.Table, rules, quality.Options{Now: cfg.Now, Samples: cfg.Samples})
	if errors.Is(err, quality.ErrWholeTable) {
		return nil, nil, ErrWholeFile
	}
	if err != nil {
		return nil, nil, err
	}
	return &DataCheckPart{cfg: cfg, file: file, check: pc}, msg, nil
}

// Finish sets the part's quarantined rows aside and transforms its clean
// rows, once the leader's verdict says which rules quarantine; it returns
// the message for the leader.
func (p *DataCheckPart) Finish(verdict []byte) ([]byte, error) {
	rows, err := p.check.Rejected(verdict)
	if err != nil {
		return nil, err
	}
	src := p.file.Table
	rep := &quality.Report{Rows: src.Len(), Rejected: rows}
	keep, rej := splitRows(src.Len(), rep)
	p.Rejected = fileRejected(src, rep, rej, p.file.Rejected)
	p.Rejected.Name = "data_rejected"
	clean, notes, std, err := transformRows(p.cfg, src, keep)
	if err != nil {
		return nil, err
	}
	p.Clean = clean
	var w wire.Writer
	w.Int(clean.Len())
	w.Int(p.Rejected.Len())
	w.Strings(notes)
	w.String(string(table.NotesBytes(std)))
	if p.cfg.GroupBy != "" {
		measure := measureOf(p.cfg, clean, src)
		vals, include, err := measureValues(clean, measure)
		if err != nil {
			return nil, err
		}
		g := rowGroupsOf(clean, p.cfg.GroupBy, vals, include)
		w.String(measure)
		w.Strings(g.keys)
		w.Int(len(g.group))
		for i, k := range g.group {
			w.Int(int(k))
			if k >= 0 {
				w.Float(g.vals[i])
			}
		}
	}
	// What Windows-1252 cannot write, only where the load notes say it.
	var unClean, unRejected []byte
	if p.file.Encoding == table.EncodingWindows1252 && !p.cfg.WriteUTF8 {
		unClean, unRejected = table.UnencodablePart(clean), table.UnencodablePart(p.Rejected)
	}
	w.String(string(unClean))
	w.String(string(unRejected))
	return w.B, nil
}

// PartCall sends the engine of part i one step of a check in parts and
// returns its answer: "check" (CheckDataPart; the message is empty) or
// "finish" (DataCheckPart.Finish, with the verdict). RunDataCheckRemote
// calls it for several parts at once, from goroutines of its own.
type PartCall func(i int, step string, msg []byte) ([]byte, error)

// RunDataCheckRemote checks a file whose parts engines hold, through call
// (see PartCall) and each (which runs f(i) for i < n, at once or not):
// file is what the leader knows of the file (table.LeadRead.Result: its
// columns, without rows) and rows the rows each part holds. The result is
// RunDataCheck's but for the clean and rejected tables, which the parts
// hold: PartRows says how many rows each holds.
func RunDataCheckRemote(cfg DataCheckConfig, file *table.CSVResult, rows []int, call PartCall, each func(n int, f func(i int))) (*DataCheckResult, error) {
	head := file.Table
	rules, err := cfg.rulesFor(head)
	if err != nil {
		return nil, err
	}
	// What a step refuses, it refuses for the columns, whatever the rows:
	// found here, on the columns alone, it is RunDataCheck's error.
	if _, _, _, err := transformRows(cfg, head, nil); err != nil {
		return nil, err
	}
	if cfg.GroupBy != "" {
		clean, _, _, _ := transformRows(cfg, head, nil)
		if _, _, err := measureValues(clean, measureOf(cfg, clean, head)); err != nil {
			return nil, err
		}
	}
	k := len(rows)
	n := 0
	for _, r := range rows {
		n += r
	}
	answers := make([][]byte, k)
	errs := make([]error, k)
	all := func(step string, msg []byte) error {
		each(k, func(i int) { answers[i], errs[i] = call(i, step, msg) })
		return errors.Join(errs...)
	}
	sw := newStopwatch(cfg.Progress)
	res := &DataCheckResult{Records: n + len(file.Rejected), Unreadable: len(file.Rejected)}

	// Quality.
	if err := all("check", nil); err != nil {
		return nil, err
	}
	rep, verdict, err := quality.LeadCheck(rules, quality.Options{Now: cfg.Now, Samples: cfg.Samples}, answers)
	if err != nil {
		return nil, err
	}
	res.Quality = rep
	res.Valid, res.RejectedRows, res.Warned = n-len(rep.Rejected), len(rep.Rejected), rep.Warned
	res.Report = ruleReport(rep)
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "check", In: n, Out: res.Valid, Rejected: res.RejectedRows,
		Notes: []string{res.checkNote()}}))

	// Each part: its rejected rows, then its clean rows transformed, and
	// its groups.
	if err := all("finish", verdict); err != nil {
		return nil, err
	}
	stds := make([][]table.Note, k)
	rgs := make([]rowGroups, k)
	unClean, unRejected := make([][]byte, k), make([][]byte, k)
	var notes []string
	measure := ""
	cleanRows, rejectedRows := 0, 0
	res.PartRows = make([]PartRows, k)
	for i, msg := range answers {
		r := wire.Reader{B: msg}
		pr := PartRows{Clean: r.Int(), Rejected: r.Int()}
		ns := r.Strings()
		std, err := table.ReadNotes([]byte(r.String()))
		if err != nil {
			return nil, err
		}
		if cfg.GroupBy != "" {
			measure = r.String()
			rg := rowGroups{keys: r.Strings()}
			m := r.Len(1)
			rg.group, rg.vals = make([]int32, m), make([]float64, m)
			for j := range m {
				g := r.Int()
				if g < -1 || g >= len(rg.keys) {
					return nil, wire.ErrShort
				}
				rg.group[j] = int32(g)
				if g >= 0 {
					rg.vals[j] = r.Float()
				}
			}
			rgs[i] = rg
		}
		unClean[i], unRejected[i] = []byte(r.String()), []byte(r.String())
		if err := r.Done(); err != nil {
			return nil, err
		}
		if i == 0 {
			notes = ns
		}
		stds[i] = std
		res.PartRows[i] = pr
		cleanRows += pr.Clean
		rejectedRows += pr.Rejected
	}
	if cleanRows != res.Valid {
		return nil, fmt.Errorf("core: the parts kept %d rows, not %d", cleanRows, res.Valid)
	}
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "transform", In: res.Valid, Out: res.Valid, Notes: append(notes, table.NoteTexts(table.MergeNotes(stds...))...)}))

	// Aggregate: the parts' rows summed in order, as the whole table's are.
	if cfg.GroupBy != "" {
		agg := aggregateTable(groupsOfParts(rgs), cfg.GroupBy, measure)
		res.Aggregate = agg
		res.Steps = append(res.Steps, sw.finish(StepReport{Name: "aggregate", In: res.Valid, Out: agg.Len(),
			Notes: []string{say.Count(int64(agg.Len())) + " groups of " + cfg.GroupBy}}))
	}
	un := func() (int, string, error) {
		clean, _, _, _ := transformRows(cfg, head, nil)
		n, first, err := table.UnencodableOfParts(clean.Names(), file.Encoding, unClean)
		if err != nil {
			return 0, "", err
		}
		m, f, err := table.UnencodableOfParts(fileRejected(head, &quality.Report{}, nil, nil).Names(), file.Encoding, unRejected)
		if err != nil {
			return 0, "", err
		}
		if first == "" {
			first = f
		}
		return n + m, first, nil
	}
	load, err := loadNotesOf(cfg, file.Encoding, cleanRows, rejectedRows, un)
	if err != nil {
		return nil, err
	}
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "load", In: res.Valid, Out: res.Valid, Rejected: rejectedRows, Notes: load}))
	return res, nil
}

// DataCheckColumns are the clean and rejected tables a check of file
// makes, without rows: their columns, for a leader whose parts hold the
// rows. The check must be one RunDataCheck runs without an error.
func DataCheckColumns(cfg DataCheckConfig, file *table.CSVResult) (clean, rejected *table.Table) {
	head := file.Table.Take(nil)
	clean, _, _, err := transformRows(cfg, head, nil)
	if err != nil {
		clean = head
	}
	return clean, fileRejected(head, &quality.Report{}, nil, nil)
}
