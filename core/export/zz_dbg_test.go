//go:build !js

package export

import (
	"fmt"
	"os"
	"testing"

	"github.com/ingestkit/playground/core"
)

func TestDbgFile(t *testing.T) {
	st := fileSetups()[os.Getenv("SETUP")]
	data, _ := os.ReadFile("testdata/yourdata/" + st.file)
	file, _ := core.ReadCSV(data, core.CSVOptions{Types: st.types})
	b, err := FileCheck(st.cfg, file, st.file, Target(os.Getenv("TARGET")))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range b.Files {
		if f.Name != b.Main || os.Getenv("PROG") != "" {
			fmt.Printf("== %s\n%s\n", f.Name, f.Data)
		}
	}
}
