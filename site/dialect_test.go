package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/chromedp/chromedp"
	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A German Excel export — sep= line, semicolons, decimal commas and
// grouping, Windows-1252, CRLF — is read as such and the page says so; its
// clean file with no options is the file itself, byte for byte; numbers
// with a decimal point and UTF-8 downloads are choices; the learner can
// read it with another separator, and a TSV file is read as tabs.
func TestFilesAsTheyCome(t *testing.T) {
	p := openPage(t, "#p=data")
	dir := t.TempDir()
	write := func(name string, content []byte) string {
		f := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(f, content, 0o644))
		return f
	}
	upload := func(f string) {
		require.NoError(t, chromedp.Do(p.ctx, chromedp.SetUploadFiles(chromedp.CSS(tid("file-input")), []string{f})))
	}
	german := []byte("sep=;\r\nKunde;Preis;Menge;Datum\r\nM\xfcller;1.234,50;2;01.03.2024\r\n\"Weber; S\xf6hne\";0,25;-1;02.03.2024\r\nRen\xe9e \x80;10,00;3;03.03.2024\r\n")
	upload(write("bestellungen.csv", german))
	p.waitText("data-rows", "3")
	sum := p.text(tid("dialect-summary"))
	assert.Contains(t, sum, "semicolon (;) separator (from the file's first line, sep=;)")
	assert.Contains(t, sum, "Windows-1252 text (detected)")
	assert.Contains(t, sum, "CRLF line ends")
	assert.Contains(t, sum, "decimal commas")
	assert.Equal(t, "decimal", p.eval(`document.querySelector('[data-testid="type-Preis"]').value`))
	assert.Contains(t, p.text(tid("number-style-Preis")), "decimal comma")
	assert.Contains(t, p.text(tid("profile-table")), "Müller")

	dl := p.allowDownloads()
	p.click("run-data")
	p.waitText("data-valid", "3")
	assert.Equal(t, string(german), string(p.download(dl, "download-data_clean")), "no options: the file itself")

	// Numbers with a decimal point and UTF-8, as core writes them.
	p.eval(`(() => { const a = document.querySelector('[data-testid="rules-data"]'); a.value = 'Menge > 0'; return 'ok'; })()`)
	for _, id := range []string{"option-decimalPoint", "option-writeUtf8"} {
		p.eval(`(() => { const b = document.querySelector('[data-testid="` + id + `"]'); b.checked = true; b.dispatchEvent(new Event('change')); return 'ok'; })()`)
	}
	p.click("run-data")
	p.waitText("data-valid", "2")
	csv, err := table.ReadCSV(german, table.CSVOptions{})
	require.NoError(t, err)
	cfg := core.DataCheckConfig{Rules: "Menge > 0", Samples: 20, Now: sales.DefaultStart + 3660*core.Day, WriteUTF8: true,
		Standardize: table.Standardize{NullTokens: table.DefaultNullTokens, DecimalPoint: true}}
	want, err := core.RunDataCheck(cfg, csv)
	require.NoError(t, err)
	got := string(p.download(dl, "download-data_clean"))
	assert.Equal(t, string(table.AppendCSV(nil, want.Clean, core.FileWriteOptions(csv, cfg))), got)
	assert.Contains(t, got, "Müller;1234.50;2")
	assert.Contains(t, string(p.download(dl, "download-data_rejected")), "Weber; Söhne")

	// Read with commas instead: one column; then detected again.
	p.eval(`(() => { const s = document.querySelector('[data-testid="separator"]'); s.value = 'comma'; s.dispatchEvent(new Event('change')); return 'ok'; })()`)
	p.waitJS(`document.querySelectorAll('[data-testid="profile-table"] tbody tr').length === 1`)
	assert.Contains(t, p.text(tid("dialect-summary")), "comma (,) separator (as chosen)")
	p.eval(`(() => { const s = document.querySelector('[data-testid="separator"]'); s.value = 'auto'; s.dispatchEvent(new Event('change')); return 'ok'; })()`)
	p.waitJS(`document.querySelectorAll('[data-testid="profile-table"] tbody tr').length === 4`)

	// A TSV file from a database dump, and a bar-separated one.
	upload(write("dump.tsv", []byte("id\tname\tamount\n1\tAna\t10.5\n2\tBo\t7\n")))
	p.waitText("data-rows", "2")
	assert.Contains(t, p.text(tid("dialect-summary")), "tab separator (detected)")
	upload(write("old.psv", []byte("id|note\n1|\"a|b\"\n2|plain\n")))
	p.waitJS(`document.querySelector('[data-testid="dialect-summary"]').textContent.includes('vertical bar (|) separator')`)
	assert.Equal(t, "2", p.text(tid("data-rows")))

	// Forced Windows-1252 on a UTF-8 file with one Windows-1252 line.
	upload(write("mixed.csv", []byte("name;city\nJos\xc3\xa9;K\xc3\xb6ln\nAna;M\xfcnchen\n")))
	p.waitText("data-rows", "1")
	p.click("read-as-1252")
	p.waitText("data-rows", "2")
	assert.Contains(t, p.text(tid("dialect-summary")), "Windows-1252 text (as chosen)")

	// A file mostly not UTF-8 is read as Windows-1252; its few UTF-8
	// characters are said, with a button that reads it as UTF-8.
	upload(write("mostly.csv", []byte("name;city\nM\xc3\xbcller;Berlin\nJos\xe9;Madrid\nRen\xe9e;Par\xeds\n")))
	p.waitJS(`document.querySelector('[data-testid="read-as-utf8"]') !== null`)
	assert.Contains(t, p.text(tid("dialect-summary")), "Windows-1252 text (detected)")
	assert.Contains(t, p.text(tid("encoding-suggestion")), "é as Ã©")
	p.click("read-as-utf8")
	p.waitText("data-rows", "1")
	assert.Contains(t, p.text(tid("dialect-summary")), "UTF-8 text (as chosen)")
	p.checkClean()
}

// A semicolon column whose every value reads either way (48.856: a
// latitude, or 48,856 grouped) is read as the separator's custom says and
// marked; setting its type to decimal reads the dots as decimal points,
// and the file still comes back byte for byte.
func TestTypeDecidesAmbiguousNumbers(t *testing.T) {
	p := openPage(t, "#p=data")
	f := filepath.Join(t.TempDir(), "orte.csv")
	latlon := []byte("id;lat;lon\n1;48.856;2.352\n2;52.520;13.405\n3;40.416;3.703\n")
	require.NoError(t, os.WriteFile(f, latlon, 0o644))
	require.NoError(t, chromedp.Do(p.ctx, chromedp.SetUploadFiles(chromedp.CSS(tid("file-input")), []string{f})))
	p.waitText("data-rows", "3")
	assert.Contains(t, p.text(tid("profile-table")), "40416")
	assert.Contains(t, p.text(tid("dialect-note")), "lat — whole numbers, thousands grouped with dots (1.234) (every value reads either way")
	p.eval(`(() => { const s = document.querySelector('[data-testid="type-lat"]'); s.value = 'decimal'; s.dispatchEvent(new Event('change')); return 'ok'; })()`)
	p.waitJS(`document.querySelector('[data-testid="profile-table"]').textContent.includes('40.416')`)
	assert.NotContains(t, p.text(tid("dialect-summary")), "decimal commas")
	dl := p.allowDownloads()
	p.click("run-data")
	p.waitText("data-valid", "3")
	assert.Equal(t, string(latlon), string(p.download(dl, "download-data_clean")))
}
