package api

import (
	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/core/export"
)

// exportRequest reads {pattern, target, config}: the pipeline to export
// and the engine to export it to.
func exportRequest(a *reader) (core.ETLConfig, export.Target, error) {
	pattern := a.str("pattern", "")
	target := export.Target(a.str("target", ""))
	settings := a.obj("config")
	if err := a.done(); err != nil {
		return core.ETLConfig{}, "", err
	}
	if pattern != "etl" {
		return core.ETLConfig{}, "", reqErr("pattern", "exports exist for the ETL pipeline so far, not %q", pattern)
	}
	cfg, err := ETLConfig(settings)
	return cfg, target, err
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
	return map[string]any{"target": string(b.Target), "pattern": b.Pattern, "main": b.Main, "run": b.Run,
		"program": b.Program(), "helpers": []any{b.Helpers[0], b.Helpers[1]}, "files": files, "untranslated": untranslated, "zip": b.Folder() + ".zip"}
}

// export answers {pattern, target, config} with the program and what its
// download holds; the data is not generated.
func (e *Engine) export(a *reader) (map[string]any, error) {
	cfg, target, err := exportRequest(a)
	if err != nil {
		return nil, err
	}
	b, err := export.ETLProgram(cfg, target)
	if err != nil {
		return nil, err
	}
	return bundleInfo(b), nil
}

// exportZip answers {pattern, target, config} with the whole bundle as a
// .zip: program, README, input and the engine's outputs. It generates the
// data and runs the pipeline, so it must fit in memory with what the page
// keeps: about three times an ETL run (the run, then the CSV texts).
func (e *Engine) exportZip(a *reader) (map[string]any, []byte, error) {
	cfg, target, err := exportRequest(a)
	if err == nil {
		err = cfg.Validate()
	}
	if err == nil {
		err = e.fits(3*cfg.MemoryBytes(), 0, "an export", cfg.Source.Records)
	}
	if err != nil {
		return nil, nil, err
	}
	b, err := export.ETL(cfg, target)
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
	pattern := a.str("pattern", "")
	settings := a.obj("config")
	if err := a.done(); err != nil {
		return nil, nil, err
	}
	if pattern != "etl" {
		return nil, nil, reqErr("pattern", "exports exist for the ETL pipeline so far, not %q", pattern)
	}
	cfg, err := ETLConfig(settings)
	if err == nil {
		err = cfg.Validate()
	}
	if err == nil {
		err = e.fits(2*cfg.MemoryBytes(), 0, "the input's download", cfg.Source.Records)
	}
	if err != nil {
		return nil, nil, err
	}
	src, _, err := core.GenerateSales(cfg.Source)
	if err != nil {
		return nil, nil, err
	}
	b := core.AppendCSV(nil, src, core.CSVWriteOptions{})
	return map[string]any{"file": export.ETLInput, "bytes": len(b)}, b, nil
}
