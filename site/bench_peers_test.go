package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/ingestkit/playground/core/workload"
)

// arqueroVersion is the JavaScript library BenchmarkW1Arquero runs W1
// with: arquero, the fastest dataframe library the speed issue measured
// (`make deps` puts its browser build in site/.deps; it is never part of
// the page).
const arqueroVersion = "8.0.3"

// arqueroFlow is W1's flow written with arquero as a learner would on a
// page of their own (on the page's thread): the file's text parsed with
// type inference, the two rules as a filter, every text trimmed, category
// in Title Case (W1's categories are single words: the first letter up, the
// rest down) and region in UPPER case, revenue = price × quantity and
// the date parts the engine derives, revenue and rows by category, and the
// clean table written to CSV as a Blob (the step before a download). It
// returns each phase in milliseconds, the clean rows, and the aggregate.
const arqueroFlow = `(async () => {
	const op = aq.op, file = document.getElementById('w1').files[0];
	const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
	const t0 = performance.now();
	const dt = aq.fromCSV(await file.text());
	const t1 = performance.now();
	const valid = dt.filter((d) => d.price != null && d.quantity > 0);
	const t2 = performance.now();
	const clean = valid.params({ DAYS }).derive({
		customer_id: (d) => op.trim(d.customer_id),
		product: (d) => op.trim(d.product),
		category: (d) => op.upper(op.substring(op.trim(d.category), 0, 1)) + op.lower(op.substring(op.trim(d.category), 1)),
		region: (d) => op.upper(op.trim(d.region)),
		revenue: (d) => op.round(d.price * d.quantity * 100) / 100,
		order_date_year: (d) => op.utcyear(d.order_date),
		order_date_quarter: (d) => op.floor(op.utcmonth(d.order_date) / 3) + 1,
		order_date_month: (d) => op.utcmonth(d.order_date) + 1,
		order_date_day_of_week: (d, $) => $.DAYS[op.utcdayofweek(d.order_date)],
		order_date_is_weekend: (d) => op.utcdayofweek(d.order_date) === 0 || op.utcdayofweek(d.order_date) === 6,
	});
	const t3 = performance.now();
	const agg = clean.groupby('category').rollup({ revenue: (d) => op.sum(d.revenue), rows: op.count() }).objects();
	const t4 = performance.now();
	const blob = new Blob([clean.toCSV()], { type: 'text/csv' });
	const t5 = performance.now();
	return JSON.stringify({ ms: { read: t1 - t0, check: t2 - t1, transform: t3 - t2, aggregate: t4 - t3, write: t5 - t4 },
		rows: clean.numRows(), bytes: blob.size, agg });
})()`

// BenchmarkW1Arquero runs workload W1 with arquero in the same headless
// Chromium as BenchmarkW1 runs it through the page, first and second pass
// in one tab, and checks its clean rows and its revenue by category
// against the native engine's clean file. Compare its total with
// BenchmarkW1's page-ms-*-flow (the learner's clicks to results and
// download, profile included).
func BenchmarkW1Arquero(b *testing.B) {
	lib, err := os.ReadFile(filepath.Join(".deps", "arquero", "arquero-"+arqueroVersion+".min.js"))
	if err != nil {
		missingTool(b, "arquero's browser build is missing: run make deps (%v)", err)
	}
	for _, n := range []int{100_000, 1_000_000} {
		b.Run("rows="+strconv.Itoa(n), func(b *testing.B) { benchPeer(b, n, string(lib), arqueroFlow, "arquero "+arqueroVersion, "aq") })
	}
}

// papaVersion is the other JavaScript peer BenchmarkW1PapaParse runs W1
// with: PapaParse to read and write the CSV and plain JavaScript between,
// the fastest way the speed issue measured (`make deps` puts its browser
// build in site/.deps; it is never part of the page).
const papaVersion = "5.7.1"

// papaFlow is W1's flow as a learner writes it with PapaParse and plain
// JavaScript on a page of their own (on the page's thread), the fastest
// way we found: the file's text parsed with a header and dynamic typing
// but for order_date (an empty cell is null; the timestamps stay text, as
// the file wrote them, and one Date a row gives the date parts), the two
// rules as a filter, one pass making each clean row (texts trimmed,
// category in Title Case, region in UPPER case, revenue = price × quantity
// rounded to the cent, the date parts), revenue and rows by category in a
// Map, and the clean rows joined into CSV text by hand (quoting what needs
// it; Papa.unparse took 9–11 s at 1,000,000 rows) as a Blob, the step
// before a download. It returns what arqueroFlow returns.
const papaFlow = `(async () => {
	const file = document.getElementById('w1').files[0];
	const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
	const text = (v) => (v == null ? '' : String(v).trim());
	const t0 = performance.now();
	const rows = Papa.parse(await file.text(), { header: true, dynamicTyping: (col) => col !== 'order_date', skipEmptyLines: true }).data;
	const t1 = performance.now();
	const valid = rows.filter((d) => d.price != null && d.quantity > 0);
	const t2 = performance.now();
	const clean = valid.map((d) => {
		const category = text(d.category), date = new Date(d.order_date), day = date.getUTCDay(), month = date.getUTCMonth();
		return {
			order_id: d.order_id, order_date: d.order_date, customer_id: text(d.customer_id), product: text(d.product),
			category: category.charAt(0).toUpperCase() + category.slice(1).toLowerCase(),
			price: d.price, quantity: d.quantity, region: text(d.region).toUpperCase(),
			revenue: Math.round(d.price * d.quantity * 100) / 100,
			order_date_year: date.getUTCFullYear(), order_date_quarter: Math.floor(month / 3) + 1,
			order_date_month: month + 1, order_date_day_of_week: DAYS[day], order_date_is_weekend: day === 0 || day === 6,
		};
	});
	const t3 = performance.now();
	const groups = new Map();
	for (const d of clean) {
		let g = groups.get(d.category);
		if (!g) groups.set(d.category, (g = { category: d.category, revenue: 0, rows: 0 }));
		g.revenue += d.revenue;
		g.rows++;
	}
	const agg = [...groups.values()];
	const t4 = performance.now();
	const cols = Object.keys(clean[0]);
	const cell = (v) => (typeof v === 'string' && /[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v);
	const lines = [cols.join(',')];
	for (const d of clean) lines.push(cols.map((c) => cell(d[c])).join(','));
	const blob = new Blob([lines.join('\n') + '\n'], { type: 'text/csv' });
	const t5 = performance.now();
	return JSON.stringify({ ms: { read: t1 - t0, check: t2 - t1, transform: t3 - t2, aggregate: t4 - t3, write: t5 - t4 },
		rows: clean.length, bytes: blob.size, agg });
})()`

// BenchmarkW1PapaParse runs workload W1 with PapaParse and plain
// JavaScript, as BenchmarkW1Arquero runs it with arquero.
func BenchmarkW1PapaParse(b *testing.B) {
	lib, err := os.ReadFile(filepath.Join(".deps", "papaparse", "papaparse-"+papaVersion+".min.js"))
	if err != nil {
		missingTool(b, "PapaParse's browser build is missing: run make deps (%v)", err)
	}
	for _, n := range []int{100_000, 1_000_000} {
		b.Run("rows="+strconv.Itoa(n), func(b *testing.B) { benchPeer(b, n, string(lib), papaFlow, "PapaParse "+papaVersion, "papa") })
	}
}

// peerPhases are the flow's phases, in order.
var peerPhases = []string{"read", "check", "transform", "aggregate", "write"}

type peerPass struct {
	MS          map[string]float64 // by phase
	Rows, Bytes int
	Agg         []struct {
		Category string
		Revenue  float64
		Rows     int
	}
}

// benchPeer runs flow (arqueroFlow, papaFlow) with the library lib on a
// blank page, twice in one tab, and reports its phases as label, its
// totals as metric-ms-first and -second.
func benchPeer(b *testing.B, n int, lib, flow, label, metric string) {
	data := workload.W1(n, 1)
	path := filepath.Join(b.TempDir(), "w1.csv")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	wantRows, wantAgg := w1Aggregate(b, w1Native(b, data))
	var first, warm []peerPass
	for b.Loop() {
		ctx, done := benchTab(b)
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"),
			chromedp.Evaluate[chromedp.Void](lib),
			chromedp.Evaluate[chromedp.Void](`document.body.innerHTML = '<input type="file" id="w1">'`),
			chromedp.SetUploadFiles(chromedp.CSS("#w1"), []string{path})); err != nil {
			b.Fatal(err)
		}
		for pass := range 2 {
			out, err := chromedp.Run(ctx, chromedp.Evaluate[string](flow, chromedp.EvalAwaitPromise))
			if err != nil {
				b.Fatal(err)
			}
			var p peerPass
			if err := json.Unmarshal([]byte(out), &p); err != nil {
				b.Fatal(err)
			}
			if p.Rows != wantRows {
				b.Fatalf("%s kept %d rows, the engine %d", label, p.Rows, wantRows)
			}
			for _, g := range p.Agg {
				w := wantAgg[g.Category]
				if g.Rows != w.rows || math.Abs(g.Revenue-w.revenue) > 0.01*float64(w.rows) {
					b.Fatalf("%s's %s: %d rows, revenue %.2f; the engine's: %d rows, %.2f", label, g.Category, g.Rows, g.Revenue, w.rows, w.revenue)
				}
			}
			if len(p.Agg) != len(wantAgg) {
				b.Fatalf("%s has %d categories, the engine %d", label, len(p.Agg), len(wantAgg))
			}
			if pass == 0 {
				first = append(first, p)
			} else {
				warm = append(warm, p)
			}
			time.Sleep(time.Second)
		}
		done()
	}
	// Each phase's mean over the passes, first | second, then the totals.
	var text []string
	var total [2]float64
	for _, phase := range peerPhases {
		var mean [2]float64
		for i, ps := range [][]peerPass{first, warm} {
			for _, p := range ps {
				mean[i] += p.MS[phase] / float64(len(ps))
			}
			total[i] += mean[i]
		}
		text = append(text, fmt.Sprintf("%s %.0f | %.0f", phase, mean[0], mean[1]))
	}
	b.Logf("W1 %d rows with %s on the page's thread, ms, first | second: %s; total %.0f | %.0f",
		n, label, strings.Join(text, ", "), total[0], total[1])
	b.ReportMetric(total[0], metric+"-ms-first")
	b.ReportMetric(total[1], metric+"-ms-second")
}

type w1Group struct {
	rows    int
	revenue float64
}

// w1Aggregate counts the rows of the engine's clean W1 file and sums their
// revenue by category.
func w1Aggregate(b *testing.B, clean []byte) (int, map[string]w1Group) {
	r := csv.NewReader(bytes.NewReader(clean))
	recs, err := r.ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range recs[0] {
		col[name] = i
	}
	agg := map[string]w1Group{}
	for _, rec := range recs[1:] {
		v, err := strconv.ParseFloat(rec[col["revenue"]], 64)
		if err != nil {
			b.Fatal(fmt.Errorf("revenue %q: %w", rec[col["revenue"]], err))
		}
		g := agg[rec[col["category"]]]
		g.rows++
		g.revenue += v
		agg[rec[col["category"]]] = g
	}
	return len(recs) - 1, agg
}
