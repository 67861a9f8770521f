package export

import (
	"strings"
)

// sqlStr writes s as an SQL string literal. A NUL character, which ends
// DuckDB's reading of a script, is written as chr(0) joined to the text
// around it: ('a' || chr(0) || 'b').
func sqlStr(s string) string {
	if strings.IndexByte(s, 0) >= 0 {
		parts := strings.Split(s, "\x00")
		for i, p := range parts {
			parts[i] = sqlStr(p)
		}
		return "(" + strings.Join(parts, " || chr(0) || ") + ")"
	}
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// sqlID writes name as a quoted SQL identifier.
func sqlID(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

var sqlOps = map[string]string{"=": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
