package audit

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
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

// TestPieces checks how the committer splits a batch longer than maxWrite:
// into pieces of at most maxWrite bytes that end at a line's end, each
// synced before the next is written, so that a crash can tear no more than
// maxWrite bytes of the log's end; a longer line is a piece on its own.
func TestPieces(t *testing.T) {
	line := func(n int) string { return strings.Repeat("x", n-1) + "\n" }
	tests := []struct {
		name string
		buf  string
		want []int
	}{
		{"empty", "", nil},
		{"short batch", line(10) + line(20), []int{30}},
		{"exactly maxWrite", line(maxWrite/2) + line(maxWrite/2), []int{maxWrite}},
		{"lines over maxWrite", line(400<<10) + line(400<<10) + line(400<<10) + line(10), []int{800 << 10, 400<<10 + 10}},
		{"a line longer than maxWrite", line(10) + line(maxWrite+1) + line(10), []int{10, maxWrite + 1, 10}},
	}
	for _, tt := range tests {
		var got []int
		for buf := []byte(tt.buf); len(buf) > 0; {
			n := pieceLen(buf)
			got = append(got, n)
			buf = buf[n:]
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("pieces(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
