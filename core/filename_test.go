package core

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A file name keeps letters and digits of any script, - _ + and single
// dots; everything else becomes _.
func TestSafeFileNameKeepsLettersOnly(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"orders.csv", "orders.csv"},
		{"orders_2024-03.CSV", "orders_2024-03.CSV"},
		{"Bestellungen März.csv", "Bestellungen_März.csv"},
		{"売上.csv", "売上.csv"},
		{"orders (2).csv", "orders_2.csv"},
		{"p\nimport os; os.system(\"touch PWNED\")\n#.csv", "p_import_os_os.system_touch_PWNED.csv"},
		{"x\nCOPY (SELECT 42) TO 'x.csv';", "x_COPY_SELECT_42_TO_x.csv"},
		{"../../etc/passwd", "etc_passwd"},
		{"a/b\\c.csv", "a_b_c.csv"},
		{".hidden.csv", "hidden.csv"},
		{"-rf.csv", "rf.csv"},
		{"$(touch x).csv", "touch_x.csv"},
		{"`id`.csv", "id.csv"},
		{"a..b.csv", "a.b.csv"},
		{"\u202eevil\u2066.csv", "evil.csv"},
		{"\ufeffbom.csv", "bom.csv"},
		{"nul\x00byte.csv", "nul_byte.csv"},
		{"bad\xffutf8.csv", "bad_utf8.csv"},
		{"line\u2028sep\u2029.csv", "line_sep.csv"},
		{"con.csv", "file_con.csv"},
		{"LPT1", "file_LPT1"},
		{"", "data"},
		{"...", "data"},
		{"\n.csv", "data.csv"},
		{"coding:utf-7 +AAo-.csv", "coding_utf-7_+AAo.csv"},
		{"{{title}}.csv", "title.csv"},
	} {
		assert.Equal(t, tc.want, SafeFileName(tc.in), "%q", tc.in)
	}
	long := SafeFileName(strings.Repeat("é", 5000) + ".csv")
	assert.LessOrEqual(t, len(long), MaxFileNameBytes)
	assert.True(t, strings.HasSuffix(long, "é.csv"), long)
	assert.True(t, utf8.ValidString(long))
	assert.Equal(t, "orders", FileBase("orders.CSV"))
	assert.Equal(t, "my_orders", FileBase("my orders.csv"))
}

// Whatever the name, the result is a plain file name: no separators, no
// control or invisible characters, no "..", no leading dot or dash, not
// empty, short, and the same when made safe again.
func TestSafeFileNameProperty(t *testing.T) {
	pieces := []string{"a", "É", "中", ".", "..", "/", "\\", "\n", "\r", "\x00", "\u2028", "\ufeff", "\u202e", " ", "-", "_", "'", "\"", "`", "$", "(", ";", "*", "?", ":", "|", "<", "\xff", "\u0301", "csv", ".csv", "CON"}
	rng := rand.New(rand.NewPCG(42, 1))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.IntN(12); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		in := b.String()
		s := SafeFileName(in)
		require.NotEmpty(t, s, "%q", in)
		require.True(t, utf8.ValidString(s), "%q", in)
		require.LessOrEqual(t, len(s), MaxFileNameBytes, "%q", in)
		require.NotContains(t, s, "..", "%q", in)
		require.NotContains(t, "._-", s[:1], "%q → %q", in, s)
		for _, r := range s {
			ok := r == '.' || r == '_' || r == '-' || r == '+' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
			require.True(t, ok, "%q → %q holds %q", in, s, r)
		}
		require.Equal(t, s, SafeFileName(s), "%q", in)
	}
}
