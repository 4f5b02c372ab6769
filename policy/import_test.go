package policy_test

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const (
	importHelperEnv = "CARECOMMS_IMPORT_HELPER"

	// maxImportClock and maxImportAllocs bound the import cost. Before the
	// default Org was built lazily it was about 26 ms and 19,400
	// allocations; now it is about 0.2 ms and 25 allocations, nearly all
	// of them golang.org/x/text/language's tables.
	maxImportClock  = 1.0 // milliseconds, summed over the packages
	maxImportAllocs = 2000
)

// TestImportHelper is the child TestImportCost runs: the runtime has
// traced the package initialisers before any test starts, so there is
// nothing left to do.
func TestImportHelper(t *testing.T) {
	if os.Getenv(importHelperEnv) != "1" {
		t.Skip("run by TestImportCost")
	}
}

// TestImportCost bounds the cost of importing package policy: the work
// its package initialisers, and those of every package it imports, do
// before main runs. Every program that imports policy pays it, whether or
// not it decides anything, so heavy values (the default Org, the default
// content scanner) are built on first use instead.
//
// It measures the cost without building a program: it re-runs this test
// binary with GODEBUG=inittrace=1 and an environment guard, so that
// only TestImportHelper (which does nothing) runs, and adds up the
// runtime's "init <package> @... ms, X ms clock, Y bytes, Z allocs" lines
// for the packages policy imports. Those are:
//
//   - policy itself and every package of this module it imports, and
//   - every package outside the standard library it imports, directly or
//     not (golang.org/x/text, golang.org/x/net/idna).
//
// It leaves out two kinds of package. The standard library: the test
// harness links packages of it that policy does not import (testing,
// flag, os/exec, ...), nearly every Go program initialises them anyway,
// and they are not this module's to change. And the packages this test
// binary links only for the tests, which the library does not import:
// this module's test kits (policy/policytest, internal/jsonpos) and the
// test-only dependencies github.com/google/go-cmp and pgregory.net/rapid
// (whose own initialiser takes 8 to 35 ms). Which packages policy imports
// is what `go list -deps` says, as of the source being tested; go list
// does not build anything.
//
// The clock varies with the machine's load, so the best of up to five
// runs is compared with maxImportClock; the race detector slows every
// initialiser down, so under -race only the allocations are compared.
func TestImportCost(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the test binary and go list")
	}
	deps := libraryDeps(t)
	race := raceEnabled()
	var best importCost
	for i := range 5 {
		c := measureImport(t, deps)
		if i == 0 || c.clock < best.clock {
			best = c
		}
		if c.allocs > maxImportAllocs {
			t.Fatalf("importing policy allocates %d times (%d bytes), want at most %d:\n%s", c.allocs, c.bytes, maxImportAllocs, c.lines)
		}
		if race || best.clock <= maxImportClock {
			break
		}
	}
	t.Logf("importing policy: %.3f ms clock, %d bytes, %d allocs over %d initialised packages", best.clock, best.bytes, best.allocs, best.packages)
	if !race && best.clock > maxImportClock {
		t.Fatalf("importing policy takes %.3f ms in package initialisers, want at most %v ms:\n%s", best.clock, maxImportClock, best.lines)
	}
}

// BenchmarkImport reports the import cost TestImportCost bounds as
// metrics: init-ms, init-B and init-allocs per import. Its ns/op is that
// of starting the test binary, which is not the import's.
func BenchmarkImport(b *testing.B) {
	deps := libraryDeps(b)
	var sum importCost
	n := 0
	for b.Loop() {
		c := measureImport(b, deps)
		sum.clock += c.clock
		sum.bytes += c.bytes
		sum.allocs += c.allocs
		n++
	}
	b.ReportMetric(sum.clock/float64(n), "init-ms")
	b.ReportMetric(float64(sum.bytes)/float64(n), "init-B")
	b.ReportMetric(float64(sum.allocs)/float64(n), "init-allocs")
}

// importCost is the summed cost of the traced initialisers.
type importCost struct {
	clock         float64 // ms
	bytes, allocs int64
	packages      int
	lines         string // the lines counted, for failure messages
}

// initLine is one line of GODEBUG=inittrace=1's output.
var initLine = regexp.MustCompile(`^init (\S+) @[0-9.]+ ms, ([0-9.]+) ms clock, ([0-9]+) bytes, ([0-9]+) allocs$`)

// measureImport runs the test binary's initialisers once, traced, and adds
// up the cost of those of deps.
func measureImport(tb testing.TB, deps map[string]bool) importCost {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestImportHelper$", "-test.count=1")
	godebug := "inittrace=1"
	if g := os.Getenv("GODEBUG"); g != "" {
		godebug = g + "," + godebug
	}
	cmd.Env = append(os.Environ(), importHelperEnv+"=1", "GODEBUG="+godebug)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if out, err := cmd.Output(); err != nil {
		tb.Fatalf("%s: %v\n%s%s", cmd, err, out, stderr.Bytes())
	}
	var c importCost
	var lines strings.Builder
	traced := 0
	for line := range strings.Lines(stderr.String()) {
		line = strings.TrimRight(line, "\r\n")
		f := initLine.FindStringSubmatch(line)
		if f == nil {
			continue
		}
		traced++
		if !deps[f[1]] {
			continue
		}
		clock, err1 := strconv.ParseFloat(f[2], 64)
		size, err2 := strconv.ParseInt(f[3], 10, 64)
		allocs, err3 := strconv.ParseInt(f[4], 10, 64)
		if err1 != nil || err2 != nil || err3 != nil {
			tb.Fatalf("cannot read %q", line)
		}
		c.clock += clock
		c.bytes += size
		c.allocs += allocs
		c.packages++
		lines.WriteString(line + "\n")
	}
	if traced == 0 {
		tb.Fatalf("GODEBUG=inittrace=1 traced no package:\n%s", stderr.Bytes())
	}
	c.lines = lines.String()
	return c
}

// libraryDeps returns policy and every package outside the standard
// library that it imports, directly or not, by go list -deps.
func libraryDeps(tb testing.TB) map[string]bool {
	tb.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		tb.Skip("no go command to list policy's imports")
	}
	cmd := exec.Command(goTool, "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", ".")
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if e, ok := err.(*exec.ExitError); ok {
			stderr = e.Stderr
		}
		tb.Fatalf("%s: %v\n%s", cmd, err, stderr)
	}
	deps := map[string]bool{}
	for p := range strings.FieldsSeq(string(out)) {
		deps[p] = true
	}
	if !deps["github.com/carecomms/carecomms/policy"] {
		tb.Fatalf("go list -deps . does not list policy:\n%s", out)
	}
	// The test kits must never be counted: the library does not import
	// them, and if it did the list above would say so.
	for _, p := range []string{"github.com/carecomms/carecomms/policy/policytest", "pgregory.net/rapid", "github.com/google/go-cmp/cmp"} {
		if deps[p] {
			tb.Fatalf("policy imports %s, a test-only package", p)
		}
	}
	return deps
}

// raceEnabled reports whether the test binary was built with -race.
func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	return ok && slices.ContainsFunc(bi.Settings, func(s debug.BuildSetting) bool {
		return s.Key == "-race" && s.Value == "true"
	})
}
