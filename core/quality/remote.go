package quality

import (
	"errors"
	"fmt"

	"github.com/ingestkit/playground/core/internal/wire"
	"github.com/ingestkit/playground/core/table"
)

// Checking a table held in parts by engines that share no memory (a page's
// engine workers), through messages of bytes: each part's engine checks
// its rows ([CheckPart]) and sends its findings; the engine that merges
// ([LeadCheck]) settles what needs the whole (statuses, "mostly", the
// samples, the dataset checks, the funnel) into the whole table's
// [Report], as [CheckParts] does, and sends each part the verdict, from
// which the part lists its own quarantined rows with their reasons
// ([PartCheck.Rejected]).
//
// A value repeated across parts (unique, duplicate_count) needs every
// part's values in one place: such rules are not checked this way
// ([ErrWholeTable]).

// ErrWholeTable is CheckPart's error for rules that need the whole table
// in one engine.
var ErrWholeTable = errors.New("quality: unique and duplicate_count rules check a table held in one engine")

// PartCheck is one part's check, kept between CheckPart and Rejected.
type PartCheck struct {
	found []Result
}

// CheckPart checks t, a part of a table, against rules (bound to the
// whole table already: see Bind) and returns its findings as a message
// for LeadCheck.
func CheckPart(t *table.Table, rules []Rule, opts Options) (*PartCheck, []byte, error) {
	if opts.Samples <= 0 {
		opts.Samples = 20
	}
	pc := &PartCheck{found: make([]Result, len(rules))}
	var w wire.Writer
	w.Int(t.Len())
	w.Int(len(rules))
	for i, r := range rules {
		if r.Kind == KindUnique || r.Kind == KindDuplicateCount {
			return nil, nil, ErrWholeTable
		}
		b, err := bind(t, r)
		if err != nil {
			return nil, nil, err
		}
		res := &pc.found[i]
		*res = newResult(r)
		var latest measure
		switch {
		case r.Kind == KindFreshness:
			latest.latest, latest.found = latestDate(b.col)
		case r.Kind.Dataset():
		default:
			rowCheck(t, r, b, res, opts)
		}
		w.Int(res.Nulls)
		w.Int(res.Checked)
		w.Ints(res.failing)
		w.Bool(latest.found)
		w.Int64(latest.latest)
		k := min(opts.Samples, len(res.failing))
		w.Int(k)
		for _, row := range res.failing[:k] {
			w.Int(t.Line(row))
			w.String(b.col.Value(row))
			w.String(res.reason(row))
		}
	}
	return pc, w.B, nil
}

// partFinding is a part's finding on one rule.
type partFinding struct {
	nulls, checked int
	failing        []int
	latest         measure
	samples        []Sample // Row: the part's
}

// LeadCheck merges the parts' findings (in row order) into the whole
// table's report, and returns it with the verdict message for the parts
// (PartCheck.Rejected). The report's Rejected rows carry each row's
// codes, not its reasons: the parts hold those.
func LeadCheck(rules []Rule, opts Options, findings [][]byte) (*Report, []byte, error) {
	if opts.Samples <= 0 {
		opts.Samples = 20
	}
	if len(findings) == 0 {
		return nil, nil, fmt.Errorf("quality: no parts to check")
	}
	found := make([][]partFinding, len(findings))
	first := make([]int, len(findings)+1)
	for k, msg := range findings {
		r := wire.Reader{B: msg}
		rows := r.Int()
		if r.Len(1) != len(rules) || rows < 0 {
			return nil, nil, wire.ErrShort
		}
		first[k+1] = first[k] + rows
		found[k] = make([]partFinding, len(rules))
		for i := range rules {
			f := &found[k][i]
			f.nulls, f.checked, f.failing = r.Int(), r.Int(), r.Ints()
			f.latest.found, f.latest.latest = r.Bool(), r.Int64()
			f.samples = make([]Sample, r.Len(3))
			for s := range f.samples {
				f.samples[s] = Sample{Line: r.Int(), Value: r.String(), Reason: r.String()}
				if s < len(f.failing) {
					f.samples[s].Row = f.failing[s]
				}
			}
			if len(f.samples) > len(f.failing) {
				return nil, nil, wire.ErrShort
			}
			for _, row := range f.failing {
				if row < 0 || row >= rows {
					return nil, nil, wire.ErrShort
				}
			}
		}
		if err := r.Done(); err != nil {
			return nil, nil, err
		}
	}
	n := first[len(findings)]
	rep := &Report{Rows: n, Results: make([]Result, len(rules))}
	samples := make([]map[int]Sample, len(rules)) // rule → row → sample
	for i, r := range rules {
		res := &rep.Results[i]
		*res = newResult(r)
		samples[i] = map[int]Sample{}
		var failing []int
		for k := range findings {
			f := &found[k][i]
			res.Nulls += f.nulls
			res.Checked += f.checked
			for _, row := range f.failing {
				failing = append(failing, first[k]+row)
			}
			for _, s := range f.samples {
				samples[i][first[k]+s.Row] = s
			}
		}
		res.failing = failing
		res.reason = func(row int) string { return samples[i][row].Reason }
		latests := make([]measure, len(findings))
		for k := range findings {
			latests[k] = found[k][i].latest
		}
		rep.settle(i, r, opts, n, latests)
	}
	rep.finish(opts, make([]bool, n), func(row int) int {
		for i := range samples {
			if s, ok := samples[i][row]; ok {
				return s.Line
			}
		}
		return 0
	}, func(i, row int) string { return samples[i][row].Value })
	for i := range rep.Rejected {
		rep.Rejected[i].Reasons = nil
	}
	var w wire.Writer
	w.Int(len(rules))
	for i := range rep.Results {
		w.Bool(rep.Results[i].Quarantines)
	}
	return rep, w.B, nil
}

// Rejected returns the part's quarantined rows (numbered in the part)
// with the rules they failed and why, once the verdict (LeadCheck's
// message) says which rules quarantine.
func (pc *PartCheck) Rejected(verdict []byte) ([]RowFailure, error) {
	r := wire.Reader{B: verdict}
	if r.Len(1) != len(pc.found) {
		return nil, wire.ErrShort
	}
	for i := range pc.found {
		pc.found[i].Quarantines = r.Bool()
	}
	if err := r.Done(); err != nil {
		return nil, err
	}
	return rejectedRows(pc.found), nil
}
