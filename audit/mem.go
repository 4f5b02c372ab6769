package audit

import (
	"context"
	"iter"
	"sync"
	"time"
)

var (
	_ Store  = (*MemStore)(nil)
	_ Outbox = (*MemStore)(nil)
)

// MemStore is a Store and an Outbox that keeps entries, claims and jobs in
// memory: the reference implementation, for tests and for hosts that
// persist entries elsewhere. Its leases end with the process. The zero
// value is an empty store ready to use. It is safe for concurrent use; it
// must not be copied after first use.
type MemStore struct {
	mu        sync.RWMutex
	chunks    []*[chunkSize]Entry // entries in fixed chunks, so growing never copies them
	n         int                 // how many entries are stored
	byPatient map[string][]int
	claims    map[Delivery]Claim
	refs      map[string]int // ByReference's index: the latest outcome entry with the reference
	jobs      jobTable
}

const chunkSize = 1024

// at returns the i'th stored entry.
func (s *MemStore) at(chunks []*[chunkSize]Entry, i int) *Entry {
	return &chunks[i/chunkSize][i%chunkSize]
}

// Append validates e, chains it after the current head and stores it. See
// Store.Append; a claim entry is checked as Outbox describes.
func (s *MemStore) Append(ctx context.Context, e Entry) (Entry, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, err
	}
	if err := e.Validate(); err != nil {
		return Entry{}, err
	}
	e.detach()
	s.mu.Lock()
	if e.Kind == KindClaim || e.Kind == KindOutcome {
		changed, err := ApplyClaims([]Entry{e}, s.claim)
		if err != nil {
			s.mu.Unlock()
			return Entry{}, err
		}
		s.setClaims(changed)
	}
	s.appendLocked(&e)
	s.mu.Unlock()
	e.detach() // the caller's copy shares nothing with the stored one
	return e, nil
}

// appendLocked seals e after the head and stores it; s.mu is held.
func (s *MemStore) appendLocked(e *Entry) {
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
	if ref, ok := e.Reference(); ok {
		if s.refs == nil {
			s.refs = make(map[string]int)
		}
		s.refs[ref] = s.n
	}
	if s.n%chunkSize == 0 {
		s.chunks = append(s.chunks, new([chunkSize]Entry))
	}
	*s.at(s.chunks, s.n) = *e
	s.n++
}

// claim returns the delivery's claim; s.mu is held.
func (s *MemStore) claim(d Delivery) Claim { return s.claims[d] }

// setClaims stores changed claims; s.mu is held.
func (s *MemStore) setClaims(changed map[Delivery]Claim) {
	if len(changed) > 0 && s.claims == nil {
		s.claims = make(map[Delivery]Claim)
	}
	for d, c := range changed {
		s.claims[d] = c
	}
}

// Commit stores b in one step. See Outbox.Commit.
func (s *MemStore) Commit(ctx context.Context, b Batch) ([]Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := CheckBatch(&b); err != nil {
		return nil, err
	}
	entries := make([]Entry, len(b.Entries))
	for i, e := range b.Entries {
		e.detach()
		entries[i] = e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	changed, err := ApplyClaims(entries, s.claim)
	if err != nil {
		return nil, err
	}
	s.setClaims(changed)
	for i := range entries {
		s.appendLocked(&entries[i])
		entries[i].detach()
	}
	for _, j := range b.Done {
		s.jobs.done(j)
	}
	for _, j := range b.Put {
		s.jobs.put(j)
	}
	return entries, nil
}

// ByPatient returns the patient's entries in sequence order. See
// Store.ByPatient.
func (s *MemStore) ByPatient(ctx context.Context, patient string) ([]Entry, error) {
	return s.byMessage(ctx, patient, "", false)
}

// ByMessage returns the entries about one message to one patient. See
// Outbox.ByMessage.
func (s *MemStore) ByMessage(ctx context.Context, patient, messageID string) ([]Entry, error) {
	return s.byMessage(ctx, patient, messageID, true)
}

func (s *MemStore) byMessage(ctx context.Context, patient, messageID string, filter bool) ([]Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	idx := s.byPatient[patient]
	out := make([]Entry, 0, len(idx))
	for _, j := range idx {
		if e := s.at(s.chunks, j); !filter || e.MessageID == messageID {
			out = append(out, e.clone())
		}
	}
	return out, nil
}

// ByReference returns the latest succeeded outcome entry with the
// transport's reference ref. See Outbox.ByReference.
func (s *MemStore) ByReference(ctx context.Context, ref string) (Entry, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	i, ok := s.refs[ref]
	if !ok || ref == "" {
		return Entry{}, notFoundRef(ref)
	}
	return s.at(s.chunks, i).clone(), nil
}

// Take leases due jobs. See Outbox.Take.
func (s *MemStore) Take(ctx context.Context, now time.Time, max int, lease time.Duration) ([]Job, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.jobs.take(now, max, lease), nil
}

// Job returns the message's job. See Outbox.Job.
func (s *MemStore) Job(ctx context.Context, patient, messageID string) (Job, error) {
	if err := ctx.Err(); err != nil {
		return Job{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	j, ok := s.jobs.get(patient, messageID)
	if !ok {
		return Job{}, notFoundJob(patient, messageID)
	}
	return j, nil
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
