package api

// Settings: core's configs as flat objects of settings, and back.

import (
	"fmt"

	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/core/sales"
)

var faultKeys = []string{"faults.nullPrice", "faults.badQuantity", "faults.duplicates", "faults.messyText", "faults.mixedDates", "faults.badDates", "faults.outliers"}

func faultPtrs(f *sales.Faults) []*float64 {
	return []*float64{&f.NullPrice, &f.BadQuantity, &f.Duplicates, &f.MessyText, &f.MixedDates, &f.BadDates, &f.Outliers}
}

func sourceSettings(m map[string]any, g sales.Config) {
	m["records"], m["seed"] = g.Records, int64(g.Seed)
	for i, p := range faultPtrs(&g.Faults) {
		m[faultKeys[i]] = *p
	}
}

func readSource(r *reader, g *sales.Config) {
	g.Records = int(r.int("records", int64(g.Records)))
	seed := r.int("seed", int64(g.Seed))
	if seed < 0 {
		r.fail(&Error{Code: "config", Message: fmt.Sprintf("seed must be 0 or more, got %d", seed), Field: "seed"})
	}
	g.Seed = uint64(seed)
	for i, p := range faultPtrs(&g.Faults) {
		*p = r.num(faultKeys[i], *p)
	}
}

func batchSettings(c core.BatchConfig) map[string]any {
	m := map[string]any{"span": c.Source.Span, "interval": c.Interval}
	sourceSettings(m, c.Source)
	return m
}

func streamSettings(c core.StreamConfig) map[string]any {
	m := map[string]any{"bufferSize": c.BufferSize, "lingerMs": c.LingerMs, "intervalMs": c.IntervalMs, "jitterMs": c.JitterMs,
		"outOfOrder": c.OutOfOrder, "lateMs": c.LateMs, "rules": c.Rules}
	sourceSettings(m, c.Source)
	return m
}

func etlSettings(c core.ETLConfig) map[string]any {
	m := map[string]any{"rules": c.Rules, "samples": c.Samples}
	sourceSettings(m, c.Source)
	return m
}

// BatchConfig reads batch settings over the defaults.
func BatchConfig(settings map[string]any) (core.BatchConfig, error) {
	c := core.DefaultBatchConfig()
	r := &reader{m: settings}
	readSource(r, &c.Source)
	c.Source.Span = r.int("span", c.Source.Span)
	c.Interval = r.int("interval", c.Interval)
	return c, r.done()
}

// StreamConfig reads stream settings over the defaults.
func StreamConfig(settings map[string]any) (core.StreamConfig, error) {
	c := core.DefaultStreamConfig()
	r := &reader{m: settings}
	readStream(r, &c)
	return c, r.done()
}

// CompareConfig reads the comparison's settings over its defaults: the
// stream's, and batchInterval (ms between batch jobs).
func CompareConfig(settings map[string]any) (core.CompareConfig, error) {
	c := core.DefaultCompareConfig()
	r := &reader{m: settings}
	readStream(r, &c.Stream)
	c.BatchInterval = r.int("batchInterval", c.BatchInterval)
	return c, r.done()
}

func compareSettings(c core.CompareConfig) map[string]any {
	m := streamSettings(c.Stream)
	m["batchInterval"] = c.BatchInterval
	return m
}

func readStream(r *reader, c *core.StreamConfig) {
	readSource(r, &c.Source)
	c.BufferSize = int(r.int("bufferSize", int64(c.BufferSize)))
	c.LingerMs = r.int("lingerMs", c.LingerMs)
	c.IntervalMs = r.int("intervalMs", c.IntervalMs)
	c.JitterMs = r.int("jitterMs", c.JitterMs)
	c.OutOfOrder = r.num("outOfOrder", c.OutOfOrder)
	c.LateMs = r.int("lateMs", c.LateMs)
	c.Rules = r.str("rules", c.Rules)
}

// ETLConfig reads ETL settings over the defaults.
func ETLConfig(settings map[string]any) (core.ETLConfig, error) {
	c := core.DefaultETLConfig()
	r := &reader{m: settings}
	readSource(r, &c.Source)
	c.Rules = r.str("rules", c.Rules)
	c.Samples = int(r.int("samples", int64(c.Samples)))
	return c, r.done()
}
