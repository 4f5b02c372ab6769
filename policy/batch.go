package policy

import (
	"iter"
	"runtime"
	"slices"
	"sync"
)

// Batch decides one group message for each record from recs, in order,
// and yields each record with its decision: an iterator in, decisions
// out. The same checks as Decide run for every person, objections
// included (G10); none is skipped. The body is scanned once for everyone
// (minimise.Prepared), with the same findings a single decision gives.
//
// Batch decides a chunk of records at a time on GOMAXPROCS goroutines and
// yields them in order, so memory stays bounded however many records
// there are. Stopping the iteration stops deciding. Set m.Group so each
// decision knows it is part of a group message.
func (o *Org) Batch(m Message, recs iter.Seq[Record]) iter.Seq2[Record, Decision] {
	m.Bodies = slices.Clone(m.Bodies) // prepared once: the caller's later edits must not reach it
	return func(yield func(Record, Decision) bool) {
		prep := o.prepare(&m)
		workers := runtime.GOMAXPROCS(0)
		const chunk = 1024
		rs := make([]Record, 0, chunk)
		ds := make([]Decision, chunk)
		flush := func() bool {
			o.decideInto(m, rs, ds[:len(rs)], prep, workers)
			for i := range rs {
				if !yield(rs[i], ds[i]) {
					return false
				}
			}
			// Drop the chunk's records and decisions for the collector.
			clear(ds[:len(rs)])
			clear(rs)
			rs = rs[:0]
			return true
		}
		for r := range recs {
			rs = append(rs, r)
			if len(rs) == chunk && !flush() {
				return
			}
		}
		if len(rs) > 0 {
			flush()
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
	m.Bodies = slices.Clone(m.Bodies)
	out := make([]Decision, len(recs))
	o.decideInto(m, recs, out, o.prepare(&m), workers)
	return out
}

// decideInto decides m for each of recs into out, on up to workers
// goroutines (GOMAXPROCS when workers < 1).
func (o *Org) decideInto(m Message, recs []Record, out []Decision, prep *prepared, workers int) {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers > len(recs)/64 {
		workers = max(1, len(recs)/64) // small groups are not worth the goroutines
	}
	if workers == 1 {
		for i := range recs {
			out[i] = o.decide(&m, &recs[i], prep)
		}
		return
	}
	var wg sync.WaitGroup
	size := (len(recs) + workers - 1) / workers
	for start := 0; start < len(recs); start += size {
		end := min(start+size, len(recs))
		wg.Go(func() {
			for i := start; i < end; i++ {
				out[i] = o.decide(&m, &recs[i], prep)
			}
		})
	}
	wg.Wait()
}
