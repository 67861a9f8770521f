// Package say writes the numbers inside the engine's messages and step
// notes, the same way in every package of it: counts with thousands
// separators ("5,000,000"), a count and its noun ("1 event", "2 events"),
// money ("5,582,949.64"), byte sizes ("12.4 MB"), durations as the page's
// cards write them ("7.1 min") and as ages ("3d 4h"), and a long record's
// text clipped for display. Use it for any number a learner reads; the
// sentences themselves stay beside the code that says them.
//
// Changing a message's words: the page shows the engine's text as it is,
// except that site/web/js/messages.js rewrites the word "records" for
// the Streaming and Event time tabs (recordsAs), and the exported programs
// print their own step lines (core/export/templates). Search all three.
package say

import (
	"fmt"
	"math"
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

// Milliseconds in the units durations are said in: table.Second … Day,
// which say, below table, cannot import.
const (
	second int64 = 1000
	minute       = 60 * second
	hour         = 60 * minute
	day          = 24 * hour
)

// Age writes a duration in ms for people: "3d 4h", "12m 5s", "250ms".
func Age(ms int64) string {
	neg := ""
	if ms < 0 {
		neg, ms = "-", -ms
	}
	switch {
	case ms >= day:
		return fmt.Sprintf("%s%dd %dh", neg, ms/day, ms%day/hour)
	case ms >= hour:
		return fmt.Sprintf("%s%dh %dm", neg, ms/hour, ms%hour/minute)
	case ms >= minute:
		return fmt.Sprintf("%s%dm %ds", neg, ms/minute, ms%minute/second)
	case ms >= second:
		return fmt.Sprintf("%s%.1fs", neg, float64(ms)/1000)
	}
	return fmt.Sprintf("%s%dms", neg, ms)
}

// Span writes a duration in ms as the page's cards do (dom.js
// fmtMs): "999 ms", "9.2 s", "7.1 min", "1.5 h", "2.0 days", one decimal
// rounded as JavaScript's toFixed rounds, so that a step's note and the
// card beside it give the same figure.
func Span(ms int64) string {
	a := ms
	if a < 0 {
		a = -a
	}
	switch {
	case a < second:
		return strconv.FormatInt(ms, 10) + " ms"
	case a < minute:
		return tenths(ms, second) + " s"
	case a < hour:
		return tenths(ms, minute) + " min"
	case a < day:
		return tenths(ms, hour) + " h"
	}
	return tenths(ms, day) + " days"
}

// tenths writes ms / unit with one decimal as toFixed(1) does: the
// nearest to the float's exact value, and an exact tie (1.25) away from
// zero where Go would round it to even.
func tenths(ms, unit int64) string {
	x := math.Abs(float64(ms) / float64(unit))
	s := strconv.FormatFloat(x, 'f', 1, 64)
	if y := x * 10; x*4 == math.Trunc(x*4) && y-math.Trunc(y) == 0.5 {
		s = strconv.FormatFloat((math.Trunc(y)+1)/10, 'f', 1, 64)
	}
	if ms < 0 {
		s = "-" + s
	}
	return s
}
