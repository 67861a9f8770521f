package core

import (
	"math"
	"testing"

	"github.com/ingestkit/playground/core/sales"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStreamTriggers(t *testing.T) {
	t.Run("quiet stream flushes on time, on the clock", func(t *testing.T) {
		c := DefaultStreamConfig()
		c.Source.Records, c.IntervalMs, c.LingerMs, c.BufferSize = 5, 1000, 300, 10
		s, err := RunStream(c, nil)
		require.NoError(t, err)
		require.Len(t, s.Micro, 5)
		for i, mb := range s.Micro[:4] {
			assert.Equal(t, TriggerTime, mb.Trigger)
			assert.Equal(t, sales.DefaultStart+int64(i)*1000+300, mb.FlushMs, "fires at oldest+linger, not at the next arrival")
			assert.Equal(t, int64(300), mb.MaxLatencyMs)
		}
		assert.Equal(t, TriggerEnd, s.Micro[4].Trigger, "the stream closes right after its last event")
		assert.Equal(t, sales.DefaultStart+4000, s.Micro[4].FlushMs)
	})
	t.Run("end of stream keeps the partial batch", func(t *testing.T) {
		c := DefaultStreamConfig()
		c.Source.Records = 23
		s, err := RunStream(c, nil)
		require.NoError(t, err)
		require.Len(t, s.Micro, 3)
		assert.Equal(t, 3, s.Micro[2].Size)
		assert.Equal(t, TriggerEnd, s.Micro[2].Trigger)
		assert.Equal(t, map[string]int{"size": 2, "time": 0, "end": 1}, s.Triggers)
	})
	t.Run("time only", func(t *testing.T) {
		c := DefaultStreamConfig()
		c.BufferSize, c.LingerMs = 0, 450
		s, err := RunStream(c, nil)
		require.NoError(t, err)
		for _, mb := range s.Micro[:len(s.Micro)-1] {
			assert.Equal(t, TriggerTime, mb.Trigger)
			assert.LessOrEqual(t, mb.MaxLatencyMs, int64(450))
		}
	})
	t.Run("timer before an arrival at the same instant", func(t *testing.T) {
		c := DefaultStreamConfig()
		c.Source.Records, c.LingerMs = 4, 200
		s, err := RunStream(c, nil)
		require.NoError(t, err)
		// a(0) b(100) c(200): timer at 200 flushes [a b] before c arrives.
		assert.Equal(t, 2, s.Micro[0].Size)
		assert.Equal(t, TriggerTime, s.Micro[0].Trigger)
	})
}

func TestStreamEveryEventInExactlyOneBatch(t *testing.T) {
	for seed := uint64(1); seed <= 60; seed++ {
		c := DefaultStreamConfig()
		c.Source.Records = 1 + int(seed*53%700)
		c.Source.Seed = seed
		c.BufferSize = int(seed % 13)
		c.LingerMs = int64(seed%5) * 170
		if c.BufferSize == 0 && c.LingerMs == 0 {
			c.LingerMs = 90
		}
		c.IntervalMs = 1 + int64(seed%4)*60
		c.JitterMs = c.IntervalMs / 2
		c.OutOfOrder = float64(seed%4) / 10
		c.LateMs = int64(seed%3) * 400
		c.Source.Faults = sales.Faults{NullPrice: 0.05, BadQuantity: 0.05}
		sim, err := NewStreamSim(c, nil)
		require.NoError(t, err)
		n := sim.Events.Len()
		count := make([]int, n)
		var last int64 = math.MinInt64
		buffered := 0
		for {
			st, ok := sim.Next()
			if !ok {
				break
			}
			require.GreaterOrEqual(t, st.TimeMs, last, "time never goes back")
			last = st.TimeMs
			if st.Kind == StepArrive {
				buffered++
				require.Equal(t, buffered, st.Buffered)
				continue
			}
			require.Equal(t, buffered, st.Batch.Size)
			buffered = 0
			if c.BufferSize > 0 {
				require.LessOrEqual(t, st.Batch.Size, c.BufferSize)
			}
			for _, row := range st.Batch.Events {
				count[row]++
				require.GreaterOrEqual(t, st.TimeMs, sim.ArriveMs[row], "processed after it arrived")
			}
			if c.LingerMs > 0 {
				require.LessOrEqual(t, st.TimeMs-sim.ArriveMs[st.Batch.Events[0]], c.LingerMs, "never waits past linger")
			}
		}
		require.Zero(t, buffered, "nothing left in the buffer")
		for row, k := range count {
			require.Equal(t, 1, k, "seed %d: event %d in %d batches", seed, row, k)
		}
	}
}
