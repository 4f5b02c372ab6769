package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestGeneratedTableIsCurrent fails when policy/london_gen.go differs from
// what the zone database gives (refresh with go generate ./policy). The
// header's Go version is left out of the comparison.
func TestGeneratedTableIsCurrent(t *testing.T) {
	want, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join("..", "..", "..", "policy", "london_gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	body := func(b []byte) []byte { _, rest, _ := bytes.Cut(b, []byte("\n")); return rest }
	if !bytes.Equal(body(got), body(want)) {
		t.Errorf("policy/london_gen.go is stale: run go generate ./policy")
	}
	if n := len(Changes(mustLondon(t))); n < 150 {
		t.Errorf("only %d changes of offset before 1996, want the 160 or so the zone database has", n)
	}
}

func mustLondon(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
