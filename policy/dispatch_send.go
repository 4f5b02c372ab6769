package policy

import (
	"context"
	"errors"
	"fmt"
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
			// Claimed and recorded, but not sent: the outcomes say so, so
			// that the deliveries are free for the next call.
			for j := i; j < len(p.sends); j++ {
				rc := channel.Receipt{Kind: p.sends[j].ch, Result: channel.ResultTemporaryFailure}
				rep.Failed = append(rep.Failed, Sent{Recipient: p.sends[j].dl.Recipient, Channel: p.sends[j].ch, Receipt: rc})
				d.record(ctx, m, r, &p.sends[j], rc, errNotSent)
			}
			return false, err
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

// errNotSent is the cause recorded for a delivery claimed but not sent
// because the caller's context ended first.
var errNotSent = errors.New("not sent: the dispatch was cancelled first")

// record writes the outcome of a send. It goes on after ctx is done, for
// up to WriteTimeout, retrying failed writes, so that a result is not lost
// to a caller that gave up.
func (d *Dispatcher) record(ctx context.Context, m *Message, r *Record, sp *planned, rc channel.Receipt, terr error) error {
	out := d.entry(audit.KindOutcome, m, r, sp.dl.Role, sp.dl.Recipient, sp.ch, sp.addr, sp.ov)
	out.Outcome = audit.DeliveryResult(rc.Result)
	out.Detail = rc.ID
	if terr != nil {
		out.Detail = fmt.Sprintf("transport error by %s: %s", sp.ch, redactErr(terr, sp.addr))
	}
	return d.write(ctx, out)
}

// write appends e, going on after ctx is done for up to WriteTimeout and
// retrying a failed append, with a growing pause, until then. An invalid
// entry or a closed store is not retried.
func (d *Dispatcher) write(ctx context.Context, e audit.Entry) error {
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), d.opts.WriteTimeout)
	defer cancel()
	pause := 20 * time.Millisecond
	for {
		_, err := d.store.Append(wctx, e)
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
