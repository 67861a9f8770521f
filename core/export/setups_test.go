package export

import (
	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/core/sales"
)

// allRules uses every rule kind on the generated sales columns, with
// warn:, mostly, matches, unique and dataset checks.
const allRules = `price not null
quantity > 0
warn: discount between 0 and 0.15
order_id unique
category in ("Electronics", "Books", "Home", "Clothing", "Sports") mostly 0.8
region not in ("Nowhere", "north ")
email matches "^[a-z]+\.[a-z]+\d+@example\.com$"
customer_id length between 9 and 9
product length <= 9 mostly 0.9
order_ts is date
order_ts not in future
price is number
quantity is integer
price is integer mostly 0.01
warn: price < 1000
reject: quantity != 7
customer_id >= "CUST-0100"
row_count between 100 and 100000
freshness(order_ts) < 30d
duplicate_count(order_id) = 0
warn: region = "North"
email matches "(?i)^ANA"  mostly 0.01
product matches "^\w+ \w+$|^[^ ]+$"
`

// setups are the ETL configurations every target is tested on.
func etlSetups() map[string]core.ETLConfig {
	def := core.DefaultETLConfig()
	dirty := core.DefaultETLConfig()
	dirty.Source.Records = 2000
	dirty.Source.Seed = 7
	dirty.Source.Faults = sales.Faults{NullPrice: 0.04, BadQuantity: 0.04, Duplicates: 0.03, MessyText: 0.1, MixedDates: 0.1, BadDates: 0.03, Outliers: 0.02}
	rules := dirty
	rules.Rules = allRules
	big := dirty
	big.Source.Records = 100_000
	big.Source.Seed = 99
	return map[string]core.ETLConfig{"defaults": def, "dirty": dirty, "every rule kind": rules, "100k records": big}
}
