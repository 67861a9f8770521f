// Command site builds the playground's static page and serves it for
// development.
//
//	go run ./site build [-out DIR]              # engine.wasm + wasm_exec.js + site/web → DIR (default site/dist), DIR/ingestion-playground.html and its SCORM package
//	go run ./site serve [-addr HOST:PORT] [-out DIR]   # build, then serve DIR on 127.0.0.1:8080
//
// The server sends the right MIME types (application/wasm for the engine),
// gzip when the browser accepts it, and the page's Content-Security-Policy
// as a header, with frame-ancestors * so that course sites on any origin can
// embed the page in an iframe, and CORS headers so that it also loads in a
// sandboxed frame (whose origin is opaque). The page carries the same policy (without
// frame-ancestors, which a meta tag cannot set) for static hosts.
package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"mime"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

// PageCSP is the Content-Security-Policy the page in dir is served with:
// the one its index.html carries (which allows the page's inline start-up
// script by its hash) and frame-ancestors *, which a meta tag cannot set.
func PageCSP(dir string) (string, error) {
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		return "", err
	}
	m := cspMeta.FindSubmatch(page)
	if m == nil {
		return "", errors.New("index.html has no Content-Security-Policy meta tag")
	}
	return string(m[1]) + "; frame-ancestors *", nil
}

var cspMeta = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)

func main() {
	log.SetFlags(0)
	if len(os.Args) < 2 {
		usage()
	}
	fl := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	out := fl.String("out", "", "output folder (default: site/dist in the module)")
	addr := fl.String("addr", "127.0.0.1:8080", "address to serve on")
	_ = fl.Parse(os.Args[2:])
	root, err := moduleRoot()
	if err != nil {
		log.Fatal(err)
	}
	if *out == "" {
		*out = filepath.Join(root, "site", "dist")
	}
	switch os.Args[1] {
	case "build":
		if err := Build(root, *out); err != nil {
			log.Fatal(err)
		}
		fmt.Println("built", *out)
	case "serve":
		if err := Build(root, *out); err != nil {
			log.Fatal(err)
		}
		ln, err := net.Listen("tcp", *addr)
		if err != nil {
			log.Fatalf("cannot listen on %s: %v (set another port with PORT=…)", *addr, err)
		}
		fmt.Printf("Ingestion Playground: http://%s/\n(serving %s; Ctrl+C to stop)\n", ln.Addr(), *out)
		srv := &http.Server{Handler: Handler(*out), ReadHeaderTimeout: 10 * time.Second}
		log.Fatal(srv.Serve(ln))
	default:
		usage()
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: site build [-out DIR] | site serve [-addr HOST:PORT] [-out DIR]")
	os.Exit(2)
}

// moduleRoot finds the folder holding go.mod, from the working directory up.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found: run from inside the project")
		}
		dir = parent
	}
}

// Build writes the deployable page to out: the files of site/web, the
// engine compiled with GOOS=js GOARCH=wasm, and Go's wasm_exec.js; the
// same page as one self-contained file, ingestion-playground.html; and
// that file as a SCORM 1.2 package for learning platforms.
func Build(root, out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %w", err)
	}
	execJS := filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js")
	if _, err := os.Stat(execJS); err != nil {
		execJS = filepath.Join(strings.TrimSpace(string(goroot)), "misc", "wasm", "wasm_exec.js") // Go before 1.24
	}
	if err := copyFile(execJS, filepath.Join(out, "wasm_exec.js")); err != nil {
		return err
	}
	// Inlining stays on: turning it off for our packages (-gcflags=…=-l)
	// saves 38 KB of the gzipped download but makes a 1M-row file flow
	// ~20 % slower, since every call costs more in Go's WebAssembly. The
	// export generator is off the hot path: without inlining it weighs
	// less, and writing a program takes milliseconds either way.
	ldflags := "-s -w"
	gcflags := "-gcflags=github.com/ingestkit/playground/core/export=-l"
	if v := gitVersion(root); v != "" {
		ldflags += " -X 'github.com/ingestkit/playground/wasm/api.buildVersion=" + v + "'"
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags="+ldflags, gcflags, "-o", filepath.Join(out, "engine.wasm"), "./wasm")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building the engine: %w", err)
	}
	web := filepath.Join(root, "site", "web")
	err = filepath.WalkDir(web, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(web, p)
		dst := filepath.Join(out, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		return copyFile(p, dst)
	})
	if err != nil {
		return err
	}
	if err := bundleServedPage(web, out); err != nil {
		return err
	}
	if err := inlineStyle(out); err != nil {
		return err
	}
	// The engine's defaults, in the page: it shows the settings a link asks
	// for, and sends the first run, while the engine is still starting.
	if err := injectDefaults(filepath.Join(out, "index.html"), gitVersion(root)); err != nil {
		return err
	}
	// And its answers to the calls the page makes when it opens a tab with
	// the default settings: the first result is drawn from them at once,
	// while the engine starts (see prerender.go and js/engine.js).
	if err := injectAnswers(filepath.Join(out, "index.html")); err != nil {
		return err
	}
	// Stamped last: a return visit paints the snapshot of its first
	// result only on the same page (see snapshot.go).
	if err := stampBuild(out); err != nil {
		return err
	}
	// The exports' template files (not part of the engine): the page loads
	// them once it has painted its first result, in idle time, and keeps
	// them, so that exports work offline once the page is loaded.
	templates, err := ExportTemplatesJSON(root)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(out, "export"), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "export", "templates.json"), templates, 0o644); err != nil {
		return err
	}
	single := filepath.Join(out, SingleFileName)
	if err := WriteSingleFile(root, out, single); err != nil {
		return err
	}
	return WriteScormPackage(single, filepath.Join(out, ScormFileName))
}

// gitVersion names the commit the tree is at ("1e81d06a1b2c (2026-11-26)",
// "+changes" when files differ from it), or "" outside a git checkout.
func gitVersion(root string) string {
	git := func(args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		b, err := cmd.Output()
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(b))
	}
	rev := git("rev-parse", "--short=12", "HEAD")
	if rev == "" {
		return ""
	}
	if git("status", "--porcelain", "--untracked-files=no") != "" {
		rev += "+changes"
	}
	if day := git("log", "-1", "--format=%cs"); day != "" {
		rev += " (" + day + ")"
	}
	return rev
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

// gzipped is a file's content compressed, and the hash of the content.
type gzipped struct {
	key  string
	body []byte
}

// noneMatch reports whether an If-None-Match header names etag (weak
// comparison, as RFC 9110 asks for it) or is "*".
func noneMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	want := strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}

// Handler serves the built page in dir with its headers.
func Handler(dir string) http.Handler {
	_ = mime.AddExtensionType(".wasm", "application/wasm")
	_ = mime.AddExtensionType(".js", "text/javascript; charset=utf-8")
	_ = mime.AddExtensionType(".svg", "image/svg+xml")
	files := http.FileServer(http.Dir(dir))
	csp, err := PageCSP(dir)
	if err != nil {
		log.Fatal(err)
	}
	var mu sync.Mutex
	cache := map[string]gzipped{} // by file: its latest content, compressed
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", csp)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cache-Control", "no-cache")
		// The page's files are public and static: a page in a sandboxed
		// frame (an opaque origin, as some course platforms use) loads its
		// modules and engine with CORS, from origin null.
		hd.Set("Access-Control-Allow-Origin", "*")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := path.Clean(r.URL.Path)
		if strings.HasSuffix(name, "/") || name == "/" {
			name += "index.html"
		}
		full := filepath.Join(dir, filepath.FromSlash(name))
		st, err := os.Stat(full)
		if err != nil || st.IsDir() || !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			files.ServeHTTP(w, r)
			return
		}
		// The file is read and hashed on every request (6 MB, the engine,
		// in ~20 ms here): a file changed with its modification time kept
		// (cp -p, tar) is never answered from what was cached before.
		raw, err := os.ReadFile(full)
		if err != nil {
			files.ServeHTTP(w, r)
			return
		}
		sum := sha256.Sum256(raw)
		key := hex.EncodeToString(sum[:12])
		// A validator, as static hosts send: a return visit's "no-cache"
		// check gets 304 Not Modified, and the browser keeps what it
		// cached with the file (the compiled scripts and engine too). The
		// tag is weak: it names the file's content, not these compressed
		// bytes, so no range of them is offered either.
		etag := `W/"` + key + `-gz"`
		hd.Set("Vary", "Accept-Encoding")
		hd.Set("ETag", etag)
		if noneMatch(r.Header.Get("If-None-Match"), etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		mu.Lock()
		c := cache[full]
		mu.Unlock()
		body := c.body
		if c.key != key {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			_, _ = zw.Write(raw)
			_ = zw.Close()
			body = buf.Bytes()
			mu.Lock()
			cache[full] = gzipped{key: key, body: body}
			mu.Unlock()
		}
		ctype := mime.TypeByExtension(filepath.Ext(full))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		hd.Set("Content-Type", ctype)
		hd.Set("Content-Encoding", "gzip")
		hd.Set("Content-Length", fmt.Sprint(len(body)))
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(body)
	})
}
