package audittest_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/audit/audittest"
)

func TestMemStorePasses(t *testing.T) {
	if err := audittest.TestStore(func() (audit.Store, error) { return new(audit.MemStore), nil }); err != nil {
		t.Error(err)
	}
}

// broken wraps a MemStore and breaks one part of the contract.
type broken struct {
	audit.MemStore
	fault string
	calls atomic.Int64
}

func (b *broken) Append(ctx context.Context, e audit.Entry) (audit.Entry, error) {
	calls := b.calls.Add(1)
	switch b.fault {
	case "gap":
		if calls == 3 {
			b.MemStore.Append(ctx, e) // an extra, unreported entry
		}
	case "no validation":
		if e.Staff == "" {
			e.Staff = "unknown"
		}
	case "ignores context":
		ctx = context.Background()
	}
	return b.MemStore.Append(ctx, e)
}

func (b *broken) ByPatient(ctx context.Context, patient string) ([]audit.Entry, error) {
	got, err := b.MemStore.ByPatient(ctx, patient)
	if b.fault == "reversed" {
		slices.Reverse(got)
	}
	return got, err
}

func (b *broken) Head(ctx context.Context) (uint64, string, error) {
	if b.fault == "stale head" {
		return 0, "", ctx.Err()
	}
	return b.MemStore.Head(ctx)
}

// TestBrokenStoresFail checks that TestStore reports each fault.
func TestBrokenStoresFail(t *testing.T) {
	tests := []struct {
		fault string
		want  string // in the error
	}{
		{"gap", "Append(entry 2) returned"},
		{"no validation", "entry without a valid staff"},
		{"ignores context", "Append(cancelled context)"},
		{"reversed", "ByPatient(9990000018) entry 0"},
		{"stale head", "Head() = 0"},
	}
	for _, tt := range tests {
		err := audittest.TestStore(func() (audit.Store, error) { return &broken{fault: tt.fault}, nil })
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("TestStore(store with fault %q) = %v, want an error containing %q", tt.fault, err, tt.want)
		}
	}
}

func TestMemStorePassesOutbox(t *testing.T) {
	if err := audittest.TestOutbox(func() (audit.Outbox, error) { return new(audit.MemStore), nil }); err != nil {
		t.Error(err)
	}
}

// lax is an Outbox that stores a refused claim's batch anyway, without the
// claim: the double send the contract exists to stop.
type lax struct{ audit.MemStore }

func (l *lax) Commit(ctx context.Context, b audit.Batch) ([]audit.Entry, error) {
	out, err := l.MemStore.Commit(ctx, b)
	if errors.Is(err, audit.ErrClaimed) {
		b.Entries = slices.DeleteFunc(b.Entries, func(e audit.Entry) bool { return e.Kind == audit.KindClaim })
		return l.MemStore.Commit(ctx, b)
	}
	return out, err
}

func TestLaxOutboxFails(t *testing.T) {
	err := audittest.TestOutbox(func() (audit.Outbox, error) { return new(lax), nil })
	if err == nil || !strings.Contains(err.Error(), "want a *ClaimError") {
		t.Errorf("TestOutbox(a store that ignores claims) = %v, want the refused claims reported", err)
	}
}
