package api

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The event-time pattern ("time") exports like the others: a program per
// target, the .zip with the engine's outputs, and the event log as input.
func TestExportTime(t *testing.T) {
	e := New()
	for target, want := range map[string]string{"pandas": "import pandas as pd", "duckdb": "read_csv(", "beam": "teststream.Create"} {
		res, _, err := e.Call("export", map[string]any{"pattern": "time", "target": target, "config": map[string]any{}})
		require.Nil(t, err, target)
		assert.Contains(t, res["program"], want)
		assert.Equal(t, "time-"+target+".zip", res["zip"])
	}
	zip, bin, err := e.Call("exportZip", map[string]any{"pattern": "time", "target": "beam", "config": map[string]any{}})
	require.Nil(t, err)
	assert.Equal(t, "PK\x03\x04", string(bin[:4]))
	assert.Equal(t, len(bin), zip["bytes"])
	in, bin, err := e.Call("exportInput", map[string]any{"pattern": "time", "config": map[string]any{}})
	require.Nil(t, err)
	assert.Equal(t, "event_time_input.csv", in["file"])
	assert.True(t, strings.HasPrefix(string(bin), "order_id,category,region,revenue,event_ts,arrived_at,processed_at\n"), string(bin[:80]))
}
