// Package audittest checks that an audit.Store keeps the contract its
// documentation states, as testing/fstest checks a file system. A host
// that stores audit entries in its own database runs TestStore from a test:
//
//	func TestMyStore(t *testing.T) {
//		if err := audittest.TestStore(newMyStore); err != nil {
//			t.Fatal(err)
//		}
//	}
//
// audit.MemStore and audit.FileStore pass it.
package audittest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/vocab"
)

// Concurrency used by the concurrent-append check.
const (
	writers          = 8
	appendsPerWriter = 25
)

// TestStore checks the Store contract on stores made by newStore, which
// must return a new, empty store each time it is called; TestStore calls
// it a few times and closes each store that implements io.Closer. It
// returns nil, or every violation it found joined with errors.Join.
//
// It checks that:
//   - an empty store has head (0, "") and no entries;
//   - Append assigns sequence numbers 1, 2, 3… with no gaps, chains Prev
//     and Hash, ignores the caller's Seq, Prev and Hash, keeps every other
//     field, and returns entries sharing no memory with the store;
//   - All yields the entries in order, and they verify with VerifyHead
//     against Head;
//   - ByPatient returns exactly the patient's entries, in order, and no
//     entries for an unknown patient;
//   - invalid entries are refused with an error wrapping audit.ErrInvalid
//     naming the field, and nothing is stored;
//   - a context already cancelled makes every method fail with
//     context.Canceled, and Append stores nothing;
//   - concurrent appends give unique, gap-free sequence numbers and a
//     chain that verifies.
func TestStore(newStore func() (audit.Store, error)) error {
	var errs []error
	report := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("audittest: "+format, args...))
	}
	checks := []struct {
		name string
		run  func(context.Context, audit.Store, func(string, ...any))
	}{
		{"empty", checkEmpty},
		{"append", checkAppend},
		{"invalid", checkInvalid},
		{"cancelled", checkCancelled},
		{"concurrent", checkConcurrent},
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

// Entries returns valid sample entries about three synthetic patients:
// decisions, attempts to the patient and to a proxy, outcomes, rules and
// an override. Seq, Prev and Hash are unset.
func Entries() []audit.Entry {
	t0 := time.Date(2025, 3, 1, 9, 30, 0, 123456789, time.UTC)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	london := time.FixedZone("BST", 3600)
	return []audit.Entry{
		{Time: at(0), Kind: audit.KindDecision, Patient: "9990000018", Staff: "staff-101", MessageID: "msg-1",
			Outcome: audit.DecisionOutcome(vocab.Send), Rules: []string{"scope.care", "channel.preference"}},
		{Time: at(1), Kind: audit.KindAttempt, Patient: "9990000018", Recipient: "9990000018", RecipientRole: audit.ToPatient,
			Staff: "staff-101", MessageID: "msg-1", Channel: channel.SMS, Address: "07700 900123",
			Body: "Your appointment is on 3 March at 10:00. Reply C to cancel."},
		{Time: at(2), Kind: audit.KindOutcome, Patient: "9990000018", Recipient: "9990000018", RecipientRole: audit.ToPatient,
			Staff: "staff-101", MessageID: "msg-1", Channel: channel.SMS, Outcome: audit.DeliveryResult(channel.ResultDelivered), Detail: "provider ref 77"},
		{Time: at(3).In(london), Kind: audit.KindDecision, Patient: "9990000026", Staff: "staff-202", MessageID: "msg-2",
			Outcome: audit.DecisionOutcome(vocab.Send), Rules: []string{"objection.channel", "override.g14"},
			Override: &audit.Override{Ground: "g14.1_safeguarding", DecidedBy: "staff-202", Role: "Caldicott Guardian", Justification: "urgent safety information"}},
		{Time: at(4), Kind: audit.KindAttempt, Patient: "9990000026", Recipient: "proxy-7", RecipientRole: audit.ToProxy,
			Staff: "staff-202", MessageID: "msg-2", Channel: channel.Email, Address: "carer@example.org",
			Body: "Summary: safety information about medication", Summary: true},
		{Time: at(5), Kind: audit.KindOutcome, Patient: "9990000026", Recipient: "proxy-7", RecipientRole: audit.ToProxy,
			Staff: "staff-202", MessageID: "msg-2", Channel: channel.Email, Outcome: audit.DeliveryResult(channel.ResultBounced)},
		{Time: at(6), Kind: audit.KindDecision, Patient: "9990000034", Staff: "staff-303", MessageID: "msg-3",
			Outcome: audit.DecisionOutcome(vocab.Hold), Detail: "sensitive service and proxy: check with the patient"},
		{Time: at(7), Kind: audit.KindDecision, Patient: "9990000018", Staff: "staff-101", MessageID: "msg-4",
			Outcome: audit.DecisionOutcome(vocab.Revise), Rules: []string{"minimise.confidential"}},
		{Time: at(8), Kind: audit.KindAttempt, Patient: "9990000018", Recipient: "9990000018", RecipientRole: audit.ToPatient,
			Staff: "staff-101", MessageID: "msg-4", Channel: channel.NHSApp, Body: "You have a new message. Log in to read it.\nNHS Example Practice"},
	}
}

// same reports how got differs from want as stored: the same JSON, which
// compares every field, times in UTC included.
func same(got, want audit.Entry) string {
	want.Time = want.Time.UTC()
	g, gerr := json.Marshal(got)
	w, werr := json.Marshal(want)
	if gerr != nil || werr != nil {
		return fmt.Sprintf("cannot encode: %v %v", gerr, werr)
	}
	if string(g) != string(w) {
		return fmt.Sprintf("got %s, want %s", g, w)
	}
	return ""
}

func checkEmpty(ctx context.Context, s audit.Store, report func(string, ...any)) {
	seq, hash, err := s.Head(ctx)
	if seq != 0 || hash != "" || err != nil {
		report("Head() = %d, %q, %v, want 0, \"\", nil", seq, hash, err)
	}
	n := 0
	for _, err := range s.All(ctx) {
		if err != nil {
			report("All() error = %v", err)
		}
		n++
	}
	if n != 0 {
		report("All() yielded %d results, want 0", n)
	}
	got, err := s.ByPatient(ctx, "9990000018")
	if len(got) != 0 || err != nil {
		report("ByPatient() = %d entries, %v, want 0, nil", len(got), err)
	}
}

// checkAppend appends the sample entries and checks what Append returns,
// then what Head, All and ByPatient give back.
func checkAppend(ctx context.Context, s audit.Store, report func(string, ...any)) {
	stored, ok := appendEntries(ctx, s, report)
	if !ok {
		return
	}
	checkAll(ctx, s, stored, report)
	checkByPatient(ctx, s, stored, report)
}

// appendEntries appends each of Entries to s with bogus Seq, Prev and Hash
// and checks that Append returns the entry as stored, chained and sharing
// no memory with the caller. It returns the entries as they should be
// stored, and false if an Append failed.
func appendEntries(ctx context.Context, s audit.Store, report func(string, ...any)) ([]audit.Entry, bool) {
	in := Entries()
	var stored []audit.Entry
	for i, e := range in {
		e.Seq, e.Prev, e.Hash = 99, "bogus", "bogus" // the store must ignore these
		e.Rules = slices.Clone(e.Rules)
		got, err := s.Append(ctx, e)
		if err != nil {
			report("Append(entry %d) error = %v", i, err)
			return nil, false
		}
		if len(e.Rules) > 0 {
			e.Rules[0] = "changed-by-caller" // the store must keep its own copy
		}
		want := in[i]
		var prev string
		if i > 0 {
			prev = stored[i-1].Hash
		}
		want.Seq, want.Prev = uint64(i+1), prev
		want.Hash = want.ComputeHash()
		if d := same(got, want); d != "" {
			report("Append(entry %d) returned %s", i, d)
		}
		if got.Hash != got.ComputeHash() {
			report("Append(entry %d) Hash = %s, want ComputeHash() = %s", i, got.Hash, got.ComputeHash())
		}
		stored = append(stored, want)
		if len(got.Rules) > 0 {
			got.Rules[0] = "changed-after-append"
		}
		if got.Override != nil {
			got.Override.Ground = "changed-after-append"
		}
	}
	return stored, true
}

// checkAll checks that Head names the last of stored, that All yields
// exactly stored, in order, with a chain that verifies against Head, and
// that a caller may stop All early.
func checkAll(ctx context.Context, s audit.Store, stored []audit.Entry, report func(string, ...any)) {
	seq, head, err := s.Head(ctx)
	last := stored[len(stored)-1]
	if seq != last.Seq || head != last.Hash || err != nil {
		report("Head() = %d, %s, %v, want %d, %s, nil", seq, head, err, last.Seq, last.Hash)
	}

	all, err := collect(s.All(ctx))
	if err != nil {
		report("All() error = %v", err)
	}
	if len(all) != len(stored) {
		report("All() yielded %d entries, want %d", len(all), len(stored))
	}
	for i := range min(len(all), len(stored)) {
		if d := same(all[i], stored[i]); d != "" {
			report("All() entry %d: %s", i, d)
		}
	}
	if err := audit.VerifyHead(all, head); err != nil {
		report("VerifyHead(All(), Head()) = %v", err)
	}
	if vseq, vhead, err := audit.VerifySeq(s.All(ctx)); vseq != seq || vhead != head || err != nil {
		report("VerifySeq(All()) = %d, %s, %v, want %d, %s, nil", vseq, vhead, err, seq, head)
	}

	// Stopping early must be allowed.
	for range s.All(ctx) {
		break
	}
}

// checkByPatient checks that ByPatient returns exactly each patient's
// entries among stored, in order, and none for an unknown patient.
func checkByPatient(ctx context.Context, s audit.Store, stored []audit.Entry, report func(string, ...any)) {
	for _, patient := range []string{"9990000018", "9990000026", "9990000034", "9990000999"} {
		got, err := s.ByPatient(ctx, patient)
		if err != nil {
			report("ByPatient(%s) error = %v", patient, err)
			continue
		}
		var want []audit.Entry
		for _, e := range stored {
			if e.Patient == patient {
				want = append(want, e)
			}
		}
		if len(got) != len(want) {
			report("ByPatient(%s) = %d entries, want %d", patient, len(got), len(want))
			continue
		}
		for i := range got {
			if d := same(got[i], want[i]); d != "" {
				report("ByPatient(%s) entry %d: %s", patient, i, d)
			}
		}
	}
}

func checkInvalid(ctx context.Context, s audit.Store, report func(string, ...any)) {
	valid := Entries()[1] // an attempt to the patient
	cases := []struct {
		field  string
		change func(*audit.Entry)
	}{
		{"kind", func(e *audit.Entry) { e.Kind = 0 }},
		{"kind", func(e *audit.Entry) { e.Kind = 200 }},
		{"time", func(e *audit.Entry) { e.Time = time.Time{} }},
		{"patient", func(e *audit.Entry) { e.Patient = "" }},
		{"staff", func(e *audit.Entry) { e.Staff = "" }},
		{"message_id", func(e *audit.Entry) { e.MessageID = "" }},
		{"recipient", func(e *audit.Entry) { e.Recipient = "" }},
		{"recipient_role", func(e *audit.Entry) { e.RecipientRole = 0 }},
		{"channel", func(e *audit.Entry) { e.Channel = 0 }},
		{"body", func(e *audit.Entry) { e.Body = "" }},
		{"body", func(e *audit.Entry) { e.Body = "bad \xff byte" }},
		{"override.decided_by", func(e *audit.Entry) { e.Override = &audit.Override{Ground: "g14.1"} }},
	}
	if _, err := s.Append(ctx, valid); err != nil {
		report("Append(valid entry) error = %v", err)
		return
	}
	seq0, head0, _ := s.Head(ctx)
	for _, c := range cases {
		e := valid
		c.change(&e)
		_, err := s.Append(ctx, e)
		var fe *audit.FieldError
		switch {
		case err == nil:
			report("Append(entry without a valid %s) error = nil, want ErrInvalid", c.field)
		case !errors.Is(err, audit.ErrInvalid):
			report("Append(entry without a valid %s) error = %v, want one wrapping ErrInvalid", c.field, err)
		case !errors.As(err, &fe) || fe.Path != c.field:
			report("Append(entry without a valid %s) error = %v, want a *FieldError naming %s", c.field, err, c.field)
		}
	}
	seq, head, err := s.Head(ctx)
	if seq != seq0 || head != head0 || err != nil {
		report("Head() after invalid appends = %d, %s, %v, want %d, %s, nil", seq, head, err, seq0, head0)
	}
	if all, err := collect(s.All(ctx)); len(all) != 1 || err != nil {
		report("All() after invalid appends = %d entries, %v, want 1, nil", len(all), err)
	}
}

func checkCancelled(ctx context.Context, s audit.Store, report func(string, ...any)) {
	e := Entries()[0]
	if _, err := s.Append(ctx, e); err != nil {
		report("Append error = %v", err)
		return
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Append(cctx, e); !errors.Is(err, context.Canceled) {
		report("Append(cancelled context) error = %v, want context.Canceled", err)
	}
	if _, err := s.ByPatient(cctx, e.Patient); !errors.Is(err, context.Canceled) {
		report("ByPatient(cancelled context) error = %v, want context.Canceled", err)
	}
	if _, _, err := s.Head(cctx); !errors.Is(err, context.Canceled) {
		report("Head(cancelled context) error = %v, want context.Canceled", err)
	}
	if _, err := collect(s.All(cctx)); !errors.Is(err, context.Canceled) {
		report("All(cancelled context) error = %v, want context.Canceled", err)
	}
	if seq, _, err := s.Head(ctx); seq != 1 || err != nil {
		report("Head() after a cancelled Append = %d, %v, want 1, nil", seq, err)
	}
}

func checkConcurrent(ctx context.Context, s audit.Store, report func(string, ...any)) {
	samples := Entries()
	var (
		mu   sync.Mutex
		got  = make(map[uint64]audit.Entry)
		errs []error
		wg   sync.WaitGroup
	)
	for w := range writers {
		wg.Go(func() {
			for i := range appendsPerWriter {
				e := samples[(w+i)%len(samples)]
				e.Detail = fmt.Sprintf("writer %d append %d", w, i)
				out, err := s.Append(ctx, e)
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				} else if _, dup := got[out.Seq]; dup {
					errs = append(errs, fmt.Errorf("seq %d assigned twice", out.Seq))
				} else {
					got[out.Seq] = out
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		if i == 3 {
			report("concurrent Append: %d more errors", len(errs)-i)
			break
		}
		report("concurrent Append error = %v", err)
	}
	const total = writers * appendsPerWriter
	for seq := uint64(1); seq <= total; seq++ {
		if _, ok := got[seq]; !ok {
			report("after %d concurrent appends, seq %d was not assigned", total, seq)
			break
		}
	}
	all, err := collect(s.All(ctx))
	if err != nil {
		report("All() error = %v", err)
	}
	_, head, _ := s.Head(ctx)
	if err := audit.VerifyHead(all, head); err != nil {
		report("VerifyHead(All(), Head()) after concurrent appends = %v", err)
	}
	if len(all) != total {
		report("All() yielded %d entries after %d concurrent appends", len(all), total)
	}
	for _, e := range all {
		if d := same(e, got[e.Seq]); d != "" {
			report("All() seq %d differs from what Append returned: %s", e.Seq, d)
			break
		}
	}
}

// collect gathers an iterator's entries, stopping at the first error.
func collect(all func(func(audit.Entry, error) bool)) ([]audit.Entry, error) {
	var out []audit.Entry
	for e, err := range all {
		if err != nil {
			return out, err
		}
		out = append(out, e)
	}
	return out, nil
}
