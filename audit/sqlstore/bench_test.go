package sqlstore_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/audit/audittest"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
)

// BenchmarkAppend8Writers appends from 8 concurrent writers, each entry
// durable before its Append returns: on the file store (fsynced, group
// commit) and on PostgreSQL (committed with synchronous_commit on, the
// store's group commit sharing a transaction), in the same run so that
// the figures compare. Target on PostgreSQL: over 10,000 entries/s.
func BenchmarkAppend8Writers(b *testing.B) {
	b.Run("store=file", func(b *testing.B) {
		s, err := audit.OpenFile(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		appendConcurrently(b, s, 8)
	})
	b.Run("store=postgres", func(b *testing.B) {
		db := openDB(b)
		var sc string
		if err := db.QueryRow("SHOW synchronous_commit").Scan(&sc); err != nil || sc != "on" {
			b.Fatalf("synchronous_commit = %q (%v), want on", sc, err)
		}
		s := newStore(b, db)
		appendConcurrently(b, s, 8)
		b.ReportMetric(float64(b.N)/float64(s.Transactions()), "entries/commit")
	})
}

func appendConcurrently(b *testing.B, s audit.Store, writers int) {
	e := audittest.Entries()[1]
	var next atomic.Int64
	b.ResetTimer()
	var wg sync.WaitGroup
	for range writers {
		wg.Go(func() {
			for next.Add(1) <= int64(b.N) {
				if _, err := s.Append(b.Context(), e); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

// nopTransport sends nothing and says each message was delivered.
type nopTransport struct{}

func (nopTransport) Send(_ context.Context, e channel.Envelope) (channel.Receipt, error) {
	return channel.Receipt{ID: e.MessageID, Kind: e.Kind, Result: channel.ResultDelivered}, nil
}

// BenchmarkDispatch dispatches messages end to end with a transport that
// does nothing: for each message a read of its history, a decision, one
// commit of the decision, claim and attempt, and one of the outcome. 16
// goroutines send at once. Target on PostgreSQL: over 2,000 messages/s.
func BenchmarkDispatch(b *testing.B) {
	run := func(b *testing.B, s audit.Store) {
		d, err := policy.NewDispatcher(policy.Default(), nopTransport{}, s, testClock())
		if err != nil {
			b.Fatal(err)
		}
		var next atomic.Int64
		b.ResetTimer()
		var wg sync.WaitGroup
		for range 16 {
			wg.Go(func() {
				for i := next.Add(1); i <= int64(b.N); i = next.Add(1) {
					m, r := fixture(int(i))
					r.Contacts = r.Contacts[:1] // email only: no fallback, no job kept
					r.Contacts[0].Address = fmt.Sprintf("p%07d@example.org", i)
					rep, err := d.Send(b.Context(), m, r)
					if err != nil || len(rep.Sent) != 1 {
						b.Errorf("Send = %v, %+v", err, rep)
						return
					}
				}
			})
		}
		wg.Wait()
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
	}
	b.Run("store=mem", func(b *testing.B) { run(b, new(audit.MemStore)) })
	b.Run("store=file", func(b *testing.B) {
		s, err := audit.OpenFile(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		run(b, s)
	})
	b.Run("store=postgres", func(b *testing.B) {
		s := newStore(b, openDB(b))
		run(b, s)
		b.ReportMetric(float64(b.N)/float64(s.Transactions()), "msgs/commit")
	})
}
