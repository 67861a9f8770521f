package main

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/core/export"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The single file opened from disk: every tab works, downloads are the
// engine's bytes, the sample loads, and it asks for nothing but its own
// file (the checks of openURL).
func TestSingleFileWorksFromDisk(t *testing.T) {
	file := "file://" + filepath.ToSlash(filepath.Join(distDir, SingleFileName))
	p := openURL(t, "file:", file+"#p=etl&e.n=300")
	p.waitJS(`document.querySelector('[data-testid="status"]').textContent.startsWith('Engine ready')`)
	p.waitText("etl-extracted", "300")
	p.waitText("etl-valid", "276")
	p.waitText("batch-valid", "100")
	p.waitText("stream-batches", "5")
	assert.Equal(t, "false", p.eval(`document.querySelector('[data-testid="section-etl"]').hidden.toString()`))

	// A deep link change is followed, and the output downloads as core writes it.
	p.eval(`location.hash = '#p=etl', 'ok'`)
	p.waitText("etl-valid", "138")
	e, err := core.RunETL(core.DefaultETLConfig(), nil)
	require.NoError(t, err)
	dir := p.allowDownloads()
	name, body := p.downloadNamed(dir, "download-etl_output")
	assert.Equal(t, "etl_output.csv", name)
	assert.Equal(t, string(table.AppendCSV(nil, e.Clean, table.CSVWriteOptions{})), string(body))
	// The link to share is the file's own.
	assert.True(t, strings.HasPrefix(p.eval(`location.href`), file))

	// The exports work offline: their templates are inside the file.
	p.click("export-open-etl")
	p.click("export-tab-etl-beam")
	p.waitJS(`document.querySelector('[data-testid="export-code-etl"]').textContent.includes('beamx.Run')`)
	prog, err := export.ETLProgram(core.DefaultETLConfig(), export.Beam)
	require.NoError(t, err)
	assert.Equal(t, shownProgram(prog), p.eval(`[...document.querySelectorAll('[data-testid="export-code-etl"] pre')].map((x) => x.textContent).join('')`))

	// Your data: the sample, checked.
	p.click("nav-data")
	p.click("sample-load")
	p.waitText("data-rows", "9")
	p.click("run-data")
	p.waitText("data-records", "11")

	// Cancel restarts the engine from the bytes inside the file.
	p.click("nav-etl")
	p.set("etl", "records", "1000000")
	p.waitJS(`document.querySelector('[data-testid="error-etl"]').textContent.includes('Press Run')`)
	p.click("run-etl")
	p.waitJS(`!document.querySelector('[data-testid="cancel-etl"]').hidden`)
	p.click("cancel-etl")
	p.settled()
	p.etlWorks()
}

// The single file's policy is strict: its own inline code by hash, nothing
// remote, no eval.
func TestSingleFileIsSelfContained(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(distDir, SingleFileName))
	require.NoError(t, err)
	page := string(b)
	csp := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`).FindStringSubmatch(page)
	require.Len(t, csp, 2)
	assert.NotContains(t, csp[1], "unsafe-inline")
	assert.NotContains(t, csp[1], "'unsafe-eval'")
	assert.NotContains(t, csp[1], "http")
	assert.Contains(t, csp[1], "worker-src blob:")
	assert.Contains(t, csp[1], "'wasm-unsafe-eval'")
	assert.Equal(t, 3, strings.Count(csp[1], "'sha256-")-1, "three inline scripts (the boot guard, the bundle, the snapshot restore) and a style sheet, by hash")
	assert.Empty(t, regexp.MustCompile(`(src|href)="(https?:)?//`).FindAllString(page, -1), "nothing loaded from elsewhere")
	assert.NotContains(t, page, `src="js/`)
	assert.Less(t, len(b), 3_000_000, "about the size of the served page's download, base64 included") // 2.51 MB with event time and file dialects, 2.89 MB with the engines' parts
}

// The served page asks for every module of its graph at once
// (modulepreload), so a module added to js/ must be listed in index.html;
// the single file, whose modules are bundled in, lists none.
func TestPagePreloadsEveryModule(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("web", "index.html"))
	require.NoError(t, err)
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile(`<link rel="modulepreload" href="js/([^"]+)">`).FindAllStringSubmatch(string(page), -1) {
		listed[m[1]] = true
	}
	files, err := filepath.Glob(filepath.Join("web", "js", "*.js"))
	require.NoError(t, err)
	want := map[string]bool{}
	for _, f := range files {
		if b := filepath.Base(f); b != "boot.js" { // a classic script, not a module
			want[b] = true
		}
	}
	assert.Equal(t, want, listed)
	single, err := os.ReadFile(filepath.Join(distDir, SingleFileName))
	require.NoError(t, err)
	assert.NotContains(t, string(single), "modulepreload")
}

// The served page's inline start-up script and style sheet run under its
// policy: the meta tag, and the header the server sends, allow them by
// their hashes (edit the script, and this test gives the hash to put in
// index.html; the style sheet's the build writes).
func TestInlineScriptAllowedByHash(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("web", "index.html"))
	require.NoError(t, err)
	scripts := regexp.MustCompile(`(?s)<script(?: id="[^"]*")?>(.*?)</script>`).FindAllStringSubmatch(string(page), -1)
	require.Len(t, scripts, 2, "two inline scripts: the worker starter and the snapshot restore")
	var hashes []string
	for _, s := range scripts {
		sum := sha256.Sum256([]byte(s[1]))
		hashes = append(hashes, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	csp := cspMeta.FindStringSubmatch(string(page))
	require.Len(t, csp, 2)
	assert.Contains(t, csp[1], "script-src 'self' 'wasm-unsafe-eval' "+strings.Join(hashes, " ")+";", "index.html's policy must name the inline scripts' hashes")
	// The build puts the style sheet into the page (inlineStyle), allowed
	// by its hash; the rest of the policy is the source's.
	built, err := os.ReadFile(filepath.Join(distDir, "index.html"))
	require.NoError(t, err)
	styles := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindAllStringSubmatch(string(built), -1)
	require.Len(t, styles, 1, "the built page holds the style sheet")
	assert.NotContains(t, string(built), `rel="stylesheet"`)
	sum := sha256.Sum256([]byte(styles[0][1]))
	styleHash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	builtCSP := cspMeta.FindStringSubmatch(string(built))
	require.Len(t, builtCSP, 2)
	assert.Equal(t, strings.Replace(csp[1], "style-src 'self';", "style-src 'self' "+styleHash+";", 1), builtCSP[1])
	res, err := http.Get(baseURL + "/")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, builtCSP[1]+"; frame-ancestors *", res.Header.Get("Content-Security-Policy"))
}
