//go:build !js

package export

import (
	"testing"

	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/core/sales"
	"github.com/stretchr/testify/require"
)

func batchSetups() map[string]core.BatchConfig {
	def := core.DefaultBatchConfig()
	dirty := core.DefaultBatchConfig()
	dirty.Source.Records, dirty.Source.Seed, dirty.Source.Span, dirty.Interval = 3000, 5, 30*core.Day, 6*core.Hour
	dirty.Source.Faults = sales.Faults{NullPrice: 0.04, BadQuantity: 0.04, Duplicates: 0.03, MessyText: 0.1, MixedDates: 0.1, BadDates: 0.03, Outliers: 0.02}
	hourly := def
	hourly.Interval = core.Hour
	big := dirty
	big.Source.Records, big.Source.Seed, big.Interval = 100_000, 11, 15*core.Minute
	return map[string]core.BatchConfig{"defaults": def, "dirty": dirty, "hourly": hourly, "100k records": big}
}

// testBatch runs the batch export to each target on every setup: its
// outputs are the engine's, byte for byte.
func testBatch(t *testing.T, targets ...Target) {
	for name, cfg := range batchSetups() {
		for _, target := range targets {
			t.Run(name+"/"+string(target), func(t *testing.T) {
				b, err := Batch(cfg, target)
				require.NoError(t, err)
				dir := runExport(t, b)
				for _, f := range []string{BatchOutput, BatchByCategory, BatchByRegion, BatchJobs} {
					sameFile(t, dir, f)
				}
			})
		}
	}
}

func TestBatchExports(t *testing.T) { t.Parallel(); testBatch(t, Pandas, DuckDB) }
func TestBatchBeam(t *testing.T)    { t.Parallel(); testBatch(t, Beam) }
