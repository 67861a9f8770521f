package main

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The package holds a manifest that parses and launches the single file,
// and that file.
func TestScormPackage(t *testing.T) {
	zr, err := zip.OpenReader(filepath.Join(distDir, ScormFileName))
	require.NoError(t, err)
	defer zr.Close()
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		files[f.Name] = b
	}
	var m struct {
		Metadata struct {
			Schema        string `xml:"schema"`
			SchemaVersion string `xml:"schemaversion"`
		} `xml:"metadata"`
		Organizations struct {
			Default string `xml:"default,attr"`
			Orgs    []struct {
				ID    string `xml:"identifier,attr"`
				Items []struct {
					Ref string `xml:"identifierref,attr"`
				} `xml:"item"`
			} `xml:"organization"`
		} `xml:"organizations"`
		Resources []struct {
			ID        string `xml:"identifier,attr"`
			Href      string `xml:"href,attr"`
			ScormType string `xml:"http://www.adlnet.org/xsd/adlcp_rootv1p2 scormtype,attr"`
			Files     []struct {
				Href string `xml:"href,attr"`
			} `xml:"file"`
		} `xml:"resources>resource"`
	}
	require.NoError(t, xml.Unmarshal(files["imsmanifest.xml"], &m))
	assert.Equal(t, "ADL SCORM", m.Metadata.Schema)
	assert.Equal(t, "1.2", m.Metadata.SchemaVersion)
	require.Len(t, m.Organizations.Orgs, 1)
	assert.Equal(t, m.Organizations.Default, m.Organizations.Orgs[0].ID)
	require.Len(t, m.Resources, 1)
	r := m.Resources[0]
	assert.Equal(t, m.Organizations.Orgs[0].Items[0].Ref, r.ID)
	assert.Equal(t, "sco", r.ScormType)
	assert.Equal(t, SingleFileName, r.Href, "the manifest launches the single file")
	single, err := os.ReadFile(filepath.Join(distDir, SingleFileName))
	require.NoError(t, err)
	assert.Equal(t, single, files[r.Href], "and the package holds it")
	assert.Len(t, files, 2)
}

// In a platform with the SCORM 1.2 API the page reports: initialize,
// incomplete on open, completed once the learner has run each pattern,
// finish when it goes away.
func TestScormReportsProgress(t *testing.T) {
	content := http.StripPrefix("/content/", http.FileServer(http.Dir(distDir)))
	lms := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/content/") {
			content.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<!doctype html><title>A learning platform</title><script>
window.calls = [];
const ok = (name) => (...args) => { calls.push([name, ...args].join(' ')); return 'true'; };
window.API = {
  LMSInitialize: ok('LMSInitialize'), LMSSetValue: ok('LMSSetValue'), LMSCommit: ok('LMSCommit'), LMSFinish: ok('LMSFinish'),
  LMSGetValue: (k) => { calls.push('LMSGetValue ' + k); return k === 'cmi.core.lesson_status' ? 'not attempted' : ''; },
  LMSGetLastError: () => '0', LMSGetErrorString: () => '', LMSGetDiagnostic: () => '',
};
</script><iframe id="sco" src="/content/`+SingleFileName+`" width="1200" height="800"></iframe>`)
	}))
	defer lms.Close()
	p := openURL(t, lms.URL, lms.URL+"/")
	frame := `document.getElementById('sco').contentDocument`
	p.waitJS(frame + `.querySelector('[data-testid="status"]') && ` + frame + `.querySelector('[data-testid="status"]').textContent.startsWith('Engine ready')`)
	p.waitJS(`(` + frame + `.querySelector('[data-testid="etl-valid"]') || {}).textContent === '138'`)
	assert.Equal(t, "LMSInitialize |LMSGetValue cmi.core.lesson_status|LMSSetValue cmi.core.lesson_status incomplete|LMSCommit ", p.eval(`calls.join('|')`),
		"incomplete on open; the runs on open are not the learner's")
	for _, pattern := range []string{"batch", "stream", "etl", "time"} {
		p.eval(fmt.Sprintf(`(() => { const d = %s; d.querySelector('[data-testid="nav-%s"]').click(); d.querySelector('[data-testid="run-%s"]').click(); return 'ok'; })()`, frame, pattern, pattern))
		if pattern != "time" {
			p.waitJS(fmt.Sprintf(`(%s.querySelector('#%s .elapsed') || {}).textContent.startsWith('done')`, frame, pattern))
			assert.NotContains(t, p.eval(`calls.join('|')`), "completed", "not before every pattern ran")
		}
	}
	p.waitJS(`calls.includes('LMSSetValue cmi.core.lesson_status completed')`)
	// A right exercise is the score: the share of the built-in ones done.
	p.eval(fmt.Sprintf(`(() => { const s = %s.querySelector('[data-testid="exercises"]'); s.value = 'size-flushes'; s.dispatchEvent(new Event('change')); return 'ok'; })()`, frame))
	p.waitJS(frame + `.querySelector('[data-testid="exercise-guess"]') !== null`)
	p.eval(fmt.Sprintf(`(() => { const d = %s; d.querySelector('[data-testid="exercise-guess"]').value = '5'; d.querySelector('[data-testid="exercise-check"]').click(); return 'ok'; })()`, frame))
	p.waitJS(`calls.some((c) => c.startsWith('LMSSetValue cmi.core.score.raw '))`)
	assert.Contains(t, p.eval(`calls.join('|')`), "LMSSetValue cmi.core.score.max 100")
	p.eval(`document.getElementById('sco').src = 'about:blank', 'ok'`)
	p.waitJS(`calls.includes('LMSFinish ')`)
	calls := strings.Split(p.eval(`calls.join('|')`), "|")
	idx := func(s string) int {
		for i, c := range calls {
			if c == s {
				return i
			}
		}
		return -1
	}
	assert.True(t, idx("LMSInitialize ") == 0 && idx("LMSSetValue cmi.core.lesson_status incomplete") < idx("LMSSetValue cmi.core.lesson_status completed") &&
		idx("LMSSetValue cmi.core.lesson_status completed") < idx("LMSFinish "), "in order: %v", calls)
	assert.Equal(t, "LMSFinish ", calls[len(calls)-1])
}
