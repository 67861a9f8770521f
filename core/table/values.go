package table

import (
	"strconv"
	"strings"

	"github.com/ingestkit/playground/core/internal/num"
)

// DefaultNullTokens are the texts read as null: the empty string, "NA",
// "N/A", "null" and "NULL" (after trimming spaces).
var DefaultNullTokens = []string{"", "NA", "N/A", "null", "NULL"}

// nullSet is a small, allocation-free membership test for null tokens.
// Most cells are not null, and most are told so by their first byte: a
// cell with no space around it whose first byte begins no token is not one,
// without comparing it to each token (a call each in WebAssembly).
type nullSet struct {
	tokens []string
	maxLen int
	empty  bool       // "" is a token: an empty cell, or one of spaces only, is null
	first  [8]uint32  // the first bytes of the other tokens, as a bit set
	maybe  *[256]bool // those bytes, a space and a tab: what a null cell can start with
}

func newNullSet(tokens []string) nullSet {
	ns := nullSet{tokens: tokens, maybe: new([256]bool)}
	ns.maybe[' '], ns.maybe['\t'] = true, true
	for _, t := range tokens {
		ns.maxLen = max(ns.maxLen, len(t))
		if t == "" {
			ns.empty = true
		} else {
			ns.first[t[0]>>5] |= 1 << (t[0] & 31)
			ns.maybe[t[0]] = true
		}
	}
	return ns
}

func (ns *nullSet) has(s string) bool {
	// Small enough for the compiler to inline: most cells are told here,
	// without a call.
	if len(s) > 0 && !ns.maybe[s[0]] {
		return false // no token starts so, and there is nothing to trim
	}
	return ns.hasSlow(s)
}

func (ns *nullSet) hasSlow(s string) bool {
	if len(ns.tokens) == 0 {
		return false
	}
	if len(s) == 0 {
		return ns.empty
	}
	if c, e := s[0], s[len(s)-1]; c != ' ' && c != '\t' {
		if ns.first[c>>5]&(1<<(c&31)) == 0 {
			return false // no token starts so, and there is nothing to trim
		}
		if len(s) > ns.maxLen && e != ' ' && e != '\t' {
			return false // longer than every token and nothing to trim
		}
	}
	s = trimSpace(s)
	for _, t := range ns.tokens {
		if s == t {
			return true
		}
	}
	return false
}

func trimSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// ParseInt parses a base-10 integer with an optional sign. Numbers written
// with a leading zero ("007") are refused so that codes such as ZIP "00501"
// stay strings.
func ParseInt(s string) (int64, bool) {
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		v, ok := parseDigits(s[1:])
		if s[0] == '-' {
			v = -v
		}
		return v, ok
	}
	return parseDigits(s)
}

// parseDigits is [ParseInt] without the sign: digits alone (no space, no
// leading zero, at most 18 of them), or false. Small enough for the
// compiler to inline, so that a column of them is read without a call per
// cell.
func parseDigits(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 18 || (s[0] == '0' && len(s) > 1) {
		return 0, false
	}
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return 0, false
		}
		v = v*10 + int64(c)
	}
	return v, true
}

// ParseDecimal parses a plain decimal number such as "12.5", "-0.25", "3" or
// "1e6". Like [ParseInt] it refuses a leading zero before other digits
// ("007.5"), and it refuses "NaN" and "Inf".
func ParseDecimal(s string) (float64, bool) {
	d := s
	if len(d) > 0 && (d[0] == '-' || d[0] == '+') {
		d = d[1:]
	}
	if len(d) == 0 {
		return 0, false
	}
	// Fast path: digits with at most one point and at most 15 significant
	// digits convert exactly without strconv.
	var mant uint64
	digits, frac, dot := 0, 0, false
	i := 0
	for ; i < len(d); i++ {
		c := d[i]
		if c == '.' {
			if dot {
				return 0, false
			}
			dot = true
			continue
		}
		if c < '0' || c > '9' {
			break
		}
		if digits == 0 && c == '0' && i+1 < len(d) && d[i+1] >= '0' && d[i+1] <= '9' && !dot {
			return 0, false // leading zero
		}
		mant = mant*10 + uint64(c-'0')
		digits++
		if dot {
			frac++
		}
	}
	if digits == 0 {
		return 0, false
	}
	if i == len(d) && digits <= 15 {
		v := float64(mant) / pow10f[frac]
		if s[0] == '-' {
			v = -v
		}
		return v, true
	}
	if i < len(d) && d[i] != 'e' && d[i] != 'E' {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return v, true
}

var pow10f = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// ParseBool parses "true"/"false" in any case.
func ParseBool(s string) (bool, bool) {
	switch len(s) {
	case 4:
		if strings.EqualFold(s, "true") {
			return true, true
		}
	case 5:
		if strings.EqualFold(s, "false") {
			return false, true
		}
	}
	return false, false
}

// Date and time arithmetic on the proleptic Gregorian calendar, all in UTC
// (Howard Hinnant's days-from-civil algorithms), so no time zone database
// or local time ever enters a result.

// Durations in milliseconds, the unit of timestamps (TypeTimestamp holds
// Unix milliseconds, UTC).
const (
	Second int64 = 1000
	Minute       = 60 * Second
	Hour         = 60 * Minute
	Day          = 24 * Hour
)

func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	if y >= 0 && y < 1<<20 && m >= 1 && m <= 12 && d >= 0 && d < 1<<20 {
		// The same in 32 bits: a 64-bit division by a constant is a real
		// division in WebAssembly, a 32-bit one a multiplication.
		yy, mp := uint32(y), uint32(m+9)
		if mp >= 12 {
			mp -= 12
		}
		era := yy / 400
		yoe := yy - era*400
		doy := (153*mp+2)/5 + uint32(d) - 1
		doe := yoe*365 + yoe/4 - yoe/100 + doy
		return int64(era)*146097 + int64(doe) - 719468
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int64) (y, m, d int64) {
	z += 719468
	if z >= 0 && z < 1<<31 {
		// 32-bit arithmetic, as in daysFromCivil.
		zz := uint32(z)
		era := zz / 146097
		doe := zz - era*146097
		yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
		doy := doe - (365*yoe + yoe/4 - yoe/100)
		mp := (5*doy + 2) / 153
		d = int64(doy - (153*mp+2)/5 + 1)
		m = int64(mp + 3)
		if m > 12 {
			m -= 12
		}
		y = int64(yoe) + int64(era)*400
		if m <= 2 {
			y++
		}
		return y, m, d
	}
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return
}

// DateParts are the calendar fields of a timestamp in UTC.
type DateParts struct {
	Year, Month, Day, Hour, Minute, Second, Millisecond int
	// Weekday is 0 for Monday … 6 for Sunday (ISO 8601 order).
	Weekday int
}

// PartsOf splits a Unix-millisecond timestamp into UTC calendar fields.
func PartsOf(ms int64) DateParts {
	days := num.FloorDiv(ms, Day)
	rem := ms - days*Day
	y, m, d := civilFromDays(days)
	wd := (days + 3) % 7 // 1970-01-01 was a Thursday (3, Monday = 0)
	if wd < 0 {
		wd += 7
	}
	return DateParts{
		Year: int(y), Month: int(m), Day: int(d),
		Hour: int(rem / 3_600_000), Minute: int(rem / 60_000 % 60), Second: int(rem / 1000 % 60),
		Millisecond: int(rem % 1000), Weekday: int(wd),
	}
}

// DayCache is PartsOf and AppendTimestamp for columns of timestamps, which
// repeat their days: it remembers the calendar date of recent days, as
// parts and as text (civil-date arithmetic is a run of 64-bit divisions,
// slow in WebAssembly), and splits the time of day in 32-bit arithmetic.
// The zero value is ready to use, by one goroutine at a time.
type DayCache struct {
	day  [512]int64     // the day each slot holds, as days ^ dayKey (never 0: an empty slot holds no day)
	date [512]DateParts // Year, Month, Day and Weekday of the day
	text [512][11]byte  // "YYYY-MM-DDT", for years 0000 to 9999
}

// dayKey marks a slot's day: a day count (below 2⁴⁷ either way for any
// int64 of milliseconds) XOR dayKey is never 0, the zero value's.
const dayKey = 1 << 62

// NewDayCache returns an empty DayCache (as new(DayCache) does).
func NewDayCache() *DayCache { return new(DayCache) }

// lookup returns ms's slot, filled for its day, and the milliseconds since
// that day's midnight.
func (c *DayCache) lookup(ms int64) (k int64, rem uint32) {
	days := num.FloorDiv(ms, Day)
	k = days & 511
	if c.day[k] != days^dayKey {
		p := PartsOf(days * Day)
		c.day[k], c.date[k] = days^dayKey, p
		if p.Year >= 0 && p.Year <= 9999 {
			copy(c.text[k][:], AppendTimestamp(nil, days*Day)[:11])
		}
	}
	return k, uint32(ms - days*Day) // below 86,400,000
}

func (c *DayCache) parts(ms int64) DateParts {
	k, rem := c.lookup(ms)
	p := c.date[k]
	p.Hour, p.Minute, p.Second, p.Millisecond = int(rem/3_600_000), int(rem/60_000%60), int(rem/1000%60), int(rem%1000)
	return p
}

// AppendTimestamp appends ms as package function AppendTimestamp does.
func (c *DayCache) AppendTimestamp(dst []byte, ms int64) []byte {
	k, rem := c.lookup(ms)
	if y := c.date[k].Year; y < 0 || y > 9999 {
		return AppendTimestamp(dst, ms)
	}
	dst = append(dst, c.text[k][:]...)
	h, m, s, milli := rem/3_600_000, rem/60_000%60, rem/1000%60, rem%1000
	dst = append(dst, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10))
	if milli != 0 {
		dst = append(dst, '.', byte('0'+milli/100), byte('0'+milli/10%10), byte('0'+milli%10))
	}
	return append(dst, 'Z')
}

// WeekdayNames are the English day names in ISO order, Monday first.
var WeekdayNames = [7]string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// AppendTimestamp appends ms as ISO 8601 UTC: "2024-03-05T14:07:00Z", with a
// ".250" millisecond part only when it is not zero.
func AppendTimestamp(dst []byte, ms int64) []byte {
	p := PartsOf(ms)
	if p.Year < 0 || p.Year > 9999 {
		dst = strconv.AppendInt(dst, int64(p.Year), 10)
	} else {
		dst = append4(dst, p.Year)
	}
	dst = append(dst, '-')
	dst = append2(dst, p.Month)
	dst = append(dst, '-')
	dst = append2(dst, p.Day)
	dst = append(dst, 'T')
	dst = append2(dst, p.Hour)
	dst = append(dst, ':')
	dst = append2(dst, p.Minute)
	dst = append(dst, ':')
	dst = append2(dst, p.Second)
	if p.Millisecond != 0 {
		dst = append(dst, '.', byte('0'+p.Millisecond/100), byte('0'+p.Millisecond/10%10), byte('0'+p.Millisecond%10))
	}
	return append(dst, 'Z')
}

// FormatTimestamp returns ms as ISO 8601 UTC (see [AppendTimestamp]).
func FormatTimestamp(ms int64) string { return string(AppendTimestamp(nil, ms)) }

func append2(dst []byte, v int) []byte { return append(dst, byte('0'+v/10), byte('0'+v%10)) }
func append4(dst []byte, v int) []byte {
	return append(dst, byte('0'+v/1000), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
}

// Timestamp formats recognised by [ParseTimestamp], for documentation and
// for reporting the format a column uses.
const (
	FormatISO      = "ISO 8601 (2024-03-05, 2024-03-05T14:07:00Z, 2024-03-05 14:07:00+02:00)"
	FormatSlashYMD = "YYYY/MM/DD"
	FormatUS       = "MM/DD/YYYY (US)"
	FormatDotted   = "DD.MM.YYYY"
	FormatDayMon   = "DD Mon YYYY (05 Mar 2024)"
	FormatMonDay   = "Mon DD, YYYY (Mar 5, 2024)"
)

// ParseTimestamp parses a date or date-time and returns Unix milliseconds in
// UTC. Recognised forms, each optionally followed by a time "HH:MM[:SS[.fff]]"
// (after "T" or a space) and, for ISO forms, "Z" or an offset "±HH:MM":
//
//	2024-03-05            ISO 8601 (also 2024-03-05T14:07:00Z)
//	2024/03/05            year first with slashes
//	03/05/2024            month/day/year (US order)
//	05.03.2024            day.month.year
//	05 Mar 2024           day, English month name or abbreviation, year
//	Mar 5, 2024           month name, day, year
//
// A time without a zone is taken as UTC. It returns the format's name (one
// of the Format constants) as well, or ok=false when s is not a valid date.
func ParseTimestamp(s string) (ms int64, format string, ok bool) {
	if ms, ok := parseISOFixed(s); ok {
		return ms, FormatISO, true
	}
	return parseTimestamp(s)
}

// parseTimestamp is ParseTimestamp's general path.
func parseTimestamp(s string) (ms int64, format string, ok bool) {
	s = trimSpace(s)
	if len(s) < 8 {
		return 0, "", false
	}
	var y, m, d int
	var rest string
	switch {
	case num.IsDigits(s[:4]) && (s[4] == '-' || s[4] == '/'):
		sep := s[4]
		y = num.Digits(s[:4])
		var n int
		if m, n = num12(s[5:]); n == 0 || 5+n >= len(s) || s[5+n] != sep {
			return 0, "", false
		}
		var k int
		if d, k = num12(s[6+n:]); k == 0 {
			return 0, "", false
		}
		rest = s[6+n+k:]
		format = FormatISO
		if sep == '/' {
			format = FormatSlashYMD
		}
	case s[0] >= '0' && s[0] <= '9':
		a, n := num12(s)
		if n == 0 || n >= len(s) {
			return 0, "", false
		}
		sep := s[n]
		switch sep {
		case '/', '.':
			b, k := num12(s[n+1:])
			if k == 0 || n+1+k >= len(s) || s[n+1+k] != sep || len(s) < n+2+k+4 || !num.IsDigits(s[n+2+k:n+6+k]) {
				return 0, "", false
			}
			y = num.Digits(s[n+2+k : n+6+k])
			rest = s[n+6+k:]
			if sep == '/' {
				m, d, format = a, b, FormatUS
			} else {
				d, m, format = a, b, FormatDotted
			}
		case ' ':
			var k int
			m, k = monthName(s[n+1:])
			if k == 0 || n+1+k >= len(s) || s[n+1+k] != ' ' || len(s) < n+2+k+4 || !num.IsDigits(s[n+2+k:n+6+k]) {
				return 0, "", false
			}
			d, y = a, num.Digits(s[n+2+k:n+6+k])
			rest = s[n+6+k:]
			format = FormatDayMon
		default:
			return 0, "", false
		}
	default:
		var k int
		m, k = monthName(s)
		if k == 0 || k >= len(s) || s[k] != ' ' {
			return 0, "", false
		}
		var n int
		if d, n = num12(s[k+1:]); n == 0 {
			return 0, "", false
		}
		r := s[k+1+n:]
		if len(r) < 6 || r[0] != ',' || r[1] != ' ' || !num.IsDigits(r[2:6]) {
			return 0, "", false
		}
		y = num.Digits(r[2:6])
		rest = r[6:]
		format = FormatMonDay
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, "", false
	}
	days := daysFromCivil(int64(y), int64(m), int64(d))
	ms = days * Day
	if rest == "" {
		return ms, format, true
	}
	if rest[0] != 'T' && rest[0] != ' ' {
		return 0, "", false
	}
	t, ok := parseClock(rest[1:], format == FormatISO)
	if !ok {
		return 0, "", false
	}
	return ms + t, format, true
}

// parseISOFixed parses the fixed-width ISO forms most files write —
// 2024-03-05, 2024-03-05T14:07:00Z, 2024-03-05T14:07:00 and
// 2024-03-05 14:07:00 — digit by digit at known places, without the
// general path's steps (a parsed date costs a quarter as much). It returns
// false for anything else, and the general path, which gives the same
// result for these forms, decides.
func parseISOFixed(s string) (int64, bool) {
	n := len(s)
	if n != 10 && n != 19 && n != 20 {
		return 0, false
	}
	_ = s[9]
	y0, y1, y2, y3 := s[0]-'0', s[1]-'0', s[2]-'0', s[3]-'0'
	m0, m1, d0, d1 := s[5]-'0', s[6]-'0', s[8]-'0', s[9]-'0'
	if s[4] != '-' || s[7] != '-' || y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 1 || m1 > 9 || d0 > 3 || d1 > 9 {
		return 0, false
	}
	y := int(y0)*1000 + int(y1)*100 + int(y2)*10 + int(y3)
	m, d := int(m0)*10+int(m1), int(d0)*10+int(d1)
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	ms := daysFromCivil(int64(y), int64(m), int64(d)) * Day
	if n == 10 {
		return ms, true
	}
	_ = s[18]
	h0, h1, i0, i1, s0, s1 := s[11]-'0', s[12]-'0', s[14]-'0', s[15]-'0', s[17]-'0', s[18]-'0'
	if s[10] != 'T' && s[10] != ' ' || s[13] != ':' || s[16] != ':' || h0 > 2 || h1 > 9 || i0 > 5 || i1 > 9 || s0 > 5 || s1 > 9 {
		return 0, false
	}
	h := int(h0)*10 + int(h1)
	if h > 23 || n == 20 && s[19] != 'Z' {
		return 0, false
	}
	return ms + int64(h)*3_600_000 + int64(int(i0)*10+int(i1))*60_000 + int64(int(s0)*10+int(s1))*1000, true
}

// parseClock parses "HH:MM[:SS[.fff]][Z|±HH:MM]" and returns milliseconds
// since midnight UTC (possibly outside 0..24h after an offset).
func parseClock(s string, zones bool) (int64, bool) {
	if len(s) < 5 || !num.IsDigits(s[:2]) || s[2] != ':' || !num.IsDigits(s[3:5]) {
		return 0, false
	}
	h, mi := num.Digits(s[:2]), num.Digits(s[3:5])
	sec, frac := 0, 0
	s = s[5:]
	if len(s) >= 3 && s[0] == ':' && num.IsDigits(s[1:3]) {
		sec = num.Digits(s[1:3])
		s = s[3:]
		if len(s) >= 2 && s[0] == '.' {
			i := 1
			scale := 100
			for i < len(s) && s[i] >= '0' && s[i] <= '9' {
				frac += int(s[i]-'0') * scale
				scale /= 10
				i++
			}
			if i == 1 {
				return 0, false
			}
			s = s[i:]
		}
	}
	if h > 23 || mi > 59 || sec > 59 {
		return 0, false
	}
	ms := int64(h)*3_600_000 + int64(mi)*60_000 + int64(sec)*1000 + int64(frac)
	switch {
	case s == "":
		return ms, true
	case !zones:
		return 0, false
	case s == "Z" || s == "z" || s == " UTC":
		return ms, true
	case (s[0] == '+' || s[0] == '-') && len(s) == 6 && num.IsDigits(s[1:3]) && s[3] == ':' && num.IsDigits(s[4:6]),
		(s[0] == '+' || s[0] == '-') && len(s) == 5 && num.IsDigits(s[1:5]):
		oh, om := num.Digits(s[1:3]), num.Digits(s[len(s)-2:])
		if oh > 23 || om > 59 {
			return 0, false
		}
		off := int64(oh)*3_600_000 + int64(om)*60_000
		if s[0] == '+' {
			return ms - off, true
		}
		return ms + off, true
	}
	return 0, false
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// num12 reads one or two digits.
func num12(s string) (int, int) {
	if len(s) == 0 || s[0] < '0' || s[0] > '9' {
		return 0, 0
	}
	if len(s) >= 2 && s[1] >= '0' && s[1] <= '9' {
		if len(s) >= 3 && s[2] >= '0' && s[2] <= '9' {
			return 0, 0
		}
		return num.Digits(s[:2]), 2
	}
	return int(s[0] - '0'), 1
}

var monthNames = [12]string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

// monthName reads an English month name or its three-letter abbreviation.
func monthName(s string) (int, int) {
	n := 0
	for n < len(s) && (s[n]|0x20) >= 'a' && (s[n]|0x20) <= 'z' {
		n++
	}
	if n < 3 {
		return 0, 0
	}
	w := strings.ToLower(s[:n])
	for i, name := range monthNames {
		if w == name || (n == 3 && w == name[:3]) || (w == "sept" && i == 8) {
			return i + 1, n
		}
	}
	return 0, 0
}

// InferType returns the narrowest type that every non-null value of vals
// parses as, trying integer, decimal, boolean and timestamp in that order and
// falling back to string. Values equal to a null token are skipped; a column
// of nulls only is a string column. Integers with a leading zero ("00501")
// make the column a string column, so codes keep their zeros.
func InferType(vals []string, nullTokens []string) Type {
	ns := newNullSet(nullTokens)
	isInt, isDec, isBool, isTime := true, true, true, true
	seen := false
	for _, v := range vals {
		if ns.has(v) {
			continue
		}
		seen = true
		v = trimSpace(v)
		if isInt {
			if _, ok := ParseInt(v); !ok {
				isInt = false
			}
		}
		if isDec && !isInt {
			if _, ok := ParseDecimal(v); !ok {
				isDec = false
			}
		}
		if isBool {
			if _, ok := ParseBool(v); !ok {
				isBool = false
			}
		}
		if isTime {
			if _, _, ok := ParseTimestamp(v); !ok {
				isTime = false
			}
		}
		if !isInt && !isDec && !isBool && !isTime {
			return TypeString
		}
	}
	switch {
	case !seen:
		return TypeString
	case isInt:
		return TypeInt
	case isDec:
		return TypeDecimal
	case isBool:
		return TypeBool
	case isTime:
		return TypeTimestamp
	}
	return TypeString
}

// ConvertColumn turns text values into a column of type typ. Values equal to
// a null token become null; a value that does not parse as typ also becomes
// null and its row index is listed in bad (for strings nothing is bad).
func ConvertColumn(name string, vals []string, typ Type, nullTokens []string) (col *Column, bad []int) {
	ns := newNullSet(nullTokens)
	col = &Column{Name: name, Type: typ, Scale: -1}
	var null []bool
	switch typ {
	case TypeString:
		return stringColumn(name, vals, ns, false), nil
	case TypeInt:
		col.Int, null, bad = parseAll(vals, ns, func(v string) (int64, bool) { return ParseInt(trimSpace(v)) })
	case TypeTimestamp:
		col.Int, null, bad = parseAll(vals, ns, func(v string) (int64, bool) { ms, _, ok := ParseTimestamp(v); return ms, ok })
	case TypeDecimal:
		col.Dec, null, bad = parseAll(vals, ns, func(v string) (float64, bool) { return ParseDecimal(trimSpace(v)) })
	case TypeBool:
		col.Bool, null, bad = parseAll(vals, ns, func(v string) (bool, bool) { return ParseBool(trimSpace(v)) })
	}
	col.Null = null
	return col, bad
}

// stringColumn makes a text column of vals, null tokens becoming nulls. With
// inPlace it takes vals over as the column's storage (nulls are blanked in
// it) instead of copying them: for a reader that owns vals, which also
// keeps the text of the null cells as the column's form.
func stringColumn(name string, vals []string, ns nullSet, inPlace bool) *Column {
	out := vals
	if !inPlace {
		out = make([]string, len(vals))
	}
	var null []bool
	for i, v := range vals {
		if ns.has(v) {
			if null == nil {
				null = make([]bool, len(vals))
			}
			null[i] = true
			if !inPlace {
				out[i] = ""
			}
			continue
		}
		if !inPlace {
			out[i] = v // in place, it is there already
		}
	}
	c := &Column{Name: name, Type: TypeString, Str: out, Null: null, Scale: -1}
	if inPlace && null != nil {
		setForm(c, vals, ns)
		for i, isNull := range null {
			if isNull {
				out[i] = ""
			}
		}
	}
	return c
}

// parseAll parses every value that is not a null token; values that do not
// parse become null and are listed in bad.
func parseAll[T any](vals []string, ns nullSet, parse func(string) (T, bool)) (out []T, null []bool, bad []int) {
	out = make([]T, len(vals))
	for i, v := range vals {
		ok := false
		if !ns.has(v) {
			out[i], ok = parse(v)
			if !ok {
				bad = append(bad, i)
			}
		}
		if !ok {
			if null == nil {
				null = make([]bool, len(vals))
			}
			null[i] = true
		}
	}
	return out, null, bad
}

// InferColumn is InferType followed by ConvertColumn in one pass: it parses
// each value once as the type the first values suggest, and widens (integer
// to decimal) or gives up (to string) only when a value does not fit. The
// result is the same column as ConvertColumn(name, vals, InferType(vals), …).
func InferColumn(name string, vals []string, nullTokens []string) *Column {
	return inferColumn(name, vals, nullTokens, false)
}

// inferColumn is InferColumn; with inPlace a text column takes vals over as
// its storage (see stringColumn).
func inferColumn(name string, vals []string, nullTokens []string, inPlace bool) *Column {
	ns := newNullSet(nullTokens)
	n := len(vals)
	var null []bool
	setNull := func(i int) {
		if null == nil {
			null = make([]bool, n)
		}
		null[i] = true
	}
	first := -1
	for i, v := range vals {
		if !ns.has(v) {
			first = i
			break
		}
	}
	asString := func() *Column { return stringColumn(name, vals, ns, inPlace) }
	if first < 0 {
		return asString()
	}
	probe := trimSpace(vals[first])
	if _, ok := ParseInt(probe); ok {
		ints := make([]int64, n)
		plain := true
		for i := 0; i < n; i++ {
			v := vals[i]
			if ns.has(v) {
				setNull(i)
				continue
			}
			x, ok := parseDigits(v)
			if !ok {
				x, ok = ParseInt(trimSpace(v))
				plain = false
			}
			if !ok {
				// Not all integers: widen to decimals, keeping what was read.
				return inferDecimals(name, vals, ns, ints[:i], null, inPlace)
			}
			ints[i] = x
		}
		return &Column{Name: name, Type: TypeInt, Int: ints, Null: null, Scale: -1, plainInts: inPlace && plain}
	}
	if _, ok := ParseDecimal(probe); ok {
		return inferDecimals(name, vals, ns, nil, nil, inPlace)
	}
	if _, ok := ParseBool(probe); ok {
		bools := make([]bool, n)
		for i, v := range vals {
			if ns.has(v) {
				setNull(i)
				continue
			}
			x, ok := ParseBool(trimSpace(v))
			if !ok {
				return asString()
			}
			bools[i] = x
		}
		return &Column{Name: name, Type: TypeBool, Bool: bools, Null: null, Scale: -1}
	}
	if _, _, ok := ParseTimestamp(probe); ok {
		ms := make([]int64, n)
		for i, v := range vals {
			if ns.has(v) {
				setNull(i)
				continue
			}
			x, _, ok := ParseTimestamp(v)
			if !ok {
				return asString()
			}
			ms[i] = x
		}
		return &Column{Name: name, Type: TypeTimestamp, Int: ms, Null: null, Scale: -1}
	}
	return asString()
}

// inferDecimals continues InferColumn as decimals; the first len(ints)
// values were integers already read.
func inferDecimals(name string, vals []string, ns nullSet, ints []int64, null []bool, inPlace bool) *Column {
	n := len(vals)
	dec := make([]float64, n)
	// A reader's column also notes each cell's written form on the way
	// (see setForm), so that the text is looked at once.
	var shapes []int8
	if inPlace {
		shapes = make([]int8, n)
	}
	for i, x := range ints {
		dec[i] = float64(x)
		if shapes != nil && (null == nil || !null[i]) {
			shapes[i] = int8(decimalShape(vals[i]))
		}
	}
	for i := len(ints); i < n; i++ {
		v := vals[i]
		if ns.has(v) {
			if null == nil {
				null = make([]bool, n)
			}
			null[i] = true
			continue
		}
		x, shape, ok := decimalAndShape(v)
		if !ok {
			return stringColumn(name, vals, ns, inPlace)
		}
		dec[i] = x
		if shapes != nil {
			shapes[i] = int8(shape)
		}
	}
	return &Column{Name: name, Type: TypeDecimal, Dec: dec, Null: null, Scale: -1, shapes: shapes}
}

// decimalAndShape is ParseDecimal(trimSpace(v)) and decimalShape(v) in one
// look at v's bytes for the plain forms most cells have ("-12.50", "3");
// other cells take the two functions.
func decimalAndShape(v string) (x float64, shape int, ok bool) {
	d := v
	neg := len(d) > 0 && d[0] == '-'
	if neg {
		d = d[1:]
	}
	var mant uint64
	i := 0
	for i < len(d) && d[i]-'0' <= 9 {
		mant = mant*10 + uint64(d[i]-'0')
		i++
	}
	whole, frac := i, 0
	plain := whole > 0 && !(whole > 1 && d[0] == '0')
	if plain && i < len(d) {
		if d[i] != '.' {
			plain = false
		} else {
			for i++; i < len(d) && d[i]-'0' <= 9; i++ {
				mant = mant*10 + uint64(d[i]-'0')
				frac++
			}
			plain = i == len(d) && frac > 0
		}
	}
	if !plain || whole+frac > 15 || neg && mant == 0 {
		x, ok = ParseDecimal(trimSpace(v))
		return x, decimalShape(v), ok
	}
	x = float64(mant) / pow10f[frac]
	if neg {
		x = -x
	}
	return x, frac, true
}
