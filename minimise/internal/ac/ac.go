// Package ac builds dense Aho–Corasick automata over bytes: one table
// lookup per input byte, with the patterns that end at each state listed
// in a compact form. The automaton is immutable once built and safe for
// concurrent use.
package ac

import (
	"errors"
	"fmt"
)

// MaxStates is the largest number of states an automaton may have, so
// that row offsets fit in 32 bits.
const MaxStates = 1 << 18

// ErrTooLarge reports that the patterns need more than MaxStates states.
var ErrTooLarge = errors.New("ac: too many patterns: the automaton needs more than 262144 states")

// DFA is a deterministic automaton for a set of byte patterns.
//
// A state is named by the offset of its row in Next (the state's number
// times NClass), so a step is one addition and one load. The start state
// is 0. States are numbered so that exactly those with outputs are at or
// after FirstOut.
type DFA struct {
	// Class maps an input byte to its column in Next. Bytes that occur in
	// no pattern share class 0.
	Class [256]uint8
	// NClass is the number of columns in Next.
	NClass int
	// Next holds the transitions: Next[s+Class[b]] is the state after
	// reading b in state s.
	Next []uint32
	// FirstOut is the first state with outputs; a state s has outputs
	// exactly when s >= FirstOut.
	FirstOut uint32
	// OutIdx and Out list the patterns that end at each state: the ids of
	// the patterns that end on reaching the state numbered k (s/NClass)
	// are Out[OutIdx[k]:OutIdx[k+1]], longest first.
	OutIdx []uint32
	Out    []uint32
}

// Step returns the state after reading b in state s.
func (d *DFA) Step(s uint32, b byte) uint32 {
	return d.Next[s+uint32(d.Class[b])]
}

// Outputs returns the ids of the patterns that end at state s. The slice
// is shared: callers must not modify it.
func (d *DFA) Outputs(s uint32) []uint32 {
	if s < d.FirstOut {
		return nil
	}
	k := s / uint32(d.NClass)
	return d.Out[d.OutIdx[k]:d.OutIdx[k+1]]
}

type edge struct {
	b  byte
	to uint32
}

// Build returns the automaton for pats; the id of pats[i] is ids[i].
// Empty patterns are ignored.
func Build(pats [][]byte, ids []uint32) (*DFA, error) {
	if len(ids) != len(pats) {
		return nil, fmt.Errorf("ac: %d patterns but %d ids", len(pats), len(ids))
	}
	d := &DFA{}
	if err := d.setClasses(pats); err != nil {
		return nil, err
	}
	t, err := buildTrie(pats, ids)
	if err != nil {
		return nil, err
	}
	next, outs := t.link(d)
	if len(outs[0]) != 0 {
		return nil, errors.New("ac: the start state has outputs")
	}
	d.layout(next, outs)
	return d, nil
}

// setClasses gives every byte used by a pattern its own column, numbered
// from 1 in byte order; the bytes used by none share column 0. It sets
// d.Class and d.NClass.
func (d *DFA) setClasses(pats [][]byte) error {
	var used [256]bool
	for _, p := range pats {
		for _, b := range p {
			used[b] = true
		}
	}
	n := 1
	for b := range 256 {
		if used[b] {
			d.Class[b] = uint8(n)
			n++
		}
	}
	if n > 256 {
		return errors.New("ac: patterns use every byte value; one class must stay free")
	}
	d.NClass = n
	return nil
}

// trie is the trie of the patterns, state 0 its root: the edges out of
// each state, and the ids of the patterns that end there.
type trie struct {
	children [][]edge
	own      [][]uint32
}

// buildTrie returns the trie of the non-empty patterns, or ErrTooLarge.
func buildTrie(pats [][]byte, ids []uint32) (*trie, error) {
	t := &trie{children: [][]edge{nil}, own: [][]uint32{nil}}
	for k, p := range pats {
		if len(p) == 0 {
			continue
		}
		s := uint32(0)
		for _, b := range p {
			next, found := t.child(s, b)
			if !found {
				if len(t.children) >= MaxStates {
					return nil, ErrTooLarge
				}
				next = uint32(len(t.children))
				t.children = append(t.children, nil)
				t.own = append(t.own, nil)
				t.children[s] = append(t.children[s], edge{b, next})
			}
			s = next
		}
		t.own[s] = append(t.own[s], ids[k])
	}
	return t, nil
}

// child returns the state reached from s by b in the trie, if any.
func (t *trie) child(s uint32, b byte) (uint32, bool) {
	for _, e := range t.children[s] {
		if e.b == b {
			return e.to, true
		}
	}
	return 0, false
}

// link computes the failure links of t breadth first and returns the
// transitions of the full automaton, NClass (from d) to a state in trie
// order, and the ids of the patterns that end at each state, longest
// first.
func (t *trie) link(d *DFA) (next []uint32, outs [][]uint32) {
	n := d.NClass
	states := len(t.children)
	next = make([]uint32, states*n)
	fail := make([]uint32, states)
	outs = make([][]uint32, states)
	outs[0] = t.own[0]
	// Breadth-first: a state's failure state is always finished first.
	queue := make([]uint32, 0, states)
	queue = append(queue, 0)
	for qi := 0; qi < len(queue); qi++ {
		s := queue[qi]
		row := next[int(s)*n : int(s)*n+n]
		if s != 0 {
			copy(row, next[int(fail[s])*n:int(fail[s])*n+n])
		}
		for _, e := range t.children[s] {
			c := int(d.Class[e.b])
			if s == 0 {
				fail[e.to] = 0
			} else {
				fail[e.to] = next[int(fail[s])*n+c]
			}
			row[c] = e.to
			queue = append(queue, e.to)
		}
		if s != 0 {
			// Own patterns are longer than those inherited through the
			// failure link, so longest first holds.
			outs[s] = append(append([]uint32(nil), t.own[s]...), outs[fail[s]]...)
		}
	}
	return next, outs
}

// layout renumbers the states, those without outputs first (the start
// state stays 0) and then those with outputs, and sets d.Next,
// d.FirstOut, d.OutIdx and d.Out from next and outs (in trie order, as
// link returns them).
func (d *DFA) layout(next []uint32, outs [][]uint32) {
	n := d.NClass
	states := len(outs)
	order := make([]uint32, 0, states) // new number → old
	for s := range states {
		if len(outs[s]) == 0 {
			order = append(order, uint32(s))
		}
	}
	firstOut := len(order)
	for s := range states {
		if len(outs[s]) != 0 {
			order = append(order, uint32(s))
		}
	}
	renum := make([]uint32, states) // old → new
	for k, s := range order {
		renum[s] = uint32(k)
	}
	d.Next = make([]uint32, states*n)
	for k, s := range order {
		for c := range n {
			d.Next[k*n+c] = renum[next[int(s)*n+c]] * uint32(n)
		}
	}
	d.FirstOut = uint32(firstOut * n)
	d.OutIdx = make([]uint32, states+1)
	for k, s := range order {
		d.OutIdx[k+1] = d.OutIdx[k] + uint32(len(outs[s]))
	}
	d.Out = make([]uint32, 0, d.OutIdx[states])
	for _, s := range order {
		d.Out = append(d.Out, outs[s]...)
	}
}
