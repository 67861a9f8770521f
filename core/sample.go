package core

import _ "embed"

// SampleOrdersCSV is a small, deliberately messy orders file for trying the
// file check: a byte order mark, a padded and a repeated column name, codes
// with leading zeros, quoted commas and quotes, dates in several formats,
// missing and negative values, and two records that cannot be read.
//
//go:embed testdata/files/orders_messy.csv
var SampleOrdersCSV []byte
