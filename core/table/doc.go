// Package table holds the engine's data: typed columnar tables (string,
// integer, decimal, boolean and timestamp columns with null masks), their
// values (parsing and writing numbers and timestamps), the CSV reader and
// writer, and the steps that change a table alone (standardize, enrich,
// date parts).
//
// The reader takes a file as it comes: it finds the separator, the
// encoding (UTF-8 or Windows-1252), decimal commas and the quoting, and
// turns broken records into rejected rows instead of errors ([ReadCSV]).
// It keeps how the file wrote each column (its "form"), so that a table
// read and written back with the file's own options ([CSVResult.WriteOptions])
// gives the file's bytes back, and a cell a pipeline did not touch is
// written as the file had it: the lossless round trip the rest of the
// engine relies on. That is why the values, the CSV code and the forms
// live together here.
//
// The speed of this package is the engine's: csv.go's field scan and
// quoting test lean on core/internal/fast; measure W1 before and after a
// change there (see that package's doc).
package table
