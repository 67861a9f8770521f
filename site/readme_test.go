package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The commands the README gives a contributor name what exists: every
// `make X` a target of the Makefile, and every `go test ./pkg -run Name`
// a test function of that package.
func TestREADMECommandsExist(t *testing.T) {
	md, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	mk, err := os.ReadFile("../Makefile")
	require.NoError(t, err)
	targets := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^([a-z][a-z-]*):`).FindAllStringSubmatch(string(mk), -1) {
		targets[m[1]] = true
	}
	makes := regexp.MustCompile("`(?:[A-Z]+=\\S+ )*make ([a-z][a-z-]*)").FindAllStringSubmatch(string(md), -1)
	makes = append(makes, regexp.MustCompile(`(?m)^make ([a-z][a-z-]*)`).FindAllStringSubmatch(string(md), -1)...)
	require.NotEmpty(t, makes)
	for _, m := range makes {
		assert.True(t, targets[m[1]], "the README runs make %s, which the Makefile does not have", m[1])
	}
	runs := regexp.MustCompile(`go test (\./[a-z/]+) -run (Test[A-Za-z0-9_]+)`).FindAllStringSubmatch(string(md), -1)
	require.NotEmpty(t, runs)
	for _, m := range runs {
		dir := filepath.Join("..", strings.TrimPrefix(m[1], "./"))
		files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
		require.NoError(t, err)
		found := false
		for _, f := range files {
			src, err := os.ReadFile(f)
			require.NoError(t, err)
			found = found || strings.Contains(string(src), "\nfunc "+m[2]+"(t *testing.T)")
		}
		assert.True(t, found, "the README runs go test %s -run %s: no such test there", m[1], m[2])
	}
}
