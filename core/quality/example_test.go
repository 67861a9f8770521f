package quality_test

import (
	"fmt"

	"github.com/ingestkit/playground/core/quality"
)

// Rules are plain text; errors point at the line and column.
func ExampleParse() {
	rules, err := quality.Parse(`price not null
warn: discount <= 0.5
category in ("Electronics", "Books") mostly 0.9`)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(quality.Format(rules))
	_, err = quality.Parse("quantity >")
	fmt.Println(err)
	// Output:
	// price not null
	// warn: discount <= 0.5
	// category in ("Electronics", "Books") mostly 0.9
	// rule line 1, column 11: expected a value to compare with (a number, "text" or true/false), found the end of the line
}
