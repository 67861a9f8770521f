package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	engine "github.com/ingestkit/playground/wasm/api"
)

// DefaultsID is the id of the script element (type application/json) that
// carries the engine's defaults in the built page.
const DefaultsID = "ingest-defaults"

// DefaultsJSON is what the engine answers to "defaults" — each pattern's
// default settings and the sales data's columns — with the build's
// version, as JSON: the page reads it at once instead of waiting for the
// engine to start. The engine's Go code gives it, here at build time as in
// the page.
func DefaultsJSON(version string) ([]byte, error) {
	res, _, err := engine.New().Call("defaults", nil)
	if err != nil {
		return nil, fmt.Errorf("the engine's defaults: %s", err.Message)
	}
	if version != "" {
		res["version"] = version
	}
	return json.Marshal(res) // escapes <, > and &: nothing in it can close the element
}

// injectDefaults puts DefaultsJSON into the built page at path, at the end
// of its body (read by the modules, which run after the page is parsed).
func injectDefaults(path, version string) error {
	page, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	js, err := DefaultsJSON(version)
	if err != nil {
		return err
	}
	if !strings.Contains(string(page), "</body>") {
		return fmt.Errorf("%s has no </body>", path)
	}
	el := `<script type="application/json" id="` + DefaultsID + `">` + string(js) + "</script>\n</body>"
	return os.WriteFile(path, []byte(strings.Replace(string(page), "</body>", el, 1)), 0o644)
}
