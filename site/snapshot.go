package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// BuildStampName is the name of the built page's meta element that
// stamps the build: a hash of the page (its recorded answers and inline
// style sheet with it) and its scripts. A return visit's snapshot (the
// first result the page drew on the visit before, site/web/js/snapshot.js)
// is painted only on a page of the same stamp.
const BuildStampName = "ingest-build"

// restoreScript finds the page's inline script that paints a return
// visit's snapshot; its text is the first group.
var restoreScript = regexp.MustCompile(`(?s)<script id="ingest-restore">(.*?)</script>`)

// stampBuild puts the build's stamp into the built page in out, before
// the end of its head.
func stampBuild(out string) error {
	index := filepath.Join(out, "index.html")
	page, err := os.ReadFile(index)
	if err != nil {
		return err
	}
	h := sha256.New()
	h.Write(page)
	for _, name := range []string{"js/app.js", "js/boot.js"} {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			return err
		}
		h.Write(b)
	}
	if !strings.Contains(string(page), "</head>") || !restoreScript.Match(page) {
		return fmt.Errorf("%s has no </head> or no inline snapshot restore: update stampBuild", index)
	}
	meta := `<meta name="` + BuildStampName + `" content="` + hex.EncodeToString(h.Sum(nil))[:16] + `">` + "\n</head>"
	return os.WriteFile(index, []byte(strings.Replace(string(page), "</head>", meta, 1)), 0o644)
}
