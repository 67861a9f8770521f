// What the page's modules share: the engine, the page's state (every field
// declared here), the tab titles and the status line.
import { EngineApi } from './engineApi.js';
import { $ } from './dom.js';

export const AUTO_RUN_LIMIT = 50000; // settings changes re-run at once up to this many records
export const TITLES = { batch: 'Batch ingestion', stream: 'Streaming ingestion', etl: 'ETL pipeline', compare: 'Batch vs streaming', time: 'Event time' };
export const LEDES = {
  batch:
    'A scheduled job extracts every record at once, transforms them in one pass (revenue, batch metadata, invalid rows filtered), aggregates and loads a CSV. Data waits for the next run.',
  stream:
    'Events arrive one by one and wait in a buffer; the buffer flushes as a micro-batch when it is full, when its oldest event has waited long enough, and when the stream ends. Each micro-batch is checked, enriched and added to running metrics.',
  etl: 'Extract records with quality problems, check them against rules (failing rows go to quarantine with the reason), enrich them (revenue, date parts), standardize formats and load clean and rejected files.',
  time: 'Orders happen at one time and reach the pipeline at another — most within seconds, stragglers later, a phone that was offline minutes later. Windows group them by when they happened; a watermark guesses how far event time has got; panes fire early, on time and late; events later than the allowed lateness are dropped. Slide the watermark delay and watch latency trade against completeness.',
  compare:
    'The same events — one seed, one arrival clock — sent two ways: a scheduled batch job that loads what arrived since its last run, and a micro-batch stream. See how long each event waits before it is downstream, what each way costs in runs, and that both load the same totals.',
};

// TRY_NEXT is the first visit's hint, for the tab the page opened on.
export const TRY_NEXT = {
  batch: 'change the job runs or the records, and watch how late the data lands.',
  stream: 'change the buffer size or the time trigger, and press Replay to watch the micro-batches form.',
  etl: 'raise the fault rates or edit a rule, and watch the counts change.',
  compare: 'change how often the batch job runs, and watch the waits of both ways.',
  time: 'slide the watermark delay, and watch latency trade against completeness.',
  data: 'load the sample file or your own CSV, and check it with the same rules.',
};

export const engine = new EngineApi('worker.js');
window.__engine = engine; // for the browser benchmarks and curious learners in the console
export const app = {
  defaults: null,
  state: null,
  results: {},
  rulesEditors: {}, // the ETL and Streaming tabs' (RulesEditor), by pattern
  views: {},
  sections: {}, // each pattern's tab, once built (app.js placeSection)
  slots: {}, // the placeholder of each pattern's tab not built yet
  running: {},
  again: {}, // a run asked for while one was running: run once more after it
  timers: {},
  refused: {}, // per pattern, the knobs whose typed value was refused (not kept): key → message
  firstResult: false,
  linkRead: false, // start-up has read the link and shown its settings: from now on the page writes it
  link: null, // the link (location.hash) as the page last read or wrote it
  linkGen: 0, // counts the links the page has read: a write begun before one is dropped
  pendingHash: null, // a link that changed before start-up had read the first one
  learnerRan: new Set(), // patterns the learner has run (not the runs on open)
  byLearner: {}, // the next run of a pattern was asked for by the learner
  lms: null, // the SCORM session, inside a learning platform
  sweepSeq: {}, // the newest sweep asked for, per pattern
  sweepLater: {}, // a sweep waiting for its tab to be shown
};

export const status = $('[data-testid="status"]');
export function setStatus(text, kind = '') {
  status.textContent = text;
  status.className = 'status ' + kind;
}
