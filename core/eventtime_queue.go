package core

import (
	"slices"

	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core/internal/say"
)

// Backpressure: a bounded queue between the producer (events arriving) and
// a consumer that needs time for each micro-batch and each event. It runs on
// the virtual clock, before the event-time windows see anything: an event
// is processed when its micro-batch is done, not when it arrives.

// Queue policies: what the producer does when the queue is full.
const (
	QueueBlock      = "block"       // the producer waits until the consumer takes a batch
	QueueDropOldest = "drop_oldest" // the oldest waiting event makes room and is lost
	QueueDropNewest = "drop_newest" // the arriving event is lost
)

// Queue depth changes, as named in the queue_depth table.
const (
	QueueEnqueue = "enqueue" // an event entered the queue
	QueueTake    = "take"    // the consumer took a micro-batch
	QueueDropped = "drop"    // an event was lost (see the policy)
)

// BackpressureConfig configures the bounded queue in front of a consumer.
// Capacity 0 turns backpressure off: every event is processed the moment it
// arrives. With Capacity 3, BatchSize 2, PerBatchMs 100 and policy block:
//
//	in:    a(0) b(10) c(20) d(30) e(40) f(50)
//	take:  [a]@0 busy→100  [b c]@100 busy→200  [d e]@200 …
//	queue: b c d = full at 30 ⇒ e blocks the producer from 40 to 100 (60 ms
//	       blocked), when [b c] is taken; f, arriving at 50 behind it, enters at 100
//	       too; the queue is then [d e f]
//
// The consumer takes up to BatchSize waiting events as soon as it is free
// and one is waiting; the batch takes PerBatchMs + PerEventMs × its size;
// its events are processed when it is done. Events wait in arrival order.
type BackpressureConfig struct {
	Capacity   int    `json:"capacity"`   // events the queue holds (0: no queue, backpressure off)
	BatchSize  int    `json:"batchSize"`  // the consumer takes up to this many events at once (1: one at a time)
	PerBatchMs int64  `json:"perBatchMs"` // time the consumer spends per micro-batch
	PerEventMs int64  `json:"perEventMs"` // and per event in it
	Policy     string `json:"policy"`     // block, drop_oldest or drop_newest
}

// On reports whether backpressure is simulated.
func (c BackpressureConfig) On() bool { return c.Capacity > 0 }

// Validate reports the first invalid field as a *table.FieldError (field names
// start with "backpressure.").
func (c BackpressureConfig) Validate() error {
	switch {
	case c.Capacity < 0 || c.Capacity > 1_000_000:
		return fieldErr("backpressure.capacity", "must be between 0 (off) and 1,000,000 events, got %s", say.Count(int64(c.Capacity)))
	case c.Capacity == 0:
		return nil
	case c.BatchSize < 1 || c.BatchSize > 100_000:
		return fieldErr("backpressure.batchSize", "must be between 1 (one event at a time) and 100,000, got %s", say.Count(int64(c.BatchSize)))
	case c.PerBatchMs < 0 || c.PerBatchMs > Hour:
		return fieldErr("backpressure.perBatchMs", "must be between 0 ms and 3,600,000 ms (one hour), got %s ms", say.Count(c.PerBatchMs))
	case c.PerEventMs < 0 || c.PerEventMs > Minute:
		return fieldErr("backpressure.perEventMs", "must be between 0 ms and 60,000 ms (one minute), got %s ms", say.Count(c.PerEventMs))
	}
	switch c.Policy {
	case QueueBlock, QueueDropOldest, QueueDropNewest:
		return nil
	}
	return fieldErr("backpressure.policy", "must be block, drop_oldest or drop_newest, got %q", c.Policy)
}

// QueueResult is what [SimulateQueue] produced. Per-event slices are indexed
// like the arrivals given to it.
type QueueResult struct {
	// ProcessedMs is when each event's micro-batch was done, or -1 for an
	// event the queue dropped.
	ProcessedMs []int64
	// EnqueuedMs is when each event entered the queue (after the
	// producer's blocked time), or -1 for an event dropped on arrival.
	EnqueuedMs []int64
	// DroppedMs is when each dropped event was lost (-1 when kept).
	DroppedMs []int64
	// Depth over time: after each change, at DepthMs[k], DepthN[k] events
	// waited; DepthWhat[k] names the change (enqueue, take, drop).
	DepthMs   []int64
	DepthN    []int32
	DepthWhat []uint8 // index into queueWhat
	Batches   int     // micro-batches the consumer took
	MaxDepth  int
	Dropped   int
	// BlockedMs is the total time the producer waited for room (policy
	// block); Blocked is how many times it found the queue full; Delayed
	// is how many events entered the queue after they arrived (those that
	// found it full and those that arrived while the producer waited).
	BlockedMs int64
	Blocked   int
	Delayed   int
}

// EndMs is when the consumer finished its last micro-batch (the latest of
// ProcessedMs), or -1 when it took none: the queue's chart runs to it.
func (q *QueueResult) EndMs() int64 {
	end := int64(-1)
	for _, t := range q.ProcessedMs {
		end = max(end, t)
	}
	return end
}

var queueWhat = [...]string{QueueEnqueue, QueueTake, QueueDropped}

// SimulateQueue runs arrivals (Unix ms, in arrival order: non-decreasing)
// through the queue of cfg, which must be on and valid. The consumer acts
// before the producer at the same instant. It is deterministic and never
// drops an event under policy block.
func SimulateQueue(arriveMs []int64, cfg BackpressureConfig) (*QueueResult, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if !cfg.On() {
		return nil, fieldErr("backpressure.capacity", "is 0 (off): set a queue capacity of at least 1 to simulate backpressure")
	}
	n := len(arriveMs)
	q := &QueueResult{ProcessedMs: make([]int64, n), EnqueuedMs: make([]int64, n), DroppedMs: make([]int64, n)}
	for i := range q.DroppedMs {
		q.DroppedMs[i], q.ProcessedMs[i], q.EnqueuedMs[i] = -1, -1, -1
	}
	// ring is the queue: indices of waiting events, oldest first.
	ring := make([]int, cfg.Capacity)
	head, size := 0, 0
	var busyUntil int64 = -1 << 62
	record := func(at int64, what uint8) {
		q.DepthMs = append(q.DepthMs, at)
		q.DepthN = append(q.DepthN, int32(size))
		q.DepthWhat = append(q.DepthWhat, what)
		q.MaxDepth = max(q.MaxDepth, size)
	}
	// serve starts every batch that starts at or before t.
	serve := func(t int64) {
		for size > 0 {
			s := max(busyUntil, q.EnqueuedMs[ring[head]])
			if s > t {
				return
			}
			k := 0
			for k < size && k < cfg.BatchSize && q.EnqueuedMs[ring[(head+k)%cfg.Capacity]] <= s {
				k++
			}
			done := s + cfg.PerBatchMs + cfg.PerEventMs*int64(k)
			for j := 0; j < k; j++ {
				q.ProcessedMs[ring[head]] = done
				head = (head + 1) % cfg.Capacity
			}
			size -= k
			busyUntil = done
			q.Batches++
			record(s, 1)
		}
	}
	var producerFree int64 = -1 << 62
	for i, a := range arriveMs {
		t := max(a, producerFree)
		serve(t)
		if size == cfg.Capacity {
			switch cfg.Policy {
			case QueueBlock:
				// The next batch starts when the consumer is free: the
				// head has waited since before t.
				t = busyUntil
				serve(t)
				q.Blocked++
				q.BlockedMs += t - max(a, producerFree)
				producerFree = t
			case QueueDropNewest:
				q.DroppedMs[i] = t
				q.Dropped++
				record(t, 2)
				continue
			case QueueDropOldest:
				old := ring[head]
				head = (head + 1) % cfg.Capacity
				size--
				q.DroppedMs[old] = t
				q.Dropped++
				record(t, 2)
			}
		}
		ring[(head+size)%cfg.Capacity] = i
		size++
		q.EnqueuedMs[i] = t
		if t > a {
			q.Delayed++
		}
		record(t, 0)
	}
	serve(1 << 62)
	return q, nil
}

// Wait summarises the latency the queue adds: for each event it kept, the
// time from its arrival (arriveMs, as given to [SimulateQueue]) until its
// micro-batch was done — the wait behind a full queue and a busy consumer
// plus the batch's own work.
func (q *QueueResult) Wait(arriveMs []int64) Latency {
	d := make([]int64, 0, len(arriveMs))
	for i, p := range q.ProcessedMs {
		if p >= 0 {
			d = append(d, p-arriveMs[i])
		}
	}
	l, _ := delayStats(d)
	return l
}

// depthTable is the queue's depth after each change (at, depth, change),
// named name.
func (q *QueueResult) depthTable(name string) *table.Table {
	what := make([]string, len(q.DepthWhat))
	dn := make([]int64, len(q.DepthN))
	for i, w := range q.DepthWhat {
		what[i], dn[i] = queueWhat[w], int64(q.DepthN[i])
	}
	return mustTable(name, table.NewTimestampColumn("at", slices.Clone(q.DepthMs), nil), table.NewIntColumn("depth", dn, nil), table.NewStringColumn("change", what, nil))
}

// StreamQueueTables returns the tables of a queue that ran the arrivals of
// sim (in arrival order, as [StreamSim.Order]): stream_queue_depth, the
// queue's depth after each change, and stream_queue_dropped, each event it
// lost with its order_id, when it arrived and when it was lost.
func StreamQueueTables(sim *StreamSim, q *QueueResult, policy string) (depth, lost *table.Table) {
	depth = q.depthTable("stream_queue_depth")
	var ids []string
	var arr, at []int64
	idCol := sim.Events.Col(sales.ColOrderID)
	for j, d := range q.DroppedMs {
		if d < 0 {
			continue
		}
		row := sim.Order[j]
		id := ""
		if idCol != nil && idCol.Type == table.TypeString {
			id = idCol.Str[row]
		}
		ids, arr, at = append(ids, id), append(arr, sim.ArriveMs[row]), append(at, d)
	}
	pol := make([]string, len(ids))
	for i := range pol {
		pol[i] = policy
	}
	lost = mustTable("stream_queue_dropped", table.NewStringColumn(sales.ColOrderID, ids, nil), table.NewTimestampColumn("arrived_at", arr, nil),
		table.NewTimestampColumn("dropped_at", at, nil), table.NewStringColumn("policy", pol, nil))
	return depth, lost
}
