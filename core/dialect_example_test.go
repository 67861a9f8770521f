package core_test

import (
	"fmt"
	"os"

	"github.com/ingestkit/playground/core/table"
)

// Reading a spreadsheet's "CSV" from a language that writes decimal
// commas: Excel's sep= line names the separator, numbers are read from
// "1.234,56", and the file writes back as it came.
func ExampleReadCSV_semicolons() {
	data := []byte("sep=;\nArtikel;Preis;Menge\nKühlschrank;1.234,56;2\n\"Öl; 5 l\";12,90;1.500\n")
	res, err := table.ReadCSV(data, table.CSVOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Dialect())
	for _, c := range res.Table.Cols {
		if f, ok := res.Numbers[c.Name]; ok {
			fmt.Println(c.Name, c.Type, "·", f.Label)
		} else {
			fmt.Println(c.Name, c.Type)
		}
	}
	fmt.Println(res.Table.Col("Preis").Dec, res.Table.Col("Menge").Int)
	table.WriteCSV(os.Stdout, res.Table, res.WriteOptions())
	// Output:
	// semicolons (sep= line) · UTF-8 · decimal commas
	// Artikel string
	// Preis decimal · decimal comma, thousands grouped with dots (1.234,56)
	// Menge integer · whole numbers, thousands grouped with dots (1.234)
	// [1234.56 12.9] [2 1500]
	// sep=;
	// Artikel;Preis;Menge
	// Kühlschrank;1.234,56;2
	// "Öl; 5 l";12,90;1.500
}
