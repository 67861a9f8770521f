package sales

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core/internal/num"
	"github.com/ingestkit/playground/core/internal/say"
)

// Sales column names, as produced by [Generate].
const (
	ColOrderID    = "order_id"
	ColOrderTS    = "order_ts"
	ColCustomerID = "customer_id"
	ColEmail      = "email"
	ColProduct    = "product"
	ColCategory   = "category"
	ColRegion     = "region"
	ColPrice      = "price"
	ColQuantity   = "quantity"
	ColDiscount   = "discount"
)

// Faults are the rates (0..1, fractions of the records) of each injected
// data-quality problem. Each faulty row gets exactly one fault, so the rates
// add up to at most 1, and the number of rows with a fault is exactly
// round(rate × records).
type Faults struct {
	NullPrice   float64 `json:"nullPrice"`   // price is null
	BadQuantity float64 `json:"badQuantity"` // quantity is 0 or negative
	Duplicates  float64 `json:"duplicates"`  // the row repeats another order (same order_id)
	MessyText   float64 `json:"messyText"`   // category and region in odd case with stray spaces
	MixedDates  float64 `json:"mixedDates"`  // order_ts in another valid date format
	BadDates    float64 `json:"badDates"`    // order_ts is not a date at all
	Outliers    float64 `json:"outliers"`    // price is 100 times too high
}

// FaultKinds names the faults in the order they are assigned to rows.
var FaultKinds = []string{"null_price", "bad_quantity", "duplicate", "messy_text", "mixed_date", "bad_date", "price_outlier"}

func (f Faults) rates() []float64 {
	return []float64{f.NullPrice, f.BadQuantity, f.Duplicates, f.MessyText, f.MixedDates, f.BadDates, f.Outliers}
}

var faultFields = []string{"faults.nullPrice", "faults.badQuantity", "faults.duplicates", "faults.messyText", "faults.mixedDates", "faults.badDates", "faults.outliers"}

// MaxRecords is the largest record count a generator accepts.
const MaxRecords = 5_000_000

// Default time frame of generated data: records start on 2024-01-01 UTC.
const DefaultStart int64 = 1_704_067_200_000 // 2024-01-01T00:00:00Z

// Config configures [Generate]. Its zero value is not valid: Records and
// Span must be set. The patterns' defaults are a good start, e.g.
// core.DefaultETLConfig().Source: 150 records from [DefaultStart] over
// 90 days (90 * table.Day), seed 42, with the demo's faults.
type Config struct {
	Records int    `json:"records"` // 1..MaxRecords
	Seed    uint64 `json:"seed"`
	Start   int64  `json:"start"` // creation time of the first record, Unix ms UTC
	Span    int64  `json:"span"`  // records are created over [Start, Start+Span), ms: 1 ms to 10 years
	Faults  Faults `json:"faults"`
}

// Validate reports the first invalid field as a *table.FieldError.
func (c Config) Validate() error {
	if c.Records < 1 || c.Records > MaxRecords {
		return fieldErr("records", "must be between 1 and %s, got %s", say.Count(MaxRecords), say.Count(int64(c.Records)))
	}
	if c.Span < 1 || c.Span > 3660*table.Day {
		return fieldErr("span", "must be between 1 ms and 10 years, got %s ms", say.Count(c.Span))
	}
	sum := 0.0
	for i, r := range c.Faults.rates() {
		if !(r >= 0 && r <= 1) { // also refuses NaN
			return fieldErr(faultFields[i], "must be a fraction between 0 and 1, got %v", r)
		}
		sum += r
	}
	if sum > 1+1e-9 {
		return fieldErr("faults", "rates add up to %.2f; each faulty row gets one fault, so they must add up to at most 1", sum)
	}
	return nil
}

// FaultCount says how many rows, and which, received one kind of fault.
type FaultCount struct {
	Kind string `json:"kind"` // one of FaultKinds
	Rows []int  `json:"rows"` // row indices, ascending
}

// Catalogue of the generated shop: products by category with list prices.
var catalogue = []struct {
	category string
	products []string
	prices   []float64
}{
	{"Electronics", []string{"Laptop", "Headphones", "Smartphone", "Monitor", "Keyboard"}, []float64{999, 149, 699, 249, 79}},
	{"Books", []string{"Novel", "Cookbook", "Textbook", "Comic", "Atlas"}, []float64{15, 25, 89, 9, 35}},
	{"Home", []string{"Lamp", "Blender", "Cushion", "Kettle", "Rug"}, []float64{39, 59, 19, 29, 129}},
	{"Clothing", []string{"T-Shirt", "Jeans", "Jacket", "Sneakers", "Scarf"}, []float64{19, 49, 119, 89, 25}},
	{"Sports", []string{"Yoga Mat", "Dumbbells", "Tennis Racket", "Football", "Bike Helmet"}, []float64{29, 45, 99, 25, 59}},
}

var regionNames = []string{"North", "South", "East", "West"}

// Regions are the generated shop's regions, as Generate writes them when
// no fault touches them.
func Regions() []string { return slices.Clone(regionNames) }

// Categories are the generated shop's product categories, as Generate
// writes them when no fault touches them.
func Categories() []string {
	out := make([]string, len(catalogue))
	for i, c := range catalogue {
		out[i] = c.category
	}
	return out
}

var firstNames = []string{"ana", "ben", "chloe", "dev", "emma", "femi", "gus", "hana", "ivan", "jo", "kai", "lena", "mo", "nia", "omar", "pia"}
var lastNames = []string{"silva", "smith", "tanaka", "okafor", "novak", "garcia", "kim", "muller", "rossi", "khan"}

// Generate returns a seeded table of sales orders with the injected
// faults, and which rows received each fault. Columns: order_id,
// order_ts (text, as a source system would export it), customer_id, email,
// product, category, region, price (decimal, 2 places), quantity (integer)
// and discount (decimal). Orders are in creation order. The same config
// gives the same table on every platform.
func Generate(cfg Config) (*table.Table, []FaultCount, error) {
	if err := cfg.Validate(); err != nil {
		return nil, nil, err
	}
	r := rand.New(rand.NewPCG(cfg.Seed, 0x5eed_0f_5a1e5))
	ts := orderTimes(r, cfg)
	o := drawOrders(r, ts)
	// The faults draw from r after the orders, in kind order: the same
	// seed gives the same table.
	byKind, clean := faultRows(r, len(ts), cfg.Faults.rates())
	log := make([]FaultCount, len(byKind))
	for k, rows := range byKind {
		log[k] = FaultCount{Kind: FaultKinds[k], Rows: rows}
		o.inject(r, k, rows, clean, ts)
	}
	return o.table(), log, nil
}

// orderTimes are the orders' creation times: sorted uniform offsets
// within the span.
func orderTimes(r *rand.Rand, cfg Config) []int64 {
	n := cfg.Records
	ts := make([]int64, n)
	step := cfg.Span / int64(n)
	for i := range ts {
		// Stratified: one record per slice of the span keeps them ordered
		// without sorting and spread like a steady trickle of orders.
		off := int64(i) * cfg.Span / int64(n)
		if step > 1 {
			off += r.Int64N(step)
		}
		ts[i] = cfg.Start + off
	}
	return ts
}

// orders are the generated columns, row i the order created at ts[i].
type orders struct {
	ids, tsText, custs, emails, products, cats, regions []string
	prices, disc                                        []float64
	priceNull                                           []bool // nil until a price is null
	qty                                                 []int64
}

// drawOrders draws the orders created at ts, without faults.
func drawOrders(r *rand.Rand, ts []int64) *orders {
	n := len(ts)
	o := &orders{
		ids: make([]string, n), tsText: make([]string, n), custs: make([]string, n), emails: make([]string, n),
		products: make([]string, n), cats: make([]string, n), regions: make([]string, n),
		prices: make([]float64, n), disc: make([]float64, n), qty: make([]int64, n),
	}
	discounts := []float64{0, 0, 0, 0.05, 0.1, 0.15, 0.2}

	// Texts are cut from one shared buffer per column: one allocation each
	// instead of one per row.
	idBuf := make([]byte, 0, n*11)
	tsBuf := make([]byte, 0, n*20)
	idOff := make([]int32, n+1)
	tsOff := make([]int32, n+1)
	const customers = 500
	custNames := make([]string, customers)
	custEmails := make([]string, customers)
	for c := range customers {
		custNames[c] = "CUST-" + pad(c+1, 4)
		custEmails[c] = firstNames[c%len(firstNames)] + "." + lastNames[(c/len(firstNames))%len(lastNames)] + strconv.Itoa(c+1) + "@example.com"
	}
	var days table.DayCache // the orders of a day share its date's text
	for i := range n {
		idBuf = append(idBuf, "ORD-"...)
		idBuf = appendPad(idBuf, i+1, 6)
		idOff[i+1] = int32(len(idBuf))
		tsBuf = days.AppendTimestamp(tsBuf, ts[i]/1000*1000)
		tsOff[i+1] = int32(len(tsBuf))

		// One 64-bit draw gives every field of the row, digit by digit in a
		// mixed radix (the product of the radices is below 2^31, so the bias
		// is below 2^-33): one generator call per row instead of ten.
		v := r.Uint64()
		take := func(k uint64) int {
			d := v % k
			v /= k
			return int(d)
		}
		c := take(customers)
		o.custs[i], o.emails[i] = custNames[c], custEmails[c]
		cat := &catalogue[take(uint64(len(catalogue)))]
		p := take(uint64(len(cat.products)))
		o.products[i], o.cats[i] = cat.products[p], cat.category
		o.regions[i] = regionNames[take(uint64(len(regionNames)))]
		// Price: list price ±10 %, ending in .99 half the time.
		cents := int64(cat.prices[p]*100) * int64(90+take(21)) / 100
		if take(2) == 0 {
			cents = cents/100*100 + 99
		}
		o.prices[i] = float64(cents) / 100
		o.qty[i] = int64(1 + take(5))
		if extra := take(24); extra < 6 {
			o.qty[i] += int64(extra) // a quarter of the orders buy more
		}
		o.disc[i] = discounts[take(uint64(len(discounts)))]
	}
	idStr, tsStr := string(idBuf), string(tsBuf)
	for i := range n {
		o.ids[i] = idStr[idOff[i]:idOff[i+1]]
		o.tsText[i] = tsStr[tsOff[i]:tsOff[i+1]]
	}
	return o
}

// faultRows hands each fault kind its exact count of distinct rows of n,
// round(rate × n), walking a random permutation: each kind's rows in
// increasing order, and the rows left clean.
func faultRows(r *rand.Rand, n int, rates []float64) (byKind [][]int, clean []int) {
	perm := r.Perm(n)
	counts := make([]int, len(rates))
	total := 0
	for k, rate := range rates {
		counts[k] = int(rate*float64(n) + 0.5)
		if total+counts[k] > n {
			counts[k] = n - total
		}
		total += counts[k]
	}
	// Each kind's rows in increasing order, from one pass over the rows (a
	// sort per kind took ~100 ms of a million-row run in WebAssembly).
	kindOf := make([]uint8, n) // 0: no fault; k+1: kind k
	at := 0
	for k := range rates {
		for _, i := range perm[at : at+counts[k]] {
			kindOf[i] = uint8(k + 1)
		}
		at += counts[k]
	}
	byKind = make([][]int, len(rates))
	for k := range byKind {
		byKind[k] = make([]int, 0, counts[k])
	}
	for i, k := range kindOf {
		if k > 0 {
			byKind[k-1] = append(byKind[k-1], i)
		}
	}
	return byKind, perm[total:]
}

// inject gives rows fault kind k (FaultKinds[k]); a duplicate copies a
// clean row.
func (o *orders) inject(r *rand.Rand, k int, rows, clean []int, ts []int64) {
	n := len(o.ids)
	for _, i := range rows {
		switch k {
		case 0:
			if o.priceNull == nil {
				o.priceNull = make([]bool, n)
			}
			o.priceNull[i], o.prices[i] = true, 0
		case 1:
			o.qty[i] = []int64{0, -1, -2, -5}[r.IntN(4)]
		case 2:
			j := i
			if len(clean) > 0 {
				j = clean[r.IntN(len(clean))]
			} else if n > 1 {
				j = (i + 1) % n
			}
			o.ids[i], o.tsText[i], o.custs[i], o.emails[i] = o.ids[j], o.tsText[j], o.custs[j], o.emails[j]
			o.products[i], o.cats[i], o.regions[i] = o.products[j], o.cats[j], o.regions[j]
			o.prices[i], o.qty[i], o.disc[i] = o.prices[j], o.qty[j], o.disc[j]
		case 3:
			o.cats[i], o.regions[i] = messy(r, o.cats[i]), messy(r, o.regions[i])
		case 4:
			o.tsText[i] = otherFormat(r, ts[i]/1000*1000)
		case 5:
			o.tsText[i] = badDates[r.IntN(len(badDates))]
		case 6:
			// 100 times the price, in whole cents as the CSV writes it
			// (× 100 in floating point would give 1298.9999999999998).
			o.prices[i] = math.Round(o.prices[i]*10000) / 100
		}
	}
}

// table is the orders as the sales table.
func (o *orders) table() *table.Table {
	t, err := table.NewTable("sales",
		table.NewStringColumn(ColOrderID, o.ids, nil),
		table.NewStringColumn(ColOrderTS, o.tsText, nil),
		table.NewStringColumn(ColCustomerID, o.custs, nil),
		table.NewStringColumn(ColEmail, o.emails, nil),
		table.NewStringColumn(ColProduct, o.products, nil),
		table.NewStringColumn(ColCategory, o.cats, nil),
		table.NewStringColumn(ColRegion, o.regions, nil),
		table.NewDecimalColumn(ColPrice, o.prices, o.priceNull, 2),
		table.NewIntColumn(ColQuantity, o.qty, nil),
		table.NewDecimalColumn(ColDiscount, o.disc, nil, 2),
	)
	if err != nil {
		panic(err) // ten columns of one length, named by the constants above: a bug, never input
	}
	return t
}

var leadPad, trailPad = [3]string{" ", "  ", ""}, [3]string{" ", "", "  "}

var badDates = []string{"not a date", "2024-13-45", "31/31/2024", "yesterday", "TBD", "2024-02-30"}

// messy returns v in an odd case with stray spaces; never v itself.
func messy(r *rand.Rand, v string) string {
	b := []byte(v)
	switch r.IntN(3) {
	case 0:
		for i := range b {
			b[i] |= 0x20 * num.Bit(b[i] >= 'A' && b[i] <= 'Z')
		}
	case 1:
		for i := range b {
			if b[i] >= 'a' && b[i] <= 'z' {
				b[i] -= 0x20
			}
		}
	case 2:
		for i := range b {
			if r.IntN(2) == 0 && b[i] >= 'a' && b[i] <= 'z' {
				b[i] -= 0x20
			} else if b[i] >= 'A' && b[i] <= 'Z' {
				b[i] += 0x20
			}
		}
	}
	return leadPad[r.IntN(3)] + string(b) + trailPad[r.IntN(3)]
}

// otherFormat writes ms in one of the other formats ParseTimestamp accepts.
func otherFormat(r *rand.Rand, ms int64) string {
	p := table.PartsOf(ms)
	b := make([]byte, 0, 32)
	hm := func(b []byte) []byte {
		b = appendPad(b, p.Hour, 2)
		b = append(b, ':')
		return appendPad(b, p.Minute, 2)
	}
	switch r.IntN(4) {
	case 0:
		b = appendPad(b, p.Month, 2)
		b = append(b, '/')
		b = appendPad(b, p.Day, 2)
		b = append(b, '/')
		b = appendPad(b, p.Year, 4)
		b = hm(append(b, ' '))
	case 1:
		b = appendPad(b, p.Year, 4)
		b = append(b, '/')
		b = appendPad(b, p.Month, 2)
		b = append(b, '/')
		b = appendPad(b, p.Day, 2)
		b = hm(append(b, ' '))
		b = appendPad(append(b, ':'), p.Second, 2)
	case 2:
		b = appendPad(b, p.Day, 2)
		b = append(b, ' ')
		b = append(b, monthAbbr[p.Month-1]...)
		b = append(b, ' ')
		b = appendPad(b, p.Year, 4)
		b = hm(append(b, ' '))
	default:
		b = appendPad(b, p.Year, 4)
		b = append(b, '-')
		b = appendPad(b, p.Month, 2)
		b = append(b, '-')
		b = appendPad(b, p.Day, 2)
		b = hm(append(b, ' '))
		b = appendPad(append(b, ':'), p.Second, 2)
		b = append(b, "+00:00"...)
	}
	return string(b)
}

var monthAbbr = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

func pad(v, width int) string { return string(appendPad(nil, v, width)) }

// appendPad appends v (≥ 0) in decimal, zero-padded to width digits.
func appendPad(dst []byte, v, width int) []byte {
	var buf [20]byte
	i := len(buf)
	for v >= 10 {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	i--
	buf[i] = byte('0' + v)
	for n := len(buf) - i; n < width; n++ {
		dst = append(dst, '0')
	}
	return append(dst, buf[i:]...)
}

// fieldErr is a config error of field: a *table.FieldError, which wraps
// table.ErrConfig.
func fieldErr(field, format string, args ...any) error {
	return &table.FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}
