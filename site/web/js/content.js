// What the page says: the controls of each pattern, with what each knob is
// called in real systems, and the "when to use it" notes. Facts follow the
// original Python demo; the words are ours.

const percent = { unit: '%', scale: 100, step: 0.5, min: 0, max: 100 };
const FAULTS = [
  { key: 'faults.nullPrice', label: 'Null price', ...percent, real: 'a missing value: dbt not_null, Great Expectations expect_column_values_to_not_be_null' },
  { key: 'faults.badQuantity', label: 'Quantity ≤ 0', ...percent, real: 'a broken business rule: a range check such as dbt_utils accepted_range' },
  { key: 'faults.duplicates', label: 'Duplicate orders', ...percent, real: 'a re-sent record: dbt unique, Soda duplicate_count' },
  { key: 'faults.messyText', label: 'Messy category/region', ...percent, real: 'odd case and stray spaces, fixed by standardization' },
  { key: 'faults.mixedDates', label: 'Other date formats', ...percent, real: 'US, European and named-month dates, normalised to ISO 8601 UTC' },
  { key: 'faults.badDates', label: 'Unreadable dates', ...percent, real: 'a value that is no date at all: Great Expectations expect_column_values_to_be_dateutil_parseable' },
  { key: 'faults.outliers', label: 'Price outliers (×100)', ...percent, real: 'a typo-sized outlier: a between rule catches it' },
];

export const CONTROLS = {
  batch: [
    { key: 'records', label: 'Records', type: 'int', min: 1, max: 5000000, step: 1, real: 'the rows one run extracts, e.g. a day’s partition of an orders table' },
    { key: 'span', label: 'Created over', unit: 'hours', scale: 1 / 3600000, type: 'int', min: 1, max: 87840, real: 'the window the source fills between runs' },
    { key: 'interval', label: 'Job runs', type: 'select', scale: 1 / 60000,
      options: [[15, 'every 15 minutes'], [60, 'hourly'], [360, 'every 6 hours'], [720, 'every 12 hours'], [1440, 'daily'], [10080, 'weekly']],
      real: 'a cron schedule (0 2 * * *), an Airflow DAG’s schedule, a dbt Cloud job' },
    { key: 'seed', label: 'Seed', type: 'int', min: 0, max: 2 ** 53, real: 'the same seed gives the same data, here and in the tests' },
  ],
  stream: [
    { key: 'records', label: 'Events', type: 'int', min: 1, max: 5000000, real: 'messages on a topic (Kafka), a stream (Kinesis) or a subject (NATS)' },
    { key: 'intervalMs', label: 'Time between events', unit: 'ms', type: 'int', min: 1, max: 3600000, real: 'the producer’s rate: 100 ms is 10 events per second' },
    { key: 'jitterMs', label: 'Jitter (±)', unit: 'ms', type: 'int', min: 0, max: 3600000, real: 'real sources are bursty; each gap varies by up to this much' },
    { key: 'bufferSize', label: 'Flush at (size trigger)', unit: 'events', type: 'int', min: 0, max: 100000, real: 'Kafka producer batch.size (in bytes), Bento/Benthos batching count, a micro-batch size; 0 turns it off' },
    { key: 'lingerMs', label: '…or after (time trigger)', unit: 'ms', type: 'int', min: 0, max: 86400000, real: 'Kafka linger.ms, Bento/Benthos batching period, Spark Structured Streaming trigger(processingTime); 0 turns it off' },
    { key: 'outOfOrder', label: 'Late events', ...percent, real: 'events that arrive after newer ones: event time ≠ processing time (watermarks in Flink and Spark)' },
    { key: 'lateMs', label: 'Late by', unit: 'ms', type: 'int', min: 0, max: 3600000, real: 'how far behind the late events arrive' },
    { key: 'seed', label: 'Seed', type: 'int', min: 0, max: 2 ** 53, real: 'the same seed gives the same stream, here and in the tests' },
  ],
  compare: [
    { key: 'records', label: 'Events', type: 'int', min: 1, max: 2000000, real: 'the same orders, sent both ways' },
    { key: 'intervalMs', label: 'Time between events', unit: 's', scale: 1 / 1000, type: 'int', min: 1, max: 3600, real: 'one order a minute is 1,440 a day' },
    { key: 'batchInterval', label: 'Batch job runs', type: 'select', scale: 1 / 60000,
      options: [[5, 'every 5 minutes'], [15, 'every 15 minutes'], [60, 'hourly'], [360, 'every 6 hours'], [1440, 'daily']],
      real: 'the batch side: a scheduled job loads what arrived since its last run' },
    { key: 'bufferSize', label: 'Stream flushes at', unit: 'events', type: 'int', min: 0, max: 100000, real: 'the streaming side: the size trigger; 0 turns it off' },
    { key: 'lingerMs', label: '…or after', unit: 'ms', type: 'int', min: 0, max: 86400000, real: 'the streaming side: the time trigger (Kafka linger.ms); 0 turns it off' },
    { key: 'seed', label: 'Seed', type: 'int', min: 0, max: 2 ** 53, real: 'the same seed gives the same events on both sides' },
  ],
  etl: [
    { key: 'records', label: 'Records', type: 'int', min: 1, max: 5000000, real: 'the rows extracted from the source system' },
    { key: 'samples', label: 'Sample failures per rule', type: 'int', min: 1, max: 1000, real: 'how many failing rows each rule shows, as data-quality tools do' },
    { key: 'seed', label: 'Seed', type: 'int', min: 0, max: 2 ** 53, real: 'the same seed gives the same data, here and in the tests' },
  ],
  // Event time: type 'choice' is a select of text values, 'bool' a select
  // of true/false; group names the fieldset a knob is shown in.
  time: [
    { group: 'Events', key: 'records', label: 'Events', type: 'int', min: 1, max: 1000000, real: 'orders from a shop’s app: each happens at one time (event time) and reaches the pipeline later (processing time)' },
    { group: 'Events', key: 'intervalMs', label: 'Time between events', unit: 's', scale: 1 / 1000, type: 'int', step: 0.1, min: 0.001, max: 3600, real: 'the rate: one order every 3 s is 20 a minute' },
    { group: 'Events', key: 'delay.typicalMs', label: 'Most events arrive within', unit: 's', scale: 1 / 1000, type: 'int', step: 0.1, min: 0, max: 86400, real: 'network and broker latency: Kafka’s produce-to-consume time, usually milliseconds to seconds' },
    { group: 'Events', key: 'delay.stragglerShare', label: 'Stragglers', ...percent, real: 'events held up by retries, a slow partition or a mobile network' },
    { group: 'Events', key: 'delay.stragglerMs', label: '…arriving up to', unit: 's', scale: 1 / 1000, type: 'int', step: 0.1, min: 0, max: 86400, real: 'between half and all of this after they happened' },
    { group: 'Events', key: 'delay.offlineShare', label: 'From phones that were offline', ...percent, real: 'a phone in a tunnel or in flight mode uploads its events minutes or hours later (the classic example in Beam’s Streaming 102)' },
    { group: 'Events', key: 'delay.offlineMs', label: '…offline for up to', unit: 'min', scale: 1 / 60000, type: 'int', step: 0.5, min: 0, max: 10080, real: 'between half and all of this' },
    { group: 'Events', key: 'delay.burstShare', label: 'In out-of-order bursts', ...percent, real: 'a batch of buffered events sent at once, newest first: out of order within the burst' },
    { group: 'Events', key: 'delay.burstSize', label: 'Burst size', unit: 'events', type: 'int', min: 2, max: 10000, real: 'how many events each burst holds' },
    { group: 'Events', key: 'seed', label: 'Seed', type: 'int', min: 0, max: 2 ** 53, real: 'the same seed gives the same events and the same panes, here, in the tests and in the exports' },
    { group: 'Windows', key: 'window.kind', label: 'Windows', type: 'choice', options: [['tumbling', 'tumbling (fixed)'], ['sliding', 'sliding (hopping)'], ['session', 'sessions']],
      real: 'Beam beam.WindowInto(window.NewFixedWindows / NewSlidingWindows / NewSessions); Flink TumblingEventTimeWindows, SlidingEventTimeWindows, EventTimeSessionWindows; Spark window() and session_window()' },
    { group: 'Windows', key: 'window.sizeMs', label: 'Window size', unit: 's', scale: 1 / 1000, type: 'int', min: 1, max: 2592000, real: 'tumbling and sliding windows: one minute is the usual dashboard bucket' },
    { group: 'Windows', key: 'window.periodMs', label: 'Slide every (sliding)', unit: 's', scale: 1 / 1000, type: 'int', min: 0, max: 2592000, real: 'a new sliding window starts every period; each event is in size ÷ period windows (Flink’s slide, Spark’s slideDuration)' },
    { group: 'Windows', key: 'window.gapMs', label: 'Session gap (sessions)', unit: 's', scale: 1 / 1000, type: 'int', min: 0, max: 2592000, real: 'a key’s session ends after this long without events (Beam NewSessions(gap), Flink withGap)' },
    { group: 'Windows', key: 'keyBy', label: 'Per', type: 'choice', options: [['', 'one global key'], ['category', 'category'], ['region', 'region']],
      real: 'windows per key: Beam a KV PCollection with GroupByKey / SumPerKey, Flink keyBy(), Spark groupBy(window, key)' },
    { group: 'Watermark', key: 'watermark.kind', label: 'Watermark', type: 'choice', options: [['bounded', 'bounded out-of-orderness'], ['perfect', 'perfect (knows every event)']],
      real: 'Flink WatermarkStrategy.forBoundedOutOfOrderness(delay); Spark withWatermark("order_ts", "5 seconds"); a perfect watermark exists only in theory (and in tests)' },
    { group: 'Watermark', key: 'watermark.allowedDelayMs', label: 'Watermark delay', unit: 's', scale: 1 / 1000, type: 'int', step: 0.5, min: 0, max: 86400, real: 'watermark = largest event time seen − this: the Duration in forBoundedOutOfOrderness, the delay threshold in Spark’s withWatermark' },
    { group: 'Watermark', key: 'watermark.idleMs', label: 'Idle advance after', unit: 's', scale: 1 / 1000, type: 'int', step: 0.5, min: 0, max: 86400, real: 'with no events for this long the watermark follows the clock: Flink withIdleness, Beam KafkaIO’s withTimestampPolicyFactory / limited delay; 0 turns it off' },
    { group: 'Triggers', key: 'trigger.earlyEveryMs', label: 'Early pane after', unit: 's', scale: 1 / 1000, type: 'int', step: 0.5, min: 0, max: 86400, real: 'Beam AfterEndOfWindow().EarlyFiring(AfterProcessingTime().PlusDelay(…)): a speculative result before the window is complete; 0 turns it off' },
    { group: 'Triggers', key: 'trigger.earlyEveryEvents', label: 'Early pane every', unit: 'events', type: 'int', min: 0, max: 1000000, real: 'Beam EarlyFiring(AfterCount(n)); Flink a CountTrigger; 0 turns it off' },
    { group: 'Triggers', key: 'trigger.lateEveryMs', label: 'Late pane after', unit: 's', scale: 1 / 1000, type: 'int', step: 0.5, min: 0, max: 86400, real: 'Beam LateFiring(AfterProcessingTime().PlusDelay(…)) batches corrections; 0 fires a late pane per late event (LateFiring(AfterCount(1)), Flink’s default)' },
    { group: 'Triggers', key: 'trigger.allowedLatenessMs', label: 'Allowed lateness', unit: 's', scale: 1 / 1000, type: 'int', step: 1, min: 0, max: 2592000, real: 'Beam beam.AllowedLateness(d); Flink .allowedLateness(d); Kafka Streams the grace period (TimeWindows.ofSizeAndGrace); Spark drops what is behind the watermark' },
    { group: 'Triggers', key: 'trigger.accumulate', label: 'Panes', type: 'bool', options: [[true, 'accumulating (each pane: the whole window)'], [false, 'discarding (each pane: what is new)']],
      real: 'Beam beam.PanesAccumulate() / PanesDiscard(); Spark’s output modes are the same choice: complete or update vs append' },
    { group: 'Triggers', key: 'trigger.deadLetter', label: 'Events too late for their window', type: 'bool', options: [[false, 'dropped (counted)'], [true, 'sent to a dead-letter output']],
      real: 'Flink sideOutputLateData(tag) keeps them; Beam and Spark drop them silently (Beam counts droppedDueToLateness)' },
    { group: 'Backpressure', key: 'backpressure.capacity', label: 'Queue in front of the consumer', unit: 'events', type: 'int', min: 0, max: 1000000, real: 'a bounded buffer: Kafka producer buffer.memory, a channel’s capacity, Flink’s network buffers; 0 turns the queue off' },
    { group: 'Backpressure', key: 'backpressure.batchSize', label: 'Consumer takes up to', unit: 'events', type: 'int', min: 1, max: 100000, real: 'max.poll.records in a Kafka consumer' },
    { group: 'Backpressure', key: 'backpressure.perBatchMs', label: 'Consumer time per batch', unit: 'ms', type: 'int', min: 0, max: 3600000, real: 'fixed cost of one poll and commit' },
    { group: 'Backpressure', key: 'backpressure.perEventMs', label: '…and per event', unit: 'ms', type: 'int', min: 0, max: 60000, real: 'the work per record' },
    { group: 'Backpressure', key: 'backpressure.policy', label: 'When the queue is full', type: 'choice', options: [['block', 'the producer blocks'], ['drop_oldest', 'drop the oldest waiting event'], ['drop_newest', 'drop the arriving event']],
      real: 'Kafka’s producer blocks send() up to max.block.ms when buffer.memory is full; Reactor onBackpressureDrop / Latest, a ring buffer overwrites the oldest' },
  ],
};
export const FAULT_CONTROLS = FAULTS;

// controlsOf lists a pattern's knobs: its own and, except for event time
// (no quality gate), the injected faults.
export const controlsOf = (p) => (p === 'time' ? CONTROLS.time : [...CONTROLS[p], ...FAULTS]);

export const WHEN = {
  batch: {
    title: 'When batch fits',
    facts: [['Latency', 'hours to days'], ['Complexity', 'low'], ['Cost', 'low']],
    uses: 'End-of-day and monthly reports, historical analysis, large volumes that need heavy transformations — a bank settling the day’s transactions, a video service building yesterday’s viewing report.',
    pros: 'Simple to build, test and re-run; efficient per record; cheap.',
    cons: 'Data is only as fresh as the last run (see the delay below); one failed run holds back a whole period.',
  },
  stream: {
    title: 'When streaming fits',
    facts: [['Latency', 'seconds or less'], ['Complexity', 'high'], ['Cost', 'high']],
    uses: 'Live dashboards, fraud checks and alerts, sensor and user-activity feeds — a ride app tracking drivers, a social site updating what is trending.',
    pros: 'Low latency: each event is usable within a flush; insight arrives continuously.',
    cons: 'More moving parts (brokers, buffers, state, late events), harder to test and debug, and it runs — and costs — all the time.',
  },
  compare: {
    title: 'Batch or streaming?',
    facts: [['Batch', 'fresh every run: hours'], ['Streaming', 'fresh every flush: seconds'], ['Totals', 'the same either way']],
    uses: 'Choose by how fresh the data must be, not by what it adds up to: both load the same rows and the same revenue. Batch pays for freshness with shorter intervals (more runs); streaming pays all the time, with a flush every few seconds.',
    pros: 'Batch: few, large, simple runs. Streaming: every event usable within the linger.',
    cons: 'Batch: data waits up to a whole interval. Streaming: many small runs, always on, more moving parts.',
  },
  time: {
    title: 'When event time matters',
    facts: [['Latency', 'the watermark delay, plus early panes'], ['Complexity', 'high'], ['Cost', 'state per open window']],
    uses: 'Any result about when things happened rather than when they arrived: per-minute sales, sessions, billing periods, sensor readings from devices that go offline — a ride app’s surge pricing, a game’s per-match scores.',
    pros: 'Results are right per event-time window however late or out of order events come; early panes give speed, late panes correct, the watermark and allowed lateness bound the wait.',
    cons: 'Every answer is a trade-off between waiting (latency) and completeness; state grows with allowed lateness; late data is dropped or needs a dead-letter path; harder to explain and to test.',
  },
  etl: {
    title: 'When ETL fits',
    facts: [['Latency', 'varies'], ['Complexity', 'medium'], ['Cost', 'medium']],
    uses: 'Loading a warehouse, and any data that must pass quality rules before anyone uses it — patient records, invoices, a shop’s inventory sync.',
    pros: 'Bad rows are caught and explained before they spread; downstream tables are clean and consistent.',
    cons: 'Rules need care and upkeep; a strict gate can hold back data that was good enough.',
  },
};

// The rule language, next to the names real tools use.
export const RULE_NAMES = [
  ['price not null', 'dbt not_null · GE expect_column_values_to_not_be_null · Soda missing_count(price) = 0'],
  ['order_id unique', 'dbt unique · GE expect_column_values_to_be_unique · Soda duplicate_count(order_id) = 0'],
  ['category in ("Books", "Home")', 'dbt accepted_values · GE expect_column_values_to_be_in_set · Soda valid values'],
  ['price between 0 and 10000', 'dbt_utils accepted_range · GE expect_column_values_to_be_between'],
  ['quantity > 0', 'dbt_utils expression_is_true · Soda invalid_count with valid min'],
  ['email matches "^[^@]+@[^@]+$"', 'GE expect_column_values_to_match_regex · Soda valid regex'],
  ['code length between 2 and 5', 'GE expect_column_value_lengths_to_be_between · Soda valid length'],
  ['order_ts is date', 'GE expect_column_values_to_be_dateutil_parseable'],
  ['order_ts not in future', 'dbt_utils expression_is_true (order_ts <= now())'],
  ['row_count between 100 and 200', 'GE expect_table_row_count_to_be_between · Soda row_count between'],
  ['freshness(order_ts) < 1d', 'dbt source freshness · Soda freshness(order_ts) < 1d'],
  ['warn: discount <= 0.5', 'dbt severity: warn · Soda warn: · GE a non-blocking expectation'],
  ['price not null mostly 0.95', 'GE mostly=0.95 · dbt error_if / warn_if thresholds'],
];

export const PRESETS = [
  { id: 'demo', level: 'basic', name: 'The original demo', pattern: 'batch', text: '100 batch records, a buffer of 10 at 100 ms, 150 ETL records of which 138 pass.', settings: {} },
  { id: 'triggers', level: 'basic', name: 'All three flush triggers', pattern: 'stream', text: '33 bursty events, a buffer of 8 and a linger of 700 ms: two flushes by size, two by time, one at the end of the stream.', settings: { stream: { records: 33, jitterMs: 60, lingerMs: 700, bufferSize: 8 } } },
  { id: 'hourly', level: 'basic', name: 'Hourly instead of daily', pattern: 'batch', text: 'The same records loaded by an hourly job: the data waits minutes instead of hours.', settings: { batch: { interval: 3600000 } } },
  { id: 'quiet', level: 'intermediate', name: 'A quiet stream', pattern: 'stream', text: 'One event every 1.5 s and a linger of 1 s: the time trigger flushes every batch, long before it is full.', settings: { stream: { records: 20, intervalMs: 1500, lingerMs: 1000 } } },
  { id: 'late', level: 'intermediate', name: 'Bursty, late events', pattern: 'stream', text: 'Jitter and 20 % late events: batches mix event times, and latency spreads out.', settings: { stream: { records: 100, jitterMs: 80, outOfOrder: 0.2, lateMs: 700, lingerMs: 600 } } },
  { id: 'dirty', level: 'advanced', name: 'Very dirty data', pattern: 'etl', text: 'Every kind of fault, and a stricter gate with warnings and a threshold.',
    settings: { etl: { records: 1000, 'faults.nullPrice': 0.05, 'faults.badQuantity': 0.05, 'faults.duplicates': 0.03, 'faults.messyText': 0.2, 'faults.mixedDates': 0.2, 'faults.badDates': 0.03, 'faults.outliers': 0.02,
      rules: 'price not null\nquantity > 0\norder_id unique\norder_ts is date\nprice between 0 and 10000\ncategory in ("Electronics", "Books", "Home", "Clothing", "Sports") mostly 0.95\nwarn: discount <= 0.15\nrow_count between 900 and 1100\n' } } },
  { id: 'time-slow-watermark', level: 'intermediate', name: 'A patient watermark', pattern: 'time', text: 'Event time with a 30 s watermark delay: fewer late and dropped events, later results.', settings: { time: { 'watermark.allowedDelayMs': 30000 } } },
  { id: 'time-sessions', level: 'advanced', name: 'Sessions per category', pattern: 'time', text: 'Session windows (gap 20 s) per category, discarding panes.', settings: { time: { 'window.kind': 'session', 'window.gapMs': 20000, keyBy: 'category', 'trigger.accumulate': false } } },
  { id: 'time-backpressure', level: 'advanced', name: 'A consumer that cannot keep up', pattern: 'time', text: 'A queue of 10 in front of a consumer that needs 4 s per event: the producer blocks and events reach the windows late.', settings: { time: { 'backpressure.capacity': 10, 'backpressure.perEventMs': 4000 } } },
  { id: 'million', level: 'advanced', name: 'A million records', pattern: 'etl', text: 'The ETL gate on 1,000,000 records, in your browser.', settings: { etl: { records: 1000000 } } },
];
