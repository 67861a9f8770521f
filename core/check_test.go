package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// A step's note gives a duration as the card beside it does: these are
// what the page's fmtMs (site/web/js/dom.js) writes for the same values,
// ties and values just below a tie included (1.25 s is 1.3 s in
// JavaScript; 1.15 s, stored as 1.1499…, is 1.1 s).
func TestFormatSpanMatchesThePage(t *testing.T) {
	for ms, want := range map[int64]string{
		0: "0 ms", 999: "999 ms", 1000: "1.0 s", 1050: "1.1 s", 1150: "1.1 s", 1250: "1.3 s", 1750: "1.8 s",
		9212: "9.2 s", 15003: "15.0 s", 59999: "60.0 s", 60000: "1.0 min", 427204: "7.1 min", 429000: "7.2 min",
		3599999: "60.0 min", 3600000: "1.0 h", 5400000: "1.5 h", 86399999: "24.0 h", 86400000: "1.0 days",
		129600000: "1.5 days", -1250: "-1.3 s", -9212: "-9.2 s",
	} {
		assert.Equal(t, want, formatSpan(ms), "%d ms", ms)
	}
}
