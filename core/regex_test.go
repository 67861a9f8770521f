package core

import (
	"regexp"
	"testing"

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
