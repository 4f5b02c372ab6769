package ac

import (
	"bytes"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

type match struct{ end, id int }

// naive finds every occurrence of every pattern, by end then longest.
func naive(pats [][]byte, text []byte) []match {
	var out []match
	for end := 1; end <= len(text); end++ {
		var here []match
		for id, p := range pats {
			if len(p) > 0 && len(p) <= end && bytes.Equal(text[end-len(p):end], p) {
				here = append(here, match{end, id})
			}
		}
		slices.SortStableFunc(here, func(a, b match) int { return len(pats[b.id]) - len(pats[a.id]) })
		out = append(out, here...)
	}
	return out
}

func run(d *DFA, text []byte) []match {
	var out []match
	s := uint32(0)
	for i, b := range text {
		s = d.Step(s, b)
		if (len(d.Outputs(s)) > 0) != (s >= d.FirstOut) {
			panic("FirstOut does not separate the states with outputs")
		}
		for _, id := range d.Outputs(s) {
			out = append(out, match{i + 1, int(id)})
		}
	}
	return out
}

// TestBuildMatchesNaive: the automaton reports exactly the occurrences a
// naive search finds, longest first at each end.
func TestBuildMatchesNaive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		alpha := rapid.SampledFrom([]byte("ab c"))
		pats := rapid.SliceOfN(rapid.SliceOfN(alpha, 1, 5), 1, 8).Draw(t, "patterns")
		seen := map[string]bool{}
		var uniq [][]byte
		var ids []uint32
		for _, p := range pats {
			if !seen[string(p)] {
				seen[string(p)] = true
				uniq = append(uniq, p)
				ids = append(ids, uint32(len(ids)))
			}
		}
		text := rapid.SliceOfN(rapid.SampledFrom([]byte("abcx ")), 0, 40).Draw(t, "text")
		d, err := Build(uniq, ids)
		if err != nil {
			t.Fatal(err)
		}
		got, want := run(d, text), naive(uniq, text)
		if !slices.Equal(got, want) {
			t.Fatalf("matches = %v, want %v", got, want)
		}
	})
}

func TestBuildErrors(t *testing.T) {
	if _, err := Build([][]byte{[]byte("a")}, nil); err == nil {
		t.Error("Build with mismatched ids = nil error")
	}
	d, err := Build(nil, nil)
	if err != nil || d.Step(0, 'a') != 0 || d.Outputs(0) != nil {
		t.Errorf("Build(nil) = %v, %v; want a one-state automaton", d, err)
	}
}
