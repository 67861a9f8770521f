package table_test

import (
	"fmt"
	"os"

	"github.com/ingestkit/playground/core/table"
)

// Reading a CSV: a ragged row is rejected with its line, the rest is typed.
func ExampleReadCSV() {
	data := []byte("id,zip,amount,note\n1,00501,12.50,\"hello, world\"\n2,10001\n3,02134,7,ok\n")
	res, err := table.ReadCSV(data, table.CSVOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range res.Table.Cols {
		fmt.Println(c.Name, c.Type)
	}
	for _, r := range res.Rejected {
		fmt.Printf("line %d %s\n", r.Line, r.Reason)
	}
	// Written back, each cell reads as in the file: 12.50 keeps its zero.
	table.WriteCSV(os.Stdout, res.Table, res.WriteOptions())
	// Output:
	// id integer
	// zip string
	// amount decimal
	// note string
	// line 3 has 2 fields, expected 4 (the header has 4 columns)
	// id,zip,amount,note
	// 1,00501,12.50,"hello, world"
	// 3,02134,7,ok
}

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
