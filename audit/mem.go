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
	entries   []Entry
	byPatient map[string][]int
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
	e = e.clone()
	s.mu.Lock()
	defer s.mu.Unlock()
	var seq uint64
	var prev string
	if n := len(s.entries); n > 0 {
		seq, prev = s.entries[n-1].Seq, s.entries[n-1].Hash
	}
	e.seal(seq, prev)
	if s.byPatient == nil {
		s.byPatient = make(map[string][]int)
	}
	s.byPatient[e.Patient] = append(s.byPatient[e.Patient], len(s.entries))
	s.entries = append(s.entries, e)
	return e.clone(), nil
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
		out[i] = s.entries[j].clone()
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
		// Stored entries never change, so a snapshot of the slice header
		// can be read without the lock.
		snapshot := s.entries[:len(s.entries):len(s.entries)]
		s.mu.RUnlock()
		for _, e := range snapshot {
			if err := ctx.Err(); err != nil {
				yield(Entry{}, err)
				return
			}
			if !yield(e.clone(), nil) {
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
	if n := len(s.entries); n > 0 {
		return s.entries[n-1].Seq, s.entries[n-1].Hash, nil
	}
	return 0, "", nil
}
