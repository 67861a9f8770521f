package api

import (
	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/core/export"
	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"
)

// exportJob is a request to export a pattern: its program alone (cheap),
// its whole bundle, its input as CSV, and what all that takes in memory.
type exportJob struct {
	program, bundle func() (*export.Bundle, error)
	input           func() (*table.Table, error)
	inputName       string
	memory          int64 // bytes a run of the pattern takes
	records         int
	check           *core.DataCheckConfig // Your data: the loaded file's check
}

// exportRequest reads {pattern, target, config}; pattern data is the
// loaded file's check (Your data).
func (e *Engine) exportRequest(a *reader, withTarget bool) (*exportJob, error) {
	pattern := a.str("pattern", "")
	target := export.Target("pandas")
	if withTarget {
		target = export.Target(a.str("target", ""))
	}
	settings := a.obj("config")
	if err := a.done(); err != nil {
		return nil, err
	}
	switch pattern {
	case "batch":
		cfg, err := valid(BatchConfig(settings))
		if err != nil {
			return nil, err
		}
		return &exportJob{
			program:   func() (*export.Bundle, error) { return export.BatchProgram(cfg, target) },
			bundle:    func() (*export.Bundle, error) { return export.Batch(cfg, target) },
			input:     func() (*table.Table, error) { t, _, err := sales.Generate(cfg.Source); return t, err },
			inputName: export.BatchInput, memory: cfg.MemoryBytes(), records: cfg.Source.Records}, nil
	case "stream":
		cfg, err := valid(StreamConfig(settings))
		if err != nil {
			return nil, err
		}
		return &exportJob{
			program:   func() (*export.Bundle, error) { return export.StreamProgram(cfg, target) },
			bundle:    func() (*export.Bundle, error) { return export.Stream(cfg, target) },
			input:     func() (*table.Table, error) { return export.StreamInputTable(cfg) },
			inputName: export.StreamInput, memory: cfg.MemoryBytes(), records: cfg.Source.Records}, nil
	case "time":
		cfg, err := valid(EventTimeConfig(settings))
		if err != nil {
			return nil, err
		}
		return &exportJob{
			program:   func() (*export.Bundle, error) { return export.TimeProgram(cfg, target) },
			bundle:    func() (*export.Bundle, error) { return export.Time(cfg, target) },
			input:     func() (*table.Table, error) { return export.TimeInputTable(cfg) },
			inputName: export.TimeInput, memory: cfg.MemoryBytes(), records: cfg.Source.Records}, nil
	case "etl":
		cfg, err := valid(ETLConfig(settings))
		if err != nil {
			return nil, err
		}
		return &exportJob{
			program:   func() (*export.Bundle, error) { return export.ETLProgram(cfg, target) },
			bundle:    func() (*export.Bundle, error) { return export.ETL(cfg, target) },
			input:     func() (*table.Table, error) { t, _, err := sales.Generate(cfg.Source); return t, err },
			inputName: export.ETLInput, memory: cfg.MemoryBytes(), records: cfg.Source.Records}, nil
	case "data":
		if e.file == nil {
			return nil, reqErr("", "no file: choose a CSV file first")
		}
		cfg, err := valid(DataCheckConfig(settings))
		if err != nil {
			return nil, err
		}
		// An export reads the whole file in one place.
		if err := e.whole(); err != nil {
			return nil, err
		}
		if e.file == nil {
			return nil, reqErr("", "no file: choose a CSV file first")
		}
		f := e.file
		return &exportJob{
			program: func() (*export.Bundle, error) { return export.DataCheckProgram(cfg, f.csv, f.name, target) },
			bundle:  func() (*export.Bundle, error) { return export.DataCheck(cfg, f.csv, f.name, target) },
			input: func() (*table.Table, error) {
				return nil, reqErr("pattern", "the input of Your data is your own file %s: the export does not copy it", f.name)
			},
			inputName: f.name, check: &cfg}, nil
	}
	return nil, reqErr("pattern", "unknown pattern %q: use batch, stream, time, etl or data", pattern)
}

// fitsExport checks that a job's data fits in memory, factor times a run.
func (e *Engine) fitsExport(job *exportJob, factor int64, what string) error {
	if job.check != nil {
		return core.CheckDataMemory(*job.check, e.file.csv, e.free()/factor)
	}
	return e.fits(factor*job.memory, 0, what, job.records)
}

func bundleInfo(b *export.Bundle) map[string]any {
	files := make([]any, len(b.Files))
	for i, f := range b.Files {
		files[i] = map[string]any{"name": f.Name, "bytes": len(f.Data)}
	}
	untranslated := make([]any, len(b.Untranslated))
	for i, u := range b.Untranslated {
		untranslated[i] = u
	}
	return map[string]any{"target": string(b.Target), "pattern": b.Pattern, "main": b.Main, "run": b.Run, "input": b.Input,
		"renamed": b.Renamed, "program": b.Program(), "helpers": []any{b.Helpers[0], b.Helpers[1]},
		"helperFile": b.HelperFile, "helperText": helperText(b), "files": files, "untranslated": untranslated,
		"zip": b.Folder() + ".zip"}
}

// helperText is the text of b's helpers' own file, or "" when they are in
// the program (its helpers range) or there are none.
func helperText(b *export.Bundle) string {
	if b.HelperFile == "" {
		return ""
	}
	return b.HelperText()
}

// export answers {pattern, target, config} with the program and what its
// download holds; the data is not generated.
func (e *Engine) export(a *reader) (map[string]any, error) {
	job, err := e.exportRequest(a, true)
	if err != nil {
		return nil, err
	}
	b, err := job.program()
	if err != nil {
		return nil, err
	}
	return bundleInfo(b), nil
}

// exportZip answers {pattern, target, config} with the whole bundle as a
// .zip: program, README, input and the engine's outputs. It generates the
// data and runs the pipeline, so it must fit in memory with what the page
// keeps: about three times a run (the run, then the CSV texts).
func (e *Engine) exportZip(a *reader) (map[string]any, []byte, error) {
	job, err := e.exportRequest(a, true)
	if err == nil {
		err = e.fitsExport(job, 3, "an export")
	}
	if err != nil {
		return nil, nil, err
	}
	b, err := job.bundle()
	if err != nil {
		return nil, nil, err
	}
	zip, err := b.Zip(b.Folder())
	if err != nil {
		return nil, nil, err
	}
	info := bundleInfo(b)
	delete(info, "program")
	info["file"], info["bytes"] = b.Folder()+".zip", len(zip)
	return info, zip, nil
}

// exportInput answers {pattern, config} with the pipeline's input as CSV:
// the generated records with their injected faults.
func (e *Engine) exportInput(a *reader) (map[string]any, []byte, error) {
	job, err := e.exportRequest(a, false)
	if err == nil {
		err = e.fitsExport(job, 2, "the input's download")
	}
	if err != nil {
		return nil, nil, err
	}
	src, err := job.input()
	if err != nil {
		return nil, nil, err
	}
	b := table.AppendCSV(nil, src, table.CSVWriteOptions{})
	return map[string]any{"file": job.inputName, "bytes": len(b)}, b, nil
}

// exportTemplates answers {pandas, duckdb, beam}: the template files the
// exports are written from (the page loads them when a learner first opens
// an export; they are not part of the engine's download).
func (e *Engine) exportTemplates(a *reader) (map[string]any, error) {
	loaded := []any{}
	for _, t := range export.Targets {
		text := a.str(string(t), "")
		if text == "" {
			continue
		}
		if err := export.SetTemplate(t, text); err != nil {
			return nil, err
		}
		loaded = append(loaded, string(t))
	}
	if err := a.done(); err != nil {
		return nil, err
	}
	return map[string]any{"loaded": loaded}, nil
}
