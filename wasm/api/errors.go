package api

// Errors: what the page shows when a request fails.

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/core/export"
)

// Error is an error as the page shows it: a stable code, a message a
// learner can act on, and where it applies (a setting, or a line and column
// in rule text or a CSV file).
type Error struct {
	Code    string // config, rule_syntax, rule_bind, csv, memory, request, internal
	Message string
	Field   string
	Line    int
	Column  int
}

func (e *Error) Error() string { return e.Message }

// Value returns the error as a plain object for the page.
func (e *Error) Value() map[string]any {
	return map[string]any{"code": e.Code, "message": e.Message, "field": e.Field, "line": e.Line, "column": e.Column}
}

// ErrorOf maps an error from core to an *Error.
func ErrorOf(err error) *Error {
	var fe *table.FieldError
	var re *quality.Error
	var ce *table.CSVError
	var ae *Error
	var me *core.MemoryError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &me):
		return &Error{Code: "memory", Message: me.Msg, Field: me.Field}
	case errors.As(err, &fe):
		return &Error{Code: "config", Message: fe.Error(), Field: fe.Field}
	case errors.As(err, &re):
		code := "rule_syntax"
		if errors.Is(err, quality.ErrBind) {
			code = "rule_bind"
		}
		return &Error{Code: code, Message: re.Error(), Field: "rules", Line: re.Line, Column: re.Column}
	case errors.As(err, &ce):
		code := "csv"
		if errors.Is(err, table.ErrTooLarge) {
			code = "memory"
		}
		return &Error{Code: code, Message: ce.Error(), Line: ce.Line}
	case errors.Is(err, export.ErrNoTemplate):
		return &Error{Code: "templates", Message: err.Error() + "; the page sends them with exportTemplates"}
	case errors.Is(err, export.ErrTarget):
		return &Error{Code: "request", Message: err.Error(), Field: "target"}
	case errors.Is(err, export.ErrNotExportable):
		return &Error{Code: "export", Message: strings.TrimPrefix(err.Error(), "export: "), Field: "target"}
	}
	return &Error{Code: "internal", Message: err.Error()}
}

func reqErr(field, format string, a ...any) *Error {
	return &Error{Code: "request", Message: fmt.Sprintf(format, a...), Field: field}
}

// recovered is the error answer for a panic the engine survived.
func recovered(p any) *Error {
	return &Error{Code: "internal", Message: fmt.Sprintf("the engine hit a bug and recovered (%v); please report it with the link to this setup", p)}
}
