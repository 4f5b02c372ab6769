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
	// Classes: every byte used by a pattern gets its own column.
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
		return nil, errors.New("ac: patterns use every byte value; one class must stay free")
	}
	d.NClass = n

	// The trie.
	children := [][]edge{nil}
	own := [][]uint32{nil}
	depth := []int{0}
	for k, p := range pats {
		if len(p) == 0 {
			continue
		}
		s := uint32(0)
		for _, b := range p {
			next := uint32(0)
			found := false
			for _, e := range children[s] {
				if e.b == b {
					next, found = e.to, true
					break
				}
			}
			if !found {
				if len(children) >= MaxStates {
					return nil, ErrTooLarge
				}
				next = uint32(len(children))
				children = append(children, nil)
				own = append(own, nil)
				depth = append(depth, depth[s]+1)
				children[s] = append(children[s], edge{b, next})
			}
			s = next
		}
		own[s] = append(own[s], ids[k])
	}

	states := len(children)
	next := make([]uint32, states*n)
	fail := make([]uint32, states)
	outs := make([][]uint32, states)
	outs[0] = own[0]
	// Breadth-first: a state's failure state is always finished first.
	queue := make([]uint32, 0, states)
	queue = append(queue, 0)
	for qi := 0; qi < len(queue); qi++ {
		s := queue[qi]
		row := next[int(s)*n : int(s)*n+n]
		if s != 0 {
			copy(row, next[int(fail[s])*n:int(fail[s])*n+n])
		}
		for _, e := range children[s] {
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
			outs[s] = append(append([]uint32(nil), own[s]...), outs[fail[s]]...)
		}
	}
	// Renumber: states without outputs first (the start state stays 0),
	// then those with outputs.
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
	if len(outs[0]) != 0 {
		return nil, errors.New("ac: the start state has outputs")
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
	return d, nil
}
