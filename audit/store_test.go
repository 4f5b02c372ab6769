package audit_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/audit/audittest"
	"github.com/google/go-cmp/cmp"
)

func TestMemStoreConformance(t *testing.T) {
	if err := audittest.TestStore(func() (audit.Store, error) { return new(audit.MemStore), nil }); err != nil {
		t.Error(err)
	}
}

func TestFileStoreConformance(t *testing.T) {
	err := audittest.TestStore(func() (audit.Store, error) { return audit.OpenFile(t.TempDir()) })
	if err != nil {
		t.Error(err)
	}
}

// collect gathers a store's entries, failing the test on an error.
func collect(t testing.TB, s audit.Store) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	for e, err := range s.All(t.Context()) {
		if err != nil {
			t.Fatalf("All() error = %v", err)
		}
		out = append(out, e)
	}
	return out
}

// appendConcurrently appends writers×each entries from as many goroutines
// and checks the sequence numbers are unique and gap-free (G29).
func appendConcurrently(t *testing.T, s audit.Store, writers, each int) map[uint64]audit.Entry {
	t.Helper()
	samples := audittest.Entries()
	var (
		mu  sync.Mutex
		got = make(map[uint64]audit.Entry)
		wg  sync.WaitGroup
	)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				e := samples[(w*7+i)%len(samples)]
				e.Detail = fmt.Sprintf("writer %d append %d", w, i)
				out, err := s.Append(t.Context(), e)
				if err != nil {
					t.Errorf("Append() error = %v", err)
					return
				}
				mu.Lock()
				if _, dup := got[out.Seq]; dup {
					t.Errorf("seq %d assigned twice", out.Seq)
				}
				got[out.Seq] = out
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for seq := uint64(1); seq <= uint64(writers*each); seq++ {
		if _, ok := got[seq]; !ok {
			t.Fatalf("after %d appends, seq %d is missing", writers*each, seq)
		}
	}
	all := collect(t, s)
	_, head, err := s.Head(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if err := audit.VerifyHead(all, head); err != nil {
		t.Errorf("VerifyHead(All(), Head()) = %v", err)
	}
	for _, e := range all {
		if d := cmp.Diff(got[e.Seq], e); d != "" {
			t.Fatalf("All() seq %d differs from what Append returned (-want +got):\n%s", e.Seq, d)
		}
	}
	return got
}

func TestMemStoreConcurrent(t *testing.T) {
	var s audit.MemStore
	appendConcurrently(t, &s, 16, 200)
}

func TestFileStoreConcurrentAndReopen(t *testing.T) {
	dir := t.TempDir()
	s, err := audit.OpenFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	appendConcurrently(t, s, 16, 200)
	before := collect(t, s)
	byPatient, err := s.ByPatient(t.Context(), "9990000026")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = audit.OpenFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if r := s.Recovered(); r != nil {
		t.Errorf("Recovered() after a clean close = %+v, want nil", r)
	}
	if d := cmp.Diff(before, collect(t, s)); d != "" {
		t.Errorf("entries after reopening (-want +got):\n%s", d)
	}
	got, err := s.ByPatient(t.Context(), "9990000026")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(byPatient, got); d != "" {
		t.Errorf("ByPatient after reopening (-want +got):\n%s", d)
	}
}

// TestAppendCancelled checks the error contract under cancellation: an
// Append that returns an error stored nothing, and one that returns nil
// stored its entry (G29).
func TestAppendCancelled(t *testing.T) {
	stores := map[string]func() audit.Store{
		"MemStore": func() audit.Store { return new(audit.MemStore) },
		"FileStore": func() audit.Store {
			s, err := audit.OpenFile(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		},
	}
	for name, newStore := range stores {
		s := newStore()
		var (
			mu        sync.Mutex
			succeeded = make(map[string]bool)
			cancelled int
			wg        sync.WaitGroup
		)
		for w := range 8 {
			wg.Go(func() {
				r := rand.New(rand.NewPCG(uint64(w), 1))
				for i := range 40 {
					e := attempt()
					e.Detail = fmt.Sprintf("%d/%d", w, i)
					ctx, cancel := context.WithTimeout(t.Context(), time.Duration(r.IntN(400))*time.Microsecond)
					_, err := s.Append(ctx, e)
					cancel()
					mu.Lock()
					switch {
					case err == nil:
						succeeded[e.Detail] = true
					case errors.Is(err, context.DeadlineExceeded):
						cancelled++
					default:
						t.Errorf("%s: Append() error = %v, want nil or context.DeadlineExceeded", name, err)
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		all := collect(t, s)
		t.Logf("%s: %d appends stored, %d cancelled", name, len(succeeded), cancelled)
		if err := audit.Verify(all); err != nil {
			t.Errorf("%s: Verify(All()) = %v", name, err)
		}
		stored := make(map[string]bool)
		for _, e := range all {
			stored[e.Detail] = true
		}
		if d := cmp.Diff(succeeded, stored); d != "" {
			t.Errorf("%s: stored entries differ from successful appends (%d cancelled) (-want +got):\n%s", name, cancelled, d)
		}
	}
}
