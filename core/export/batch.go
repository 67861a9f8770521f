package export

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ingestkit/playground/core"
)

// Batch export file names: the page's downloads.
const (
	BatchInput      = "batch_input.csv"
	BatchOutput     = "batch_output.csv"
	BatchByCategory = "batch_by_category.csv"
	BatchByRegion   = "batch_by_region.csv"
	BatchJobs       = "batch_jobs.csv"
)

// Batch exports a batch run of cfg to target: the program, its README, the
// generated records as CSV and the engine's four outputs under expected/.
func Batch(cfg core.BatchConfig, target Target) (*Bundle, error) {
	return batchBundle(cfg, target, true)
}

// BatchProgram is Batch without the data.
func BatchProgram(cfg core.BatchConfig, target Target) (*Bundle, error) {
	return batchBundle(cfg, target, false)
}

func batchBundle(cfg core.BatchConfig, target Target, data bool) (*Bundle, error) {
	if err := ready(target); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	b := &Bundle{Target: target, Pattern: "batch", Input: BatchInput}
	b.Main, b.Run = mainFile[target], runCommand[target]
	title := fmt.Sprintf("Batch ingestion: %s generated sales records, seed %d, a job every %s", core.FormatCount(int64(cfg.Source.Records)), cfg.Source.Seed, core.FormatDuration(cfg.Interval))
	var files []File
	if data {
		src, _, err := core.GenerateSales(cfg.Source)
		if err != nil {
			return nil, err
		}
		res, err := core.RunBatch(cfg, src)
		if err != nil {
			return nil, err
		}
		files = []File{{BatchInput, csvBytes(src)}, {"expected/" + BatchOutput, csvBytes(res.Output)},
			{"expected/" + BatchByCategory, csvBytes(res.ByCategory)}, {"expected/" + BatchByRegion, csvBytes(res.ByRegion)},
			{"expected/" + BatchJobs, csvBytes(res.Jobs)}}
	}
	sample, _, err := core.GenerateSales(core.GenConfig{Records: 1, Start: core.DefaultStart, Span: core.Day})
	if err != nil {
		return nil, err
	}
	var cols []column
	for _, c := range sample.Cols {
		cols = append(cols, column{c.Name, c.Type})
	}
	program, err := generate(func() string {
		g := newGen(target, title, BatchInput, cols, core.DefaultNullTokens, []string{core.ColOrderTS},
			BatchOutput+", "+BatchByCategory+", "+BatchByRegion+" and "+BatchJobs)
		d := g.d
		g.global = append(g.global, "ts", d.id(core.ColOrderTS), "price", d.id(core.ColPrice), "qty", d.id(core.ColQuantity),
			"category", d.id(core.ColCategory), "region", d.id(core.ColRegion),
			"start", strconv.FormatInt(cfg.Source.Start, 10), "start_text", core.FormatTimestamp(cfg.Source.Start),
			"interval", strconv.FormatInt(cfg.Interval, 10), "interval_text", core.FormatDuration(cfg.Interval),
			"out_output", d.str(BatchOutput), "out_by_category", d.str(BatchByCategory), "out_by_region", d.str(BatchByRegion), "out_jobs", d.str(BatchJobs))
		parts, helpers := g.start("")
		b.Helpers = helpers
		return strings.Join(append(parts, g.expand("batch", nil)), "")
	})
	if err != nil {
		return nil, err
	}
	what := []string{
		fmt.Sprintf("It reads `%s` (the records the page generated) and writes `%s` (valid records with revenue and", BatchInput, BatchOutput),
		fmt.Sprintf("batch metadata), `%s` and `%s` (revenue per group) and `%s` (one row per job run).", BatchByCategory, BatchByRegion, BatchJobs),
	}
	b.Files = append(programFiles(b, program, readme(title, b.Run, BatchOutput, what, nil, differences[target]), "batchpipeline"), files...)
	return b, nil
}

var mainFile = map[Target]string{Pandas: "pipeline.py", DuckDB: "pipeline.sql", Beam: "main.go"}
var runCommand = map[Target]string{Pandas: "python3 pipeline.py", DuckDB: "duckdb < pipeline.sql", Beam: "go mod tidy && go run . --runner=prism"}

// programFiles are a bundle's first files: the program, its README and,
// for Beam, its go.mod.
func programFiles(b *Bundle, program string, readme []byte, module string) []File {
	files := []File{{b.Main, []byte(program)}, {"README.md", readme}}
	if b.Target == Beam {
		files = append(files, File{"go.mod", []byte(dialects[Beam].blocks.expand("gomod", vars{"module", module}))})
	}
	return files
}
