//go:build !js

package export

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// testETL runs the ETL export to target on every setup: its outputs are
// the engine's, byte for byte.
func testETL(t *testing.T, target Target) {
	for name, cfg := range etlSetups() {
		t.Run(name, func(t *testing.T) {
			b, err := ETL(cfg, target)
			require.NoError(t, err)
			dir := runExport(t, b)
			sameFile(t, dir, ETLClean)
			sameFile(t, dir, ETLRejected)
			sameFile(t, dir, ETLQuality)
		})
	}
}

func TestETLPandas(t *testing.T) { t.Parallel(); testETL(t, Pandas) }
func TestETLDuckDB(t *testing.T) { t.Parallel(); testETL(t, DuckDB) }
func TestETLBeam(t *testing.T)   { t.Parallel(); testETL(t, Beam) }
