package core

import (
	"testing"

	"github.com/ingestkit/playground/core/table"
	"github.com/stretchr/testify/require"
)

// Each pattern refuses more records than its limit, naming the limit: the
// page's Events fields offer the same ranges.
func TestPatternRecordLimits(t *testing.T) {
	et := DefaultEventTimeConfig()
	et.Source.Records = MaxEventTimeRecords + 1
	err := et.Validate()
	var fe *table.FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "records", fe.Field)
	require.Equal(t, "must be between 1 and 1,000,000, got 1,000,001", fe.Msg)
	et.Source.Records = MaxEventTimeRecords
	require.NoError(t, et.Validate())

	cmp := DefaultCompareConfig()
	cmp.Stream.Source.Records = MaxCompareRecords + 1
	require.ErrorAs(t, cmp.Validate(), &fe)
	require.Equal(t, "must be between 1 and 2,000,000, got 2,000,001", fe.Msg)
	cmp.Stream.Source.Records = MaxCompareRecords
	require.NoError(t, cmp.Validate())
}
