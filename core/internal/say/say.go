// Package say writes the numbers inside the engine's messages and step
// notes, the same way in every package of it: counts with thousands
// separators ("5,000,000"), a count and its noun ("1 event", "2 events"),
// money ("5,582,949.64"), byte sizes ("12.4 MB"), and a long record's text
// clipped for display. Use it for any number a learner reads; the
// sentences themselves stay beside the code that says them.
//
// Changing a message's words: the page shows the engine's text as it is,
// except that site/web/js/messages.js rewrites the word "records" for
// the Streaming and Event time tabs (recordsAs), and the exported programs
// print their own step lines (core/export/templates). Search all three.
package say

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Count writes n with thousands separators: 5000000 → "5,000,000".
func Count(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return neg + s
}

// Clip shortens a rejected record's text for display: a longer text is
// cut to at most 500 bytes, at a character's start, and an ellipsis (three
// bytes more) added.
func Clip(s string) string {
	const max = 500
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// Counted writes n and word, with an s unless n is 1: "1 event", "2 events".
func Counted(n int, word string) string { return Count(int64(n)) + " " + Plural(n, word) }

// Plural is word, with an s unless n is 1.
func Plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// Bytes writes a byte count for people: "850 B", "12.4 MB", "1.1 GB"
// (decimal units).
func Bytes(n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1000_000:
		return strconv.FormatFloat(float64(n)/1e3, 'f', 1, 64) + " KB"
	case n < 1000_000_000:
		return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB"
	}
	return strconv.FormatFloat(float64(n)/1e9, 'f', 1, 64) + " GB"
}

// Money writes x with two decimals and thousands separators:
// 5582949.644 → "5,582,949.64".
func Money(x float64) string {
	s := strconv.FormatFloat(x, 'f', 2, 64)
	neg := ""
	if s[0] == '-' {
		neg, s = "-", s[1:]
	}
	whole, frac := s[:len(s)-3], s[len(s)-3:]
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	return neg + whole + frac
}

// A is noun with its indefinite article: "an integer", "a decimal" (by
// the first letter, which serves the engine's type names).
func A(noun string) string {
	if noun != "" && strings.IndexByte("aeiou", noun[0]) >= 0 {
		return "an " + noun
	}
	return "a " + noun
}
