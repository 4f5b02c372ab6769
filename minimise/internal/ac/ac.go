// Package ac builds dense Aho–Corasick automata over bytes: one table
// lookup per input byte, with the patterns that end at each state listed
// in a compact form. The automaton is immutable once built and safe for
// concurrent use.
package ac

import (
	"errors"
	"fmt"
)

// MaxStates is the largest number of states an automaton may have; state
// numbers fit in a uint16.
const MaxStates = 1 << 16

// ErrTooLarge reports that the patterns need more than MaxStates states.
var ErrTooLarge = errors.New("ac: too many patterns: the automaton needs more than 65536 states")

// DFA is a deterministic automaton for a set of byte patterns. State 0 is
// the start state.
type DFA struct {
	// Class maps an input byte to its column in Next. Bytes that occur in
	// no pattern share class 0.
	Class [256]uint8
	// NClass is the number of columns in Next.
	NClass int
	// Next holds the transitions: Next[s*NClass+Class[b]] is the state
	// after reading b in state s.
	Next []uint16
	// OutIdx and Out list the patterns that end at each state: the ids of
	// the patterns that end on reaching state s are Out[OutIdx[s]:OutIdx[s+1]],
	// longest first.
	OutIdx []uint32
	Out    []uint32
}

// Step returns the state after reading b in state s.
func (d *DFA) Step(s uint16, b byte) uint16 {
	return d.Next[int(s)*d.NClass+int(d.Class[b])]
}

// Outputs returns the ids of the patterns that end at state s. The slice
// is shared: callers must not modify it.
func (d *DFA) Outputs(s uint16) []uint32 {
	return d.Out[d.OutIdx[s]:d.OutIdx[s+1]]
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
	d.Next = make([]uint16, states*n)
	fail := make([]uint32, states)
	outs := make([][]uint32, states)
	outs[0] = own[0]
	// Breadth-first: a state's failure state is always finished first.
	queue := make([]uint32, 0, states)
	queue = append(queue, 0)
	for qi := 0; qi < len(queue); qi++ {
		s := queue[qi]
		row := d.Next[int(s)*n : int(s)*n+n]
		if s != 0 {
			copy(row, d.Next[int(fail[s])*n:int(fail[s])*n+n])
		}
		for _, e := range children[s] {
			c := int(d.Class[e.b])
			if s == 0 {
				fail[e.to] = 0
			} else {
				fail[e.to] = uint32(d.Next[int(fail[s])*n+c])
			}
			row[c] = uint16(e.to)
			queue = append(queue, e.to)
		}
		if s != 0 {
			// Own patterns are longer than those inherited through the
			// failure link, so longest first holds.
			outs[s] = append(append([]uint32(nil), own[s]...), outs[fail[s]]...)
		}
	}
	d.OutIdx = make([]uint32, states+1)
	for s := range states {
		d.OutIdx[s+1] = d.OutIdx[s] + uint32(len(outs[s]))
	}
	d.Out = make([]uint32, 0, d.OutIdx[states])
	for s := range states {
		d.Out = append(d.Out, outs[s]...)
	}
	return d, nil
}
