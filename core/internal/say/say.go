// Package say writes the numbers and words of the engine's messages, the
// same way in every package of it: counts with thousands separators
// ("5,000,000"), a count and its noun ("1 event", "2 events"), byte sizes
// ("12.4 MB"), and a long record's text clipped for display. A learner
// reads these messages as they are; the page and the exports write theirs
// alike (core.FormatCount is Count for them).
package say

import (
	"strconv"
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

// Clip shortens a rejected record's text for display: at most 500 bytes
// (cut at a character's start) and an ellipsis.
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
