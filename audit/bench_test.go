package audit_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/audit/audittest"
)

// BenchmarkFileStoreAppend appends from 8 concurrent writers, each entry
// durable (fsynced) before its Append returns; group commit shares the
// fsyncs. Target: over 20,000 entries/s.
func BenchmarkFileStoreAppend(b *testing.B) {
	const writers = 8
	s, err := audit.OpenFile(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
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
	b.ReportMetric(float64(b.N)/float64(s.Batches()), "entries/fsync")
}

// BenchmarkFileStoreAppendSerial is one writer: every append waits for its
// own fsync.
func BenchmarkFileStoreAppendSerial(b *testing.B) {
	s, err := audit.OpenFile(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	e := audittest.Entries()[1]
	for b.Loop() {
		if _, err := s.Append(b.Context(), e); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

// BenchmarkMemStoreAppend appends to a MemStore, starting a new one every
// 100,000 entries to bound memory. Target: over 1 million entries/s.
func BenchmarkMemStoreAppend(b *testing.B) {
	s := new(audit.MemStore)
	e := audittest.Entries()[1]
	n := 0
	for b.Loop() {
		if n++; n%100_000 == 0 {
			b.StopTimer()
			s = new(audit.MemStore)
			b.StartTimer()
		}
		if _, err := s.Append(b.Context(), e); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

// BenchmarkVerify verifies a chain of 10,000 entries. Target: over 200,000
// entries/s.
func BenchmarkVerify(b *testing.B) {
	c := chain(b, 10_000)
	for b.Loop() {
		if err := audit.Verify(c); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(c))/b.Elapsed().Seconds(), "entries/s")
}
