//go:build !js

package export

import (
	"fmt"
	"os"
	"os/exec"
	"sync"
	"testing"
)

// toolsRequired reports whether a missing outside tool (python3 with
// pandas, Node.js with DuckDB's package) fails a test: under `make test`
// (which sets PLAYGROUND_TOOLS=required after installing them) and in CI.
// Otherwise — a newcomer's plain `go test ./...` before `make deps` — the
// test is skipped with the command that installs the tool.
func toolsRequired() bool {
	return os.Getenv("CI") != "" || os.Getenv("PLAYGROUND_TOOLS") == "required"
}

// missingTool stops t because a tool it runs is not installed: a failure
// when tools are required, else a skip that says how to install it.
func missingTool(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if toolsRequired() {
		t.Fatal(msg)
	}
	t.Skip(msg + " (skipped: PLAYGROUND_TOOLS is not required outside make test and CI)")
}

// pandasMissing says why python3 cannot run the pandas programs, or "".
var pandasMissing = sync.OnceValue(func() string {
	if err := exec.Command(python, "-c", "import pandas").Run(); err != nil {
		return fmt.Sprintf("pandas is not installed for %s: run make deps (%v)", python, err)
	}
	return ""
})
