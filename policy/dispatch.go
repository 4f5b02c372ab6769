package policy

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
)

// ErrDispatcher is wrapped by errors from a Dispatcher that is not set up,
// or whose store cannot do what was asked (Run and RecordOutcome need an
// audit.Outbox).
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
// # Past one process
//
// When the store is an [audit.Outbox] ([audit.MemStore] and
// [audit.FileStore] within one host, the audit/sqlstore package on
// PostgreSQL across many), the store enforces that each (patient, message
// ID, recipient) is sent once: a claim is written in one step with the
// decision and the attempt, and a dispatcher that loses the race sends
// nothing. Any number of Dispatchers, in any number of processes, may then
// share the store. The store also keeps the work that is due later:
//
//   - a delivery waiting for its sending window (P2), and a fallback
//     waiting for its wait to end (P3);
//   - an NHS App message not read by the end of its wait, which moves on
//     to the next channel;
//   - a retry after a temporary failure;
//   - the message itself, while receipts that start a fallback may still
//     arrive ([DispatchOptions.KeepFor]).
//
// [Dispatcher.Run] takes that work when it is due and decides again with
// the dispatcher's clock, so a stale [Message.At] never skips a window.
// [Dispatcher.RecordOutcome] takes delivery receipts that arrive later.
//
// With a store that is not an Outbox, concurrent calls for the same
// message are serialised within one process only: by every Dispatcher in
// the process given the same store value (the same pointer, for a store
// that is one). Dispatchers in other processes, or given different store
// values over one database, are not serialised and may send a message
// twice; give them an Outbox instead. Deliveries due later are reported
// in [Report.Scheduled] for the host to send again.
type Dispatcher struct {
	org       *Org
	transport channel.Transport
	store     audit.Store
	outbox    audit.Outbox // store, when it is one
	now       func() time.Time
	opts      DispatchOptions
}

// DispatchOptions tune a Dispatcher. The zero value of each field means
// its default.
type DispatchOptions struct {
	// Records returns the patient's record as it is now, for work done
	// after Send returned: a scheduled delivery, a fallback, a receipt.
	// When nil, the record given to Send is used as it was then; set it
	// so that objections and contact changes made since are honoured
	// (G10, G30).
	Records func(ctx context.Context, patientID string) (Record, error)
	// SendTimeout bounds one call to the transport (default 30s). A call
	// that has not returned by then is recorded as in doubt and left
	// running; it is never sent again.
	SendTimeout time.Duration
	// WriteTimeout bounds recording a delivery's result, which goes on
	// after the caller's context is done so that it is not lost (default
	// 30s). Failed writes are retried until then.
	WriteTimeout time.Duration
	// Lease is how long a worker holds a job it took before another may
	// take it (default 5m): longer than a job's sends take.
	Lease time.Duration
	// Poll is how long Run waits when no work is due (default 1s).
	Poll time.Duration
	// KeepFor is how long after its last send a message is kept in the
	// store for receipts that may start a fallback (default 72h).
	KeepFor time.Duration
	// RetryAfter is the wait after a temporary failure before the same
	// channel is tried again; it doubles with each one (default 15m).
	RetryAfter time.Duration
	// Retries is how many times in all a channel that fails for now is
	// tried before moving on to the next (default 3: the first send and
	// two retries). A delivery claimed but not sent because the dispatch's
	// context ended is not counted.
	Retries int
	// OnReport, when set, is given the report of each job Run did, so
	// that the host can reconcile attempts in doubt.
	OnReport func(Report)
	// OnError, when set, is given each error Run met; Run goes on.
	OnError func(error)
}

// withDefaults fills in the defaults.
func (o DispatchOptions) withDefaults() DispatchOptions {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.SendTimeout, 30*time.Second)
	def(&o.WriteTimeout, 30*time.Second)
	def(&o.Lease, 5*time.Minute)
	def(&o.Poll, time.Second)
	def(&o.KeepFor, 72*time.Hour)
	def(&o.RetryAfter, 15*time.Minute)
	if o.Retries <= 0 {
		o.Retries = 3
	}
	return o
}

// keyLock serialises dispatches of one message to one patient within a
// process; a full channel is the lock, so that waiting can watch a
// context.
type keyLock struct {
	ch    chan struct{}
	users int
}

// lockKey names one message to one patient in one store: a store's
// identity is its value, which for the usual pointer types is the store
// itself.
type lockKey struct {
	store any
	key   string
}

// locks is the process's table of keyLocks, shared by every Dispatcher,
// so that Dispatchers sharing a store are serialised as one is.
var locks struct {
	mu    sync.Mutex
	inUse map[lockKey]*keyLock
}

// storeID is the identity d's locks are taken under: its store, or d
// itself when the store's type cannot be compared and so cannot be a key.
func (d *Dispatcher) storeID() any {
	if reflect.ValueOf(d.store).Comparable() {
		return d.store
	}
	return d
}

// lock takes the lock for key in d's store, or returns ctx's error if ctx
// is done first.
func (d *Dispatcher) lock(ctx context.Context, key string) (func(), error) {
	k := lockKey{store: d.storeID(), key: key}
	locks.mu.Lock()
	if locks.inUse == nil {
		locks.inUse = map[lockKey]*keyLock{}
	}
	l := locks.inUse[k]
	if l == nil {
		l = &keyLock{ch: make(chan struct{}, 1)}
		locks.inUse[k] = l
	}
	l.users++
	locks.mu.Unlock()
	release := func() {
		locks.mu.Lock()
		if l.users--; l.users == 0 {
			delete(locks.inUse, k)
		}
		locks.mu.Unlock()
	}
	select {
	case l.ch <- struct{}{}:
		return func() { <-l.ch; release() }, nil
	case <-ctx.Done():
		release()
		return nil, ctx.Err()
	}
}

// NewDispatcher returns a Dispatcher with the default options. now is the
// clock used to time audit entries and decisions; Decide itself never
// reads a clock.
func NewDispatcher(org *Org, t channel.Transport, s audit.Store, now func() time.Time) (*Dispatcher, error) {
	return NewDispatcherWith(org, t, s, now, DispatchOptions{})
}

// NewDispatcherWith returns a Dispatcher with options.
func NewDispatcherWith(org *Org, t channel.Transport, s audit.Store, now func() time.Time, opts DispatchOptions) (*Dispatcher, error) {
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
	d := &Dispatcher{org: org, transport: t, store: s, now: now, opts: opts.withDefaults()}
	d.outbox, _ = s.(audit.Outbox)
	return d, nil
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
	// have gone, or another dispatcher is sending them now. Reconcile
	// them with the transport; they are not resent.
	InDoubt []Sent `json:"in_doubt,omitempty"`
	// Scheduled are the deliveries waiting: for a sending window, for a
	// fallback's wait, or for a retry.
	Scheduled []Scheduled `json:"scheduled,omitempty"`
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

// Scheduled is a delivery waiting to be sent.
type Scheduled struct {
	Recipient string       `json:"recipient"`
	Channel   channel.Kind `json:"channel"`
	// At is when it is due, by the dispatcher's clock.
	At time.Time `json:"at"`
}

// maxRounds bounds the decisions one call makes: each after a permanent
// failure, or after another dispatcher claimed a delivery first.
const maxRounds = 6

// Send decides m for r and sends every delivery that may go now, recording
// each step in the audit store first; deliveries due later are left to
// Run when the store is an audit.Outbox. It decides with the dispatcher's
// clock, or m.At when that is later. It returns a report of what it did.
//
// An error means the dispatch stopped: the audit store failed (nothing is
// sent after a failed write), or ctx was done, while waiting for another
// call on the same message or before a send. A delivery claimed but not
// sent because ctx was done is recorded as a temporary failure that uses
// up none of [DispatchOptions.Retries], and reported in Report.Failed;
// when the store is an audit.Outbox it is also kept as due work, in the
// same step, for Run to send, and reported in Report.Scheduled. Transport
// errors are not returned as errors; they are outcomes in the report,
// wrapped with the channel but never the address.
func (d *Dispatcher) Send(ctx context.Context, m Message, r Record) (Report, error) {
	if d == nil || d.org == nil {
		return Report{}, fmt.Errorf("%w: use NewDispatcher", ErrDispatcher)
	}
	unlock, err := d.lock(ctx, r.PatientID+"\x00"+m.ID)
	if err != nil {
		return Report{}, err
	}
	defer unlock()
	return d.dispatch(ctx, &m, &r, run{send: true})
}

func recipientKey(role RecipientRole, id string) string { return role.String() + "\x00" + id }

func (d *Dispatcher) decisionEntry(m *Message, r *Record, dec Decision) audit.Entry {
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

// entry is an entry of kind about one recipient's delivery by ch at addr;
// ov is the objection override the delivery relies on, if any.
func (d *Dispatcher) entry(kind audit.Kind, m *Message, r *Record, role RecipientRole, recipient string, ch channel.Kind, addr string, ov *objection.Override) audit.Entry {
	e := audit.Entry{
		Time: d.now(), Kind: kind, Patient: orUnknown(r.PatientID), Recipient: recipient, RecipientRole: role,
		Staff: orUnattributed(m.Staff.ID), MessageID: orUnknown(m.ID), Channel: ch, Address: addr,
	}
	if ov != nil {
		e.Override = auditOverride(ov)
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

// redactErr renders a transport error without the addresses it may
// contain, in whatever form or letter case: see channel.Redact.
func redactErr(err error, address string) string {
	return channel.Redact(err.Error(), address)
}
