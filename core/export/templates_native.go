//go:build !js

package export

import "embed"

// Native builds carry the template files; the page's WebAssembly is given
// them on demand (SetTemplate).
//
//go:embed templates/*.tmpl
var templateFS embed.FS

func init() {
	for t, name := range TemplateFiles {
		text, err := templateFS.ReadFile("templates/" + name)
		if err != nil {
			panic(err)
		}
		if err := SetTemplate(t, string(text)); err != nil {
			panic(err)
		}
	}
}
