package core

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core/internal/fast"
	"github.com/ingestkit/playground/core/internal/num"
	"github.com/ingestkit/playground/core/internal/say"
)

// BatchConfig configures [RunBatch]. Get one from [DefaultBatchConfig].
type BatchConfig struct {
	// Source generates the records when RunBatch gets no input table.
	Source sales.Config `json:"source"`
	// Interval is the schedule: a job runs every Interval ms from
	// Source.Start and picks up every record created since the last run.
	Interval int64 `json:"interval"`
	// Progress, when set, is called with each step's name as it finishes.
	Progress func(step string) `json:"-"`
}

// DefaultBatchConfig reproduces the original demo: 100 clean records,
// created over one day and loaded by a daily job.
func DefaultBatchConfig() BatchConfig {
	return BatchConfig{
		Source:   sales.Config{Records: 100, Seed: 42, Start: sales.DefaultStart, Span: Day},
		Interval: Day,
	}
}

// Validate reports the first invalid field as a *table.FieldError.
func (c BatchConfig) Validate() error {
	if err := c.Source.Validate(); err != nil {
		return err
	}
	if c.Interval < Minute || c.Interval > 366*Day {
		return fieldErr("interval", "must be between 1 minute and 366 days, got %s", say.Age(c.Interval))
	}
	if c.Source.Span/c.Interval > 100_000 {
		return fieldErr("interval", "gives %s job runs over the span; at most 100,000 are allowed", say.Count(c.Source.Span/c.Interval))
	}
	return nil
}

// Freshness summarises how late data arrives: the delay, per record, from its
// creation to the job run that loads it.
type Freshness struct {
	MinMs int64   `json:"minMs"`
	AvgMs float64 `json:"avgMs"`
	P50Ms int64   `json:"p50Ms"`
	P95Ms int64   `json:"p95Ms"`
	MaxMs int64   `json:"maxMs"`
	// Histogram counts records in 10 equal buckets of the job interval:
	// bucket k holds delays in (k×Interval/10, (k+1)×Interval/10].
	Histogram []int `json:"histogram"`
	BucketMs  int64 `json:"bucketMs"`
	Jobs      int   `json:"jobs"` // job runs that loaded at least one record
}

// Totals are whole-dataset aggregates over the valid records.
type Totals struct {
	Records    int     `json:"records"`
	Units      int64   `json:"units"`
	Revenue    float64 `json:"revenue"`
	AvgRevenue float64 `json:"avgRevenue"`
	MinRevenue float64 `json:"minRevenue"`
	MaxRevenue float64 `json:"maxRevenue"`
}

// BatchResult is what [RunBatch] produced.
type BatchResult struct {
	Output     *table.Table       `json:"-"` // batch_output.csv: valid records with revenue and batch metadata
	ByCategory *table.Table       `json:"-"` // revenue aggregates per category
	ByRegion   *table.Table       `json:"-"` // revenue aggregates per region
	Jobs       *table.Table       `json:"-"` // one row per job run: records loaded and revenue
	Totals     Totals             `json:"totals"`
	Freshness  Freshness          `json:"freshness"`
	Steps      []StepReport       `json:"steps"`
	Faults     []sales.FaultCount `json:"-"`
	Extracted  int                `json:"extracted"`
	Valid      int                `json:"valid"`
	Filtered   int                `json:"filtered"` // Extracted = Valid + Filtered
	// FilterReasons counts filtered records per reason, in a fixed order.
	FilterReasons []ReasonCount `json:"filterReasons"`
}

// ReasonCount is a count of records for one reason.
type ReasonCount struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// Batch metadata columns added to the output.
const (
	ColRevenue    = "revenue"
	ColBatchID    = "batch_id"
	ColIngestedAt = "ingested_at"
	ColDelay      = "delay_minutes"
)

// RunBatch runs batch ingestion: extract every record, transform them in one
// vectorized pass (parse order_ts, revenue = price × quantity, batch
// metadata, filter invalid rows: null price, quantity ≤ 0, unreadable
// order_ts), aggregate over the whole dataset and load. Each record is
// loaded by the first scheduled job after its creation; its delay is the
// data's freshness. The input, when given, needs the sales columns
// order_ts, price, quantity, category and region.
func RunBatch(cfg BatchConfig, input *table.Table) (*BatchResult, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	res := &BatchResult{}
	sw := newStopwatch(cfg.Progress)
	src := input
	var err error
	if src == nil {
		if src, res.Faults, err = sales.Generate(cfg.Source); err != nil {
			return nil, err
		}
	}
	if err := requireColumns(src, "batch ingestion", sales.ColOrderTS, sales.ColPrice, sales.ColQuantity, sales.ColCategory, sales.ColRegion); err != nil {
		return nil, err
	}
	n := src.Len()
	res.Extracted = n
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "extract", In: n, Out: n,
		Notes: append([]string{fmt.Sprintf("%s records, all at once", say.Count(int64(n)))}, faultNotes(res.Faults)...)}))

	// Transform: one pass over whole columns.
	ts := src.Col(sales.ColOrderTS)
	if ts.Type == table.TypeString {
		ts, _, _ = table.ParseTimestampColumn(ts)
	} else if ts.Type != table.TypeTimestamp {
		return nil, fieldErr("input", "column order_ts must hold dates, but it is %s column", say.A(ts.Type.String()))
	}
	price, qty := src.Col(sales.ColPrice), src.Col(sales.ColQuantity)
	if !price.Type.IsNumeric() || !qty.Type.IsNumeric() {
		return nil, fieldErr("input", "columns price and quantity must be numbers")
	}
	pv, qv := numAt(price), numAt(qty)
	reasons := []ReasonCount{{"price is null", 0}, {"quantity is 0 or less", 0}, {"order_ts is not a date", 0}}
	keep := make([]int, 0, n)
	for i := 0; i < n; i++ {
		switch {
		case price.IsNull(i):
			reasons[0].Count++
		case qty.IsNull(i) || qv(i) <= 0:
			reasons[1].Count++
		case ts.IsNull(i):
			reasons[2].Count++
		default:
			keep = append(keep, i)
		}
	}
	out := src.Take(keep)
	out.Name = "batch_output"
	out.AddColumn(ts.Take(keep))
	m := len(keep)
	rev := make([]float64, m)
	batchID := make([]string, m)
	ingested := make([]int64, m)
	delay := make([]float64, m)
	delays := make([]int64, m)
	created := out.Col(sales.ColOrderTS).Int
	jobIDs := map[int64]string{}
	for j, i := range keep {
		rev[j] = pv(i) * qv(i)
		job := cfg.Source.Start + (num.FloorDiv(created[j]-cfg.Source.Start, cfg.Interval)+1)*cfg.Interval
		ingested[j] = job
		id, ok := jobIDs[job]
		if !ok {
			p := table.PartsOf(job)
			id = fmt.Sprintf("batch_%04d%02d%02dT%02d%02d", p.Year, p.Month, p.Day, p.Hour, p.Minute)
			jobIDs[job] = id
		}
		batchID[j] = id
		delays[j] = job - created[j]
		delay[j] = float64(delays[j]) / float64(Minute)
	}
	for _, c := range out.Cols {
		if c.Name == sales.ColPrice {
			c.Scale = 2
		}
	}
	out.AddColumn(table.NewDecimalColumn(ColRevenue, rev, nil, 2))
	out.AddColumn(table.NewStringColumn(ColBatchID, batchID, nil))
	out.AddColumn(table.NewTimestampColumn(ColIngestedAt, ingested, nil))
	out.AddColumn(table.NewDecimalColumn(ColDelay, delay, nil, 1))
	res.Valid, res.Filtered = m, n-m
	res.FilterReasons = reasons
	var tnotes []string
	for _, r := range reasons {
		if r.Count > 0 {
			tnotes = append(tnotes, fmt.Sprintf("filtered %d: %s", r.Count, r.Reason))
		}
	}
	tnotes = append(tnotes, "added revenue, batch_id, ingested_at, delay_minutes")
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "transform", In: n, Out: m, Rejected: n - m, Notes: tnotes}))

	// Aggregate.
	res.ByCategory = aggregate(out, sales.ColCategory, rev, nil)
	res.ByRegion = aggregate(out, sales.ColRegion, rev, nil)
	res.Totals = totals(rev, out.Col(sales.ColQuantity))
	res.Jobs = jobsTable(batchID, ingested, rev)
	res.Freshness = freshness(delays, cfg.Interval, res.Jobs.Len())
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "aggregate", In: m, Out: m,
		Notes: []string{fmt.Sprintf("%s categories, %s regions, %s job runs", say.Count(int64(res.ByCategory.Len())), say.Count(int64(res.ByRegion.Len())), say.Count(int64(res.Jobs.Len())))}}))
	res.Output = out
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "load", In: m, Out: m,
		Notes: []string{fmt.Sprintf("%s rows to batch_output.csv", say.Count(int64(m)))}}))
	return res, nil
}

func requireColumns(t *table.Table, who string, names ...string) error {
	var missing []string
	for _, n := range names {
		if t.Col(n) == nil {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return fieldErr("input", "lacks column(s) %s that %s needs; the table has %s", strings.Join(missing, ", "), who, strings.Join(t.Names(), ", "))
	}
	return nil
}

// aggregate groups rev by the column key: count, sum, avg, min, max, sorted
// by key. With a non-nil include, only the rows it marks count.
func aggregate(t *table.Table, key string, rev []float64, include []bool) *table.Table {
	return groupTable(key, groupsOf(t, key, rev, include))
}

// group is one group's running figures: rows, and the sum (added in row
// order, as the exports add), minimum and maximum of its values.
type group struct {
	n             int64
	sum, min, max float64
}

// add adds a row's value to the group.
func (a *group) add(v float64) {
	a.n++
	a.sum += v
	a.min = min(a.min, v)
	a.max = max(a.max, v)
}

// groupsOf groups t's rows (those include marks; nil: all) by the text of
// column key, null as "", and sums each group's values of rev.
func groupsOf(t *table.Table, key string, rev []float64, include []bool) map[string]*group {
	c := t.Col(key)
	groups := map[string]*group{}
	get := func(k string) *group {
		a := groups[k]
		if a == nil {
			a = &group{min: math.Inf(1), max: math.Inf(-1)}
			groups[strings.Clone(k)] = a
		}
		return a
	}
	memo := fast.NewMemo(get)
	var buf []byte
	for i := 0; i < t.Len(); i++ {
		if include != nil && !include[i] {
			continue
		}
		var a *group
		if c.Type == table.TypeString {
			if c.IsNull(i) {
				a = memo.Get("")
			} else {
				a = memo.Get(c.Str[i])
			}
		} else {
			buf = c.AppendValue(buf[:0], i)
			if a = groups[string(buf)]; a == nil {
				a = get(string(buf))
			}
		}
		a.add(rev[i])
	}
	return groups
}

// rowGroups is a table's rows by group, for groups summed over a table
// held in parts: the groups' keys (as groupsOf's) in the order first
// seen, and each row's group (-1: left out) and value.
type rowGroups struct {
	keys  []string
	group []int32
	vals  []float64
}

// rowGroupsOf is groupsOf's grouping, the rows not summed.
func rowGroupsOf(t *table.Table, key string, rev []float64, include []bool) rowGroups {
	c := t.Col(key)
	rg := rowGroups{group: make([]int32, t.Len()), vals: rev}
	index := map[string]int32{}
	var buf []byte
	for i := range rg.group {
		if include != nil && !include[i] {
			rg.group[i] = -1
			continue
		}
		var k string
		switch {
		case c.Type != table.TypeString:
			buf = c.AppendValue(buf[:0], i)
			k = string(buf)
		case !c.IsNull(i):
			k = c.Str[i]
		}
		g, ok := index[k]
		if !ok {
			g = int32(len(rg.keys))
			index[k] = g
			rg.keys = append(rg.keys, strings.Clone(k))
		}
		rg.group[i] = g
	}
	return rg
}

// groupsOfParts sums the groups of a table held in parts, each part's
// rows by group: the rows in order, as groupsOf sums the whole table.
func groupsOfParts(parts []rowGroups) map[string]*group {
	groups := map[string]*group{}
	for _, p := range parts {
		of := make([]*group, len(p.keys))
		for j, k := range p.keys {
			if of[j] = groups[k]; of[j] == nil {
				of[j] = &group{min: math.Inf(1), max: math.Inf(-1)}
				groups[k] = of[j]
			}
		}
		for i, g := range p.group {
			if g >= 0 {
				of[g].add(p.vals[i])
			}
		}
	}
	return groups
}

// groupTable is the aggregate table of groups, sorted by key: rows, total,
// average, minimum and maximum, to the cent.
func groupTable(key string, groups map[string]*group) *table.Table {
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Sort(sort.StringSlice(keys))
	cnt := make([]int64, len(keys))
	sum, avg, mn, mx := make([]float64, len(keys)), make([]float64, len(keys)), make([]float64, len(keys)), make([]float64, len(keys))
	for i, k := range keys {
		a := groups[k]
		cnt[i], sum[i], avg[i], mn[i], mx[i] = a.n, a.sum, a.sum/float64(a.n), a.min, a.max
	}
	return mustTable("by_"+key,
		table.NewStringColumn(key, keys, nil),
		table.NewIntColumn("orders", cnt, nil),
		table.NewDecimalColumn("total_revenue", sum, nil, 2),
		table.NewDecimalColumn("avg_revenue", avg, nil, 2),
		table.NewDecimalColumn("min_revenue", mn, nil, 2),
		table.NewDecimalColumn("max_revenue", mx, nil, 2),
	)
}

func totals(rev []float64, qty *table.Column) Totals {
	t := Totals{Records: len(rev)}
	if len(rev) == 0 {
		return t
	}
	t.MinRevenue, t.MaxRevenue = math.Inf(1), math.Inf(-1)
	for _, v := range rev {
		t.Revenue += v
		t.MinRevenue = min(t.MinRevenue, v)
		t.MaxRevenue = max(t.MaxRevenue, v)
	}
	t.AvgRevenue = t.Revenue / float64(len(rev))
	q := numAt(qty)
	for i := 0; i < qty.Len(); i++ {
		t.Units += int64(q(i))
	}
	return t
}

func jobsTable(ids []string, at []int64, rev []float64) *table.Table {
	var jid []string
	var jat, cnt []int64
	var sum []float64
	index := map[int64]int{}
	for i, t := range at {
		k, ok := index[t]
		if !ok {
			k = len(jid)
			index[t] = k
			jid, jat, cnt, sum = append(jid, ids[i]), append(jat, t), append(cnt, 0), append(sum, 0)
		}
		cnt[k]++
		sum[k] += rev[i]
	}
	t := mustTable("jobs", table.NewStringColumn(ColBatchID, jid, nil), table.NewTimestampColumn("run_at", jat, nil),
		table.NewIntColumn("records", cnt, nil), table.NewDecimalColumn("revenue", sum, nil, 2))
	// Order job runs by time.
	idx := make([]int, len(jid))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return int(sign(jat[a] - jat[b])) })
	return t.Take(idx)
}

func sign(x int64) int64 {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}

func freshness(delays []int64, interval int64, jobs int) Freshness {
	f := Freshness{Histogram: make([]int, 10), BucketMs: interval / 10, Jobs: jobs}
	if len(delays) == 0 {
		return f
	}
	for _, d := range delays {
		k := int((d - 1) * 10 / interval)
		f.Histogram[min(max(k, 0), 9)]++
	}
	l, _ := delayStats(delays)
	f.MinMs, f.AvgMs, f.P50Ms, f.P95Ms, f.MaxMs = l.MinMs, l.AvgMs, l.P50Ms, l.P95Ms, l.MaxMs
	return f
}
