package api

import (
	"strings"
	"testing"

	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkedOrders is an engine with orders.csv loaded and checked.
func checkedOrders(t *testing.T) (*Engine, []byte) {
	t.Helper()
	e := New()
	call(t, e, "loadData", map[string]any{"name": "orders.csv", "data": []byte("id,qty\nA,1\nB,-2\nC,3\n")})
	call(t, e, "checkData", map[string]any{"config": map[string]any{"rules": "qty > 0"}})
	_, clean, err := e.Call("csv", map[string]any{"table": "data_clean"})
	require.Nil(t, err)
	require.Equal(t, "id,qty\nA,1\nC,3\n", string(clean))
	return e, clean
}

// A file that is refused leaves the file loaded before, and its last
// check's results, as they were; the message names the refused file and
// the one still loaded.
func TestRefusedFileKeepsTheLoadedOne(t *testing.T) {
	utf16 := []byte("a\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00")
	wide := []byte(strings.Repeat("c,", 99999) + "c\n" + strings.Repeat("1,", 99999) + "1\n")
	for _, tc := range []struct {
		name string
		data []byte
		says string
	}{
		{"photo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "this looks like a PNG image, not a CSV file"},
		{"notes.csv", utf16, "UTF-16 text without a byte order mark"},
		{"wide.csv", wide, "the header has 100,000 columns; the limit is"},
		{"empty.csv", []byte{}, "the file is empty"},
		{"blank.csv", []byte("\n\n"), "the file is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, clean := checkedOrders(t)
			_, _, err := e.Call("loadData", map[string]any{"name": tc.name, "data": tc.data})
			require.NotNil(t, err)
			assert.Equal(t, "data", err.Field)
			assert.True(t, strings.HasPrefix(err.Message, tc.name+" was not loaded: "), err.Message)
			assert.Contains(t, err.Message, tc.says)
			assert.True(t, strings.HasSuffix(err.Message, "; orders.csv is still loaded."), err.Message)
			// The file and its results are still there, and download.
			require.NotNil(t, e.file)
			assert.Equal(t, "orders.csv", e.file.name)
			_, got, cerr := e.Call("csv", map[string]any{"table": "data_clean"})
			require.Nil(t, cerr)
			assert.Equal(t, string(clean), string(got))
			rows := call(t, e, "rows", map[string]any{"table": "data_input", "limit": 10.0})
			assert.Equal(t, 3, rows["total"])
			// And it can be checked again.
			r := call(t, e, "checkData", map[string]any{"config": map[string]any{"rules": "qty > 1"}})
			assert.Equal(t, 1, r["valid"])
		})
	}

	// With nothing loaded before, the message names the file alone.
	e := New()
	_, _, err := e.Call("loadData", map[string]any{"name": "photo.png", "data": []byte("\x89PNG\r\n\x1a\n\x00\x00")})
	require.NotNil(t, err)
	assert.Equal(t, "photo.png was not loaded: this looks like a PNG image, not a CSV file.", err.Message)
	assert.Equal(t, "csv", err.Code)
	assert.Nil(t, e.file)
}

// Reading the loaded file again with a type that does not apply leaves it
// as it was, with its check's results.
func TestRefusedRereadKeepsTheFile(t *testing.T) {
	e, clean := checkedOrders(t)
	_, _, err := e.Call("loadData", map[string]any{"types": map[string]any{"nope": "string"}})
	require.NotNil(t, err)
	assert.Equal(t, "types", err.Field)
	assert.Equal(t, `the file has no column "nope"`, err.Message)
	_, got, cerr := e.Call("csv", map[string]any{"table": "data_clean"})
	require.Nil(t, cerr)
	assert.Equal(t, string(clean), string(got))
	assert.Equal(t, 3, call(t, e, "rows", map[string]any{"table": "data_input"})["total"])
}

// A file that does not fit beside the loaded one is read once that is
// dropped to make room; one that does not fit even then is refused, and
// the error says the file before was unloaded (field "unloaded").
func TestLargeFileMakesRoom(t *testing.T) {
	rows := func(n int) []byte {
		var b strings.Builder
		b.WriteString("a,b,c\n")
		for range n {
			b.WriteString("1,2,3\n")
		}
		return []byte(b.String())
	}
	e := New()
	call(t, e, "loadData", map[string]any{"name": "first.csv", "data": rows(150000)})
	// A budget that a file like it fits in alone, but not beside it.
	second := rows(150001)
	e.Budget = table.EstimateReadBytes(len(second), 150001, 3)*21/20 + e.retained()/2
	_, besideErr := table.ReadCSV(second, table.CSVOptions{MaxMemory: e.free()})
	require.ErrorIs(t, besideErr, table.ErrTooLarge, "the test needs a file that does not fit beside the first")

	// Another like it does not fit beside it: the first makes room.
	r := call(t, e, "loadData", map[string]any{"name": "second.csv", "data": second})
	assert.Equal(t, "second.csv", r["name"])
	assert.Equal(t, 150001, r["rows"])

	// Too large even alone: refused, and second.csv stays (unloading it
	// could not make room), its check's results too.
	call(t, e, "checkData", map[string]any{"config": map[string]any{"rules": "a not null\n"}})
	_, _, err := e.Call("loadData", map[string]any{"name": "big.csv", "data": rows(900000)})
	require.NotNil(t, err)
	assert.Equal(t, "memory", err.Code)
	assert.Equal(t, "data", err.Field)
	assert.True(t, strings.HasPrefix(err.Message, "big.csv was not loaded: the file has about"), err.Message)
	assert.True(t, strings.HasSuffix(err.Message, "; second.csv is still loaded."), err.Message)
	require.NotNil(t, e.file)
	assert.Equal(t, "second.csv", e.file.name)
	assert.Equal(t, 150001, call(t, e, "rows", map[string]any{"table": "data_clean", "limit": 1.0})["total"])

	// One that fits alone but not beside it still makes room.
	e.Budget = table.EstimateReadBytes(len(second), 150001, 3)*21/20 + e.retained()/2
	r = call(t, e, "loadData", map[string]any{"name": "third.csv", "data": rows(150001)})
	assert.Equal(t, "third.csv", r["name"])
	call(t, e, "loadData", map[string]any{"sample": true})
}

// A file whose name holds line breaks, separators and code gives downloads
// and an export under its safe name only: no part of the name reaches a
// file name, a zip entry or the program outside a string literal.
func TestHostileFileNameIsMadeSafe(t *testing.T) {
	e := New()
	name := "../p\nimport os; os.system(\"touch PWNED\")\n#.csv"
	call(t, e, "loadData", map[string]any{"name": name, "data": []byte("id,qty\n1,2\n2,-1\n")})
	r := call(t, e, "checkData", map[string]any{"config": map[string]any{"rules": "qty > 0"}})
	safe := core.FileBase(name)
	assert.Equal(t, "p_import_os_os.system_touch_PWNED", safe)
	for _, ti := range r["tables"].([]any) {
		file := ti.(map[string]any)["file"].(string)
		assert.True(t, strings.HasPrefix(file, safe+"_"), file)
		assert.NotContains(t, file, "/")
		assert.NotContains(t, file, "\n")
	}
	for _, target := range []string{"pandas", "duckdb", "beam"} {
		res := call(t, e, "export", map[string]any{"pattern": "data", "target": target, "config": map[string]any{"rules": "qty > 0"}})
		assert.Equal(t, safe+".csv", res["input"], target)
		assert.Equal(t, true, res["renamed"], target)
		assert.NotContains(t, res["program"], "\nimport os", target)
		for _, f := range res["files"].([]any) {
			fn := f.(map[string]any)["name"].(string)
			assert.NotContains(t, fn, "..", target)
			assert.NotContains(t, fn, "\n", target)
		}
		_, zip, aerr := e.Call("exportZip", map[string]any{"pattern": "data", "target": target, "config": map[string]any{"rules": "qty > 0"}})
		require.Nil(t, aerr, target)
		assert.NotContains(t, string(zip), "../", target)
	}
}

// A file DuckDB cannot name (columns that differ only in case) gets an
// export error that says why and what to do; pandas and Beam export it.
func TestExportRefusalSaysWhy(t *testing.T) {
	e := New()
	call(t, e, "loadData", map[string]any{"name": "ids.csv", "data": []byte("id,ID\n1,2\n")})
	_, _, aerr := e.Call("export", map[string]any{"pattern": "data", "target": "duckdb", "config": map[string]any{}})
	require.NotNil(t, aerr)
	assert.Equal(t, "export", aerr.Code)
	assert.Contains(t, aerr.Message, `DuckDB does not tell the columns "id" and "ID" apart`)
	assert.Contains(t, aerr.Message, "export to pandas or Beam")
	for _, target := range []string{"pandas", "beam"} {
		res := call(t, e, "export", map[string]any{"pattern": "data", "target": target, "config": map[string]any{}})
		assert.NotEmpty(t, res["program"], target)
	}
}

// A German Excel export — an Excel sep= line, semicolons, decimal commas,
// Windows-1252 text, CRLF — is read as such, says so, and its downloads
// come back in the same dialect: byte for byte with no options, numbers
// with a decimal point or UTF-8 text only when asked.
func TestDialectReadAndWrittenBack(t *testing.T) {
	file := []byte("sep=;\r\nkunde;preis;menge\r\nM\xfcller;1.234,50;2\r\nJos\xe9;-0,25;1\r\nRen\xe9e \x80;10,00;3\r\n")
	e := New()
	r := call(t, e, "loadData", map[string]any{"name": "bestellungen.csv", "data": file})
	d := r["dialect"].(map[string]any)
	assert.Equal(t, ";", d["separator"])
	assert.Equal(t, "sep line", d["separatorFrom"])
	assert.Equal(t, "sep=;", d["sepLine"])
	assert.Equal(t, "windows-1252", d["encoding"])
	assert.Equal(t, "detected", d["encodingFrom"])
	assert.Equal(t, "CRLF", d["lineEnd"])
	assert.Equal(t, true, d["decimalComma"])
	assert.Contains(t, d["numbers"], "preis")
	cols := r["columns"].([]any)
	assert.Equal(t, "decimal", cols[1].(map[string]any)["type"])
	assert.Equal(t, 3, r["rows"])

	clean := func(cfg map[string]any) string {
		t.Helper()
		call(t, e, "checkData", map[string]any{"config": cfg})
		_, b, err := e.Call("csv", map[string]any{"table": "data_clean"})
		require.Nil(t, err)
		return string(b)
	}
	assert.Equal(t, string(file), clean(map[string]any{}), "no options: the file itself")
	assert.Equal(t, "sep=;\r\nkunde;preis;menge\r\nM\xfcller;1.234,50;2\r\nRen\xe9e \x80;10,00;3\r\n", clean(map[string]any{"rules": "preis > 0"}))
	assert.Equal(t, "sep=;\r\nkunde;preis;menge\r\nM\xfcller;1234.50;2\r\nJos\xe9;-0.25;1\r\n", clean(map[string]any{"rules": "kunde != \"Ren\u00e9e \u20ac\"", "decimalPoint": true}))
	assert.Equal(t, "\ufeffsep=;\r\nkunde;preis;menge\r\nMüller;1.234,50;2\r\nJosé;-0,25;1\r\n", clean(map[string]any{"rules": "menge < 3", "writeUtf8": true})) // (with a byte order mark, for Excel)
	_, rej, err := e.Call("csv", map[string]any{"table": "data_rejected"})
	require.Nil(t, err)
	assert.Contains(t, string(rej), "Renée €", "the rejected file is written in UTF-8 too")

	// The learner can read it another way: as commas it is one column.
	r = call(t, e, "loadData", map[string]any{"separator": "comma"})
	d = r["dialect"].(map[string]any)
	assert.Equal(t, ",", d["separator"])
	assert.Equal(t, "chosen", d["separatorFrom"])
	assert.Len(t, r["columns"], 1)
	// A re-read with other types keeps that choice.
	r = call(t, e, "loadData", map[string]any{"types": map[string]any{}})
	assert.Equal(t, "chosen", r["dialect"].(map[string]any)["separatorFrom"])
	r = call(t, e, "loadData", map[string]any{"separator": "auto"})
	assert.Len(t, r["columns"], 3)

	// Bad choices name the field and what is allowed; the file stays.
	for _, bad := range []map[string]any{{"separator": "colon"}, {"encoding": "ebcdic"}} {
		_, _, err := e.Call("loadData", bad)
		require.NotNil(t, err)
		for k := range bad {
			assert.Equal(t, k, err.Field)
		}
		assert.Contains(t, err.Message, "must be auto")
	}
	assert.Equal(t, "bestellungen.csv", e.file.name)
}

// A file mostly UTF-8 with a few Windows-1252 lines is read as UTF-8 (those
// lines unreadable) with the suggestion; read as Windows-1252 when asked,
// every line is read.
func TestEncodingSuggestedAndChosen(t *testing.T) {
	file := []byte("name,city\nAnn,K\xc3\xb6ln\nBea,M\xfcnchen\n")
	e := New()
	r := call(t, e, "loadData", map[string]any{"name": "mixed.csv", "data": file})
	assert.Equal(t, 1, r["unreadable"])
	d := r["dialect"].(map[string]any)
	assert.Equal(t, "utf-8", d["encoding"])
	assert.Equal(t, "windows-1252", d["encodingSuggestion"])
	r = call(t, e, "loadData", map[string]any{"encoding": "windows-1252"})
	assert.Equal(t, 0, r["unreadable"])
	assert.Equal(t, "chosen", r["dialect"].(map[string]any)["encodingFrom"])
	call(t, e, "checkData", map[string]any{"config": map[string]any{}})
	_, b, err := e.Call("csv", map[string]any{"table": "data_clean"})
	require.Nil(t, err)
	assert.Equal(t, string(file), string(b), "written back in Windows-1252, byte for byte")
}

// Each column says how rule text writes its name (quality.ColumnText): the
// page's rule editors insert that, so a chip never writes a rule the
// engine cannot read.
func TestColumnsCarryTheirRuleSpelling(t *testing.T) {
	e := New()
	r := call(t, e, "loadData", map[string]any{"data": []byte("order id,warn,price,\"say \"\"hi\"\"\"\n1,2,3,4\n")})
	var got []string
	for _, c := range r["columns"].([]any) {
		got = append(got, c.(map[string]any)["rule"].(string))
	}
	assert.Equal(t, []string{`"order id"`, `"warn"`, "price", `"say \"hi\""`}, got)
	for i, name := range []string{"order id", "warn", "price", `say "hi"`} {
		rules, err := quality.Parse(got[i] + " not null")
		require.NoError(t, err, got[i])
		require.Len(t, rules, 1)
		assert.Equal(t, name, rules[0].Column)
	}
}
