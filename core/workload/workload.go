// Package workload writes the benchmark files the playground's speed is
// measured on. It is used by benchmarks only: the page never imports it.
//
// W1 is a sales file as a learner would bring one: N orders with the header
//
//	order_id,order_date,customer_id,product,category,price,quantity,region
//
// ids 1..N; ISO 8601 UTC timestamps over one year; about 5,000 customer codes
// like C00042; 20 product names, about 1 % of them "Cable, USB-C" (a quoted
// comma); 5 categories written as they are, in lower or in UPPER case, about
// 10 % with a leading space and 10 % with two trailing spaces; prices 5.00 to
// 500.00 with two decimals, empty in about 4 %; quantities 1 to 10, but 0, -1
// or -2 in about 4 %; regions north, south, east and west in mixed case,
// about 10 % padded with spaces. About 65 bytes a row.
package workload

import "strconv"

// W1Header is the first line of a W1 file, without its line end.
const W1Header = "order_id,order_date,customer_id,product,category,price,quantity,region"

var (
	products = []string{"Laptop", "Monitor", "Keyboard", "Mouse", "Headphones", "Webcam", "Desk Lamp", "Office Chair",
		"Standing Desk", "Notebook", "Pen Set", "Backpack", "Phone Stand", "Speaker", "Microphone", "Tablet",
		"Charger", "Hard Drive", "Router"} // and "Cable, USB-C", the 20th
	categories = [][3]string{{"Electronics", "electronics", "ELECTRONICS"}, {"Furniture", "furniture", "FURNITURE"},
		{"Stationery", "stationery", "STATIONERY"}, {"Accessories", "accessories", "ACCESSORIES"}, {"Audio", "audio", "AUDIO"}}
	regions = [][4]string{{"north", "North", "NORTH", "nOrth"}, {"south", "South", "SOUTH", "souTh"},
		{"east", "East", "EAST", "eaSt"}, {"west", "West", "WEST", "wEst"}}
)

// rng is SplitMix64: the same seed gives the same file on every platform.
type rng uint64

func (r *rng) next() uint64 {
	*r += 0x9e3779b97f4a7c15
	z := uint64(*r)
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// intn returns a number in [0, n).
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// W1 returns a W1 file of n orders (LF line ends, no byte order mark),
// the same bytes for the same n and seed.
func W1(n int, seed uint64) []byte {
	r := rng(seed)
	out := make([]byte, 0, 72*(n+1))
	out = append(out, W1Header...)
	out = append(out, '\n')
	const year = 365 * 24 * 3600
	start := int64(1735689600) // 2025-01-01T00:00:00Z
	for id := 1; id <= n; id++ {
		out = strconv.AppendInt(out, int64(id), 10)
		out = append(out, ',')
		out = appendISO(out, start+int64(r.intn(year)))
		out = append(out, ",C"...)
		c := r.intn(5000) + 1
		out = append(out, byte('0'+c/10000), byte('0'+c/1000%10), byte('0'+c/100%10), byte('0'+c/10%10), byte('0'+c%10))
		out = append(out, ',')
		if r.intn(100) == 0 {
			out = append(out, `"Cable, USB-C"`...)
		} else {
			out = append(out, products[r.intn(len(products))]...)
		}
		out = append(out, ',')
		cat := categories[r.intn(len(categories))]
		switch k := r.intn(10); k {
		case 0:
			out = append(out, ' ')
			out = append(out, cat[r.intn(3)]...)
		case 1:
			out = append(out, cat[r.intn(3)]...)
			out = append(out, "  "...)
		default:
			out = append(out, cat[r.intn(3)]...)
		}
		out = append(out, ',')
		if r.intn(25) != 0 {
			cents := 500 + r.intn(49501)
			out = strconv.AppendInt(out, int64(cents/100), 10)
			out = append(out, '.', byte('0'+cents/10%10), byte('0'+cents%10))
		}
		out = append(out, ',')
		if r.intn(25) == 0 {
			out = strconv.AppendInt(out, -int64(r.intn(3)), 10)
		} else {
			out = strconv.AppendInt(out, int64(1+r.intn(10)), 10)
		}
		out = append(out, ',')
		reg := regions[r.intn(len(regions))][r.intn(4)]
		if r.intn(10) == 0 {
			out = append(out, ' ')
			out = append(out, reg...)
			out = append(out, ' ')
		} else {
			out = append(out, reg...)
		}
		out = append(out, '\n')
	}
	return out
}

// appendISO appends t (seconds since 1970, UTC) as 2006-01-02T15:04:05Z.
func appendISO(b []byte, t int64) []byte {
	days, secs := t/86400, t%86400
	// Civil date from days since 1970 (Howard Hinnant's algorithm).
	z := days + 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	two := func(b []byte, v int64) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }
	b = strconv.AppendInt(b, y, 10)
	b = append(b, '-')
	b = two(b, m)
	b = append(b, '-')
	b = two(b, d)
	b = append(b, 'T')
	b = two(b, secs/3600)
	b = append(b, ':')
	b = two(b, secs/60%60)
	b = append(b, ':')
	b = two(b, secs%60)
	return append(b, 'Z')
}
