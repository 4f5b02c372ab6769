package audit_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/audit/audittest"
	"github.com/carecomms/carecomms/channel"
)

func TestMemStoreOutbox(t *testing.T) {
	if err := audittest.TestOutbox(func() (audit.Outbox, error) { return new(audit.MemStore), nil }); err != nil {
		t.Error(err)
	}
}

func TestFileStoreOutbox(t *testing.T) {
	if err := audittest.TestOutbox(func() (audit.Outbox, error) { return audit.OpenFile(t.TempDir()) }); err != nil {
		t.Error(err)
	}
}

// claimEntry is a claim on msg to the patient by SMS.
func claimEntry(msg string) audit.Entry {
	return audit.Entry{Time: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC), Kind: audit.KindClaim, Patient: "9990000018",
		Recipient: "9990000018", RecipientRole: audit.ToPatient, Staff: "staff-1", MessageID: msg,
		Channel: channel.SMS, Address: "07700 900123", Detail: audit.ClaimDetail(1)}
}

// TestFileStoreOutboxReopen: claims are read back from the log, and jobs
// from the job file, when the store is opened again; removed jobs stay
// removed, and a torn last line of the job file is dropped.
func TestFileStoreOutboxReopen(t *testing.T) {
	dir := t.TempDir()
	s, err := audit.OpenFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	due := time.Date(2025, 3, 2, 8, 0, 0, 0, time.UTC)
	jobs := []audit.Job{
		{Patient: "9990000018", MessageID: "msg-1", Due: due, Payload: []byte(`{"m":1}`)},
		{Patient: "9990000018", MessageID: "msg-2", Due: due, Payload: []byte(`{"m":2}`)},
	}
	if _, err := s.Commit(t.Context(), audit.Batch{Entries: []audit.Entry{claimEntry("msg-1")}, Put: jobs}); err != nil {
		t.Fatal(err)
	}
	taken, err := s.Take(t.Context(), due, 1, time.Minute)
	if err != nil || len(taken) != 1 {
		t.Fatalf("Take = %v, %v", taken, err)
	}
	if _, err := s.Commit(t.Context(), audit.Batch{Done: taken}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	f, err := os.OpenFile(filepath.Join(dir, audit.JobsFile), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"put":{"patient":"99900`) // a torn line
	f.Close()

	s, err = audit.OpenFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Append(t.Context(), claimEntry("msg-1")); !errors.Is(err, audit.ErrClaimed) {
		t.Errorf("claim after reopening: error = %v, want ErrClaimed", err)
	}
	left, err := s.Take(t.Context(), due, 10, time.Minute)
	if err != nil || len(left) != 1 || left[0].MessageID == taken[0].MessageID {
		t.Fatalf("jobs after reopening = %v, %v, want the one not done", left, err)
	}
	if want := jobs[0]; left[0].MessageID == "msg-1" && string(left[0].Payload) != string(want.Payload) {
		t.Errorf("payload after reopening = %q, want %q", left[0].Payload, want.Payload)
	}
}

// TestFileStoreJobsCompact: a job file of mostly spent lines is compacted,
// and what it holds survives reopening.
func TestFileStoreJobsCompact(t *testing.T) {
	dir := t.TempDir()
	s, err := audit.OpenFileNoSync(dir)
	if err != nil {
		t.Fatal(err)
	}
	due := time.Date(2025, 3, 2, 8, 0, 0, 0, time.UTC)
	keep := audit.Job{Patient: "9990000018", MessageID: "keep", Due: due, Payload: []byte("k")}
	if _, err := s.Commit(t.Context(), audit.Batch{Put: []audit.Job{keep}}); err != nil {
		t.Fatal(err)
	}
	for i := range 3000 {
		j := audit.Job{Patient: "9990000026", MessageID: "m", Due: due.Add(time.Duration(i)), Payload: []byte("x")}
		if _, err := s.Commit(t.Context(), audit.Batch{Put: []audit.Job{j}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.Job(t.Context(), "9990000026", "m")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Commit(t.Context(), audit.Batch{Done: []audit.Job{got}}); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	st, err := os.Stat(filepath.Join(dir, audit.JobsFile))
	if err != nil || st.Size() > 100_000 {
		t.Errorf("job file after 6,000 changes is %d bytes (%v), want it compacted", st.Size(), err)
	}
	s, err = audit.OpenFileNoSync(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if j, err := s.Job(t.Context(), "9990000018", "keep"); err != nil || string(j.Payload) != "k" {
		t.Errorf("Job(keep) after compaction = %v, %v", j, err)
	}
	if _, err := s.Job(t.Context(), "9990000026", "m"); !errors.Is(err, audit.ErrNotFound) {
		t.Errorf("Job(m) after compaction: error = %v, want ErrNotFound", err)
	}
}
