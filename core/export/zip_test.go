package export

import (
	"archive/zip"
	"bytes"
	"go/format"
	"io"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/require"
)

// The archive opens with Go's own zip reader and holds every file whole.
func TestZipOpensWithGoReader(t *testing.T) {
	b, err := ETL(core.DefaultETLConfig(), Pandas)
	require.NoError(t, err)
	data, err := b.Zip("etl-pandas")
	require.NoError(t, err)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	require.Len(t, zr.File, len(b.Files))
	for i, f := range zr.File {
		require.Equal(t, "etl-pandas/"+b.Files[i].Name, f.Name)
		rc, err := f.Open()
		require.NoError(t, err)
		got, err := io.ReadAll(rc)
		require.NoError(t, err)
		require.Equal(t, b.Files[i].Data, got)
	}
	again, err := b.Zip("etl-pandas")
	require.NoError(t, err)
	require.Equal(t, data, again, "the same bundle gives the same bytes")
}

// The program shown on the page is the program in the download.
func TestProgramIsTheDownloadedProgram(t *testing.T) {
	cfg := etlSetups()["every rule kind"]
	for _, target := range Targets {
		full, err := ETL(cfg, target)
		require.NoError(t, err)
		prog, err := ETLProgram(cfg, target)
		require.NoError(t, err)
		require.Equal(t, full.Program(), prog.Program())
		require.Nil(t, prog.File(ETLInput), "no data in the program alone")
		require.NotNil(t, full.File(ETLInput))
	}
}

func TestBatchProgramIsTheDownloadedProgram(t *testing.T) {
	for _, target := range Targets {
		full, err := Batch(core.DefaultBatchConfig(), target)
		require.NoError(t, err)
		prog, err := BatchProgram(core.DefaultBatchConfig(), target)
		require.NoError(t, err)
		require.Equal(t, full.Program(), prog.Program())
		require.Contains(t, prog.HelperText(), "meaning of values")
	}
}

func TestStreamProgramIsTheDownloadedProgram(t *testing.T) {
	cfg := core.DefaultStreamConfig()
	cfg.Rules += "order_ts not in future\n"
	for _, target := range Targets {
		full, err := Stream(cfg, target)
		require.NoError(t, err)
		prog, err := StreamProgram(cfg, target)
		require.NoError(t, err)
		require.Equal(t, full.Program(), prog.Program())
	}
	in, err := StreamInputTable(cfg)
	require.NoError(t, err)
	require.Equal(t, []string{"order_id", "order_ts", "customer_id", "email", "product", "category", "region", "price", "quantity", "discount", "arrived_at"}, in.Names())
}

// The Beam programs read as Go is written: gofmt leaves them as they are.
func TestBeamProgramsAreGofmted(t *testing.T) {
	cfgs := []func() (*Bundle, error){
		func() (*Bundle, error) { return ETLProgram(etlSetups()["every rule kind"], Beam) },
		func() (*Bundle, error) { return BatchProgram(core.DefaultBatchConfig(), Beam) },
		func() (*Bundle, error) { return StreamProgram(core.DefaultStreamConfig(), Beam) },
	}
	for _, f := range cfgs {
		b, err := f()
		require.NoError(t, err)
		requireGofmt(t, b)
	}
}

func requireGofmt(t *testing.T, b *Bundle) {
	t.Helper()
	src, err := format.Source([]byte(b.Program()))
	require.NoError(t, err)
	want, got := strings.Split(string(src), "\n"), strings.Split(b.Program(), "\n")
	for i := 0; i < min(len(want), len(got)); i++ {
		require.Equal(t, want[i], got[i], "%s %s line %d is not as gofmt writes it", b.Pattern, b.Main, i+1)
	}
	require.Equal(t, len(want), len(got), "%s %s: gofmt changes its lines", b.Pattern, b.Main)
}
