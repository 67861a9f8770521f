//go:build !js

package export

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/core/sales"
	"github.com/stretchr/testify/require"
)

func streamSetups() map[string]core.StreamConfig {
	def := core.DefaultStreamConfig()
	// Every trigger at work: a linger shorter than a full buffer takes, late
	// events, jitter, faults and more rules.
	mixed := core.DefaultStreamConfig()
	mixed.Source.Records, mixed.Source.Seed = 2000, 3
	mixed.BufferSize, mixed.LingerMs, mixed.JitterMs, mixed.OutOfOrder, mixed.LateMs = 10, 950, 80, 0.1, 700
	mixed.Source.Faults = sales.Faults{NullPrice: 0.04, BadQuantity: 0.04, Duplicates: 0.03, MessyText: 0.1, Outliers: 0.02}
	mixed.Rules = "price not null\nquantity > 0\nwarn: price < 1000\nregion in (\"North\", \"South\", \"East\", \"West\") mostly 0.95\norder_ts not in future\nemail matches \"@example\\.com$\"\n"
	timeOnly := mixed
	timeOnly.BufferSize, timeOnly.LingerMs = 0, 450
	sizeOnly := mixed
	sizeOnly.BufferSize, sizeOnly.LingerMs = 7, 0
	big := mixed
	big.Source.Records, big.Source.Seed = 100_000, 8
	return map[string]core.StreamConfig{"defaults": def, "every trigger": mixed, "time only": timeOnly, "size only": sizeOnly, "100k events": big}
}

func TestStreamExports(t *testing.T) {
	t.Parallel()
	for name, cfg := range streamSetups() {
		for _, target := range []Target{Pandas, DuckDB} {
			t.Run(name+"/"+string(target), func(t *testing.T) {
				b, err := Stream(cfg, target)
				require.NoError(t, err)
				dir := runExport(t, b)
				for _, f := range []string{StreamEvents, StreamBatches, StreamByCategory} {
					sameFile(t, dir, f)
				}
			})
		}
	}
}

// On Beam, the checked events and the totals per category are the page's;
// with the linger off, Beam's batches have the sizes of the page's flushes.
func TestStreamBeam(t *testing.T) {
	t.Parallel()
	for name, cfg := range streamSetups() {
		t.Run(name, func(t *testing.T) {
			b, err := Stream(cfg, Beam)
			require.NoError(t, err)
			dir := runExport(t, b)
			sameFile(t, dir, StreamChecked)
			sameFile(t, dir, StreamByCategory)
			got, err := os.ReadFile(filepath.Join(dir, BeamBatches))
			require.NoError(t, err)
			res, err := core.RunStream(cfg, nil)
			require.NoError(t, err)
			lines := strings.Split(strings.TrimSpace(string(got)), "\n")[1:]
			events, valid := 0, 0
			var sizes []int
			for _, l := range lines {
				f := strings.Split(l, ",")
				n, _ := strconv.Atoi(f[0])
				v, _ := strconv.Atoi(f[1])
				events, valid = events+n, valid+v
				sizes = append(sizes, n)
			}
			require.Equal(t, res.EventCount, events, "every event lands in exactly one batch")
			require.Equal(t, res.Valid, valid)
			if cfg.LingerMs == 0 {
				var want []int
				for _, mb := range res.Micro {
					want = append(want, mb.Size)
				}
				sort.Sort(sort.Reverse(sort.IntSlice(want)))
				require.Equal(t, want, sizes, "with the linger off, Beam's batches are the page's size flushes")
			}
		})
	}
}
