package audit

import (
	"context"
	"iter"
	"sync"
)

var _ Store = (*MemStore)(nil)

// MemStore is a Store that keeps entries in memory: the reference
// implementation, for tests and for hosts that persist entries elsewhere.
// The zero value is an empty store ready to use. It is safe for concurrent
// use; it must not be copied after first use.
type MemStore struct {
	mu        sync.RWMutex
	chunks    []*[chunkSize]Entry // entries in fixed chunks, so growing never copies them
	n         int                 // how many entries are stored
	byPatient map[string][]int
}

const chunkSize = 1024

// at returns the i'th stored entry.
func (s *MemStore) at(chunks []*[chunkSize]Entry, i int) *Entry {
	return &chunks[i/chunkSize][i%chunkSize]
}

// Append validates e, chains it after the current head and stores it. See
// Store.Append.
func (s *MemStore) Append(ctx context.Context, e Entry) (Entry, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, err
	}
	if err := e.Validate(); err != nil {
		return Entry{}, err
	}
	e.detach()
	s.mu.Lock()
	var seq uint64
	var prev string
	if s.n > 0 {
		last := s.at(s.chunks, s.n-1)
		seq, prev = last.Seq, last.Hash
	}
	e.seal(seq, prev)
	if s.byPatient == nil {
		s.byPatient = make(map[string][]int)
	}
	s.byPatient[e.Patient] = append(s.byPatient[e.Patient], s.n)
	if s.n%chunkSize == 0 {
		s.chunks = append(s.chunks, new([chunkSize]Entry))
	}
	*s.at(s.chunks, s.n) = e
	s.n++
	s.mu.Unlock()
	e.detach() // the caller's copy shares nothing with the stored one
	return e, nil
}

// ByPatient returns the patient's entries in sequence order. See
// Store.ByPatient.
func (s *MemStore) ByPatient(ctx context.Context, patient string) ([]Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	idx := s.byPatient[patient]
	out := make([]Entry, len(idx))
	for i, j := range idx {
		out[i] = s.at(s.chunks, j).clone()
	}
	return out, nil
}

// All yields the entries stored when it is called. See Store.All.
func (s *MemStore) All(ctx context.Context) iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(Entry{}, err)
			return
		}
		s.mu.RLock()
		// Stored entries never change and chunks never move, so the
		// first n entries can be read without the lock.
		chunks, n := s.chunks, s.n
		s.mu.RUnlock()
		for i := range n {
			if err := ctx.Err(); err != nil {
				yield(Entry{}, err)
				return
			}
			if !yield(s.at(chunks, i).clone(), nil) {
				return
			}
		}
	}
}

// Head returns the last entry's sequence number and hash. See Store.Head.
func (s *MemStore) Head(ctx context.Context) (uint64, string, error) {
	if err := ctx.Err(); err != nil {
		return 0, "", err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.n > 0 {
		last := s.at(s.chunks, s.n-1)
		return last.Seq, last.Hash, nil
	}
	return 0, "", nil
}
