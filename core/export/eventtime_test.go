//go:build !js

package export

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/require"
)

// timeSetups are the event-time configurations every target runs.
func timeSetups() map[string]core.EventTimeConfig {
	def := core.DefaultEventTimeConfig()
	sliding := def
	sliding.Window = core.WindowSpec{Kind: core.WindowSliding, SizeMs: 2 * core.Minute, PeriodMs: 30 * core.Second}
	sliding.KeyBy = core.ColCategory
	session := def
	session.Window = core.WindowSpec{Kind: core.WindowSession, GapMs: 8 * core.Second}
	session.KeyBy = core.ColRegion
	discard := def
	discard.Trigger = core.TriggerSpec{EarlyEveryEvents: 4, LateEveryMs: 20 * core.Second, AllowedLatenessMs: 40 * core.Second}
	deadLetter := def
	deadLetter.Source.Records, deadLetter.Source.Seed = 400, 7
	deadLetter.Trigger.DeadLetter, deadLetter.Trigger.EarlyEveryEvents, deadLetter.Trigger.AllowedLatenessMs = true, 6, 20*core.Second
	deadLetter.Backpressure = core.BackpressureConfig{Capacity: 5, BatchSize: 3, PerBatchMs: 2500, Policy: "drop_oldest"}
	perfect := def
	perfect.Watermark = core.WatermarkSpec{Kind: core.WatermarkPerfect}
	perfect.KeyBy = core.ColCategory
	return map[string]core.EventTimeConfig{"defaults": def, "sliding": sliding, "session": session, "discarding": discard,
		"dead letter": deadLetter, "perfect watermark": perfect}
}

func readCSVRows(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	return rows[1:]
}

// windowPanes groups pane rows (key, start, end, index, timing, count,
// revenue) by window.
func windowPanes(rows [][]string) (map[string][][]string, []string) {
	by := map[string][][]string{}
	var order []string
	for _, r := range rows {
		w := strings.Join(r[:3], ",")
		if _, ok := by[w]; !ok {
			order = append(order, w)
		}
		by[w] = append(by[w], r[3:])
	}
	return by, order
}

func TestTimeBeam(t *testing.T) {
	for name, cfg := range timeSetups() {
		t.Run(name, func(t *testing.T) {
			b, err := Time(cfg, Beam)
			require.NoError(t, err)
			requireGofmt(t, b)
			dir := runExport(t, b)
			dropped := TimeDropped
			if cfg.Trigger.DeadLetter {
				dropped = TimeDeadLetter
			}
			sameFile(t, dir, dropped)
			sameFile(t, dir, BeamFinal)
			got, _ := windowPanes(readCSVRows(t, filepath.Join(dir, BeamPanes)))
			want, order := windowPanes(readCSVRows(t, filepath.Join(dir, "expected", BeamPanes)))
			require.Len(t, got, len(want), "Beam fired panes for as many windows as the page")
			for _, w := range order {
				g, e := got[w], want[w]
				t.Logf("%s\n  page: %v\n  beam: %v", w, e, g)
			}
		})
	}
}

func TestTimeExports(t *testing.T) {
	for name, cfg := range timeSetups() {
		for _, target := range []Target{Pandas, DuckDB} {
			t.Run(name+"/"+string(target), func(t *testing.T) {
				t.Parallel()
				b, err := Time(cfg, target)
				require.NoError(t, err)
				dir := runExport(t, b)
				dropped := TimeDropped
				if cfg.Trigger.DeadLetter {
					dropped = TimeDeadLetter
				}
				for _, f := range []string{TimeFinal, dropped, TimeProcessing} {
					sameFile(t, dir, f)
				}
			})
		}
	}
}
