//go:build !js

package export

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/core/internal/say"
	"github.com/ingestkit/playground/core/sales"
	"github.com/stretchr/testify/require"
)

// timeSetups are the event-time configurations every target runs.
func timeSetups() map[string]core.EventTimeConfig {
	def := core.DefaultEventTimeConfig()
	sliding := def
	sliding.Window = core.WindowSpec{Kind: core.WindowSliding, SizeMs: 2 * core.Minute, PeriodMs: 30 * core.Second}
	sliding.KeyBy = sales.ColCategory
	session := def
	session.Window = core.WindowSpec{Kind: core.WindowSession, GapMs: 8 * core.Second}
	session.KeyBy = sales.ColRegion
	discard := def
	discard.Trigger = core.TriggerSpec{EarlyEveryEvents: 4, LateEveryMs: 20 * core.Second, AllowedLatenessMs: 40 * core.Second}
	deadLetter := def
	deadLetter.Source.Records, deadLetter.Source.Seed = 400, 7
	deadLetter.Trigger.DeadLetter, deadLetter.Trigger.EarlyEveryEvents, deadLetter.Trigger.AllowedLatenessMs = true, 6, 20*core.Second
	deadLetter.Backpressure = core.BackpressureConfig{Capacity: 5, BatchSize: 3, PerBatchMs: 2500, Policy: "drop_oldest"}
	perfect := def
	perfect.Watermark = core.WatermarkSpec{Kind: core.WatermarkPerfect}
	perfect.KeyBy = sales.ColCategory
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

// On Beam (Prism), each window's final result and the events later than
// the allowed lateness are the page's, byte for byte; the panes are the
// page's where the README names no difference, and where it does, the
// test holds what Prism does instead.
func TestTimeBeam(t *testing.T) {
	for name, cfg := range timeSetups() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b, err := Time(cfg, Beam)
			require.NoError(t, err)
			requireGofmt(t, b)
			readme := string(b.File("README.md").Data)
			for _, d := range timeDifferences[Beam] {
				require.Contains(t, readme, noteText(d))
			}
			dir := runExport(t, b)
			dropped := TimeDropped
			if cfg.Trigger.DeadLetter {
				dropped = TimeDeadLetter
			}
			sameFile(t, dir, dropped)
			if cfg.Window.Kind == core.WindowSession {
				return // Prism's sessions are pieces of the page's (prismSessions)
			}
			sameFile(t, dir, BeamFinal)
			got, _ := windowPanes(readCSVRows(t, filepath.Join(dir, BeamPanes)))
			want, order := windowPanes(readCSVRows(t, filepath.Join(dir, "expected", BeamPanes)))
			require.Len(t, got, len(want), "Beam fired panes for as many windows as the page")
			for _, w := range order {
				g, e := got[w], want[w]
				for i, p := range g {
					require.Equal(t, strconv.Itoa(i), p[0], "%s: Beam's pane indexes count from 0", w)
				}
				if !cfg.Trigger.Accumulate {
					// Discarding, early panes by count, late panes by timer: the
					// page's panes, without its empty on-time panes (prismEmptyOnTime).
					var nonEmpty [][]string
					for _, p := range e {
						if p[1] != core.TimingOnTime || p[2] != "0" {
							nonEmpty = append(nonEmpty, p)
						}
					}
					for i := range nonEmpty {
						nonEmpty[i][0] = strconv.Itoa(i)
					}
					require.Equal(t, nonEmpty, g, "%s: Beam's panes are the page's", w)
					continue
				}
				// Accumulating: the on-time pane holds what the page's does; after
				// it Prism fires its own late panes and a closing pane
				// (prismLatePanes, prismClosingPane).
				on := func(ps [][]string) []string {
					for _, p := range ps {
						if p[1] == core.TimingOnTime {
							return p[2:]
						}
					}
					return nil
				}
				if o := on(e); o != nil { // (a window born late has none on the page, one on Prism)
					require.Equal(t, o, on(g), "%s: the on-time pane", w)
				}
				require.Equal(t, core.TimingLate, g[len(g)-1][1], "%s: Prism's closing pane", w)
				require.Equal(t, e[len(e)-1][2:], g[len(g)-1][2:], "%s: the last pane holds the window's final result", w)
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

// Every block the time plan names exists in every target's template, and
// every setting reaches a program as a literal: two setups that differ only
// in their settings give programs that differ only in literals.
func TestTimeBlocks(t *testing.T) {
	for _, target := range Targets {
		d, err := dialectFor(target)
		require.NoError(t, err)
		require.Contains(t, d.blocks, "time", target)
		if target == Beam {
			require.Contains(t, d.blocks, "gomod")
		}
		for name, cfg := range timeSetups() {
			b, err := TimeProgram(cfg, target)
			require.NoError(t, err, "%s %s", name, target)
			require.NotContains(t, b.Program(), "{{", "%s %s", name, target)
			require.Equal(t, "time", b.Pattern)
			require.Equal(t, TimeInput, b.Input)
		}
	}
	idle := core.DefaultEventTimeConfig()
	idle.Watermark.IdleMs = 20 * core.Second
	b, err := TimeProgram(idle, Pandas)
	require.NoError(t, err)
	require.Len(t, b.Untranslated, 1)
	require.Contains(t, string(b.File("README.md").Data), "idle advance")
}

// With the watermark's idle advance on (which no program expresses), the
// program's outputs are the engine's with it off, and the bundle names, per
// file, exactly the rows in which they differ from the page's (expected/).
func TestTimeExportNamesTheIdleDifference(t *testing.T) {
	cfg := core.DefaultEventTimeConfig()
	cfg.Watermark.IdleMs = 2 * core.Second
	off := cfg
	off.Watermark.IdleMs = 0
	without, err := core.RunEventTime(off, nil)
	require.NoError(t, err)
	for _, target := range []Target{Pandas, DuckDB} {
		t.Run(string(target), func(t *testing.T) {
			t.Parallel()
			b, err := Time(cfg, target)
			require.NoError(t, err)
			require.Len(t, b.Untranslated, 1)
			named := b.Untranslated[0]
			require.Contains(t, string(b.File("README.md").Data), "idle advance")
			dir := runExport(t, b)
			outs := timeOutputs(cfg, target)
			for _, f := range timeExpected(without, target, outs) {
				name := strings.TrimPrefix(f.Name, "expected/")
				got, err := os.ReadFile(filepath.Join(dir, name))
				require.NoError(t, err)
				require.Equal(t, string(f.Data), string(got), "%s: the program's output is the engine's without the idle advance", name)
				page := b.File(f.Name).Data
				n, total, other := rowDifference(page, got)
				if n == 0 && other == 0 {
					require.NotContains(t, named, name)
					continue
				}
				require.Contains(t, named, fmt.Sprintf("%s: %s of the page's %s not in the program's as they are, which has %s the page's lacks (a row differs in any value: the same order with another watermark or lateness counts)",
					name, say.Count(int64(n)), rowsText(total), rowsText(other)))
			}
			require.Contains(t, named, "event_time_final.csv: 1 of the page's 10 rows", "at these settings the idle advance changes a window")
		})
	}
}
