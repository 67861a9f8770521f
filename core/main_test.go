package core

import (
	"flag"
	"os"
	"testing"

	"github.com/ingestkit/playground/core/internal/testhook"
)

// TestMain turns on the writer's check of the rows it copies from their
// file (testhook.VerifyFileRuns) for every test of the package, as
// core/table's tests do: the patterns and the file check write tables cut
// from a file. Benchmarks measure the engine without it.
func TestMain(m *testing.M) {
	flag.Parse()
	if b := flag.Lookup("test.bench"); b == nil || b.Value.String() == "" {
		testhook.VerifyFileRuns = true
	}
	os.Exit(m.Run())
}
