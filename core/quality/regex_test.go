package quality

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var patternCases = []string{
	`^[^@]+@[^@]+$`, `^[A-Z]{3}-\d+$`, `ORD-\d{6}`, `^\d{5}(-\d{4})?$`, `a|b|c`, `^(ab|cd)*$`, `colou?r`, `^$`, ``,
	`^.{2,4}$`, `x*`, `[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}`, `(?i)^electronics$`, `\s`, `^\S+$`, `\w+\.\w+`,
	`^[^\d]*$`, `é+`, `^\x41\x{e9}`, `[\d.]+`, `a{2}b{0,}c{1,3}`, `^(a|ab)(c|bcd)(d*)$`, `.*x.*`, `[]a]`, `[a-]`,
	`^-?\d+(\.\d+)?$`, `^(?:\+|-)?\d+$`, `a+?b*?`, `{`, `a{`, `a{1`, `a{,2}`, `x{2,}y`, `(a*)*b`, `(a|)+$`, `0{00}`, `a{0,01}`,
}

var inputs = []string{"", "a", "ab", "abc", "abcd", "cd", "color", "colour", "ORD-000123", "X ORD-12", "ABC-12", "ab-12",
	"ann@example.com", "a@b", "@", "a@@b", "12345", "12345-6789", "1234", "Electronics", "ELECTRONICS", " electronics",
	"ab.cd", "hello world", "éé", "Aé", "-12.5", "+7", "aabccc", "aab", "xxy", "{", "a{", "a{1", "a{,2}", "]", "-",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", "a\nb", "tab\there"}

// The matcher agrees with Go's regexp on every supported pattern.
func TestPatternAgreesWithRegexp(t *testing.T) {
	for _, src := range patternCases {
		want := regexp.MustCompile(src)
		got, err := CompilePattern(src)
		require.NoError(t, err, src)
		for _, in := range inputs {
			assert.Equal(t, want.MatchString(in), got.MatchString(in), "pattern %q on %q", src, in)
		}
	}
}

func TestPatternErrors(t *testing.T) {
	cases := map[string]string{
		`(`:               "missing closing )",
		`)`:               "unexpected )",
		`[a-`:             "missing closing ]",
		`*a`:              "missing argument",
		`a**`:             "missing or repeated argument",
		`\p{L}`:           "Unicode classes",
		`(?P<x>a)`:        "not supported",
		`\1`:              "back-references",
		`\b`:              "not supported",
		`a{5,2}`:          "invalid repeat count",
		`[z-a]`:           "invalid range",
		`\`:               "trailing backslash",
		`\q`:              "invalid escape",
		`[[:alpha:]]`:     "POSIX classes",
		`(a{1000}){1000}`: "too large",
		`{1}`:             "missing argument to repetition operator {1}",
		`a|{1}`:           "missing argument",
		`({2})`:           "missing argument",
		`(?i){3,}`:        "missing argument",
		`x|{1,2}`:         "missing argument",
	}
	for src, msg := range cases {
		_, err := CompilePattern(src)
		require.Error(t, err, src)
		assert.Contains(t, err.Error(), msg, src)
	}
}

// A pattern that makes backtracking engines take exponential time is
// linear here.
func TestPatternIsLinear(t *testing.T) {
	p, err := CompilePattern(`^(a+)+$`)
	require.NoError(t, err)
	in := make([]byte, 50_000)
	for i := range in {
		in[i] = 'a'
	}
	in = append(in, 'b')
	assert.False(t, p.MatchString(string(in)))
}

// FuzzPattern: where Go's regexp accepts a pattern and ours does too, they
// agree on every input; ours never panics.
func FuzzPattern(f *testing.F) {
	for _, p := range patternCases {
		f.Add(p, "ann@example.com")
	}
	f.Fuzz(func(t *testing.T, src, in string) {
		ours, err := CompilePattern(src)
		if err != nil {
			return
		}
		theirs, err := regexp.Compile(src)
		if err != nil {
			return // ours is more lenient in places (e.g. a{,2} as text); nothing to compare
		}
		if theirs.NumSubexp() > 20 {
			return
		}
		require.Equal(t, theirs.MatchString(in), ours.MatchString(in), "pattern %q on %q", src, in)
	})
}

// Under (?i) a rune matches its whole Unicode simple case-folding orbit, as
// in Go's regexp, not only the other case of an ASCII letter.
func TestPatternUnicodeFold(t *testing.T) {
	cases := []struct {
		pat, in string
		want    bool
	}{
		{`(?i)^ä`, "Ärhus", true},
		{`(?i)^Ä`, "ärhus", true},
		{`^ä`, "Ärhus", false},
		{`(?i)É`, "cafe", false},
		{`(?i)É`, "café", true},
		{`(?i)É$`, "café", true},
		{`(?i)é`, "CAFÉ", true},
		{`(?i)^k$`, "\u212a", true},
		{`(?i)^K$`, "\u212a", true},
		{`(?i)^\x{212a}$`, "k", true},
		{`^k$`, "\u212a", false},
		{`(?i)^s$`, "ſ", true},
		{`(?i)^S$`, "ſ", true},
		{`(?i)^ſ$`, "s", true},
		{`(?i)^ß$`, "ẞ", true},
		{`(?i)^ẞ$`, "ß", true},
		{`(?i)^ß$`, "ss", false},
		{`(?i)^σ+$`, "ΣσςΣ", true},
		{`(?i)^[a-z]+$`, "\u212aelvin", true},
		{`(?i)^[a-z]+$`, "ſtraße", false},
		{`(?i)^[a-zß]+$`, "ſTRAẞE", true},
		{`(?i)^[^k]$`, "\u212a", false},
		{`(?i)^[^a-z]$`, "ſ", false},
		{`^[^a-z]$`, "ſ", true},
		{`(?i)^\w$`, "\u212a", true},
		{`^\w$`, "\u212a", false},
		{`(?i)^\W$`, "ſ", false},
		{`(?i)^[\w]$`, "ſ", true},
		{`(?i)^.$`, "\u212a", true},
		{`(?i)^(?:ä|ö)+$`, "ÄöÖä", true},
		{`(?i)^ǆ$`, "ǅ", true}, // a three-rune orbit: ǆ ǅ Ǆ
		{`(?i)^ǅ$`, "Ǆ", true},
		{`(?i)^[\x{100}-\x{17f}]+$`, "SĀ", true},
		{`(?i)^[\x{0}-\x{10ffff}]$`, "ẞ", true},
	}
	for _, c := range cases {
		p, err := CompilePattern(c.pat)
		require.NoError(t, err, c.pat)
		assert.Equal(t, c.want, p.MatchString(c.in), "pattern %q on %q", c.pat, c.in)
		assert.Equal(t, regexp.MustCompile(c.pat).MatchString(c.in), p.MatchString(c.in), "as Go's regexp: pattern %q on %q", c.pat, c.in)
	}
}

// appendFolds looks for orbits only inside unicode.CaseRanges and
// foldExtras: no other rune folds to another.
func TestFoldOrbitsLieInCaseRanges(t *testing.T) {
	inRanges := func(r rune) bool {
		for _, c := range unicode.CaseRanges {
			if rune(c.Lo) <= r && r <= rune(c.Hi) {
				return true
			}
		}
		return false
	}
	foldExtrasOnce.Do(findFoldExtras)
	extras := foldExtras
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.SimpleFold(r) != r && !inRanges(r) && !slices.Contains(extras, r) {
			t.Fatalf("%U folds to %U but is in no case range and not in foldExtras", r, unicode.SimpleFold(r))
		}
	}
	for _, r := range extras {
		assert.False(t, inRanges(r), "%U", r)
		assert.NotEqual(t, r, unicode.SimpleFold(r), "%U", r)
	}
	assert.Contains(t, extras, 'ß')
}

// A ready class holds exactly the runes of the class it was made from,
// folded under (?i), for every rune from U+0000 to past the last one that
// folds (U+1E943).
func TestReadyClassMembership(t *testing.T) {
	for _, src := range []string{`[a-zé]`, `[^a-zé]`, `\w`, `\W`, `.`, `[\x{0}-\x{10ffff}]`, `[\x{100}-\x{2000}k]`, `ſ`, `[^\n]`} {
		for _, fold := range []bool{false, true} {
			pat := src
			if fold {
				pat = "(?i)" + src
			}
			p, err := CompilePattern(pat)
			require.NoError(t, err, pat)
			cls := p.prog[0].cls
			re := regexp.MustCompile("^" + pat + "$")
			if fold {
				re = regexp.MustCompile("(?i)^" + src + "$")
			}
			for r := rune(0); r < 0x1f000; r++ {
				if r >= 0xd800 && r < 0xe000 {
					continue
				}
				if cls.has(r) != re.MatchString(string(r)) {
					t.Fatalf("%q: has(%U) = %v, Go's regexp says %v", pat, r, cls.has(r), !cls.has(r))
				}
			}
		}
	}
}

// Random patterns over an alphabet with case variants, ASCII and not,
// against random strings over the same runes: ours agrees with Go's regexp
// on every pair.
func TestPatternDifferentialUnicode(t *testing.T) {
	runes := []string{"a", "b", "ä", "Ä", "é", "É", "k", "K", "\u212a", "s", "S", "ſ", "ß", "ẞ", "σ", "ς", "Σ", "1", "7"}
	atoms := append(append([]string(nil), runes...), ".", `\d`, `\w`, `[a-zé]`, `[^a-zé]`, `[ä-é]`, `[kſ]`, `[^s]`, `[σς]`, `\x{212a}`, `[A-Z1-9]`)
	rng := rand.New(rand.NewPCG(7, 11))
	var gen func(depth int) string
	gen = func(depth int) string {
		var b strings.Builder
		n := 1 + rng.IntN(4)
		for range n {
			switch k := rng.IntN(10); {
			case k == 0 && depth < 3:
				b.WriteString("(" + gen(depth+1) + "|" + gen(depth+1) + ")")
			case k == 1 && depth < 3:
				b.WriteString("(?:" + gen(depth+1) + ")")
			default:
				b.WriteString(atoms[rng.IntN(len(atoms))])
			}
			if q := rng.IntN(8); q < 4 {
				b.WriteString([]string{"*", "+", "?", "{1,2}"}[q])
			}
		}
		return b.String()
	}
	const patterns, inputsPer = 3000, 30
	checked, matched := 0, 0
	for range patterns {
		src := gen(0)
		if rng.IntN(3) == 0 {
			src = "^" + src
		}
		if rng.IntN(3) == 0 {
			src += "$"
		}
		if rng.IntN(2) == 0 {
			src = "(?i)" + src
		}
		theirs := regexp.MustCompile(src)
		ours, err := CompilePattern(src)
		require.NoError(t, err, src)
		for range inputsPer {
			var in strings.Builder
			for range rng.IntN(7) {
				in.WriteString(runes[rng.IntN(len(runes))])
			}
			s := in.String()
			if theirs.MatchString(s) != ours.MatchString(s) {
				t.Fatalf("pattern %q on %q: Go's regexp says %v, ours %v", src, s, theirs.MatchString(s), ours.MatchString(s))
			}
			checked++
			if ours.MatchString(s) {
				matched++
			}
		}
	}
	t.Logf("%d pattern/input pairs agree (%d match)", checked, matched)
}

// BenchmarkPattern: one MatchString per op, on the kinds of values the
// matches rule sees (the memo in front of it is bypassed here).
func BenchmarkPattern(b *testing.B) {
	long := strings.Repeat("lorem ipsum dolor sit amet ", 40) + "ORD-123456"
	cases := []struct{ name, pat, in string }{
		{"email", `^[^@]+@[^@]+$`, "ann.smith@example.com"},
		{"code", `^[A-Z]{3}-\d+$`, "ABC-123456"},
		{"fold_ascii", `(?i)^electronics$`, "ELECTRONICS"},
		{"fold_class", `(?i)^[a-z]+ [a-z]+$`, "Hello World"},
		{"fold_unicode", `(?i)^[a-zäöüß]+$`, "ÄRHUSSTRAẞE"},
		{"nonascii_in", `^[a-zäöüß]+$`, "ärhusstraße"},
		{"long_unanchored", `ORD-\d{6}`, long},
		{"long_fold", `(?i)ord-\d{6}`, long},
	}
	for _, c := range cases {
		p, err := CompilePattern(c.pat)
		require.NoError(b, err)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p.MatchString(c.in)
			}
		})
	}
}

// BenchmarkCompilePattern: compiling is once per rule, but folding a class
// under (?i) walks the case tables.
func BenchmarkCompilePattern(b *testing.B) {
	for _, pat := range []string{`^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$`, `(?i)^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$`, `(?i)[\x{0}-\x{10ffff}]`} {
		b.Run(pat, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := CompilePattern(pat); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
