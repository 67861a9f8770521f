//go:build !js

package export

import (
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/require"
)

// contractEntry is one line of the contract, its sets expanded.
type contractEntry struct {
	names    []string // alternatives: the first a template has is used
	optional bool
	only     []Target // the targets whose templates define it (nil: all)
}

// contract returns the contract's entries.
func contract() []contractEntry {
	var out []contractEntry
	for _, line := range strings.Split(blockContract, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var only []Target
		if rest, at, ok := strings.Cut(line, " @"); ok {
			line = strings.TrimSpace(rest)
			for _, t := range strings.Fields(at) {
				only = append(only, Target(t))
			}
		}
		optional := strings.HasSuffix(line, "?")
		line = strings.TrimSuffix(line, "?")
		choices := []string{""}
		if open := strings.IndexByte(line, '{'); open >= 0 {
			end := strings.IndexByte(line[open:], '}') + open
			set := line[open : end+1]
			choices = strings.Split(set[1:len(set)-1], ",")
			for _, c := range choices {
				out = append(out, entryOf(strings.ReplaceAll(line, set, c), optional, only))
			}
			continue
		}
		out = append(out, entryOf(line, optional, only))
	}
	return out
}

func entryOf(line string, optional bool, only []Target) contractEntry {
	var names []string
	for _, n := range strings.Split(line, "|") {
		names = append(names, strings.TrimSpace(n))
	}
	return contractEntry{names: names, optional: optional, only: only}
}

// asked records every block the generator asks a template for, in every
// test of the package (set before any test runs).
var asked = struct {
	sync.Mutex
	names map[string]bool
}{names: map[string]bool{}}

func init() {
	askedFor = func(name string, _ bool) {
		asked.Lock()
		asked.names[name] = true
		asked.Unlock()
	}
}

// Each template defines every block the contract needs of it, and no block
// outside the contract.
func TestTemplatesKeepTheContract(t *testing.T) {
	entries := contract()
	known := map[string]bool{}
	for _, e := range entries {
		for _, n := range e.names {
			known[n] = true
		}
	}
	for _, target := range Targets {
		d, err := dialectFor(target)
		require.NoError(t, err)
		for _, e := range entries {
			has := slices.ContainsFunc(e.names, func(n string) bool { _, ok := d.blocks[n]; return ok })
			switch {
			case e.only != nil && !slices.Contains(e.only, target):
				require.False(t, has, "%s defines %v, which the contract gives only to %v", TemplateFiles[target], e.names, e.only)
			case !e.optional:
				require.True(t, has, "%s defines none of %v, which the generator needs", TemplateFiles[target], e.names)
			}
		}
		var extra []string
		for name := range d.blocks {
			if !known[name] {
				extra = append(extra, name)
			}
		}
		sort.Strings(extra)
		require.Empty(t, extra, "%s defines blocks outside the contract (blocks.go): the generator never asks for them", TemplateFiles[target])
	}
}

// contractSetups exports every setup the tests know, and a few that reach
// the rarer blocks, to every target, asking only for the programs.
func contractSetups(t *testing.T) {
	etl := etlSetups()
	noFaults := core.DefaultETLConfig()
	noFaults.Source.Faults = sales.Faults{}
	noFaults.Standardize.Timestamps = []string{sales.ColOrderTS} // a column the engine reads as timestamps
	etl["timestamps typed"] = noFaults
	german := "Kunde;Preis;Menge;aktiv\nA;1.234,5;2;true\nB;-0,25;3;false\nC;;1;TRUE\n"
	files := []struct {
		data string
		cfg  core.DataCheckConfig
	}{
		{german, core.DataCheckConfig{Rules: "Preis > 0\naktiv = true\n", Samples: 5, Standardize: table.Standardize{DecimalPoint: true}}},
		{german, core.DataCheckConfig{Rules: "Preis > 0\n", Samples: 5, Standardize: table.Standardize{DecimalPoint: true, Trim: true}}},
	}
	for _, target := range Targets {
		for name, cfg := range etl {
			_, err := ETLProgram(cfg, target)
			require.NoError(t, err, "%s %s", target, name)
		}
		for name, cfg := range batchSetups() {
			_, err := BatchProgram(cfg, target)
			require.NoError(t, err, "%s %s", target, name)
		}
		for name, cfg := range streamSetups() {
			_, err := StreamProgram(cfg, target)
			require.NoError(t, err, "%s %s", target, name)
		}
		for name, cfg := range timeSetups() {
			_, err := TimeProgram(cfg, target)
			require.NoError(t, err, "%s %s", target, name)
		}
		for name, s := range fileSetups() {
			_, file := readSetupFile(t, s)
			_, err := DataCheckProgram(s.cfg, file, "in.csv", target)
			require.NoError(t, err, "%s %s", target, name)
		}
		for _, f := range files {
			file, err := table.ReadCSV([]byte(f.data), table.CSVOptions{})
			require.NoError(t, err)
			_, err = DataCheckProgram(f.cfg, file, "in.csv", target)
			require.NoError(t, err, "%s %q", target, f.cfg.Rules)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		for range 200 {
			c := diffFile(t, rng)
			file, err := table.ReadCSV([]byte(c.data), table.CSVOptions{})
			require.NoError(t, err)
			if _, err := core.RunDataCheck(c.cfg, file); err != nil {
				continue // a check the engine refuses is not exported either
			}
			_, err = DataCheckProgram(c.cfg, file, "in.csv", target)
			require.NoError(t, err, "%s %s", target, c.what)
		}
	}
}

// The generator asks for no block outside the contract, and every block the
// contract names is asked for by some setup (an entry nothing asks for is
// a block no program can contain).
func TestTheGeneratorKeepsTheContract(t *testing.T) {
	contractSetups(t)
	known := map[string]bool{}
	for _, e := range contract() {
		for _, n := range e.names {
			known[n] = true
		}
	}
	asked.Lock()
	defer asked.Unlock()
	var outside, never []string
	for name := range asked.names {
		if !known[name] {
			outside = append(outside, name)
		}
	}
	for _, e := range contract() {
		if !slices.ContainsFunc(e.names, func(n string) bool { return asked.names[n] }) {
			never = append(never, strings.Join(e.names, " | "))
		}
	}
	sort.Strings(outside)
	sort.Strings(never)
	require.Empty(t, outside, "the generator asks for blocks outside the contract (blocks.go)")
	require.Empty(t, never, "the contract names blocks the generator never asks for")
}

// The setups' rules (allRules) use every rule kind the rule language has,
// so that a new kind's blocks are asked for by the contract test above:
// add a line for it to allRules.
func TestTheSetupsUseEveryRuleKind(t *testing.T) {
	rules, err := quality.Parse(allRules)
	require.NoError(t, err)
	used := map[quality.Kind]bool{}
	for _, r := range rules {
		used[r.Kind] = true
	}
	var missing []string
	for k := quality.Kind(1); k.String() != "unknown"; k++ {
		if !used[k] {
			missing = append(missing, k.String())
		}
	}
	require.Empty(t, missing, "rule kinds no setup uses: add them to allRules (setups_test.go)")
}
