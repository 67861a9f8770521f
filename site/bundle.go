package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// bundleScripts bundles the page's modules (site/web/js/app.js and what it
// imports) into one script with esbuild, without comments or needless
// whitespace: an ES module for the served page, an IIFE for the single
// file's inline script.
func bundleScripts(web string, format api.Format) (string, error) {
	res := api.Build(api.BuildOptions{
		EntryPoints:      []string{filepath.Join(web, "js", "app.js")},
		Bundle:           true,
		Write:            false,
		Format:           format,
		Target:           api.ES2020,
		MinifyWhitespace: true,
		MinifySyntax:     true,
		LegalComments:    api.LegalCommentsNone,
		Charset:          api.CharsetUTF8,
		LogLevel:         api.LogLevelSilent,
		AbsWorkingDir:    web,
		SourcesContent:   api.SourcesContentExclude,
		Sourcemap:        api.SourceMapNone,
		TreeShaking:      api.TreeShakingTrue,
	})
	if len(res.Errors) > 0 {
		return "", fmt.Errorf("bundling the page's scripts: %s", res.Errors[0].Text)
	}
	// A warning is a bug to fix, never a page to ship: "import … will always
	// be undefined" is a module that forgot an export.
	if len(res.Warnings) > 0 {
		w := res.Warnings[0]
		where := ""
		if w.Location != nil {
			where = fmt.Sprintf("%s:%d: ", w.Location.File, w.Location.Line)
		}
		return "", fmt.Errorf("bundling the page's scripts: %s%s", where, w.Text)
	}
	return string(res.OutputFiles[0].Contents), nil
}

// modulePreloads matches the page's list of modules to fetch at once (and
// the comment above it): a bundled page has one module and drops them.
var modulePreloads = regexp.MustCompile(`(?m)^<!-- Every module at once[^\n]*\n|^<link rel="modulepreload"[^\n]*\n`)

// bundleServedPage replaces the built folder's modules (out/js) by one
// bundled module, js/app.js, and drops the page's module preloads. On a
// static host speaking HTTP/1.1 (and the development server) the page
// then makes 6 requests before its engine (page, style sheet, two
// scripts, icon, worker) instead of 21: the browser opens 6 connections
// to a host, and the worker's script and the engine no longer wait in
// line behind 16 modules; the browser also parses and links one module
// instead of 16. boot.js, a classic script, stays.
func bundleServedPage(web, out string) error {
	app, err := bundleScripts(web, api.FormatESModule)
	if err != nil {
		return err
	}
	mods, err := filepath.Glob(filepath.Join(out, "js", "*.js"))
	if err != nil {
		return err
	}
	for _, m := range mods {
		if filepath.Base(m) != "boot.js" {
			if err := os.Remove(m); err != nil {
				return err
			}
		}
	}
	if err := os.WriteFile(filepath.Join(out, "js", "app.js"), []byte(app), 0o644); err != nil {
		return err
	}
	index := filepath.Join(out, "index.html")
	page, err := os.ReadFile(index)
	if err != nil {
		return err
	}
	if !modulePreloads.Match(page) || !strings.Contains(string(page), `<script type="module" src="js/app.js"></script>`) {
		return fmt.Errorf("index.html no longer loads js/app.js with module preloads: update bundleServedPage")
	}
	return os.WriteFile(index, modulePreloads.ReplaceAll(page, nil), 0o644)
}

// inlineStyle puts the style sheet into the built page in out, allowed by
// its hash in the page's Content-Security-Policy, and removes style.css:
// a style sheet of its own blocked the first paint until the browser had
// asked the server for it again (~40-50 ms of a fresh tab's first paint
// on this machine; the page is served no-cache, as most static hosts
// serve it).
func inlineStyle(out string) error {
	index := filepath.Join(out, "index.html")
	page, err := os.ReadFile(index)
	if err != nil {
		return err
	}
	css, err := os.ReadFile(filepath.Join(out, "style.css"))
	if err != nil {
		return err
	}
	if strings.Contains(strings.ToLower(string(css)), "</style") {
		return errors.New("style.css holds a closing tag and cannot be inlined")
	}
	const link = `<link rel="stylesheet" href="style.css">`
	m := cspMeta.FindSubmatchIndex(page)
	if m == nil || !bytes.Contains(page, []byte(link)) || !bytes.Contains(page[m[2]:m[3]], []byte("style-src 'self';")) {
		return errors.New("index.html no longer links style.css under style-src 'self': update inlineStyle")
	}
	sum := sha256.Sum256(css)
	csp := strings.Replace(string(page[m[2]:m[3]]), "style-src 'self';", "style-src 'self' 'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"';", 1)
	text := string(page[:m[2]]) + csp + string(page[m[3]:])
	text = strings.Replace(text, link, "<style>"+string(css)+"</style>", 1)
	if err := os.WriteFile(index, []byte(text), 0o644); err != nil {
		return err
	}
	return os.Remove(filepath.Join(out, "style.css"))
}
