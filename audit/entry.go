package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/isotime"
	"github.com/carecomms/carecomms/internal/vocab"
)

// Override records a decision to use a channel the patient objected to, on
// a compelling legitimate ground (G14), and who made it (G28).
type Override struct {
	Ground        string `json:"ground"`                  // the ground relied on, as the host names it
	DecidedBy     string `json:"decided_by"`              // the staff member who decided
	Role          string `json:"role,omitempty"`          // their role, such as "Caldicott Guardian"
	Justification string `json:"justification,omitempty"` // why the ground applies to this message
}

// Entry is one record in the audit log: a decision, a send attempt or a
// delivery outcome, attributed to a member of staff (G28).
//
// The host fills in every field except Seq, Prev and Hash, which the store
// assigns when it appends the entry. Time is supplied by the host: the
// package never reads the clock.
//
// Body and Address hold what the host's care-record rules require: G26
// asks for the message sent, an exact copy or a summary (set Summary), and
// hosts may store the address in full or masked. Entry.String never shows
// either in full.
type Entry struct {
	Seq           uint64        `json:"seq"`                     // 1-based position in the log, assigned by the store
	Time          time.Time     `json:"time"`                    // when it happened, supplied by the host
	Kind          Kind          `json:"kind"`                    // what the entry records
	Patient       string        `json:"patient"`                 // the patient the message is about
	Recipient     string        `json:"recipient,omitempty"`     // who it went to: the patient's id or a proxy's id
	RecipientRole RecipientRole `json:"recipient_role,omitzero"` // whether Recipient is the patient or a proxy
	Staff         string        `json:"staff"`                   // the member of staff the activity is attributed to (G28)
	MessageID     string        `json:"message_id"`              // the host's id for the message
	Channel       channel.Kind  `json:"channel,omitzero"`        // the channel kind, such as sms
	Address       string        `json:"address,omitempty"`       // the address used, in full or masked as the host chooses
	Body          string        `json:"body,omitempty"`          // the exact body sent, or a summary when Summary is set (G26)
	Summary       bool          `json:"summary,omitempty"`       // Body is a summary, not an exact copy
	Outcome       Outcome       `json:"outcome,omitzero"`        // the decision's outcome, or the delivery's result
	Rules         []string      `json:"rules,omitempty"`         // rule IDs from the decision's trail
	Override      *Override     `json:"override,omitempty"`      // an objection override, when one was used
	Detail        string        `json:"detail,omitempty"`        // free text for the host, such as a transport reference
	Prev          string        `json:"prev,omitempty"`          // Hash of the previous entry; empty for the first
	Hash          string        `json:"hash"`                    // hex SHA-256 of the canonical encoding, assigned by the store
	// Answers, on an outcome entry, is the number of the claim (see
	// ClaimDetail) whose attempt the outcome is about, so that a late
	// receipt for an earlier attempt is not taken for the latest one's.
	// Zero names none: the outcome is about the delivery's latest claim
	// on its channel and address, as outcomes written before the field
	// existed are read.
	Answers int `json:"answers,omitempty"`
}

// String describes e for logs. It shows the body's length only and masks
// the address and the identifiers (channel.MaskID: the patient's id is
// often the NHS number), so it never discloses them.
func (e Entry) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "audit entry %d %s message %q patient %q staff %q", e.Seq, e.Kind, channel.MaskID(e.MessageID), channel.MaskID(e.Patient), channel.MaskID(e.Staff))
	if e.Recipient != "" {
		fmt.Fprintf(&b, " to %s %q", e.RecipientRole, channel.MaskID(e.Recipient))
	}
	if e.Channel != 0 {
		fmt.Fprintf(&b, " by %s", e.Channel)
	}
	if e.Address != "" {
		fmt.Fprintf(&b, " at %s", mask(e.Address))
	}
	if !e.Outcome.IsZero() {
		fmt.Fprintf(&b, " outcome %s", e.Outcome)
	}
	if e.Body != "" {
		fmt.Fprintf(&b, " body %d bytes", len(e.Body))
	}
	if e.Override != nil {
		fmt.Fprintf(&b, " override %q by %q", channel.MaskID(e.Override.Ground), channel.MaskID(e.Override.DecidedBy))
	}
	return b.String()
}

// mask hides all but the last few characters of an address, keeping '@'
// and spaces so the shape stays readable.
func mask(address string) string {
	r := []rune(address)
	keep := 3
	if len(r) <= 4 {
		keep = 1
	}
	out := make([]rune, 0, len(r))
	for i, c := range r {
		if i >= len(r)-keep || c == '@' || c == ' ' {
			out = append(out, c)
		} else {
			out = append(out, '*')
		}
	}
	return string(out)
}

// ErrInvalid is wrapped by the errors Validate and Store.Append return for
// an entry that cannot be stored.
var ErrInvalid = errors.New("audit: invalid entry")

// FieldError reports a field of an entry that is missing or malformed: its
// JSON path (such as "staff" or "rules[2]"), what is wrong and how to fix
// it, and the wrapped [ErrInvalid]. It is the same type as
// policy.FieldError.
type FieldError = vocab.FieldError

func fieldErr(path, problem string) error {
	return vocab.NewFieldError("audit", ErrInvalid, path, problem)
}

// Validate reports the first problem that stops e being stored, as a
// *FieldError. Seq, Prev and Hash are not checked: the store assigns them.
//
// Every entry needs a kind, a time (year 1 to 9999), a patient, a member of
// staff (G28) and a message ID. Attempts and outcomes also need a recipient
// with its role and a channel, and so do claims (see Outbox), which record
// no outcome and are numbered in their Detail; an attempt needs a body, the message sent or
// its summary (G26); decisions and outcomes need an outcome. A recipient
// role needs a recipient, an override needs a ground and who decided, rule
// IDs must not be empty, and every string must be valid UTF-8 so that it
// survives JSON unchanged.
func (e *Entry) Validate() error {
	if !e.Kind.Valid() {
		return fieldErr("kind", "unset or unknown: use decision, attempt, outcome or claim")
	}
	if e.Time.IsZero() {
		return fieldErr("time", "unset: supply when it happened")
	}
	if y := e.Time.UTC().Year(); y < 1 || y > 9999 {
		return fieldErr("time", "year "+strconv.Itoa(y)+" is outside 1 to 9999")
	}
	required := []struct{ name, v string }{
		{"patient", e.Patient},
		{"staff", e.Staff},
		{"message_id", e.MessageID},
	}
	for _, f := range required {
		if f.v == "" {
			reason := "empty: supply it"
			if f.name == "staff" {
				reason = "empty: name the member of staff the activity is attributed to (G28)"
			}
			return fieldErr(f.name, reason)
		}
	}
	if e.Kind != KindDecision {
		if e.Recipient == "" {
			return fieldErr("recipient", "empty: "+e.Kind.String()+" entries need the recipient's id")
		}
		if e.RecipientRole == 0 {
			return fieldErr("recipient_role", "unset: "+e.Kind.String()+" entries need patient or proxy")
		}
		if e.Channel == 0 {
			return fieldErr("channel", "unset: "+e.Kind.String()+" entries need the channel kind, such as sms")
		}
	}
	if e.RecipientRole != 0 && !e.RecipientRole.Valid() {
		return fieldErr("recipient_role", "unknown: use patient or proxy")
	}
	if e.RecipientRole != 0 && e.Recipient == "" {
		return fieldErr("recipient", "empty while recipient_role is set: supply the recipient's id")
	}
	if e.Recipient != "" && e.RecipientRole == 0 {
		return fieldErr("recipient_role", "unset while recipient is set: use patient or proxy")
	}
	if e.Kind == KindAttempt && e.Body == "" {
		return fieldErr("body", "empty: record the message sent or a summary of it (G26)")
	}
	if e.Channel != 0 && !e.Channel.Valid() {
		return fieldErr("channel", e.Channel.String()+" is not a channel kind: use nhs_app, email, sms, messaging_app or letter")
	}
	if err := e.checkOutcome(); err != nil {
		return err
	}
	switch {
	case e.Answers < 0:
		return fieldErr("answers", "negative: give the number of the claim the outcome answers, or 0 for none")
	case e.Answers != 0 && e.Kind != KindOutcome:
		return fieldErr("answers", "set on a "+e.Kind.String()+" entry: only outcome entries answer a claim; leave it 0")
	}
	if e.Override != nil {
		if e.Override.Ground == "" {
			return fieldErr("override.ground", "empty: name the compelling legitimate ground (G14)")
		}
		if e.Override.DecidedBy == "" {
			return fieldErr("override.decided_by", "empty: name the member of staff who decided (G28)")
		}
	}
	for i, r := range e.Rules {
		if r == "" {
			return fieldErr("rules["+strconv.Itoa(i)+"]", "empty: remove it or give the rule ID")
		}
	}
	return e.validUTF8()
}

// validUTF8 reports the first free-text field that is not valid UTF-8.
func (e *Entry) validUTF8() error {
	fields := [...]struct{ name, v string }{
		{"patient", e.Patient}, {"recipient", e.Recipient}, {"staff", e.Staff},
		{"message_id", e.MessageID}, {"address", e.Address},
		{"body", e.Body}, {"detail", e.Detail},
	}
	for _, f := range fields {
		if !utf8.ValidString(f.v) {
			return badUTF8(f.name)
		}
	}
	for i, r := range e.Rules {
		if !utf8.ValidString(r) {
			return badUTF8("rules[" + strconv.Itoa(i) + "]")
		}
	}
	if o := e.Override; o != nil {
		fields := [...]struct{ name, v string }{
			{"override.ground", o.Ground}, {"override.decided_by", o.DecidedBy},
			{"override.role", o.Role}, {"override.justification", o.Justification},
		}
		for _, f := range fields {
			if !utf8.ValidString(f.v) {
				return badUTF8(f.name)
			}
		}
	}
	return nil
}

func badUTF8(field string) error {
	return fieldErr(field, "not valid UTF-8: convert it before storing")
}

// clone returns a copy of e that shares no memory with it, with the time
// in UTC and an empty rule list as nil, as a store keeps it.
func (e *Entry) clone() Entry {
	c := *e
	c.detach()
	return c
}

// detach gives e its own copies of Rules and Override, and puts its time
// in UTC, as a store keeps it.
func (e *Entry) detach() {
	e.Time = e.Time.UTC()
	if len(e.Rules) == 0 {
		e.Rules = nil
	} else {
		e.Rules = append([]string(nil), e.Rules...)
	}
	if e.Override != nil {
		o := *e.Override
		e.Override = &o
	}
}

// seal fills in the chain fields of e as the entry after (seq, prev).
func (e *Entry) seal(seq uint64, prev string) {
	e.Seq = seq + 1
	e.Prev = prev
	e.Hash = e.ComputeHash()
}

// hashVersion opens every canonical encoding. A new encoding gets a new tag.
const hashVersion = "carecomms.audit.v1"

// hashVersionAnswers opens the encoding of an entry that sets Answers:
// version 1's values, then Answers.
const hashVersionAnswers = "carecomms.audit.v2"

// ComputeHash returns the lowercase hex SHA-256 of e's canonical encoding.
// It covers every field but Hash itself, so a store sets Hash to it and
// Verify compares the two.
//
// # Canonical encoding
//
// The encoding is a sequence of netstrings: each value is written as its
// length in bytes in decimal ASCII, a colon, the bytes, and a comma, so
// "sms" is "3:sms,". The values, in this order, are:
//
//	"carecomms.audit.v1"
//	Seq in decimal, without leading zeros
//	Time in UTC as 2006-01-02T15:04:05.000000000Z (always nine fractional digits)
//	Kind name ("decision", "attempt", "outcome" or "claim")
//	Patient, Recipient
//	RecipientRole name ("patient" or "proxy"), or "" when unset
//	Staff, MessageID, Channel, Address, Body
//	Summary as "1" or "0"
//	Outcome
//	the number of Rules in decimal, then each rule
//	"0" when Override is nil; otherwise "1", then Ground, DecidedBy, Role, Justification
//	Detail
//	Prev
//
// An entry whose Answers is not zero opens with "carecomms.audit.v2" in
// place of "carecomms.audit.v1" and ends, after Prev, with Answers in
// decimal; every other entry is encoded as version 1, so that logs
// written before Answers existed verify unchanged.
//
// Strings are their UTF-8 bytes as stored. The encoding is stable: a
// change would come with a new version tag and a new hash field.
func (e *Entry) ComputeHash() string {
	var h [2 * sha256.Size]byte
	e.hexHash(&h)
	return string(h[:])
}

// hashMatches reports whether e.Hash is e.ComputeHash(), without
// allocating.
func (e *Entry) hashMatches() bool {
	var h [2 * sha256.Size]byte
	e.hexHash(&h)
	return string(h[:]) == e.Hash
}

// hexHash writes the hex SHA-256 of e's canonical encoding to h.
func (e *Entry) hexHash(h *[2 * sha256.Size]byte) {
	var buf [1024]byte // enough for most entries, without allocating
	sum := sha256.Sum256(e.appendCanonical(buf[:0]))
	hex.Encode(h[:], sum[:])
}

// appendDec appends n in decimal. It writes the one or two digits most
// lengths have directly: measured, that hashes an entry about a tenth
// faster than strconv.AppendUint, whose small-number path copies from a
// table.
func appendDec(b []byte, n uint64) []byte {
	switch {
	case n < 10:
		return append(b, byte('0'+n))
	case n < 100:
		return append(b, byte('0'+n/10), byte('0'+n%10))
	}
	return strconv.AppendUint(b, n, 10)
}

// appendCanonical appends e's canonical encoding to b.
func (e *Entry) appendCanonical(b []byte) []byte {
	ns := func(b []byte, s string) []byte {
		b = appendDec(b, uint64(len(s)))
		b = append(b, ':')
		b = append(b, s...)
		return append(b, ',')
	}
	nsInt := func(b []byte, n uint64) []byte {
		var d [20]byte
		v := appendDec(d[:0], n)
		b = appendDec(b, uint64(len(v)))
		b = append(b, ':')
		b = append(b, v...)
		return append(b, ',')
	}
	if e.Answers != 0 {
		b = ns(b, hashVersionAnswers)
	} else {
		b = ns(b, hashVersion)
	}
	b = nsInt(b, e.Seq)
	var t [40]byte
	b = ns(b, string(isotime.Append(t[:0], e.Time, true)))
	b = ns(b, e.Kind.String())
	b = ns(b, e.Patient)
	b = ns(b, e.Recipient)
	role := ""
	if e.RecipientRole != 0 {
		role = e.RecipientRole.String()
	}
	b = ns(b, role)
	b = ns(b, e.Staff)
	b = ns(b, e.MessageID)
	b = ns(b, channelName(e.Channel))
	b = ns(b, e.Address)
	b = ns(b, e.Body)
	if e.Summary {
		b = ns(b, "1")
	} else {
		b = ns(b, "0")
	}
	b = ns(b, e.Outcome.name())
	b = nsInt(b, uint64(len(e.Rules)))
	for _, r := range e.Rules {
		b = ns(b, r)
	}
	if o := e.Override; o == nil {
		b = ns(b, "0")
	} else {
		b = ns(b, "1")
		b = ns(b, o.Ground)
		b = ns(b, o.DecidedBy)
		b = ns(b, o.Role)
		b = ns(b, o.Justification)
	}
	b = ns(b, e.Detail)
	b = ns(b, e.Prev)
	if e.Answers != 0 {
		b = nsInt(b, uint64(e.Answers))
	}
	return b
}
