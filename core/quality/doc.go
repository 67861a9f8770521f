// Package quality is the playground's data-quality gate: a small rule
// language and the check that runs it over a table.
//
// Rules are text, one per line ("price not null", "quantity > 0",
// `email matches "^[^@]+@[^@]+$"`, "row_count between 100 and 200"):
// [Parse] reads them, with errors at their line and column, and
// [Rule.String] and [Format] print them back canonically. [Check] binds
// them to a table's columns ([Bind]: unknown names and wrong types are
// errors before any row is looked at) and runs them over every row: a
// [Report] gives each rule's status (pass, warn or fail), its counts and
// sample failures, and the rows that failed with their reasons, which the
// pipelines send to quarantine. "matches" uses [Pattern], the everyday
// subset of Go's regexp syntax, matched in linear time.
//
// The pipelines in package core run it (ETL, streaming, Your data); the
// exports (core/export) write the same rules in pandas, SQL and Beam, and
// spell column names with [ColumnText] and durations with [FormatDuration]
// so that every copy of a rule parses as the page's does.
package quality
