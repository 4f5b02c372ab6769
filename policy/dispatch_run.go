package policy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/channel"
)

// payload is what a job holds: the message and the record as Send was
// given them. It holds the body and contact details: the store keeps it
// and never shows it.
type payload struct {
	Message Message `json:"message"`
	Record  Record  `json:"record"`
	// Keep is true when the job only keeps the message for receipts.
	Keep bool `json:"keep,omitempty"`
}

func encodePayload(m *Message, r *Record, keep bool) ([]byte, error) {
	b, err := json.Marshal(payload{Message: *m, Record: *r, Keep: keep})
	if err != nil {
		return nil, fmt.Errorf("policy: dispatch %s: cannot keep the message for later: %w", m.ID, err)
	}
	return b, nil
}

// needOutbox returns the store as an Outbox, or an error saying why it must
// be one.
func (d *Dispatcher) needOutbox(what string) (audit.Outbox, error) {
	if d == nil || d.org == nil {
		return nil, fmt.Errorf("%w: use NewDispatcher", ErrDispatcher)
	}
	if d.outbox == nil {
		return nil, fmt.Errorf("%w: %s needs a store that keeps due work, an audit.Outbox such as audit.FileStore or sqlstore.Store", ErrDispatcher, what)
	}
	return d.outbox, nil
}

// Run does due work until ctx is done, and then returns ctx.Err(): each
// delivery waiting for its window or for a fallback's wait, each retry,
// and each NHS App message unread at the end of its wait. It decides
// every message again with the dispatcher's clock before sending.
//
// Call it from as many goroutines, processes and machines as there should
// be workers: the store leases each job to one of them (on PostgreSQL
// with FOR UPDATE SKIP LOCKED). A worker that dies holding a job leaves it
// to another when the lease ends; what it sent and did not record is in
// doubt, never resent. Errors from the store (a database restarting, say)
// go to OnError and Run tries again after a pause. It needs an
// audit.Outbox; otherwise it returns an error wrapping ErrDispatcher.
func (d *Dispatcher) Run(ctx context.Context) error {
	if _, err := d.needOutbox("Run"); err != nil {
		return err
	}
	pause := d.opts.Poll
	for {
		n, err := d.RunDue(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		switch {
		case err != nil:
			if d.opts.OnError != nil {
				d.opts.OnError(err)
			}
			pause = min(2*pause, 30*time.Second)
		case n > 0:
			pause = d.opts.Poll
			continue
		default:
			pause = d.opts.Poll
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pause):
		}
	}
}

// takeBatch is how many jobs RunDue takes at a time.
const takeBatch = 8

// RunDue does the work due now, as Run does, and returns how many jobs it
// did. It is for hosts that run work from their own scheduler, and for
// tests. A job that fails is left for its lease to end; its error is
// given to OnError, and the first is returned after the rest are done.
func (d *Dispatcher) RunDue(ctx context.Context) (int, error) {
	ob, err := d.needOutbox("RunDue")
	if err != nil {
		return 0, err
	}
	n := 0
	var first error
	for {
		jobs, err := ob.Take(ctx, d.now(), takeBatch, d.opts.Lease)
		if err != nil {
			return n, fmt.Errorf("policy: taking due work: %w", err)
		}
		if len(jobs) == 0 {
			return n, first
		}
		for i := range jobs {
			rep, err := d.runJob(ctx, &jobs[i])
			n++
			if d.opts.OnReport != nil && len(rep.Decisions) > 0 {
				d.opts.OnReport(rep)
			}
			if err != nil {
				if ctx.Err() != nil {
					return n, ctx.Err()
				}
				if first == nil {
					first = err
				}
				if d.opts.OnError != nil {
					d.opts.OnError(err)
				}
			}
		}
	}
}

// runJob does one job: the message it holds, for the record as it is now
// when Records is set.
func (d *Dispatcher) runJob(ctx context.Context, j *audit.Job) (Report, error) {
	var p payload
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return Report{}, fmt.Errorf("policy: the job for message %s does not hold a message (%v): it is left in the store", j.MessageID, err)
	}
	if d.opts.Records != nil {
		r, err := d.opts.Records(ctx, j.Patient)
		if err != nil {
			return Report{}, fmt.Errorf("policy: dispatch %s: reading the patient's record failed, nothing sent: %w", j.MessageID, err)
		}
		p.Record = r
	}
	unlock, err := d.lock(ctx, j.Patient+"\x00"+j.MessageID)
	if err != nil {
		return Report{}, err
	}
	defer unlock()
	return d.dispatch(ctx, &p.Message, &p.Record, run{job: j, keep: p.Keep})
}

// ErrReceipt is wrapped by the errors RecordOutcome returns for a receipt
// it cannot take.
var ErrReceipt = errors.New("policy: receipt not recorded")

// RecordOutcome records a delivery receipt that arrived after Send
// returned, such as a provider's callback: rc names the attempt by the
// reference the transport gave (rc.ID, in Sent.Receipt.ID); rc.Kind, when
// set, must be its channel, and rc.At, when set, is when it happened.
// result is what became of the message: delivered, read, bounced, not
// recognised, expired, or temporary_failure.
//
// The receipt is recorded in the audit chain, against the attempt it
// names (audit.Entry.Answers). A result that means the message did not
// get through (bounced, not recognised, expired, failed for now) starts
// the next channel at once, as Send would after a failure, while the
// store still keeps the message (see DispatchOptions.KeepFor); the report
// says what was done. A read NHS App message is not moved on from at the
// end of its wait.
//
// A receipt for an attempt that is no longer the delivery's latest (a
// retry or another channel followed it) is recorded and changes nothing,
// so a provider's late or repeated callback never sends a message again
// nor stops a fallback. A receipt whose result is already recorded for
// its attempt, as when a provider delivers a callback twice, is not
// recorded again. When that result closed the delivery's latest attempt,
// what it calls for is done again, as for the first callback: a provider
// retries a callback that failed, and the follow-up may be what failed.
// It changes nothing when the follow-up was done (the next channel's
// claim is then the latest).
//
// It needs an audit.Outbox (ErrDispatcher otherwise). An unknown
// reference, a result of unknown, or a channel that is not the attempt's
// gives an error wrapping ErrReceipt, and nothing is recorded.
func (d *Dispatcher) RecordOutcome(ctx context.Context, rc channel.Receipt, result channel.Result) (Report, error) {
	ob, err := d.needOutbox("RecordOutcome")
	if err != nil {
		return Report{}, err
	}
	if !result.Valid() || result == channel.ResultUnknown {
		return Report{}, fmt.Errorf("%w: result %s: give what the provider reported, such as delivered, read, bounced or expired", ErrReceipt, result)
	}
	att, err := ob.ByReference(ctx, rc.ID)
	if errors.Is(err, audit.ErrNotFound) {
		return Report{}, fmt.Errorf("%w: %w", ErrReceipt, err)
	}
	if err != nil {
		return Report{}, fmt.Errorf("policy: recording a receipt: %w", err)
	}
	if rc.Kind != 0 && rc.Kind != att.Channel {
		return Report{}, fmt.Errorf("%w: the reference %q is for a message by %s, not %s", ErrReceipt, rc.ID, att.Channel, rc.Kind)
	}
	out := audit.Entry{Time: rc.At, Kind: audit.KindOutcome, Patient: att.Patient, Recipient: att.Recipient,
		RecipientRole: att.RecipientRole, Staff: att.Staff, MessageID: att.MessageID, Channel: att.Channel,
		Address: att.Address, Outcome: audit.DeliveryResult(result), Override: att.Override, Detail: rc.ID}
	if out.Time.IsZero() {
		out.Time = d.now()
	}
	act, err := d.answering(ctx, &att, &out)
	if err != nil {
		return Report{}, err
	}
	if act.record {
		if err := d.write(ctx, out); err != nil {
			return Report{}, fmt.Errorf("policy: recording a receipt for message %s: %w", att.MessageID, err)
		}
	}
	if !audit.Closes(result) || !act.latest {
		return Report{}, nil
	}
	job, err := ob.Job(ctx, att.Patient, att.MessageID)
	if errors.Is(err, audit.ErrNotFound) {
		return Report{}, nil // no longer kept: the receipt is recorded, and that is all
	}
	if err != nil {
		return Report{}, fmt.Errorf("policy: recording a receipt for message %s: the receipt is recorded, but the message could not be read: %w", att.MessageID, err)
	}
	return d.runJob(ctx, &job)
}

// receiptAction is what RecordOutcome does with a receipt.
type receiptAction struct {
	record bool // its result is not yet recorded for its attempt
	latest bool // its attempt is the delivery's latest, open or closed by this result
}

// answering finds the attempt a receipt is about, whose succeeded outcome
// ref is, and sets out.Answers to its claim. It reports whether to record
// out, and whether out is about the delivery's latest attempt, open until
// now or closed by this result. An attempt it cannot find is taken to be
// the latest, as receipts were before outcomes named their claims.
func (d *Dispatcher) answering(ctx context.Context, ref, out *audit.Entry) (receiptAction, error) {
	h, err := d.readHistory(ctx, &Message{ID: ref.MessageID}, ref.Patient)
	if err != nil {
		return receiptAction{}, fmt.Errorf("policy: recording a receipt for message %s: nothing recorded: %w", ref.MessageID, err)
	}
	rs := h.recips[recipientKey(ref.RecipientRole, ref.Recipient)]
	var a *attemptRec
	if ref.Answers != 0 && rs != nil {
		a = rs.byClaim(ref.Answers)
	}
	if a == nil {
		a = rs.byRef(ref.Detail)
	}
	if a == nil {
		return receiptAction{record: true, latest: true}, nil
	}
	out.Answers = a.claim
	r, _ := out.Outcome.Result()
	return receiptAction{record: !a.has(r), latest: a == rs.latest() && (!a.closed || a.closedBy == r)}, nil
}
