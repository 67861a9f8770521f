package core_test

import (
	"fmt"

	"github.com/ingestkit/playground/core"
)

// The defaults: 200 orders over 10 minutes in 1-minute windows, a
// watermark 5 s behind, a minute of allowed lateness.
func ExampleRunEventTime() {
	res, err := core.RunEventTime(core.DefaultEventTimeConfig(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	s := res.Summary
	fmt.Printf("%d events: %d on time, %d late but counted, %d dropped\n", s.Events, s.OnTime, s.Late, s.Dropped)
	fmt.Printf("%d windows, %d panes: %d early, %d on time, %d late; %d corrections\n", s.Windows, s.Panes, s.EarlyPanes, s.OnTimePanes, s.LatePanes, s.Corrections)
	fmt.Printf("on-time panes held %.1f %% of the events; result latency p50 %d ms, p95 %d ms, max %d ms\n", 100*s.Completeness, s.OnTimeLatency.P50Ms, s.OnTimeLatency.P95Ms, s.OnTimeLatency.MaxMs)
	fmt.Printf("processing-time windows: %d of %d wrong; %d events in another window\n", s.ProcessingTimeWrong, s.ProcessingTimeWindows, s.ProcessingTimeCountError)
	// Output:
	// 200 events: 186 on time, 9 late but counted, 5 dropped
	// 10 windows, 37 panes: 18 early, 10 on time, 9 late; 7 corrections
	// on-time panes held 93.0 % of the events; result latency p50 9212 ms, p95 15003 ms, max 427204 ms
	// processing-time windows: 14 of 14 wrong; 21 events in another window
}
