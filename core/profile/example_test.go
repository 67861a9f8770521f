package profile_test

import (
	"fmt"

	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core/profile"
)

// A learner's file, profiled: what each column holds, and the rules that
// fit it, in the rule language, ready for the check.
func ExampleSuggestRules() {
	data := []byte("id,zip,price,qty\n1,00501,9.50,2\n2,10001,,1\n3,02134,4.00,0\n4,94105\n")
	file, err := table.ReadCSV(data, table.CSVOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	cols := profile.Columns(file.Table, file.Formats)
	for _, c := range cols {
		fmt.Printf("%s: %s, %d nulls, %d distinct, %s to %s\n", c.Name, c.Type, c.Nulls, c.Distinct, c.Min, c.Max)
	}
	for _, rule := range profile.SuggestRules(file.Table, cols) {
		fmt.Println(rule)
	}
	// Output:
	// id: integer, 0 nulls, 3 distinct, 1 to 3
	// zip: string, 0 nulls, 3 distinct, 00501 to 10001
	// price: decimal, 1 nulls, 2 distinct, 4 to 9.5
	// qty: integer, 0 nulls, 3 distinct, 0 to 2
	// id not null
	// id unique
	// id >= 0
	// id between 1 and 3
	// zip not null
	// zip unique
	// price >= 0
	// price between 4 and 9.5
	// qty not null
	// qty unique
	// qty >= 0
	// qty between 0 and 2
}
