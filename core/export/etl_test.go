//go:build !js

package export

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestETLPandas(t *testing.T) {
	for name, cfg := range etlSetups() {
		t.Run(name, func(t *testing.T) {
			b, err := ETL(cfg, Pandas)
			require.NoError(t, err)
			dir := writeBundle(t, b)
			out := runIn(t, dir, python, "pipeline.py")
			t.Log(out)
			sameFile(t, dir, ETLClean)
			sameFile(t, dir, ETLRejected)
			sameFile(t, dir, ETLQuality)
		})
	}
}

func TestETLDuckDB(t *testing.T) {
	for name, cfg := range etlSetups() {
		t.Run(name, func(t *testing.T) {
			b, err := ETL(cfg, DuckDB)
			require.NoError(t, err)
			dir := writeBundle(t, b)
			out := runDuckDB(t, dir)
			t.Log(out)
			sameFile(t, dir, ETLClean)
			sameFile(t, dir, ETLRejected)
			sameFile(t, dir, ETLQuality)
		})
	}
}

func TestETLBeam(t *testing.T) {
	for name, cfg := range etlSetups() {
		t.Run(name, func(t *testing.T) {
			b, err := ETL(cfg, Beam)
			require.NoError(t, err)
			dir := writeBundle(t, b)
			runBeam(t, dir)
			sameFile(t, dir, ETLClean)
			sameFile(t, dir, ETLRejected)
			sameFile(t, dir, ETLQuality)
		})
	}
}
