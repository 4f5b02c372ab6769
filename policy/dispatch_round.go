package policy

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
)

// run says what started a dispatch: Send, or a job the store held.
type run struct {
	send bool       // a call to Send, which records its decision whatever happens
	job  *audit.Job // the job being done, or nil
	keep bool       // the job only kept the message for receipts
}

// dispatch decides m for r and acts, round by round: each round reads the
// log, decides, commits the decision with the claims and attempts it
// allows, sends, and records the results. It goes round again after a
// failure that moves on to another channel, or after another dispatcher
// claimed a delivery first.
func (d *Dispatcher) dispatch(ctx context.Context, m *Message, r *Record, how run) (Report, error) {
	var rep Report
	seen := map[uint64]bool{}
	start := m.At
	pending := false // a result recorded calls for a round not yet committed
	for round := range maxRounds {
		if err := ctx.Err(); err != nil {
			return rep, d.unfinished(ctx, m, r, pending, err)
		}
		h, err := d.readHistory(ctx, m, r.PatientID)
		if err != nil {
			return rep, d.unfinished(ctx, m, r, pending, err)
		}
		h.withFailures(m)
		h.reportEarlier(&rep, seen)
		now := d.now()
		m.At = now
		if round == 0 && start.After(now) {
			m.At = start
		}
		dec := d.org.Decide(*m, *r)
		p := d.plan(m, r, dec, h, now, how)
		rep.Decisions = append(rep.Decisions, dec)
		rep.Scheduled = p.scheduled
		stored, err := d.commit(ctx, m, r, p)
		if errors.Is(err, audit.ErrClaimed) {
			how.send = false // the next round records its decision only if it acts
			continue
		}
		if err != nil {
			return rep, d.unfinished(ctx, m, r, pending, fmt.Errorf("policy: dispatch %s: recording the decision failed, nothing sent: %w", m.ID, err))
		}
		how.job, pending = nil, false // committed: done, or replaced by a new job
		again, err := d.sendAll(ctx, m, r, p, stored, &rep, seen)
		if err != nil || !again {
			return rep, err
		}
		how.send, pending = false, true
	}
	return rep, fmt.Errorf("policy: dispatch %s: stopped after %d decisions, each ending in a failure or a lost claim: check the person's contact details", m.ID, maxRounds)
}

// unfinished returns err, the error that stopped a dispatch. When a
// result recorded called for another round that was not committed (a
// failure that opens the next channel, or a retry), and the store is an
// Outbox, it first stores the message's job so that Run does that round:
// due now when ctx ended, or when the lease a failed job keeps would end.
func (d *Dispatcher) unfinished(ctx context.Context, m *Message, r *Record, pending bool, err error) error {
	if !pending || d.outbox == nil {
		return err
	}
	due := d.now()
	if ctx.Err() == nil {
		due = due.Add(d.opts.Lease)
	}
	put, perr := d.jobDue(m, r, due, false)
	if perr == nil {
		perr = d.commitBatch(ctx, audit.Batch{Put: put})
	}
	if perr != nil {
		return fmt.Errorf("policy: dispatch %s: %w; the work left could not be kept for Run either, so the next call or receipt for the message must do it: %w", m.ID, err, perr)
	}
	return err
}

// stop is one channel of a delivery's cascade: the first choice, then each
// fallback (P3).
type stop struct {
	ch    channel.Kind
	addr  string
	after Duration // how long to wait on the stop before this one
}

// cascade returns dl's channels in order, less the fallbacks whose body
// must be revised.
func cascade(dl *Delivery) []stop {
	out := make([]stop, 0, 1+len(dl.Fallbacks))
	out = append(out, stop{ch: dl.Channel, addr: dl.Address})
	for _, f := range dl.Fallbacks {
		if f.Revise {
			continue // not sent as drafted: skipped (its wait is not counted)
		}
		out = append(out, stop{ch: f.Channel, addr: f.Address, after: f.After})
	}
	return out
}

// planned is one send a round will make.
type planned struct {
	dl      *Delivery
	ch      channel.Kind
	addr    string
	ov      *objection.Override
	nb      time.Time
	attempt int // index of its attempt entry in roundPlan.entries
	claim   int // the number of its claim
}

// roundPlan is what one round writes and sends.
type roundPlan struct {
	dec       audit.Entry   // the decision entry
	record    bool          // whether to record the decision
	job       *audit.Job    // the job being done, removed when nothing more is due
	entries   []audit.Entry // outcomes of waits that ended, claims and attempts
	sends     []planned
	due       time.Time // when the message's job is next due; zero for none
	keepOnly  bool      // the job is due only to keep the message for receipts
	scheduled []Scheduled
}

// later notes work due at t: a delivery scheduled, or only the message
// kept when keep is true.
func (p *roundPlan) later(t time.Time, keep bool) {
	if p.due.IsZero() || t.Before(p.due) {
		p.due, p.keepOnly = t, keep
	} else if t.Equal(p.due) && !keep {
		p.keepOnly = false
	}
}

// plan decides what this round does for each delivery that may go.
func (d *Dispatcher) plan(m *Message, r *Record, dec Decision, h *history, now time.Time, how run) *roundPlan {
	p := &roundPlan{dec: d.decisionEntry(m, r, dec), job: how.job}
	idle := 0
	if dec.Outcome != Refuse && dec.Outcome != OutcomeNone {
		for i := range dec.Deliveries {
			if dl := &dec.Deliveries[i]; dl.Outcome == Send && d.planDelivery(p, m, r, dl, h.recips[recipientKey(dl.Role, dl.Recipient)], now) {
				idle++
			}
		}
	}
	// A decision is recorded when something is done on it, and when a
	// call or a job asked for one, unless every delivery it allows was
	// already sent or is in doubt: deciding again changed nothing.
	done := dec.Outcome == Send && idle == len(dec.Deliveries)
	p.record = len(p.entries) > 0 || (!done && (how.send || (how.job != nil && !how.keep)))
	return p
}

// planDelivery plans one delivery: nothing while an attempt is in doubt
// or got through, unless its wait ended with an NHS App message unread or
// another undelivered (see waitEnded); else
// the first channel of the cascade not yet given up on, now or when due.
// It reports whether there was nothing to do: the delivery was sent, or
// is in doubt.
func (d *Dispatcher) planDelivery(p *roundPlan, m *Message, r *Record, dl *Delivery, rs *recipState, now time.Time) (idle bool) {
	stops := cascade(dl)
	a := rs.latest()
	given := map[stop]bool{} // channels given up on, by channel and address
	if rs != nil {
		for i := range rs.attempts {
			if b := &rs.attempts[i]; b.closed && (b.closedBy != channel.ResultTemporaryFailure || rs.temporaries(b.ch, b.addr) >= d.opts.Retries) {
				given[stop{ch: b.ch, addr: b.addr}] = true
			}
		}
	}
	if a != nil && !a.closed {
		if !a.succeeded() || !d.waitEnded(p, m, r, dl, rs, a, stops, given, now) {
			return true // in doubt, in progress, or delivered
		}
		given[stop{ch: a.ch, addr: a.addr}] = true
	}
	next := -1
	for i, s := range stops {
		if !given[stop{ch: s.ch, addr: s.addr}] {
			next = i
			break
		}
	}
	if next < 0 {
		return false // every channel tried: the report's failures say why
	}
	s := stops[next]
	due := dl.NotBefore
	if next > 0 {
		due = d.org.opensAt(m, s.ch, now)
	}
	if a != nil && a.closed && a.closedBy == channel.ResultTemporaryFailure && !a.notSent && a.ch == s.ch && a.addr == s.addr {
		due = later(due, a.at.Add(d.opts.RetryAfter<<(rs.temporaries(s.ch, s.addr)-1)))
	}
	if due.After(now) {
		p.later(due, false)
		p.scheduled = append(p.scheduled, Scheduled{Recipient: dl.Recipient, Channel: s.ch, At: due})
		return false
	}
	claims := 0
	if rs != nil {
		claims = rs.claims
	}
	d.planSend(p, m, r, dl, stops, next, claims, now)
	return false
}

// waitEnded handles a successful attempt: when a channel follows it and the
// attempt went by the NHS App and was not read, or by another channel and
// was accepted but never reported delivered, the message moves on once
// the attempt's wait is over (P3). It records that the wait ended and
// reports true then; otherwise it notes when to look again and reports
// false.
//
// The channel that follows is the first of the cascade, as decided now,
// not given up on and not the attempt's own. The record may have changed
// since the attempt (a new address, an objection to its channel), so that
// the attempt is no longer in the cascade: its wait is still timed from
// the attempt, and the message then moves on to that channel.
func (d *Dispatcher) waitEnded(p *roundPlan, m *Message, r *Record, dl *Delivery, rs *recipState, a *attemptRec, stops []stop, given map[stop]bool, now time.Time) bool {
	next := -1
	for i, s := range stops {
		if (s.ch != a.ch || s.addr != a.addr) && !given[stop{ch: s.ch, addr: s.addr}] {
			next = i
			break
		}
	}
	if next < 0 {
		return false // nothing follows it
	}
	if !waiting(a) {
		if keep := a.at.Add(d.opts.KeepFor); keep.After(now) {
			p.later(keep, true)
		}
		return false
	}
	wait := time.Duration(d.org.waitOn(m, a.ch))
	if due := a.at.Add(wait); due.After(now) {
		p.later(due, false)
		p.scheduled = append(p.scheduled, Scheduled{Recipient: dl.Recipient, Channel: stops[next].ch, At: d.org.opensAt(m, stops[next].ch, due)})
		return false
	}
	e := d.entry(audit.KindOutcome, m, r, rs.role, rs.id, a.ch, a.addr, nil)
	e.Outcome = audit.DeliveryResult(channel.ResultExpired)
	e.Answers = a.claim // closes only the attempt whose wait ended (0 on a log without claim numbers)
	e.Detail = "not read within " + Duration(wait).String() + ": moving on to the next channel (P3)"
	if a.ch != channel.NHSApp {
		e.Detail = "not delivered within " + Duration(wait).String() + ": moving on to the next channel (P3)"
	}
	p.entries = append(p.entries, e)
	return true
}

// planSend adds the claim, numbered after the claims before it, and the
// attempt for stops[i] of dl, and notes when to look again: at the end of
// an NHS App message's wait, or when the message need no longer be kept.
func (d *Dispatcher) planSend(p *roundPlan, m *Message, r *Record, dl *Delivery, stops []stop, i, claims int, now time.Time) {
	s := stops[i]
	var ov *objection.Override
	if i == 0 {
		ov = dl.Override // an override applies to the first choice only
	}
	claim := d.entry(audit.KindClaim, m, r, dl.Role, dl.Recipient, s.ch, s.addr, ov)
	claim.Detail = audit.ClaimDetail(claims + 1)
	att := d.entry(audit.KindAttempt, m, r, dl.Role, dl.Recipient, s.ch, s.addr, ov)
	att.Body = recordedBody(m.BodyFor(s.ch))
	p.entries = append(p.entries, claim, att)
	nb := dl.NotBefore
	if i > 0 {
		nb = time.Time{}
	}
	p.sends = append(p.sends, planned{dl: dl, ch: s.ch, addr: s.addr, ov: ov, nb: nb, attempt: len(p.entries) - 1, claim: claims + 1})
	if i+1 < len(stops) {
		// Look again when the next channel's wait ends: an NHS App
		// message unread, or another still undelivered, moves on then.
		// Another channel's message is kept for receipts meanwhile, and
		// looked at again when KeepFor ends, if that comes first.
		due := now.Add(time.Duration(stops[i+1].after))
		p.later(due, false)
		p.scheduled = append(p.scheduled, Scheduled{Recipient: dl.Recipient, Channel: stops[i+1].ch, At: d.org.opensAt(m, stops[i+1].ch, due)})
		if s.ch != channel.NHSApp {
			p.later(now.Add(d.opts.KeepFor), true)
		}
	}
}

// waiting reports whether a successful attempt has not yet got through
// in the sense a fallback waits for (P3): an NHS App message not read, or
// a message by another channel accepted but not reported delivered.
func waiting(a *attemptRec) bool {
	if a.ch == channel.NHSApp {
		return !a.read
	}
	return a.result == channel.ResultAccepted
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// waitOn returns how long m waits on channel k, unread or undelivered,
// before the next channel (P3), as Decide gives it in Fallback.After.
func (o *Org) waitOn(m *Message, k channel.Kind) Duration {
	x := decider{o: o, m: m}
	return x.after(k)
}

// opensAt returns the first time at or after t that channel k may carry m:
// its sending window (P2), as Decide applies it.
func (o *Org) opensAt(m *Message, k channel.Kind, t time.Time) time.Time {
	x := decider{o: o, m: m}
	return x.windowed(k, t)
}

// commit writes the round's decision, outcomes, claims and attempts, with
// the message's job, in one step when the store is an Outbox; it returns
// the entries as stored.
func (d *Dispatcher) commit(ctx context.Context, m *Message, r *Record, p *roundPlan) ([]audit.Entry, error) {
	var entries []audit.Entry
	if p.record {
		entries = append(entries, p.dec)
	}
	entries = append(entries, p.entries...)
	if d.outbox == nil {
		for i, e := range entries {
			s, err := d.store.Append(ctx, e)
			if err != nil {
				return nil, err
			}
			entries[i] = s
		}
		return entries[len(entries)-len(p.entries):], nil
	}
	var b audit.Batch
	b.Entries = entries
	if !p.due.IsZero() {
		put, err := d.jobDue(m, r, p.due, p.keepOnly)
		if err != nil {
			return nil, err
		}
		b.Put = put
	}
	if job := p.job; job != nil && p.due.IsZero() {
		b.Done = []audit.Job{*job}
	}
	if len(b.Entries) == 0 && len(b.Put) == 0 && len(b.Done) == 0 {
		return nil, nil
	}
	stored, err := d.outbox.Commit(ctx, b)
	if err != nil {
		return nil, err
	}
	return stored[len(stored)-len(p.entries):], nil
}
