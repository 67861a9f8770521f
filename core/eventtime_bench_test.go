package core

import (
	"fmt"
	"testing"

	"github.com/ingestkit/playground/core/sales"
)

// benchEventTimeConfig: n orders 50 ms apart (1,000,000 is about 14 hours,
// some 240 per category-minute), 1-minute tumbling windows per category,
// early panes every 100 events and 10 s after a pane's first event, a late
// pane 5 s after a pane's first late event for 2 minutes, accumulating.
func benchEventTimeConfig(n int) EventTimeConfig {
	c := DefaultEventTimeConfig()
	c.Source.Records = n
	c.IntervalMs = 50
	c.KeyBy = sales.ColCategory
	c.Trigger = TriggerSpec{EarlyEveryEvents: 100, EarlyEveryMs: 10 * Second, LateEveryMs: 5 * Second, AllowedLatenessMs: 2 * Minute, Accumulate: true}
	return c
}

// BenchmarkEventTime runs the event-time simulation to the end, tables
// included, over a generated source (as BenchmarkStream, generation is
// outside the loop; see BenchmarkGenerate). The target is ≤ 0.5 s at
// 1,000,000 events natively.
func BenchmarkEventTime(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			src := benchSource(b, n)
			cfg := benchEventTimeConfig(n)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := RunEventTime(cfg, src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEventTimeSessions: session windows with a 1-second gap per
// category over the same source — nearly a session per event. Finding an
// event's session once walked all of its key's sessions (quadratic: 1M
// events took minutes); it is a binary search within them.
func BenchmarkEventTimeSessions(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			src := benchSource(b, n)
			cfg := benchEventTimeConfig(n)
			cfg.Window = WindowSpec{Kind: WindowSession, GapMs: Second}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := RunEventTime(cfg, src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
