package api

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The warm-up runs each part and keeps nothing: a learner's results and
// loaded file are as they were, and its own file is dropped by its last
// part. An unknown part is refused by name.
func TestWarmupKeepsNothing(t *testing.T) {
	e := New()
	call(t, e, "loadData", map[string]any{"sample": true})
	call(t, e, "run", map[string]any{"pattern": "etl", "config": map[string]any{"records": 300.0}})
	before := call(t, e, "rows", map[string]any{"table": "etl_output", "limit": 5.0})
	kept := e.retained()
	for _, part := range WarmParts {
		r := call(t, e, "warmup", map[string]any{"part": part})
		assert.Greater(t, r["ms"].(float64), 0.0, part)
	}
	assert.Nil(t, e.warmFile)
	assert.Equal(t, before, call(t, e, "rows", map[string]any{"table": "etl_output", "limit": 5.0}))
	assert.Equal(t, kept, e.retained())
	require.NotNil(t, e.file)
	assert.Equal(t, "orders_messy.csv", e.file.name)
	// The check part alone reads its own file first.
	call(t, e, "warmup", map[string]any{"part": "check"})
	_, _, err := e.Call("warmup", map[string]any{"part": "everything"})
	require.NotNil(t, err)
	assert.Contains(t, err.Message, `no warm-up part "everything"`)
}
