package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
	"github.com/ingestkit/playground/core/export"
)

// SingleFileName is the self-contained page Build writes beside the folder.
const SingleFileName = "ingestion-playground.html"

// singleCSP is the single file's Content-Security-Policy: its own inline
// scripts and style by hash, the engine compiled from bytes inside the file
// ('wasm-unsafe-eval'), the worker from a Blob, icons and downloads from
// data: and blob: URLs, and nothing from anywhere else.
const singleCSP = "default-src 'none'; script-src %s 'wasm-unsafe-eval'; style-src %s; img-src data: blob:; worker-src blob:; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"

// WriteSingleFile writes the playground as one HTML file that works from
// disk (file://), uploaded to a course platform as one file, and with no
// network: the page's modules bundled into one inline script (esbuild),
// the style sheet inline, the worker script (Go's wasm_exec.js and
// worker.js) as text the page starts from a Blob URL, and the engine
// gzip-compressed and base64-encoded, unpacked in the page with
// DecompressionStream. dist is the built folder it takes the engine and
// wasm_exec.js from.
func WriteSingleFile(root, dist, out string) error {
	web := filepath.Join(root, "site", "web")
	files := map[string][]byte{}
	for _, p := range []string{filepath.Join(dist, "index.html"), filepath.Join(web, "style.css"), filepath.Join(web, "js", "boot.js"),
		filepath.Join(web, "icon.svg"), filepath.Join(web, "worker.js"), filepath.Join(dist, "wasm_exec.js"), filepath.Join(dist, "engine.wasm")} {
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files[filepath.Base(p)] = b
	}
	page, css, boot, icon := string(files["index.html"]), string(files["style.css"]), string(files["boot.js"]), files["icon.svg"]
	execJS, workerJS, engine := string(files["wasm_exec.js"]), string(files["worker.js"]), files["engine.wasm"]
	app, err := bundleScripts(web, api.FormatIIFE)
	if err != nil {
		return err
	}

	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression) // no name or time in the header: the same bytes every build
	if _, err := zw.Write(engine); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}

	for name, text := range map[string]string{"the bundle": app, "boot.js": boot, "the worker": execJS + workerJS, "the style sheet": css} {
		if strings.Contains(strings.ToLower(text), "</script") || strings.Contains(strings.ToLower(text), "</style") {
			return fmt.Errorf("%s holds a closing tag and cannot be inlined", name)
		}
	}
	iconURL := "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(icon)
	// The exports' templates go in as a JSON block (json.Marshal escapes <,
	// so no text in it can close the script element).
	templatesJSON, err := ExportTemplatesJSON(root)
	if err != nil {
		return err
	}
	scripts := []string{boot, app}
	hash := func(s string) string {
		h := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(h[:]) + "'"
	}
	// The page's inline return-visit snapshot (see restoreScript) stays.
	restore := restoreScript.FindStringSubmatch(page)
	if restore == nil {
		return fmt.Errorf("index.html no longer holds the inline snapshot restore: update WriteSingleFile")
	}
	csp := fmt.Sprintf(singleCSP, hash(scripts[0])+" "+hash(scripts[1])+" "+hash(restore[1]), hash(css))

	replace := func(old, new string) error {
		if !strings.Contains(page, old) {
			return fmt.Errorf("index.html no longer holds %q: update WriteSingleFile", old)
		}
		page = strings.Replace(page, old, new, 1)
		return nil
	}
	if !cspMeta.MatchString(page) {
		return fmt.Errorf("index.html has no Content-Security-Policy meta tag")
	}
	page = cspMeta.ReplaceAllLiteralString(page, `<meta http-equiv="Content-Security-Policy" content="`+csp+`">`)
	// The single file starts its worker from its own copy of the worker's
	// script (engine.js), not from a URL: the served page's inline starter
	// goes. The modules are bundled into the page: nothing to preload.
	starter := regexp.MustCompile(`(?s)<script id="ingest-starter">.*?</script>\n`)
	if !starter.MatchString(page) {
		return fmt.Errorf("index.html no longer holds the inline worker starter: update WriteSingleFile")
	}
	page = starter.ReplaceAllLiteralString(page, "")
	page = modulePreloads.ReplaceAllLiteralString(page, "")
	for _, r := range [][2]string{
		{`<link rel="icon" href="icon.svg" type="image/svg+xml">`, `<link rel="icon" href="` + iconURL + `" type="image/svg+xml">`},
		{`<img src="icon.svg"`, `<img src="` + iconURL + `"`},
		{"<style>" + css + "</style>", "<style>" + css + "</style>"}, // inlined by the build (inlineStyle)
		{`<script defer src="js/boot.js"></script>` + "\n", ""},
		{`<script type="module" src="js/app.js"></script>` + "\n", ""},
		{"</body>", "<script type=\"text/plain\" id=\"ingest-worker\">" + execJS + "\n" + workerJS + "</script>\n" +
			"<script type=\"application/octet-stream\" id=\"ingest-engine\" data-encoding=\"gzip+base64\">" + base64.StdEncoding.EncodeToString(gz.Bytes()) + "</script>\n" +
			"<script type=\"application/json\" id=\"ingest-export-templates\">" + string(templatesJSON) + "</script>\n" +
			"<script>" + scripts[0] + "</script>\n<script>" + scripts[1] + "</script>\n</body>"},
	} {
		if err := replace(r[0], r[1]); err != nil {
			return err
		}
	}
	return os.WriteFile(out, []byte(page), 0o644)
}

// ExportTemplatesJSON is the exports' template files as one JSON object,
// target → text: what the page sends the engine when a learner first opens
// an export. The served page fetches it as export/templates.json once it
// has painted its first result, and keeps it; the single file carries it
// inline.
func ExportTemplatesJSON(root string) ([]byte, error) {
	templates := map[string]string{}
	for t, name := range export.TemplateFiles {
		text, err := os.ReadFile(filepath.Join(root, "core", "export", "templates", name))
		if err != nil {
			return nil, err
		}
		templates[string(t)] = string(text)
	}
	return json.Marshal(templates)
}
