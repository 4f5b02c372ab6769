package audit

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/carecomms/carecomms/internal/vocab"
)

// TestLockExclusive checks the lock used where flock is not available.
func TestLockExclusive(t *testing.T) {
	path := filepath.Join(t.TempDir(), LockFile)
	release, err := lockExclusive(path)
	if err != nil {
		t.Fatalf("lockExclusive() error = %v", err)
	}
	if _, err := lockExclusive(path); !errors.Is(err, ErrLocked) {
		t.Errorf("second lockExclusive() error = %v, want ErrLocked", err)
	}
	if err := release(); err != nil {
		t.Fatalf("release() error = %v", err)
	}
	release, err = lockExclusive(path)
	if err != nil {
		t.Fatalf("lockExclusive() after release error = %v", err)
	}
	release()
}

// TestFileStoreWriteFailure makes the log's writes fail: the append
// reports ErrFailed, and so does every later one, until the store is
// reopened, which finds the entries stored before the failure.
func TestFileStoreWriteFailure(t *testing.T) {
	dir := t.TempDir()
	s, err := OpenFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	e := Entry{Time: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC), Kind: KindDecision, Patient: "9990000018",
		Staff: "staff-1", MessageID: "m1", Outcome: DecisionOutcome(vocab.Send)}
	ctx := context.Background()
	if _, err := s.Append(ctx, e); err != nil {
		t.Fatal(err)
	}
	s.f.Close() // every later write fails
	for i := range 2 {
		if _, err := s.Append(ctx, e); !errors.Is(err, ErrFailed) {
			t.Errorf("Append() %d after a write failure = %v, want ErrFailed", i, err)
		}
	}
	s.Close()
	s, err = OpenFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if seq, _, err := s.Head(ctx); seq != 1 || err != nil {
		t.Errorf("Head() after reopening = %d, %v, want 1, nil", seq, err)
	}
}
