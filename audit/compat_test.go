package audit_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/audit/audittest"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/vocab"
)

// TestOpenVersion1Log opens a log written before Entry's channel, outcome
// and recipient role were typed (testdata/v1, written by catalogue version
// 2026.11.1 from audittest.Entries): it must open, verify, and read back
// the same entries with typed fields.
func TestOpenVersion1Log(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join("testdata", "v1", "audit.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "audit.jsonl"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := audit.OpenFile(dir)
	if err != nil {
		t.Fatalf("OpenFile(v1 log) error = %v", err)
	}
	defer s.Close()
	if rec := s.Recovered(); rec != nil {
		t.Errorf("OpenFile(v1 log) recovered a torn tail: %v", rec)
	}
	ctx := context.Background()
	var got []audit.Entry
	for e, err := range s.All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, e)
	}
	if err := audit.Verify(got); err != nil {
		t.Fatalf("Verify(v1 log) = %v, want nil", err)
	}
	want := audittest.Entries()
	if len(got) != len(want) {
		t.Fatalf("v1 log holds %d entries, want %d", len(got), len(want))
	}
	for i := range got {
		w := want[i]
		if got[i].Kind != w.Kind || got[i].Channel != w.Channel || got[i].Outcome != w.Outcome || got[i].RecipientRole != w.RecipientRole {
			t.Errorf("v1 entry %d read back as %v, want kind, channel, outcome and role of %v", i+1, got[i], w)
		}
	}
	first := got[0]
	if first.Outcome != audit.DecisionOutcome(vocab.Send) {
		t.Errorf("v1 decision outcome = %v, want send", first.Outcome)
	}
	var sawSMS bool
	for _, e := range got {
		sawSMS = sawSMS || e.Channel == channel.SMS
	}
	if !sawSMS {
		t.Errorf("v1 log: no entry read back with channel sms")
	}
}
