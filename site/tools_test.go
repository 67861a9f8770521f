package main

import (
	"fmt"
	"os"
	"testing"
)

// toolsRequired reports whether a missing outside tool (Chromium,
// axe-core, arquero) fails the tests: under `make test` (which installs
// them and sets PLAYGROUND_TOOLS=required) and in CI. Otherwise — a
// newcomer's plain `go test ./...` before `make deps` — the tests that need
// the tool are skipped with the command that installs it.
func toolsRequired() bool {
	return os.Getenv("CI") != "" || os.Getenv("PLAYGROUND_TOOLS") == "required"
}

// noBrowser is why the browser tests cannot run here ("" when they can):
// set by TestMain when Chromium is missing and tools are not required.
var noBrowser string

// missingTool stops t because a tool it needs is not installed: a failure
// when tools are required, else a skip that says how to install it.
func missingTool(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if toolsRequired() {
		t.Fatal(msg)
	}
	t.Skip(msg + " (skipped: tools are only required under make test and CI)")
}

// needBrowser skips (or, when tools are required, fails) a test that
// drives Chromium on a machine without it.
func needBrowser(t testing.TB) {
	t.Helper()
	if noBrowser != "" {
		missingTool(t, "%s", noBrowser)
	}
}
