package export

import (
	"strings"
)

// sqlStr writes s as an SQL string literal.
func sqlStr(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// sqlID writes name as a quoted SQL identifier.
func sqlID(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

var sqlOps = map[string]string{"=": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
