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

// runIn runs a command in dir and returns its output; a failure fails the
// test with the output, and a missing tool says how to install it.
func runIn(t *testing.T, dir string, name string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Fatalf("%s is not installed: run make deps (%v)", name, err)
	}
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s %v:\n%s", name, args, out)
	return string(out)
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

// runDuckDB runs an exported SQL script with DuckDB (its Node.js package,
// installed by make deps into .deps) in dir.
func runDuckDB(t *testing.T, dir string) string {
	t.Helper()
	modules, err := filepath.Abs(".deps/node_modules")
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(modules, "@duckdb/node-api")); err != nil {
		t.Fatalf("DuckDB's Node.js package is not installed: run make deps (%v)", err)
	}
	runner, err := filepath.Abs("testdata/run-duckdb.cjs")
	require.NoError(t, err)
	return runIn(t, dir, "node", runner, modules, "pipeline.sql")
}

// runBeam builds and runs an exported Beam program on the Prism runner in
// dir, as its README says: go mod tidy, then go run . --runner=prism. The
// Beam modules come from the module cache (make deps fills it).
func runBeam(t *testing.T, dir string) string {
	t.Helper()
	env := append(os.Environ(), "GOWORK=off", "GOFLAGS=-buildvcs=false")
	for _, args := range [][]string{{"mod", "tidy"}, {"build", "-o", "pipeline", "."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "go %v:\n%s", args, out)
	}
	return runIn(t, dir, filepath.Join(dir, "pipeline"), "--runner=prism")
}

// runExport writes b into a fresh folder, runs its program there as its
// README says, and returns the folder.
func runExport(t *testing.T, b *Bundle) string {
	t.Helper()
	dir := writeBundle(t, b)
	switch b.Target {
	case Pandas:
		t.Log(runIn(t, dir, python, "pipeline.py"))
	case DuckDB:
		t.Log(runDuckDB(t, dir))
	case Beam:
		runBeam(t, dir)
	}
	return dir
}
