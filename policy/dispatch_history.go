package policy

import (
	"context"
	"fmt"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/channel"
)

// attemptRec is one attempt at a delivery as the audit log tells it.
type attemptRec struct {
	seq      uint64
	ch       channel.Kind
	addr     string
	at       time.Time
	result   channel.Result // the furthest success recorded, or ResultUnknown
	outcome  bool           // an outcome was recorded
	read     bool
	ref      string
	closed   bool           // an outcome closed its claim (see audit.Closes)
	closedBy channel.Result // that outcome
	notSent  bool           // closed because the dispatch ended before the send
	claim    int            // the number of the claim it was made under; 0 when the log has none
	results  uint16         // the results recorded for it, a bit for each
}

// has reports whether an outcome with result r was recorded for a.
func (a *attemptRec) has(r channel.Result) bool { return r < 16 && a.results&(1<<r) != 0 }

// note applies an outcome entry with result r to a.
func (a *attemptRec) note(r channel.Result, e *audit.Entry) {
	if r == channel.ResultRead {
		a.read = true
	}
	if a.closed {
		return // a receipt after the attempt was given up on changes nothing
	}
	a.outcome = true
	switch {
	case audit.Closes(r):
		a.closed, a.closedBy = true, r
		a.notSent = r == channel.ResultTemporaryFailure && notSentEntry(e.Detail)
	case r.Succeeded():
		if r > a.result {
			a.result = r // accepted < delivered < read
		}
		if ref, ok := e.Reference(); ok {
			a.ref = ref
		}
	}
}

// succeeded reports whether a reached the provider or further and was not
// given up on since.
func (a *attemptRec) succeeded() bool { return !a.closed && a.result.Succeeded() }

// receipt is a's receipt as a report gives it.
func (a *attemptRec) receipt() channel.Receipt {
	return channel.Receipt{ID: a.ref, Kind: a.ch, Result: a.result, At: a.at}
}

// recipState is what the audit log says about one recipient's delivery.
type recipState struct {
	role     RecipientRole
	id       string
	claims   int // claim entries: the next claim is numbered claims+1
	pending  int // the number of a claim entry not yet followed by its attempt
	attempts []attemptRec
}

// latest returns the latest attempt, or nil.
func (rs *recipState) latest() *attemptRec {
	if rs == nil || len(rs.attempts) == 0 {
		return nil
	}
	return &rs.attempts[len(rs.attempts)-1]
}

// last returns the latest attempt by ch at addr, or nil.
func (rs *recipState) last(ch channel.Kind, addr string) *attemptRec {
	for i := len(rs.attempts) - 1; i >= 0; i-- {
		if a := &rs.attempts[i]; a.ch == ch && a.addr == addr {
			return a
		}
	}
	return nil
}

// byClaim returns the attempt made under claim n, or nil.
func (rs *recipState) byClaim(n int) *attemptRec {
	for i := len(rs.attempts) - 1; i >= 0; i-- {
		if a := &rs.attempts[i]; a.claim == n {
			return a
		}
	}
	return nil
}

// byRef returns the attempt the transport gave the reference ref, or nil.
func (rs *recipState) byRef(ref string) *attemptRec {
	if rs == nil {
		return nil
	}
	for i := len(rs.attempts) - 1; i >= 0; i-- {
		if a := &rs.attempts[i]; a.ref == ref {
			return a
		}
	}
	return nil
}

// temporaries counts the attempts by ch at addr that failed for now,
// less those that were never sent.
func (rs *recipState) temporaries(ch channel.Kind, addr string) int {
	n := 0
	for i := range rs.attempts {
		if a := &rs.attempts[i]; a.ch == ch && a.addr == addr && a.closedBy == channel.ResultTemporaryFailure && !a.notSent {
			n++
		}
	}
	return n
}

// history is what the audit log says about one message.
type history struct {
	recips   map[string]*recipState
	failures []channel.Attempt // permanent failures, for Message.Attempts (G31, G14.5)
}

// readHistory reads the entries about m to patient.
func (d *Dispatcher) readHistory(ctx context.Context, m *Message, patient string) (*history, error) {
	h := &history{recips: map[string]*recipState{}}
	if patient == "" || m.ID == "" {
		return h, nil
	}
	var entries []audit.Entry
	var err error
	if d.outbox != nil {
		entries, err = d.outbox.ByMessage(ctx, patient, m.ID)
	} else {
		entries, err = d.store.ByPatient(ctx, patient)
	}
	if err != nil {
		return nil, fmt.Errorf("policy: dispatch %s: reading the audit store failed, nothing sent: %w", m.ID, err)
	}
	for i := range entries {
		if e := &entries[i]; e.MessageID == m.ID {
			h.add(e)
		}
	}
	for _, rs := range h.recips {
		for _, a := range rs.attempts {
			if a.closed && a.closedBy.Permanent() {
				h.failures = append(h.failures, channel.Attempt{Kind: a.ch, Address: a.addr, At: a.at, Result: a.closedBy})
			}
		}
	}
	return h, nil
}

// add applies one entry.
func (h *history) add(e *audit.Entry) {
	if e.Kind != audit.KindAttempt && e.Kind != audit.KindOutcome && e.Kind != audit.KindClaim {
		return
	}
	key := recipientKey(e.RecipientRole, e.Recipient)
	rs := h.recips[key]
	if rs == nil {
		rs = &recipState{role: e.RecipientRole, id: e.Recipient}
		h.recips[key] = rs
	}
	switch e.Kind {
	case audit.KindClaim:
		rs.claims++
		rs.pending = rs.claims
		if n, ok := e.ClaimNumber(); ok {
			rs.pending = n
		}
		return
	case audit.KindAttempt:
		rs.attempts = append(rs.attempts, attemptRec{seq: e.Seq, ch: e.Channel, addr: e.Address, at: e.Time, claim: rs.pending})
		rs.pending = 0
		return
	}
	var a *attemptRec
	if e.Answers != 0 {
		// An outcome that names its claim is about that attempt only: a
		// late receipt for an earlier attempt never changes the latest.
		if a = rs.byClaim(e.Answers); a == nil {
			return
		}
	} else if a = rs.last(e.Channel, e.Address); a == nil {
		// an outcome recorded without its attempt, as hosts once wrote them
		rs.attempts = append(rs.attempts, attemptRec{seq: e.Seq, ch: e.Channel, addr: e.Address, at: e.Time})
		a = rs.latest()
	}
	r, _ := e.Outcome.Result()
	if r < 16 {
		a.results |= 1 << r
	}
	a.note(r, e)
}

// withFailures returns m with the permanent failures h records added to its
// attempts, once each.
func (h *history) withFailures(m *Message) {
	for _, f := range h.failures {
		dup := false
		for _, a := range m.Attempts {
			if a.Kind == f.Kind && a.Address == f.Address && a.Result == f.Result {
				dup = true
				break
			}
		}
		if !dup {
			m.Attempts = append(m.Attempts, f)
		}
	}
}

// reportEarlier adds to rep the attempts h records that rep does not yet
// report: successes as Sent, and attempts with no outcome, or an unknown
// one, as InDoubt.
func (h *history) reportEarlier(rep *Report, seen map[uint64]bool) {
	for _, rs := range h.recips {
		for i := range rs.attempts {
			a := &rs.attempts[i]
			if seen[a.seq] || a.closed {
				continue
			}
			seen[a.seq] = true
			s := Sent{Recipient: rs.id, Channel: a.ch, Receipt: a.receipt(), Earlier: true}
			if a.succeeded() {
				rep.Sent = append(rep.Sent, s)
			} else {
				rep.InDoubt = append(rep.InDoubt, s)
			}
		}
	}
}
