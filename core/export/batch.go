package export

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ingestkit/playground/core/internal/say"
	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

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
	title := fmt.Sprintf("Batch ingestion: %s generated sales records, seed %d, a job every %s", say.Count(int64(cfg.Source.Records)), cfg.Source.Seed, quality.FormatDuration(cfg.Interval))
	var files []File
	if data {
		src, _, err := sales.Generate(cfg.Source)
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
	sample, _, err := sales.Generate(sales.Config{Records: 1, Start: sales.DefaultStart, Span: core.Day})
	if err != nil {
		return nil, err
	}
	var cols []column
	for _, c := range sample.Cols {
		cols = append(cols, column{c.Name, c.Type})
	}
	program, err := generate(func() string {
		g := newGen(target, title, BatchInput, cols, table.DefaultNullTokens, []string{sales.ColOrderTS},
			BatchOutput+", "+BatchByCategory+", "+BatchByRegion+" and "+BatchJobs)
		d := g.d
		g.add(d.id, "ts", sales.ColOrderTS, "price", sales.ColPrice, "qty", sales.ColQuantity, "category", sales.ColCategory, "region", sales.ColRegion)
		g.add(d.str, "out_output", BatchOutput, "out_by_category", BatchByCategory, "out_by_region", BatchByRegion, "out_jobs", BatchJobs)
		g.add(nil, "start", strconv.FormatInt(cfg.Source.Start, 10), "start_text", table.FormatTimestamp(cfg.Source.Start),
			"interval", strconv.FormatInt(cfg.Interval, 10), "interval_text", quality.FormatDuration(cfg.Interval))
		parts, helpers := g.start("")
		b.Helpers = helpers
		return strings.Join(append(parts, g.expand("batch", nil)), "")
	})
	if err != nil {
		return nil, err
	}
	b.Files = append(programFiles(b, program, readme(title, b.Run, BatchOutput, batchWhat, nil, differences[target]), "batchpipeline"), files...)
	return b, nil
}

// What a batch bundle's README says the program does.
const batchWhat = "It reads `" + BatchInput + "` (the records the page generated) and writes `" + BatchOutput + "` (valid records with revenue and\n" +
	"batch metadata), `" + BatchByCategory + "` and `" + BatchByRegion + "` (revenue per group) and `" + BatchJobs + "` (one row per job run)."

var mainFile = map[Target]string{Pandas: "pipeline.py", DuckDB: "pipeline.sql", Beam: "main.go"}
var runCommand = map[Target]string{Pandas: "python3 pipeline.py", DuckDB: "duckdb < pipeline.sql", Beam: "go mod tidy && go run . --runner=prism"}

// programFiles are a bundle's first files: the program, its README, its
// helpers' file (values.py, values.go) and, for Beam, its go.mod.
func programFiles(b *Bundle, program string, readme []byte, module string) []File {
	program, values := splitHelpers(b, program)
	files := []File{{b.Main, []byte(program)}, {"README.md", readme}}
	if values != nil {
		files = append(files, *values)
	}
	if b.Target == Beam {
		files = append(files, File{"go.mod", []byte(dialects[Beam].blocks.expand("gomod", vars{"module", module}, "//"))})
	}
	return files
}
