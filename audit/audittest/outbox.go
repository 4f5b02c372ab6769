package audittest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/vocab"
)

// TestOutbox checks the Outbox contract on stores made by newStore, which
// must return a new, empty store each time it is called; TestOutbox calls
// it a few times and closes each store that implements io.Closer. Run
// TestStore as well: TestOutbox checks only what Outbox adds. It returns
// nil, or every violation it found joined with errors.Join.
//
// It checks that:
//   - Commit appends a batch's entries in order, chained after the head,
//     and ByMessage returns exactly one message's entries;
//   - a claim on a delivery whose claim is open, or whose number is not
//     one more than the delivery's claims, is refused with an error
//     wrapping audit.ErrClaimed, by Commit and by Append, and nothing of
//     the batch is stored, its jobs included;
//   - an outcome that did not deliver the message on the claim's channel
//     and address closes the claim, and other outcomes do not, nor one
//     that answers an earlier claim (Entry.Answers);
//   - of many concurrent claims on one delivery exactly one succeeds;
//   - ByReference finds the latest succeeded outcome by its Detail, and
//     nothing else;
//   - jobs are put, replaced, taken when due, earliest first, leased until
//     the lease ends, and removed by Done only under their current lease;
//   - invalid entries and jobs are refused with audit.ErrInvalid, and a
//     cancelled context fails every method.
func TestOutbox(newStore func() (audit.Outbox, error)) error {
	var errs []error
	report := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("audittest: "+format, args...))
	}
	checks := []struct {
		name string
		run  func(context.Context, audit.Outbox, func(string, ...any))
	}{
		{"commit", checkCommit},
		{"claims", checkClaims},
		{"concurrent claims", checkConcurrentClaims},
		{"reference", checkReference},
		{"jobs", checkJobs},
		{"outbox invalid", checkOutboxInvalid},
		{"outbox cancelled", checkOutboxCancelled},
	}
	for _, c := range checks {
		s, err := newStore()
		if err != nil {
			report("%s: newStore: %v", c.name, err)
			continue
		}
		c.run(context.Background(), s, func(format string, args ...any) {
			report(c.name+": "+format, args...)
		})
		if cl, ok := s.(io.Closer); ok {
			if err := cl.Close(); err != nil {
				report("%s: Close: %v", c.name, err)
			}
		}
	}
	return errors.Join(errs...)
}

var t0 = time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)

// sample returns entries about one message to one recipient: a decision,
// a claim, an attempt and an outcome with result r and Detail ref.
func sample(msg string, ch channel.Kind, addr string, r channel.Result, ref string) (dec, claim, att, out audit.Entry) {
	base := audit.Entry{Time: t0, Patient: "9990000018", Recipient: "9990000018", RecipientRole: audit.ToPatient,
		Staff: "staff-101", MessageID: msg, Channel: ch, Address: addr}
	dec = audit.Entry{Time: t0, Kind: audit.KindDecision, Patient: base.Patient, Staff: base.Staff, MessageID: msg,
		Outcome: audit.DecisionOutcome(vocab.Send)}
	claim, att, out = base, base, base
	claim.Kind, claim.Detail = audit.KindClaim, audit.ClaimDetail(1)
	att.Kind, att.Body = audit.KindAttempt, "Your appointment is on 3 March at 10:00."
	out.Kind, out.Outcome, out.Detail = audit.KindOutcome, audit.DeliveryResult(r), ref
	return dec, claim, att, out
}

func checkCommit(ctx context.Context, s audit.Outbox, report func(string, ...any)) {
	dec, claim, att, out := sample("msg-1", channel.SMS, "07700 900123", channel.ResultDelivered, "ref-1")
	other, _, _, _ := sample("msg-2", channel.SMS, "07700 900123", channel.ResultDelivered, "")
	if _, err := s.Append(ctx, other); err != nil {
		report("Append error = %v", err)
		return
	}
	got, err := s.Commit(ctx, audit.Batch{Entries: []audit.Entry{dec, claim, att}})
	if err != nil || len(got) != 3 {
		report("Commit(decision, claim, attempt) = %d entries, %v, want 3, nil", len(got), err)
		return
	}
	for i, e := range got {
		if e.Seq != uint64(i+2) || e.Hash != e.ComputeHash() || (i > 0 && e.Prev != got[i-1].Hash) {
			report("Commit entry %d: seq %d, chained %v, want seq %d chained after the head", i, e.Seq, e.Hash == e.ComputeHash(), i+2)
		}
	}
	if _, err := s.Commit(ctx, audit.Batch{Entries: []audit.Entry{out}}); err != nil {
		report("Commit(outcome) error = %v", err)
	}
	msgs, err := s.ByMessage(ctx, "9990000018", "msg-1")
	if err != nil || len(msgs) != 4 || msgs[0].Kind != audit.KindDecision || msgs[3].Kind != audit.KindOutcome {
		report("ByMessage(msg-1) = %d entries, %v, want the 4 entries of msg-1 in order", len(msgs), err)
	}
	if got, err := s.ByMessage(ctx, "9990000026", "msg-1"); len(got) != 0 || err != nil {
		report("ByMessage(another patient) = %d entries, %v, want 0, nil", len(got), err)
	}
	all, _ := collect(s.All(ctx))
	_, head, _ := s.Head(ctx)
	if err := audit.VerifyHead(all, head); err != nil || len(all) != 5 {
		report("after Commit: %d entries, VerifyHead = %v, want 5 entries that verify", len(all), err)
	}
}

func checkClaims(ctx context.Context, s audit.Outbox, report func(string, ...any)) {
	dec, claim, _, _ := sample("msg-1", channel.Email, "pat@example.org", 0, "")
	if _, err := s.Commit(ctx, audit.Batch{Entries: []audit.Entry{dec, claim}}); err != nil {
		report("first claim: Commit error = %v", err)
		return
	}
	seq0, _, _ := s.Head(ctx)
	job := audit.Job{Patient: "9990000018", MessageID: "msg-1", Due: t0, Payload: []byte("p")}
	refused := func(what string, err error) {
		var ce *audit.ClaimError
		if !errors.Is(err, audit.ErrClaimed) || !errors.As(err, &ce) || ce.Delivery.Recipient != "9990000018" {
			report("%s: error = %v, want a *ClaimError wrapping ErrClaimed", what, err)
		}
	}
	_, err := s.Commit(ctx, audit.Batch{Entries: []audit.Entry{dec, claim}, Put: []audit.Job{job}})
	refused("second claim, no outcome", err)
	_, err = s.Append(ctx, claim)
	refused("Append(second claim)", err)
	if seq, _, _ := s.Head(ctx); seq != seq0 {
		report("a refused claim stored entries: head %d, want %d", seq, seq0)
	}
	if _, err := s.Job(ctx, "9990000018", "msg-1"); !errors.Is(err, audit.ErrNotFound) {
		report("a refused batch put its job: Job error = %v, want ErrNotFound", err)
	}
	steps := []struct {
		name   string
		ch     channel.Kind
		addr   string
		result channel.Result
		closes bool
	}{
		{"delivered", channel.Email, "pat@example.org", channel.ResultDelivered, false},
		{"unknown", channel.Email, "pat@example.org", channel.ResultUnknown, false},
		{"bounced on another channel", channel.SMS, "07700 900123", channel.ResultBounced, false},
		{"bounced at another address", channel.Email, "other@example.org", channel.ResultBounced, false},
		{"bounced", channel.Email, "pat@example.org", channel.ResultBounced, true},
	}
	second := claim
	second.Detail = audit.ClaimDetail(2)
	for _, st := range steps {
		_, _, _, out := sample("msg-1", st.ch, st.addr, st.result, "")
		if _, err := s.Append(ctx, out); err != nil {
			report("%s: Append(outcome) error = %v", st.name, err)
			return
		}
		if st.closes {
			_, err := s.Append(ctx, claim)
			refused("a claim numbered 1 again after the first closed", err)
		}
		_, err := s.Commit(ctx, audit.Batch{Entries: []audit.Entry{second}})
		switch {
		case st.closes && err != nil:
			report("claim after an outcome %s: error = %v, want nil", st.name, err)
		case !st.closes:
			refused("claim after an outcome "+st.name, err)
		}
	}
	checkAnswers(ctx, s, report, refused)
}

// checkAnswers checks, with the delivery's claim 2 open, that an outcome
// answering claim 1 leaves it open and one answering claim 2 closes it.
func checkAnswers(ctx context.Context, s audit.Outbox, report func(string, ...any), refused func(string, error)) {
	dec, third, _, _ := sample("msg-1", channel.Email, "pat@example.org", 0, "")
	third.Detail = audit.ClaimDetail(3)
	for _, answers := range []int{1, 2} {
		_, _, _, out := sample("msg-1", channel.Email, "pat@example.org", channel.ResultTemporaryFailure, "ref-1")
		out.Answers = answers
		if _, err := s.Commit(ctx, audit.Batch{Entries: []audit.Entry{out}}); err != nil {
			report("Commit(outcome answering claim %d) error = %v", answers, err)
			return
		}
		_, err := s.Commit(ctx, audit.Batch{Entries: []audit.Entry{dec, third}})
		if answers == 1 {
			refused("claim 3 after an outcome answering claim 1, with claim 2 open", err)
		} else if err != nil {
			report("claim 3 after an outcome answering claim 2: error = %v, want nil", err)
		}
	}
}

func checkConcurrentClaims(ctx context.Context, s audit.Outbox, report func(string, ...any)) {
	dec, claim, att, _ := sample("msg-1", channel.SMS, "07700 900123", 0, "")
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		won      int
		otherErr error
	)
	for range writers {
		wg.Go(func() {
			_, err := s.Commit(ctx, audit.Batch{Entries: []audit.Entry{dec, claim, att}})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won++
			case !errors.Is(err, audit.ErrClaimed):
				otherErr = err
			}
		})
	}
	wg.Wait()
	if won != 1 || otherErr != nil {
		report("%d concurrent claims on one delivery: %d succeeded (error %v), want exactly 1", writers, won, otherErr)
	}
	if all, _ := collect(s.All(ctx)); len(all) != 3 {
		report("after concurrent claims: %d entries, want 3 (one batch)", len(all))
	}
}

func checkReference(ctx context.Context, s audit.Outbox, report func(string, ...any)) {
	_, _, _, accepted := sample("msg-1", channel.SMS, "07700 900123", channel.ResultAccepted, "ref-1")
	_, _, _, failed := sample("msg-2", channel.SMS, "07700 900123", channel.ResultTemporaryFailure, "ref-2")
	_, _, _, delivered := sample("msg-1", channel.SMS, "07700 900123", channel.ResultDelivered, "ref-1")
	for _, e := range []audit.Entry{accepted, failed, delivered} {
		if _, err := s.Append(ctx, e); err != nil {
			report("Append error = %v", err)
			return
		}
	}
	if e, err := s.ByReference(ctx, "ref-1"); err != nil || e.Seq != 3 {
		report("ByReference(ref-1) = seq %d, %v, want the latest, seq 3", e.Seq, err)
	}
	for _, ref := range []string{"ref-2", "ref-3", ""} {
		if _, err := s.ByReference(ctx, ref); !errors.Is(err, audit.ErrNotFound) {
			report("ByReference(%q) error = %v, want ErrNotFound", ref, err)
		}
	}
}

func checkJobs(ctx context.Context, s audit.Outbox, report func(string, ...any)) {
	job := func(msg string, due time.Duration, payload string) audit.Job {
		return audit.Job{Patient: "9990000018", MessageID: msg, Due: t0.Add(due), Payload: []byte(payload)}
	}
	put := []audit.Job{job("msg-1", time.Hour, "one"), job("msg-2", 2*time.Hour, "two"), job("msg-3", 30*time.Minute, "three")}
	if _, err := s.Commit(ctx, audit.Batch{Put: put}); err != nil {
		report("Commit(put jobs) error = %v", err)
		return
	}
	if got, err := s.Take(ctx, t0, 10, time.Minute); len(got) != 0 || err != nil {
		report("Take(before any is due) = %d jobs, %v, want 0, nil", len(got), err)
	}
	got, err := s.Take(ctx, t0.Add(time.Hour), 10, time.Minute)
	if err != nil || len(got) != 2 || got[0].MessageID != "msg-3" || got[1].MessageID != "msg-1" || string(got[1].Payload) != "one" {
		report("Take(at +1h) = %v, %v, want msg-3 then msg-1 with their payloads", got, err)
		return
	}
	if again, _ := s.Take(ctx, t0.Add(time.Hour), 10, time.Minute); len(again) != 0 {
		report("Take during the lease = %d jobs, want 0", len(again))
	}
	retaken, _ := s.Take(ctx, t0.Add(time.Hour+2*time.Minute), 1, time.Minute)
	if len(retaken) != 1 || retaken[0].MessageID != "msg-3" || retaken[0].Lease == got[0].Lease {
		report("Take after the lease ended = %v, want msg-3 with a new lease", retaken)
	}
	if _, err := s.Commit(ctx, audit.Batch{Done: []audit.Job{got[0]}}); err != nil {
		report("Commit(done, stale lease) error = %v", err)
	}
	if _, err := s.Job(ctx, "9990000018", "msg-3"); err != nil {
		report("Done under a stale lease removed the job: Job error = %v", err)
	}
	replaced := job("msg-1", 3*time.Hour, "one again")
	if _, err := s.Commit(ctx, audit.Batch{Done: []audit.Job{retaken[0], got[1]}, Put: []audit.Job{replaced}}); err != nil {
		report("Commit(done, put) error = %v", err)
	}
	if _, err := s.Job(ctx, "9990000018", "msg-3"); !errors.Is(err, audit.ErrNotFound) {
		report("Done under the current lease kept the job: Job error = %v", err)
	}
	j, err := s.Job(ctx, "9990000018", "msg-1")
	if err != nil || string(j.Payload) != "one again" || !j.Due.Equal(replaced.Due) {
		report("Job(msg-1) after Put replaced it = %v, %v, want the new payload and due time", j, err)
	}
}

func checkOutboxInvalid(ctx context.Context, s audit.Outbox, report func(string, ...any)) {
	dec, claim, _, _ := sample("msg-1", channel.SMS, "07700 900123", 0, "")
	bad := claim
	bad.Staff = ""
	withOutcome := claim
	withOutcome.Outcome = audit.DeliveryResult(channel.ResultDelivered)
	unnumbered := claim
	unnumbered.Detail = "claim 0"
	cases := []struct {
		name  string
		batch audit.Batch
	}{
		{"claim without staff", audit.Batch{Entries: []audit.Entry{dec, bad}}},
		{"claim numbered 0", audit.Batch{Entries: []audit.Entry{dec, unnumbered}}},
		{"claim with an outcome", audit.Batch{Entries: []audit.Entry{dec, withOutcome}}},
		{"job without a message id", audit.Batch{Entries: []audit.Entry{dec}, Put: []audit.Job{{Patient: "9990000018", Due: t0}}}},
		{"job without a due time", audit.Batch{Put: []audit.Job{{Patient: "9990000018", MessageID: "msg-1"}}}},
	}
	for _, c := range cases {
		if _, err := s.Commit(ctx, c.batch); !errors.Is(err, audit.ErrInvalid) {
			report("Commit(%s) error = %v, want ErrInvalid", c.name, err)
		}
	}
	if seq, _, _ := s.Head(ctx); seq != 0 {
		report("invalid batches stored entries: head %d, want 0", seq)
	}
}

func checkOutboxCancelled(ctx context.Context, s audit.Outbox, report func(string, ...any)) {
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	dec, _, _, _ := sample("msg-1", channel.SMS, "07700 900123", 0, "")
	if _, err := s.Commit(cctx, audit.Batch{Entries: []audit.Entry{dec}}); !errors.Is(err, context.Canceled) {
		report("Commit(cancelled context) error = %v, want context.Canceled", err)
	}
	if _, err := s.ByMessage(cctx, "9990000018", "msg-1"); !errors.Is(err, context.Canceled) {
		report("ByMessage(cancelled context) error = %v, want context.Canceled", err)
	}
	if _, err := s.ByReference(cctx, "ref-1"); !errors.Is(err, context.Canceled) {
		report("ByReference(cancelled context) error = %v, want context.Canceled", err)
	}
	if _, err := s.Take(cctx, t0, 1, time.Minute); !errors.Is(err, context.Canceled) {
		report("Take(cancelled context) error = %v, want context.Canceled", err)
	}
	if _, err := s.Job(cctx, "9990000018", "msg-1"); !errors.Is(err, context.Canceled) {
		report("Job(cancelled context) error = %v, want context.Canceled", err)
	}
	if seq, _, _ := s.Head(ctx); seq != 0 {
		report("a cancelled Commit stored entries: head %d, want 0", seq)
	}
}
