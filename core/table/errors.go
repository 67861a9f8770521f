package table

import (
	"errors"
	"fmt"
)

// Sentinel errors, for errors.Is. Each error returned by this package wraps
// at most one of them.
var (
	// ErrConfig marks an invalid configuration value (see [FieldError]).
	ErrConfig = errors.New("invalid configuration")
	// ErrEmptyFile: the CSV input holds no header.
	ErrEmptyFile = errors.New("the file is empty")
	// ErrTooLarge: the CSV input is larger than the byte limit.
	ErrTooLarge = errors.New("the file is too large")
	// ErrNotText: the input is not text a CSV reader can take (an image, an
	// archive, a spreadsheet workbook, UTF-32 text…).
	ErrNotText = errors.New("the file is not CSV text")
	// ErrTooManyColumns: the CSV header has more columns than the limit.
	ErrTooManyColumns = errors.New("the file has too many columns")
)

// FieldError reports an invalid configuration field: which field, what was
// given and what is allowed. It wraps [ErrConfig].
type FieldError struct {
	Field string // the config field, as named in the page and in JSON ("records")
	Msg   string // what is allowed, e.g. "must be between 1 and 5,000,000, got 0"
}

func (e *FieldError) Error() string { return e.Field + " " + e.Msg }

// Unwrap returns [ErrConfig].
func (e *FieldError) Unwrap() error { return ErrConfig }

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// CSVError is an error that stops a CSV file from being read at all, with the
// line it was found at (1-based; 0 when it is the file as a whole).
// Problems confined to one row do not stop reading: such rows are returned
// as [RejectedRow] values instead.
type CSVError struct {
	Line int
	Err  error  // one of the sentinel errors
	Msg  string // the plain explanation
	// Need is the memory the read would take, for a file refused for
	// memory (ErrTooLarge with CSVOptions.MaxMemory); 0 otherwise.
	Need int64
}

func (e *CSVError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// Unwrap returns the sentinel error.
func (e *CSVError) Unwrap() error { return e.Err }
