package quality

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzParse: no rule text makes the parser panic, and every rule it
// accepts prints to canonical text that parses back to the same rule.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"price not null\nquantity > 0", `category in ("a", "b") mostly 0.9`, `warn: email matches "^[^@]+@[^@]+$"`,
		"row_count between 1 and 10", "freshness(ts) < 2h", `"unit price" between -1 and 2.5`, "x length <= 3",
		"duplicate_count(id) = 0", "d not in future", "a is number", `s > "m"`, "b = true", "q in (1, 2, 3)",
	} {
		f.Add(s)
	}
	tab := ruleTable()
	f.Fuzz(func(t *testing.T, text string) {
		rules, err := Parse(text)
		if err != nil {
			var re *Error
			require.ErrorAs(t, err, &re)
			require.Greater(t, re.Line, 0)
			return
		}
		for _, r := range rules {
			back, err := Parse(r.String())
			require.NoError(t, err, r.String())
			require.Len(t, back, 1)
			back[0].Line = r.Line
			require.Equal(t, r, back[0], r.String())
		}
		// Checking never panics either, whatever the binding says.
		_, _ = Check(tab, rules, Options{Now: start2024})
	})
}
