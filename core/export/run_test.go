//go:build !js

package export

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// python is Debian's Python 3, where make deps installs pandas.
const python = "/usr/bin/python3"

// writeBundle writes b's files into a fresh folder.
func writeBundle(t *testing.T, b *Bundle) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range b.Files {
		p := filepath.Join(dir, f.Name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, f.Data, 0o644))
	}
	return dir
}

// sameFile asserts that the program wrote what the engine did, byte for byte.
func sameFile(t *testing.T, dir, name string) {
	t.Helper()
	want, err := os.ReadFile(filepath.Join(dir, "expected", name))
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err, "the program did not write %s", name)
	if string(got) != string(want) {
		require.Equal(t, string(want), string(got), "%s differs from the engine's", name)
	}
}

// programCmd is the command that runs an exported program in dir, as its
// README says: python3 pipeline.py; the DuckDB script (with DuckDB's Node.js
// package, as the DuckDB command line is not packaged here); go mod tidy &&
// go run . --runner=prism, with Beam's modules from the module cache (built
// with go build into a temporary folder of the test instead: go run keeps
// each program's ~50 MB executable in the build cache, gigabytes a run). A
// missing tool fails the test with how to install it (make deps), or
// skips it outside make test and CI (missingTool).
func programCmd(t *testing.T, dir string, target Target) *exec.Cmd {
	t.Helper()
	need := func(name string) {
		if _, err := exec.LookPath(name); err != nil {
			missingTool(t, "%s is not installed: run make deps (%v)", name, err)
		}
	}
	var cmd *exec.Cmd
	switch target {
	case Pandas:
		need(python)
		if why := pandasMissing(); why != "" {
			missingTool(t, "%s", why)
		}
		cmd = exec.Command(python, "pipeline.py")
	case DuckDB:
		need("node")
		modules, err := filepath.Abs(".deps/node_modules")
		require.NoError(t, err)
		if _, err := os.Stat(filepath.Join(modules, "@duckdb/node-api")); err != nil {
			missingTool(t, "DuckDB's Node.js package is not installed: run make deps (%v)", err)
		}
		runner, err := filepath.Abs("testdata/run-duckdb.cjs")
		require.NoError(t, err)
		cmd = exec.Command("node", runner, modules, "pipeline.sql")
	case Beam:
		prog := filepath.Join(t.TempDir(), "prog")
		cmd = exec.Command("sh", "-c", `go mod tidy && go build -o "$PROG" . && "$PROG" --runner=prism`)
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-buildvcs=false", "PROG="+prog)
	}
	cmd.Dir = dir
	return cmd
}

// tryProgram runs a bundle's program in dir and returns its output and
// whether it failed.
func tryProgram(t *testing.T, dir string, target Target) (string, error) {
	t.Helper()
	out, err := programCmd(t, dir, target).CombinedOutput()
	return string(out), err
}

// runProgram runs a bundle's program in dir; a failure fails the test with
// the program's output.
func runProgram(t *testing.T, dir string, target Target) string {
	t.Helper()
	out, err := tryProgram(t, dir, target)
	require.NoError(t, err, "%s program:\n%s", target, out)
	return out
}

// runExport writes b into a fresh folder, runs its program there as its
// README says, and returns the folder.
func runExport(t *testing.T, b *Bundle) string {
	t.Helper()
	dir := writeBundle(t, b)
	t.Log(runProgram(t, dir, b.Target))
	return dir
}
