package audit

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/carecomms/carecomms/channel"
)

// Outbox is a Store that any number of dispatchers can share, in one
// process or on many machines: besides the hash chain it keeps the claims
// that let each delivery go once, and the work that is due later.
// MemStore and FileStore implement it within one host; the sqlstore
// package implements it on PostgreSQL for many. The policy package's
// Dispatcher uses it when its store is one; audittest.TestOutbox checks
// an implementation.
//
// # Claims
//
// A claim entry (KindClaim) reserves one [Delivery], a message to one
// recipient, for one attempt on one channel and address. Its Detail
// numbers it among the delivery's claims ([ClaimDetail]): a dispatcher
// claims number n+1 after reading n. The store refuses a claim whose
// number is not one more than the claims it holds for the delivery (a
// dispatcher that read the log before another claimed), or while the
// delivery's latest claim is open, with an error wrapping ErrClaimed, and
// stores nothing of that batch. A claim is open until an outcome entry for the same delivery, channel and address
// records a result that did not deliver the message: temporary_failure,
// bounced, not_recognised or expired. An outcome that names the claim it
// answers ([Entry.Answers]) closes only that claim: a late receipt for an
// earlier attempt leaves the latest claim as it is. A claim whose outcome succeeded
// (accepted, delivered, read) or is unknown, or that has no outcome yet,
// stays open for good: the message went, or may have gone. [Claim.Apply]
// is the rule, for implementations to share.
//
// # Due work
//
// A [Job] is work on one message (patient and message ID) that is due at
// a time: at most one job per message. Take leases due jobs so that one
// worker at a time has each; a lease that ends without Done or Put makes
// the job due again, so work taken by a worker that died is taken up by
// another.
//
// Every method returns an error matching ctx.Err() when ctx is already
// done when it is called, and ErrClosed once the store is closed.
type Outbox interface {
	Store

	// Commit stores b as one atomic step: every entry appended in order
	// after the current head, as Append would, with its claims checked,
	// and every job change made; or nothing. It returns the entries as
	// stored. Errors are Append's: ErrInvalid for an invalid entry (with
	// the *FieldError), ErrClaimed when a claim entry's delivery has an
	// open claim, ErrClosed, ctx.Err(), and ErrFailed when whether b was
	// stored is unknown.
	Commit(ctx context.Context, b Batch) ([]Entry, error)

	// ByMessage returns the entries about one message to one patient, in
	// sequence order: ByPatient filtered by message ID.
	ByMessage(ctx context.Context, patient, messageID string) ([]Entry, error)

	// ByReference returns the latest outcome entry that records a
	// succeeded result (accepted, delivered or read) and whose Detail is
	// ref: the transport's reference for an attempt. It returns an error
	// wrapping ErrNotFound when there is none.
	ByReference(ctx context.Context, ref string) (Entry, error)

	// Take leases up to max jobs due at or before now, earliest first,
	// until now+lease: until then no other Take returns them. Each job
	// returned carries a new Lease. No job due is an empty result.
	Take(ctx context.Context, now time.Time, max int, lease time.Duration) ([]Job, error)

	// Job returns the job for one message, leased or not, with its
	// current Lease, or an error wrapping ErrNotFound.
	Job(ctx context.Context, patient, messageID string) (Job, error)
}

// Batch is what Outbox.Commit stores in one step.
type Batch struct {
	// Entries are appended in order. Claim entries are checked against
	// the delivery's claims, those stored and those earlier in Entries.
	Entries []Entry
	// Done removes each job whose Lease is still the one given: a job
	// Put or Taken again since is left alone. Done is applied before Put.
	Done []Job
	// Put adds each job, or replaces the message's job, due at Due with
	// Payload, and ends any lease on it.
	Put []Job
}

// Job is work on one message that is due at a time: a delivery waiting
// for its sending window, a fallback waiting for its wait to end, or a
// message kept for the delivery receipts still to come.
type Job struct {
	Patient   string    // the patient the message is about
	MessageID string    // the host's id for the message
	Due       time.Time // when the work is due, by the dispatcher's clock
	// Payload is what the dispatcher needs to do the work. The store
	// keeps it as given and never shows it: it holds the message.
	Payload []byte
	// Lease identifies the job as Take or Job returned it; Batch.Done
	// removes the job only while it is unchanged. Put ignores it.
	Lease uint64
}

// String describes j without its payload.
func (j Job) String() string {
	return fmt.Sprintf("audit job for message %q patient %q due %s (payload %d bytes)",
		channel.MaskID(j.MessageID), channel.MaskID(j.Patient), j.Due.UTC().Format(time.RFC3339), len(j.Payload))
}

// check reports a job a store cannot keep.
func (j *Job) check(field string) error {
	switch {
	case j.Patient == "":
		return fieldErr(field+".patient", "empty: a job needs the patient's id")
	case j.MessageID == "":
		return fieldErr(field+".message_id", "empty: a job needs the message id")
	case j.Due.IsZero():
		return fieldErr(field+".due", "unset: give when the work is due")
	}
	return nil
}

// CheckBatch reports the first entry or job in b that a store cannot keep:
// the entry's Validate error, or a *FieldError naming the job's field.
func CheckBatch(b *Batch) error {
	for i := range b.Entries {
		if err := b.Entries[i].Validate(); err != nil {
			return fmt.Errorf("audit: batch entry %d: %w", i, err)
		}
	}
	for i := range b.Put {
		if err := b.Put[i].check("put[" + strconv.Itoa(i) + "]"); err != nil {
			return err
		}
	}
	for i := range b.Done {
		if err := b.Done[i].check("done[" + strconv.Itoa(i) + "]"); err != nil {
			return err
		}
	}
	return nil
}

// ErrClaimed is wrapped by the error an Outbox returns for a claim on a
// delivery whose latest claim is open: another dispatcher has it.
var ErrClaimed = errors.New("audit: delivery already claimed")

// ErrNotFound is wrapped by the errors ByReference and Job return when
// there is nothing to return.
var ErrNotFound = errors.New("audit: not found")

// ClaimError names the delivery a refused claim was for. It wraps
// ErrClaimed.
type ClaimError struct {
	Delivery Delivery
}

// Error names the delivery.
func (e *ClaimError) Error() string {
	return fmt.Sprintf("audit: message %q to %s %q is already claimed by another dispatcher: read its entries with ByMessage",
		channel.MaskID(e.Delivery.MessageID), e.Delivery.Role, channel.MaskID(e.Delivery.Recipient))
}

// Unwrap returns ErrClaimed.
func (e *ClaimError) Unwrap() error { return ErrClaimed }

// Delivery names one delivery of a message: the message, by its patient
// and the host's message ID, to one recipient.
type Delivery struct {
	Patient   string        `json:"patient"`
	MessageID string        `json:"message_id"`
	Role      RecipientRole `json:"recipient_role"`
	Recipient string        `json:"recipient"`
}

// Delivery returns the delivery an attempt, outcome or claim entry is
// about, and false for a decision entry, which has none.
func (e *Entry) Delivery() (Delivery, bool) {
	if e.Kind == KindDecision || e.Recipient == "" {
		return Delivery{}, false
	}
	return Delivery{Patient: e.Patient, MessageID: e.MessageID, Role: e.RecipientRole, Recipient: e.Recipient}, true
}

// Claim is what an Outbox keeps about one delivery's claims: how many
// were made, and whether the latest is open, on which channel and
// address. The zero value is a delivery never claimed.
type Claim struct {
	Count   int          `json:"count"`
	Open    bool         `json:"open"`
	Channel channel.Kind `json:"channel,omitzero"`
	Address string       `json:"address,omitempty"`
}

// Apply returns c as it is after e, an entry about c's delivery, is
// stored. A claim entry while c is open, or whose number is not
// c.Count+1, is refused with a *ClaimError and c is returned unchanged. An outcome entry for c's channel and
// address that did not deliver the message closes c, unless it answers
// another claim than c's latest (Entry.Answers is neither 0 nor c.Count).
// Other entries leave c as it is.
func (c Claim) Apply(e *Entry) (Claim, error) {
	switch e.Kind {
	case KindClaim:
		if n, _ := e.ClaimNumber(); c.Open || n != c.Count+1 {
			d, _ := e.Delivery()
			return c, &ClaimError{Delivery: d}
		}
		return Claim{Count: c.Count + 1, Open: true, Channel: e.Channel, Address: e.Address}, nil
	case KindOutcome:
		r, _ := e.Outcome.Result()
		answers := e.Answers == 0 || e.Answers == c.Count
		if c.Open && answers && e.Channel == c.Channel && e.Address == c.Address && Closes(r) {
			c.Open = false
		}
	}
	return c, nil
}

// ClaimDetail is the Detail of a delivery's n'th claim entry: "claim n".
func ClaimDetail(n int) string { return "claim " + strconv.Itoa(n) }

// ClaimNumber returns the number a claim entry's Detail gives it, and
// false when e is not a claim entry or its Detail is not ClaimDetail(n)
// for an n of 1 or more.
func (e *Entry) ClaimNumber() (int, bool) {
	rest, ok := strings.CutPrefix(e.Detail, "claim ")
	if e.Kind != KindClaim || !ok || rest == "" || rest[0] == '0' || rest[0] == '+' {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil && n >= 1
}

// Closes reports whether an outcome with result r closes the claim it
// answers: the message did not go (temporary_failure), the address failed
// (bounced, not_recognised), or it was not delivered or read in time
// (expired).
func Closes(r channel.Result) bool {
	return r == channel.ResultTemporaryFailure || r.Permanent() || r == channel.ResultExpired
}

// ApplyClaims applies [Claim.Apply] to each claim and outcome entry in
// entries, in order, starting from the claims get returns, as an Outbox
// does in Commit. It returns the claims that changed, or the first claim
// refused, a *ClaimError wrapping ErrClaimed.
func ApplyClaims(entries []Entry, get func(Delivery) Claim) (map[Delivery]Claim, error) {
	var changed map[Delivery]Claim
	for i := range entries {
		e := &entries[i]
		if e.Kind != KindClaim && e.Kind != KindOutcome {
			continue
		}
		d, ok := e.Delivery()
		if !ok {
			continue
		}
		c, ok := changed[d]
		if !ok {
			c = get(d)
		}
		next, err := c.Apply(e)
		if err != nil {
			return nil, err
		}
		if next == c {
			continue
		}
		if changed == nil {
			changed = map[Delivery]Claim{}
		}
		changed[d] = next
	}
	return changed, nil
}

// Reference returns the transport's reference for the attempt an outcome
// entry answers, as Outbox.ByReference finds it: the entry's Detail when
// it is an outcome entry whose result succeeded. ok is false otherwise.
func (e *Entry) Reference() (ref string, ok bool) {
	if e.Kind != KindOutcome || e.Detail == "" {
		return "", false
	}
	r, ok := e.Outcome.Result()
	return e.Detail, ok && r.Succeeded()
}

func notFoundRef(ref string) error {
	return fmt.Errorf("%w: no succeeded outcome has the reference %q: check the transport's reference, or that the send was recorded", ErrNotFound, ref)
}

func notFoundJob(patient, messageID string) error {
	return fmt.Errorf("%w: no job for message %q to patient %q", ErrNotFound, messageID, patient)
}
