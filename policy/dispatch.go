package policy

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
)

// ErrDispatcher is wrapped by errors from a Dispatcher that is not set up.
var ErrDispatcher = errors.New("policy: dispatcher is not set up")

// Dispatcher ties a decision to the host's transport and audit store
// (G26–G29, G31, P3). For each message it decides, writes the decision to
// the audit store before anything is sent, writes an attempt entry before
// each send and an outcome entry after it, and on a permanent failure
// (bounced, not recognised) decides again with the failed attempt recorded
// and continues with the next channel.
//
// It sends a delivery only when the decision's outcome for it is Send, so
// a held or refused delivery is never sent; deliveries to other recipients
// that may go still go. It never sends one message ID twice to the same
// recipient: a repeat call after success returns the earlier receipt, and
// an attempt with no recorded outcome (a crash or timeout between sending
// and recording) is reported as in doubt for the host to reconcile, not
// resent.
//
// Within one process, concurrent calls for the same patient and message
// are serialised. Across processes, the host must let one Dispatcher at a
// time dispatch a given message (the file store's lock gives this when
// all dispatchers share one audit directory).
type Dispatcher struct {
	org       *Org
	transport channel.Transport
	store     audit.Store
	now       func() time.Time

	mu    sync.Mutex
	inUse map[string]*keyLock
}

// keyLock serialises dispatches of one message to one patient.
type keyLock struct {
	sync.Mutex
	users int
}

func (d *Dispatcher) lock(key string) func() {
	d.mu.Lock()
	if d.inUse == nil {
		d.inUse = map[string]*keyLock{}
	}
	l := d.inUse[key]
	if l == nil {
		l = &keyLock{}
		d.inUse[key] = l
	}
	l.users++
	d.mu.Unlock()
	l.Lock()
	return func() {
		l.Unlock()
		d.mu.Lock()
		if l.users--; l.users == 0 {
			delete(d.inUse, key)
		}
		d.mu.Unlock()
	}
}

// NewDispatcher returns a Dispatcher. now is the clock used to time audit
// entries and later decisions; Decide itself never reads a clock.
func NewDispatcher(org *Org, t channel.Transport, s audit.Store, now func() time.Time) (*Dispatcher, error) {
	switch {
	case org == nil:
		return nil, fmt.Errorf("%w: org is nil: pass the result of policy.New", ErrDispatcher)
	case t == nil:
		return nil, fmt.Errorf("%w: transport is nil: pass the host's channel.Transport", ErrDispatcher)
	case s == nil:
		return nil, fmt.Errorf("%w: audit store is nil: pass an audit.Store such as new(audit.MemStore)", ErrDispatcher)
	case now == nil:
		return nil, fmt.Errorf("%w: clock is nil: pass a func returning the current time, such as time.Now", ErrDispatcher)
	}
	return &Dispatcher{org: org, transport: t, store: s, now: now}, nil
}

// Report is what a Dispatcher did with one message.
type Report struct {
	// Decisions are every decision made, in order; the last is final.
	Decisions []Decision `json:"decisions"`
	// Sent are the deliveries that reached the provider or further,
	// including ones sent by an earlier call (Earlier is true).
	Sent []Sent `json:"sent,omitempty"`
	// Failed are the attempts that failed, permanently or for now.
	Failed []Sent `json:"failed,omitempty"`
	// InDoubt are attempts with no recorded outcome: they may or may not
	// have gone. Reconcile them with the transport; they are not resent.
	InDoubt []Sent `json:"in_doubt,omitempty"`
}

// Final returns the last decision made, or a zero Decision (OutcomeNone).
func (r Report) Final() Decision {
	if len(r.Decisions) == 0 {
		return Decision{}
	}
	return r.Decisions[len(r.Decisions)-1]
}

// Sent is one send attempt and what became of it.
type Sent struct {
	Recipient string          `json:"recipient"`
	Channel   channel.Kind    `json:"channel"`
	Receipt   channel.Receipt `json:"receipt"`
	// Earlier is true when the attempt was made by an earlier call.
	Earlier bool `json:"earlier,omitempty"`
}

const maxRounds = 6

// Send decides m for r and sends every delivery that may go, recording
// each step in the audit store first. It returns a report of what it did.
// An error means the dispatch stopped: the audit store failed (nothing is
// sent after a failed write), or ctx was done. Transport errors are not
// returned as errors; they are outcomes in the report, wrapped with the
// channel but never the address.
func (d *Dispatcher) Send(ctx context.Context, m Message, r Record) (Report, error) {
	var rep Report
	if d == nil || d.org == nil {
		return rep, fmt.Errorf("%w: use NewDispatcher", ErrDispatcher)
	}
	defer d.lock(r.PatientID + "\x00" + m.ID)()
	done, err := d.history(ctx, &m, r.PatientID, &rep)
	if err != nil {
		return rep, err
	}
	retry := false
	for round := 0; round < maxRounds; round++ {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		if round > 0 {
			m.At = d.now()
		}
		dec := d.org.Decide(m, r)
		rep.Decisions = append(rep.Decisions, dec)
		if err := d.write(ctx, d.decisionEntry(m, r, dec)); err != nil {
			return rep, fmt.Errorf("policy: dispatch %s: recording the decision failed, nothing sent: %w", m.ID, err)
		}
		retry = false
		for _, dl := range dec.Deliveries {
			key := recipientKey(dl.Role.String(), dl.Recipient)
			if dl.Outcome != Send || dec.Outcome == Refuse || dec.Outcome == OutcomeNone || done[key] {
				continue
			}
			if err := ctx.Err(); err != nil {
				return rep, err
			}
			done[key] = true
			att := d.entry(audit.KindAttempt, m, r, dl)
			att.Body = m.Body
			if err := d.write(ctx, att); err != nil {
				return rep, fmt.Errorf("policy: dispatch %s: recording the attempt by %s failed, not sent: %w", m.ID, dl.Channel, err)
			}
			rc, terr := d.transport.Send(ctx, channel.Envelope{
				MessageID: m.ID, Recipient: dl.Recipient, Kind: dl.Channel, Address: dl.Address,
				Body: m.Body, SenderID: d.org.cfg.SenderID, NotBefore: dl.NotBefore,
			})
			if rc.Kind == 0 {
				rc.Kind = dl.Channel
			}
			rc.Result = channel.ResultOf(rc, terr)
			s := Sent{Recipient: dl.Recipient, Channel: dl.Channel, Receipt: rc}
			out := d.entry(audit.KindOutcome, m, r, dl)
			switch o := rc.Result; {
			case o.Succeeded():
				rep.Sent = append(rep.Sent, s)
			case o.Permanent():
				rep.Failed = append(rep.Failed, s)
				m.Attempts = append(m.Attempts, channel.Attempt{Kind: dl.Channel, Address: dl.Address, At: d.now(), Result: o})
				delete(done, key) // the next channel may be tried
				retry = true
			case o == channel.ResultTemporaryFailure:
				rep.Failed = append(rep.Failed, s)
			default:
				// No outcome known: in doubt; never resent blindly.
				rep.InDoubt = append(rep.InDoubt, s)
			}
			out.Outcome = audit.DeliveryResult(rc.Result)
			out.Detail = rc.ID
			if terr != nil {
				out.Detail = fmt.Sprintf("transport error by %s: %s", dl.Channel, redactErr(terr, dl.Address))
			}
			if err := d.write(ctx, out); err != nil {
				return rep, fmt.Errorf("policy: dispatch %s: recording the outcome by %s failed: %w", m.ID, dl.Channel, err)
			}
		}
		if !retry {
			break
		}
	}
	if retry {
		return rep, fmt.Errorf("policy: dispatch %s: stopped after %d decisions, each ending in a permanent failure: check the person's contact details", m.ID, maxRounds)
	}
	return rep, nil
}

func recipientKey(role, id string) string { return role + "\x00" + id }

// history reads earlier entries for this message: recipients already sent
// to (their receipts), attempts in doubt, and permanent failures, which are
// added to m.Attempts.
func (d *Dispatcher) history(ctx context.Context, m *Message, patient string, rep *Report) (map[string]bool, error) {
	done := map[string]bool{}
	if patient == "" || m.ID == "" {
		return done, nil
	}
	entries, err := d.store.ByPatient(ctx, patient)
	if err != nil {
		return nil, fmt.Errorf("policy: dispatch %s: reading the audit store failed, nothing sent: %w", m.ID, err)
	}
	type key struct {
		role      RecipientRole
		recipient string
		ch        channel.Kind
	}
	open := map[key]audit.Entry{}
	for _, e := range entries {
		if e.MessageID != m.ID {
			continue
		}
		k := key{e.RecipientRole, e.Recipient, e.Channel}
		switch e.Kind {
		case audit.KindAttempt:
			open[k] = e
		case audit.KindOutcome:
			delete(open, k)
			o, _ := e.Outcome.Result() // ResultUnknown when none is recorded
			kind := e.Channel
			s := Sent{Recipient: e.Recipient, Channel: kind, Receipt: channel.Receipt{ID: e.Detail, Kind: kind, Result: o, At: e.Time}, Earlier: true}
			switch {
			case o.Succeeded():
				done[recipientKey(e.RecipientRole.String(), e.Recipient)] = true
				rep.Sent = append(rep.Sent, s)
			case o.Permanent():
				m.Attempts = append(m.Attempts, channel.Attempt{Kind: kind, Address: e.Address, At: e.Time, Result: o})
			case o == channel.ResultUnknown:
				done[recipientKey(e.RecipientRole.String(), e.Recipient)] = true
				rep.InDoubt = append(rep.InDoubt, s)
			}
		}
	}
	for k, e := range open {
		kind := k.ch
		done[recipientKey(k.role.String(), k.recipient)] = true
		rep.InDoubt = append(rep.InDoubt, Sent{Recipient: k.recipient, Channel: kind, Receipt: channel.Receipt{Kind: kind, At: e.Time}, Earlier: true})
	}
	return done, nil
}

func (d *Dispatcher) write(ctx context.Context, e audit.Entry) error {
	_, err := d.store.Append(ctx, e)
	return err
}

func (d *Dispatcher) decisionEntry(m Message, r Record, dec Decision) audit.Entry {
	e := audit.Entry{
		Time: d.now(), Kind: audit.KindDecision, Patient: orUnknown(r.PatientID), Staff: orUnattributed(m.Staff.ID),
		MessageID: orUnknown(m.ID), Outcome: audit.DecisionOutcome(dec.Outcome), Body: m.Body,
	}
	for _, s := range dec.Trail {
		if len(e.Rules) == 0 || e.Rules[len(e.Rules)-1] != s.Rule.String() {
			e.Rules = append(e.Rules, s.Rule.String())
		}
	}
	// Record an override only where a delivery relies on it; a claim the
	// decision did not apply is noted, not recorded as decided.
	for _, dl := range dec.Deliveries {
		if ov := dl.Override; ov != nil {
			e.Override = auditOverride(ov)
			break
		}
	}
	if ov := m.Override; ov != nil && e.Override == nil {
		e.Detail = "an override was claimed on the ground " + ov.Ground.String() + " and not applied"
	}
	return e
}

func (d *Dispatcher) entry(kind audit.Kind, m Message, r Record, dl Delivery) audit.Entry {
	e := audit.Entry{
		Time: d.now(), Kind: kind, Patient: orUnknown(r.PatientID), Recipient: dl.Recipient, RecipientRole: dl.Role,
		Staff: orUnattributed(m.Staff.ID), MessageID: orUnknown(m.ID), Channel: dl.Channel, Address: dl.Address,
	}
	if dl.Override != nil {
		e.Override = auditOverride(dl.Override)
	}
	return e
}

// auditOverride is an objection override as the audit log records it.
func auditOverride(ov *objection.Override) *audit.Override {
	return &audit.Override{Ground: ov.Ground.String(), DecidedBy: ov.DecidedBy, Role: ov.Role.String(), Justification: ov.Justification}
}

func orUnknown(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}

func orUnattributed(s string) string {
	if s == "" {
		return "(unattributed)"
	}
	return s
}

// redactErr renders a transport error without the address it may
// contain: the address itself, and any run of seven or more digits (a
// phone or NHS number in another written form), are masked.
func redactErr(err error, address string) string {
	s := err.Error()
	if address != "" {
		s = strings.ReplaceAll(s, address, channel.Mask(0, address))
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		j, digits := i, 0
		for j < len(s) && (isDigit(s[j]) || (digits > 0 && (s[j] == ' ' || s[j] == '-') && j+1 < len(s) && isDigit(s[j+1]))) {
			if isDigit(s[j]) {
				digits++
			}
			j++
		}
		if digits >= 7 {
			for k := i; k < j-3; k++ {
				if isDigit(s[k]) {
					out = append(out, '*')
				} else {
					out = append(out, s[k])
				}
			}
			out = append(out, s[j-3:j]...)
			i = j
			continue
		}
		if j > i {
			out = append(out, s[i:j]...)
			i = j
			continue
		}
		out = append(out, s[i])
		i++
	}
	return string(out)
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }
