package table

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A repaired header is written back as the file wrote it, while its
// columns keep the names the repairs gave them.
func TestRepairedHeaderWritesBack(t *testing.T) {
	in := "\"\", id ,x,x\n1,2,3,4\n"
	res, err := ReadCSV([]byte(in), CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"column_1", "id", "x", "x_2"}, res.Table.Names())
	assert.Len(t, res.Warnings, 3)
	assert.Equal(t, in, string(AppendCSV(nil, res.Table, res.WriteOptions())))
	// Renamed, a column writes its new name.
	res.Table.Col("id").Name = "key"
	assert.Equal(t, "\"\",key,x,x\n1,2,3,4\n", string(AppendCSV(nil, res.Table, res.WriteOptions())))
}
