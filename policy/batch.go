package policy

import (
	"iter"
	"runtime"
	"sync"
)

// Batch decides one group message for each record, in order, lazily: the
// same checks as Decide run for every person, objections included (G10),
// sharing the org's prepared state: the body is scanned once, and each
// person's own identifiers are then found in it (minimise.Prepared), with
// the same findings a single decision gives. Stopping the iteration stops
// deciding.
// Set m.Group so each decision knows it is part of a group message.
func (o *Org) Batch(m Message, recs iter.Seq[Record]) iter.Seq2[Record, Decision] {
	return func(yield func(Record, Decision) bool) {
		prep := o.prepare(m.Body)
		for r := range recs {
			if !yield(r, o.decide(m, r, prep)) {
				return
			}
		}
	}
}

// DecideGroup decides one group message for every record, using up to
// workers goroutines (GOMAXPROCS when workers < 1), and returns the
// decisions in the order of recs. Every record gets a full decision;
// none is skipped. When m.Group is nil it is set to a group of len(recs)
// with the message's ID.
func (o *Org) DecideGroup(m Message, recs []Record, workers int) []Decision {
	if m.Group == nil {
		m.Group = &Group{ID: m.ID, Size: len(recs)}
	}
	out := make([]Decision, len(recs))
	prep := o.prepare(m.Body) // the body is scanned once for everyone
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers > len(recs) {
		workers = len(recs)
	}
	if workers <= 1 {
		for i := range recs {
			out[i] = o.decide(m, recs[i], prep)
		}
		return out
	}
	var wg sync.WaitGroup
	chunk := (len(recs) + workers - 1) / workers
	for start := 0; start < len(recs); start += chunk {
		end := min(start+chunk, len(recs))
		wg.Go(func() {
			for i := start; i < end; i++ {
				out[i] = o.decide(m, recs[i], prep)
			}
		})
	}
	wg.Wait()
	return out
}
