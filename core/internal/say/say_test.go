package say

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestCountGroupsThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", -1000: "-1,000", 5_000_000: "5,000,000",
		-123_456_789: "-123,456,789", 9_223_372_036_854_775_807: "9,223,372,036,854,775,807"} {
		assert.Equal(t, want, Count(n))
	}
}

func TestCountedSaysTheNoun(t *testing.T) {
	assert.Equal(t, "1 event", Counted(1, "event"))
	assert.Equal(t, "0 events", Counted(0, "event"))
	assert.Equal(t, "12,000 rows", Counted(12_000, "row"))
}

func TestBytesWritesDecimalUnits(t *testing.T) {
	for n, want := range map[int64]string{850: "850 B", 999: "999 B", 1000: "1.0 KB", 12_400_000: "12.4 MB", 1_100_000_000: "1.1 GB"} {
		assert.Equal(t, want, Bytes(n))
	}
}

// Clip keeps short texts whole and cuts long ones at a character's start,
// never inside one.
func TestClipCutsAtACharacter(t *testing.T) {
	short := strings.Repeat("a", 500)
	assert.Equal(t, short, Clip(short))
	long := strings.Repeat("a", 499) + "éé"
	got := Clip(long)
	assert.True(t, utf8.ValidString(got))
	assert.Equal(t, strings.Repeat("a", 499)+"…", got)
}

func TestMoneyGroupsThousandsAndKeepsCents(t *testing.T) {
	for x, want := range map[float64]string{0: "0.00", 9.5: "9.50", 999.999: "1,000.00", 5582949.644: "5,582,949.64", -1234.5: "-1,234.50", 123: "123.00"} {
		assert.Equal(t, want, Money(x), "%v", x)
	}
}

func TestAPicksTheArticleOfEveryTypeName(t *testing.T) {
	for noun, want := range map[string]string{"integer": "an integer", "decimal": "a decimal", "string": "a string",
		"timestamp": "a timestamp", "boolean": "a boolean", "": "a "} {
		assert.Equal(t, want, A(noun))
	}
}

// A step's note gives a duration as the card beside it does: these are
// what the page's fmtMs (site/web/js/dom.js) writes for the same values,
// ties and values just below a tie included (1.25 s is 1.3 s in
// JavaScript; 1.15 s, stored as 1.1499…, is 1.1 s).
func TestSpanMatchesThePage(t *testing.T) {
	for ms, want := range map[int64]string{
		0: "0 ms", 999: "999 ms", 1000: "1.0 s", 1050: "1.1 s", 1150: "1.1 s", 1250: "1.3 s", 1750: "1.8 s",
		9212: "9.2 s", 15003: "15.0 s", 59999: "60.0 s", 60000: "1.0 min", 427204: "7.1 min", 429000: "7.2 min",
		3599999: "60.0 min", 3600000: "1.0 h", 5400000: "1.5 h", 86399999: "24.0 h", 86400000: "1.0 days",
		129600000: "1.5 days", -1250: "-1.3 s", -9212: "-9.2 s",
	} {
		assert.Equal(t, want, Span(ms), "%d ms", ms)
	}
}

// An age is said in its two largest units: what a freshness rule's
// message and a batch interval's error give.
func TestAgeSaysTwoUnits(t *testing.T) {
	for ms, want := range map[int64]string{250: "250ms", 1500: "1.5s", 725000: "12m 5s", 3*86400000 + 4*3600000 + 5: "3d 4h", -7200000: "-2h 0m"} {
		assert.Equal(t, want, Age(ms), "%d ms", ms)
	}
}
