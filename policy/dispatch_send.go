package policy

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/channel"
)

// sendAll sends each planned delivery whose attempt was stored, records
// each result, and reports whether to go round again: a result that
// closed the claim may open the next channel, or a retry.
func (d *Dispatcher) sendAll(ctx context.Context, m *Message, r *Record, p *roundPlan, stored []audit.Entry, rep *Report, seen map[uint64]bool) (bool, error) {
	again := false
	for i := range p.sends {
		sp := &p.sends[i]
		att := stored[sp.attempt]
		seen[att.Seq] = true
		if err := ctx.Err(); err != nil {
			return false, d.notSent(ctx, m, r, p.sends[i:], rep, err)
		}
		rc, terr := d.call(ctx, channel.Envelope{
			MessageID: m.ID, Recipient: sp.dl.Recipient, Kind: sp.ch, Address: sp.addr,
			Body: m.BodyFor(sp.ch).Text, Subject: m.BodyFor(sp.ch).Subject, SenderID: d.org.cfg.SenderID, NotBefore: sp.nb,
		})
		if rc.Kind == 0 {
			rc.Kind = sp.ch
		}
		rc.Result = channel.ResultOf(rc, terr)
		s := Sent{Recipient: sp.dl.Recipient, Channel: sp.ch, Receipt: rc}
		switch o := rc.Result; {
		case o.Succeeded():
			rep.Sent = append(rep.Sent, s)
		case audit.Closes(o):
			rep.Failed = append(rep.Failed, s)
			again = true
		default:
			rep.InDoubt = append(rep.InDoubt, s) // no outcome known: never resent blindly
		}
		if err := d.record(ctx, m, r, sp, rc, terr); err != nil {
			return false, fmt.Errorf("policy: dispatch %s: recording the outcome by %s failed: %w", m.ID, sp.ch, err)
		}
	}
	return again, nil
}

// notSentDetail is the Detail of the outcome recorded for a delivery
// claimed but not sent because the dispatch's context ended first. That
// temporary failure never reached the transport: it uses up no retry.
const notSentDetail = "not sent: the dispatch was cancelled before the send"

// notSentEntry reports whether an outcome's detail says the delivery was
// claimed but not sent: notSentDetail, or the transport error logs written
// by earlier versions recorded for it.
func notSentEntry(detail string) bool {
	return detail == notSentDetail ||
		(strings.HasPrefix(detail, "transport error by ") && strings.HasSuffix(detail, ": not sent: the dispatch was cancelled first"))
}

// notSent records that sends were claimed but not sent because ctx ended
// (cause): a temporary failure for each, so that the deliveries are free
// again. When the store is an Outbox the message's job, due now, is
// stored in the same step, so that Run sends them. It goes on after ctx
// is done, as record does, and returns cause unless recording failed.
func (d *Dispatcher) notSent(ctx context.Context, m *Message, r *Record, sends []planned, rep *Report, cause error) error {
	now := d.now()
	var b audit.Batch
	for i := range sends {
		sp := &sends[i]
		rc := channel.Receipt{Kind: sp.ch, Result: channel.ResultTemporaryFailure}
		rep.Failed = append(rep.Failed, Sent{Recipient: sp.dl.Recipient, Channel: sp.ch, Receipt: rc})
		out := d.outcomeEntry(m, r, sp, rc, nil)
		out.Detail = notSentDetail
		b.Entries = append(b.Entries, out)
	}
	var err error
	if d.outbox == nil {
		for i := 0; i < len(b.Entries) && err == nil; i++ {
			err = d.write(ctx, b.Entries[i])
		}
	} else if b.Put, err = d.jobDue(m, r, now, false); err == nil {
		err = d.commitBatch(ctx, b)
	}
	if err != nil {
		return fmt.Errorf("policy: dispatch %s: %w before the send, and recording that failed, so the claimed deliveries are in doubt: reconcile them: %w", m.ID, cause, err)
	}
	if d.outbox != nil {
		for i := range sends {
			rep.Scheduled = append(rep.Scheduled, Scheduled{Recipient: sends[i].dl.Recipient, Channel: sends[i].ch, At: now})
		}
	}
	return cause
}

// jobDue returns the message's job, due at due, as a batch puts it; keep
// is true when the job only keeps the message for receipts.
func (d *Dispatcher) jobDue(m *Message, r *Record, due time.Time, keep bool) ([]audit.Job, error) {
	payload, err := encodePayload(m, r, keep)
	if err != nil {
		return nil, err
	}
	return []audit.Job{{Patient: orUnknown(r.PatientID), MessageID: orUnknown(m.ID), Due: due, Payload: payload}}, nil
}

// record writes the outcome of a send. It goes on after ctx is done, for
// up to WriteTimeout, retrying failed writes, so that a result is not lost
// to a caller that gave up.
func (d *Dispatcher) record(ctx context.Context, m *Message, r *Record, sp *planned, rc channel.Receipt, terr error) error {
	return d.write(ctx, d.outcomeEntry(m, r, sp, rc, terr))
}

// outcomeEntry is the outcome entry for a send.
func (d *Dispatcher) outcomeEntry(m *Message, r *Record, sp *planned, rc channel.Receipt, terr error) audit.Entry {
	out := d.entry(audit.KindOutcome, m, r, sp.dl.Role, sp.dl.Recipient, sp.ch, sp.addr, sp.ov)
	out.Outcome = audit.DeliveryResult(rc.Result)
	out.Answers = sp.claim
	out.Detail = rc.ID
	if terr != nil {
		out.Detail = fmt.Sprintf("transport error by %s: %s", sp.ch, redactErr(terr, sp.addr))
	}
	return out
}

// write appends e, going on after ctx is done as retrying does.
func (d *Dispatcher) write(ctx context.Context, e audit.Entry) error {
	return d.retrying(ctx, func(ctx context.Context) error {
		_, err := d.store.Append(ctx, e)
		return err
	})
}

// commitBatch commits b to the Outbox, going on after ctx is done as
// retrying does.
func (d *Dispatcher) commitBatch(ctx context.Context, b audit.Batch) error {
	return d.retrying(ctx, func(ctx context.Context) error {
		_, err := d.outbox.Commit(ctx, b)
		return err
	})
}

// retrying calls f, going on after ctx is done for up to WriteTimeout and
// calling f again after a failure, with a growing pause, until then. An
// invalid entry or a closed store is not retried.
func (d *Dispatcher) retrying(ctx context.Context, f func(context.Context) error) error {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.opts.WriteTimeout)
	defer cancel()
	pause := 20 * time.Millisecond
	for {
		err := f(wctx)
		if err == nil || errors.Is(err, audit.ErrInvalid) || errors.Is(err, audit.ErrClosed) {
			return err
		}
		select {
		case <-wctx.Done():
			return err
		case <-time.After(pause):
		}
		pause = min(2*pause, 2*time.Second)
	}
}

// call sends e through the transport, bounded by SendTimeout. A transport
// that panics or does not return in time gives an error that means the
// outcome is unknown: the attempt is in doubt. A transport that never
// returns is left running.
func (d *Dispatcher) call(ctx context.Context, e channel.Envelope) (channel.Receipt, error) {
	ctx, cancel := context.WithTimeout(ctx, d.opts.SendTimeout)
	defer cancel()
	type result struct {
		rc  channel.Receipt
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				// The panic's value may hold the address or the body: it
				// is not shown.
				done <- result{err: fmt.Errorf("the transport panicked (%T): the outcome is unknown", p)}
			}
		}()
		rc, err := d.transport.Send(ctx, e)
		done <- result{rc, err}
	}()
	select {
	case res := <-done:
		return res.rc, res.err
	case <-ctx.Done():
		select {
		case res := <-done: // it answered as the context ended
			return res.rc, res.err
		default:
		}
		return channel.Receipt{}, fmt.Errorf("the transport did not return within %s: the outcome is unknown: %w", d.opts.SendTimeout, ctx.Err())
	}
}
