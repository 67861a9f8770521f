package main

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core/table"

	"github.com/chromedp/chromedp"
	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/core/export"
	"github.com/ingestkit/playground/wasm/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// unzip returns a .zip's files by name.
func unzip(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err, "the download is not a valid .zip")
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		out[f.Name] = b
	}
	return out
}

// TestExportPanelWritesOnlyWhenOpened: the ETL tab shows its pipeline as a pandas program and
// a DuckDB script for the settings on the page, copies it, and downloads
// a .zip whose program, input and expected outputs are byte-identical to
// what the engine writes natively for the same settings; the input is also
// a plain download.
// shownProgram is what the export panel shows of b: the program, and
// after it (folded) its helpers' own file when they have one.
func shownProgram(b *export.Bundle) string {
	if b.HelperFile != "" {
		return b.Program() + b.HelperText()
	}
	return b.Program()
}

func TestExportPanelWritesOnlyWhenOpened(t *testing.T) {
	p := openPage(t, "#p=etl")
	p.waitText("etl-valid", "138")
	// Nothing is written, and no template loaded, until the panel is opened.
	assert.Equal(t, "", p.eval(`document.querySelector('[data-testid="export-code-etl"]').textContent`))
	p.click("export-open-etl")
	p.waitJS(`document.querySelector('[data-testid="export-code-etl"]').textContent.includes('import pandas as pd')`)
	assert.Contains(t, p.text(tid("export-run-etl")), "python3 pipeline.py")

	// Change a rule: the program follows the page's settings.
	rules := "price not null\nquantity > 0\nwarn: discount <= 0.1\n"
	p.eval(`(() => { const a = document.querySelector('[data-testid="rules-etl"]'); a.value = ` + jsString(rules) + `; a.dispatchEvent(new Event('input', {bubbles: true})); return 'ok'; })()`)
	p.waitJS(`document.querySelector('[data-testid="export-code-etl"]').textContent.includes('warn: discount <= 0.1')`)
	cfg := core.DefaultETLConfig()
	cfg.Rules = rules
	want, err := export.ETL(cfg, export.Pandas)
	require.NoError(t, err)
	// The program reads top down; its helpers are values.py, shown folded
	// after it.
	assert.Equal(t, shownProgram(want), p.eval(`[...document.querySelectorAll('[data-testid="export-code-etl"] pre')].map((x) => x.textContent).join('')`))
	assert.True(t, strings.HasPrefix(p.text(tid("export-helpers-etl")), "values.py: the playground's meaning of values"), p.text(tid("export-helpers-etl")))
	assert.Contains(t, p.text(tid("export-files-etl")), "holds pipeline.py, values.py, README.md")

	dir := p.allowDownloads()
	files := unzip(t, p.download(dir, "export-zip-etl"))
	for _, f := range want.Files {
		assert.Equal(t, string(f.Data), string(files["etl-pandas/"+f.Name]), f.Name)
	}
	assert.Len(t, files, len(want.Files))
	assert.Equal(t, string(want.File(export.ETLInput).Data), string(p.download(dir, "export-input-etl")))

	// DuckDB: its own script and README, the same data.
	p.click("export-tab-etl-duckdb")
	p.waitJS(`document.querySelector('[data-testid="export-code-etl"]').textContent.includes('read_csv(')`)
	assert.Contains(t, p.text(tid("export-run-etl")), "duckdb < pipeline.sql")
	duck, err := export.ETL(cfg, export.DuckDB)
	require.NoError(t, err)
	files = unzip(t, p.download(dir, "export-zip-etl"))
	for _, f := range duck.Files {
		assert.Equal(t, string(f.Data), string(files["etl-duckdb/"+f.Name]), f.Name)
	}

	// Beam: a Go program with its go.mod, the same data.
	p.click("export-tab-etl-beam")
	p.waitJS(`document.querySelector('[data-testid="export-code-etl"]').textContent.includes('beamx.Run')`)
	assert.Contains(t, p.text(tid("export-run-etl")), "go run . --runner=prism")
	beam, err := export.ETL(cfg, export.Beam)
	require.NoError(t, err)
	files = unzip(t, p.download(dir, "export-zip-etl"))
	for _, f := range beam.Files {
		assert.Equal(t, string(f.Data), string(files["etl-beam/"+f.Name]), f.Name)
	}
	assert.Contains(t, string(files["etl-beam/go.mod"]), "github.com/apache/beam/sdks/v2 v2.77.0")
	p.click("export-tab-etl-duckdb")
	p.waitJS(`document.querySelector('[data-testid="export-code-etl"]').textContent.includes('read_csv(')`)

	// The open panel passes the accessibility checks.
	p.axeCheck(axeSource(t), "the ETL export panel")

	// Copy puts the program on the clipboard (or selects it to copy by hand).
	p.click("export-copy-etl")
	p.waitJS(`/Copied|Selected/.test(document.querySelector('[data-testid="export-etl"] [role="status"]').textContent)`)
	assert.True(t, strings.HasPrefix(p.text(tid("export-files-etl")), "etl-duckdb.zip holds pipeline.sql"))

	// The batch tab has its own export: its outputs are the batch files.
	p.click("nav-batch")
	p.click("export-open-batch")
	p.waitJS(`document.querySelector('[data-testid="export-code-batch"]').textContent.includes('Batch ingestion: 100 generated sales records')`)
	bat, err := export.Batch(core.DefaultBatchConfig(), export.Pandas)
	require.NoError(t, err)
	files = unzip(t, p.download(dir, "export-zip-batch"))
	for _, f := range bat.Files {
		assert.Equal(t, string(f.Data), string(files["batch-pandas/"+f.Name]), f.Name)
	}
	assert.NotNil(t, bat.File("expected/"+export.BatchByCategory))

	// And so has the streaming tab, in DuckDB too: the events come with
	// their arrival times.
	p.click("nav-stream")
	p.click("export-open-stream")
	p.waitJS(`document.querySelector('[data-testid="export-code-stream"]').textContent.includes('Streaming ingestion: 50 events')`)
	p.click("export-tab-stream-duckdb")
	p.waitJS(`document.querySelector('[data-testid="export-code-stream"]').textContent.includes('read_csv(')`)
	str, err := export.Stream(core.DefaultStreamConfig(), export.DuckDB)
	require.NoError(t, err)
	files = unzip(t, p.download(dir, "export-zip-stream"))
	for _, f := range str.Files {
		assert.Equal(t, string(f.Data), string(files["stream-duckdb/"+f.Name]), f.Name)
	}
	assert.Equal(t, string(str.File(export.StreamInput).Data), string(p.download(dir, "export-input-stream")))
	p.checkClean()
}

// TestYourDataExport: after a check of a real-world-like file (codes with
// leading zeros, quoted commas, mixed dates, empty cells, a ragged row and
// a value that does not fit its column's type), Your data shows the check
// as a program for each engine; the .zip holds the program, its README
// (which says where the learner's file goes, since it is not copied) and
// the page's own downloads of that check under expected/.
func TestYourDataExport(t *testing.T) {
	p := openPage(t, "#p=data")
	file, err := filepath.Abs("../core/export/testdata/yourdata/orders_export.csv")
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(p.ctx, chromedp.SetUploadFiles(chromedp.CSS(tid("file-input")), []string{file})))
	p.waitText("data-rows", "10")
	assert.Equal(t, "true", p.eval(`document.querySelector('[data-testid="export-data"]').hidden.toString()`), "no export before a check")
	p.eval(`(() => { const s = document.querySelector('[data-testid="type-quantity"]'); s.value = 'integer'; s.dispatchEvent(new Event('change')); return 'ok'; })()`)
	p.waitJS(`document.querySelector('[data-testid="type-quantity"]').value === 'integer' && !document.querySelector('[data-testid="run-data"]').disabled`)
	rules := "order_id unique\nquantity > 0\nunit_price not null\ncustomer_code matches \"^\\d{5}$\"\nwarn: region in (\"North\", \"South\", \"East\", \"West\")\n"
	p.eval(`(() => { const a = document.querySelector('[data-testid="rules-data"]'); a.value = ` + jsString(rules) + `; return 'ok'; })()`)
	p.click("run-data")
	p.waitText("data-valid", "6")
	p.waitJS(`!document.querySelector('[data-testid="export-data"]').hidden`)
	p.click("export-open-data")
	p.waitJS(`document.querySelector('[data-testid="export-code-data"]').textContent.includes('import pandas as pd')`)
	assert.Contains(t, p.text(tid("export-run-data")), "next to your file")
	assert.Equal(t, "true", p.eval(`document.querySelector('[data-testid="export-input-data"]').hidden.toString()`), "the learner's file is not offered back")
	assert.Contains(t, p.text(tid("export-files-data")), "Copy your file into the unzipped folder as orders_export.csv")

	// The program is the one the engine writes natively for this check.
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	csv, err := table.ReadCSV(data, table.CSVOptions{Types: map[string]table.Type{"quantity": table.TypeInt}})
	require.NoError(t, err)
	cfg, err := api.DataCheckConfig(map[string]any{"rules": rules})
	require.NoError(t, err)
	dir := p.allowDownloads()
	// The page's own downloads of the check.
	page := map[string]string{}
	for _, table := range []string{"data_clean", "data_rejected"} {
		page[table] = string(p.download(dir, "download-"+table))
	}
	for _, target := range []export.Target{export.Pandas, export.DuckDB, export.Beam} {
		p.click("export-tab-data-" + string(target))
		want, err := export.DataCheck(cfg, csv, "orders_export.csv", target)
		require.NoError(t, err)
		p.waitJS(`[...document.querySelectorAll('[data-testid="export-code-data"] pre')].map((x) => x.textContent).join('') === ` + jsString(shownProgram(want)))
		files := unzip(t, p.download(dir, "export-zip-data"))
		folder := "data-" + string(target) + "/"
		for _, f := range want.Files {
			assert.Equal(t, string(f.Data), string(files[folder+f.Name]), f.Name)
		}
		assert.Len(t, files, len(want.Files))
		assert.Nil(t, files[folder+"orders_export.csv"])
		assert.Contains(t, string(files[folder+"README.md"]), "Copy your file `orders_export.csv` into this folder")
		assert.Equal(t, page["data_clean"], string(files[folder+"expected/orders_export_clean.csv"]), "the zip's expected clean file is the page's download")
		assert.Equal(t, page["data_rejected"], string(files[folder+"expected/orders_export_rejected.csv"]))
	}
	p.axeCheck(axeSource(t), "the Your data export panel")

	// A new file replaces the check, and its export with it.
	p.click("sample-load")
	p.waitText("data-rows", "9")
	assert.Equal(t, "true", p.eval(`document.querySelector('[data-testid="export-data"]').hidden.toString()`))
	p.checkClean()
}

// A target that cannot take the check (DuckDB and columns id and ID) says
// why in the panel and shows no program — not the last target's; the other
// targets still show theirs.
func TestExportRefusalShowsNoProgram(t *testing.T) {
	p := openPage(t, "#p=data")
	ids := filepath.Join(t.TempDir(), "ids.csv")
	require.NoError(t, os.WriteFile(ids, []byte("id,ID,name\n1,2,x\n3,4,y\n"), 0o644))
	require.NoError(t, chromedp.Do(p.ctx, chromedp.SetUploadFiles(chromedp.CSS(tid("file-input")), []string{ids})))
	p.waitText("data-rows", "2")
	p.click("run-data")
	p.waitJS(`!document.querySelector('[data-testid="export-data"]').hidden`)
	p.click("export-open-data")
	p.waitJS(`document.querySelector('[data-testid="export-code-data"]').textContent.includes('import pandas as pd')`)
	p.click("export-tab-data-duckdb")
	p.waitJS(`(document.querySelector('[data-testid="export-error-data"]') || {}).textContent.includes('DuckDB does not tell the columns')`)
	assert.Contains(t, p.text(tid("export-error-data")), "export to pandas or Beam")
	for _, id := range []string{"export-code-data", "export-run-data", "export-files-data", "export-zip-data"} {
		assert.Equal(t, "false", p.eval(`String(document.querySelector('[data-testid="`+id+`"]').checkVisibility())`), id)
	}
	p.click("export-tab-data-beam")
	p.waitJS(`document.querySelector('[data-testid="export-code-data"]').textContent.includes('package main')`)
	assert.Equal(t, "true", p.eval(`String(document.querySelector('[data-testid="export-error-data"]').hidden)`))
	assert.Equal(t, "true", p.eval(`String(document.querySelector('[data-testid="export-code-data"]').checkVisibility())`))
}

// csvRows parses a CSV download, leaving out the named columns.
func csvRows(t *testing.T, data []byte, drop ...string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, rows)
	var keep []int
	for i, name := range rows[0] {
		if !slices.Contains(drop, name) {
			keep = append(keep, i)
		}
	}
	out := make([][]string, len(rows))
	for r, row := range rows {
		for _, i := range keep {
			out[r] = append(out[r], row[i])
		}
	}
	return out
}

// TestExportTime: the Event time tab has the same panel as the other
// pattern tabs. For the tab's settings it shows the program the engine
// writes natively; the .zip holds exactly the bundle's files, and where the
// bundle's README says its expected/ files are the page's downloads, they
// are: the dropped events and the processing-time comparison byte for byte,
// the final windows as the page's windows table without its pane columns,
// and the event log as the panel's input download. A setting no program
// expresses (the watermark's idle advance) is named under "Not
// translated", as on the ETL tab; the Beam program's README differences
// (where Prism fires panes differently) are pointed to.
func TestExportTime(t *testing.T) {
	p := openPage(t, "#p=time")
	cfg, err := api.EventTimeConfig(map[string]any{}) // the page's defaults
	require.NoError(t, err)
	p.timeShown(cfg)
	assert.Equal(t, "", p.eval(`document.querySelector('[data-testid="export-code-time"]').textContent`))
	p.click("export-open-time")
	program := `[...document.querySelectorAll('[data-testid="export-code-time"] pre')].map((x) => x.textContent).join('')`
	dir := p.allowDownloads()
	page := map[string][]byte{}
	for _, table := range []string{"time_dropped", "time_processing", "time_windows"} {
		page[table] = p.download(dir, "download-"+table)
	}
	for _, target := range []export.Target{export.Pandas, export.DuckDB, export.Beam} {
		p.click("export-tab-time-" + string(target))
		want, err := export.Time(cfg, target)
		require.NoError(t, err)
		p.waitJS(program + ` === ` + jsString(shownProgram(want)))
		assert.Contains(t, p.text(tid("export-run-time")), want.Run)
		assert.Equal(t, "true", p.eval(`document.querySelector('[data-testid="export-untranslated-time"]').hidden.toString()`), "nothing untranslated at the defaults")
		files := unzip(t, p.download(dir, "export-zip-time"))
		folder := want.Folder() + "/"
		var names, wantNames []string
		for name := range files {
			names = append(names, name)
		}
		for _, f := range want.Files {
			wantNames = append(wantNames, folder+f.Name)
			assert.Equal(t, string(f.Data), string(files[folder+f.Name]), f.Name)
		}
		slices.Sort(names)
		slices.Sort(wantNames)
		assert.Equal(t, wantNames, names, "the zip holds the bundle's files, no more")
		assert.Equal(t, string(page["time_dropped"]), string(files[folder+"expected/"+export.TimeDropped]), "%s: the dropped events are the page's download", target)
		if target == export.Beam {
			assert.Contains(t, p.text(tid("export-files-time")), "where Prism, Beam's local runner, fires panes differently from the page")
			assert.Contains(t, string(files[folder+"README.md"]), "## Where this target differs from the page")
		} else {
			assert.Equal(t, string(page["time_processing"]), string(files[folder+"expected/"+export.TimeProcessing]), "%s: processing time against event time", target)
			assert.Equal(t, csvRows(t, page["time_windows"], "on_time_count", "on_time_completeness", "panes"), csvRows(t, files[folder+"expected/"+export.TimeFinal]),
				"%s: the final windows are the page's windows without the pane columns", target)
		}
		assert.Equal(t, string(files[folder+export.TimeInput]), string(p.download(dir, "export-input-time")), "the input download is the zip's event log")
	}
	assert.Contains(t, p.text(tid("export-files-time")), "time-beam.zip holds main.go, go.mod, README.md")
	assert.Contains(t, p.text(tid("export-files-time")), "the event log: the 200 events with their event, arrival and processing times")

	// An idle advance of the watermark has no counterpart in the programs:
	// the panel says so, as the README does, and the program follows.
	p.set("time", "watermark.idleMs", "20")
	idle := cfg
	idle.Watermark.IdleMs = 20000
	want, err := export.TimeProgram(idle, export.Beam)
	require.NoError(t, err)
	require.NotEmpty(t, want.Untranslated)
	p.waitJS(program + ` === ` + jsString(shownProgram(want)))
	p.waitJS(`!document.querySelector('[data-testid="export-untranslated-time"]').hidden`)
	assert.Equal(t, "Not translated: "+strings.Join(want.Untranslated, "; "), p.text(tid("export-untranslated-time")))
	p.axeCheck(axeSource(t), "the Event time export panel")
	p.checkClean()
}
