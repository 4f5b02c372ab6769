package audit

import (
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/vocab"
)

// RecipientRole is who a recipient is in relation to the patient: the same
// type as policy.RecipientRole. The zero value means no recipient is
// recorded, as for a decision about a message as a whole.
type RecipientRole = vocab.RecipientRole

// Recipient roles, re-exported from the shared vocabulary.
const (
	ToPatient = vocab.ToPatient // the patient themselves
	ToProxy   = vocab.ToProxy   // a proxy acting for the patient (G18–G21)
)

// Outcome is what an entry's outcome field records: on a decision entry,
// the decision's outcome (policy.Outcome: send, revise, hold, refuse); on
// an outcome entry, the delivery's [channel.Result] (delivered, bounced,
// ...). The two sets of names do not overlap, so the JSON field is one
// string, as logs have always written it. The zero value records no
// outcome, as on an attempt.
type Outcome struct {
	decision vocab.Outcome
	result   channel.Result
	of       uint8 // 0 none, ofDecision or ofResult
}

const (
	ofDecision = 1
	ofResult   = 2
)

// DecisionOutcome returns the Outcome that records a decision's outcome.
func DecisionOutcome(o vocab.Outcome) Outcome { return Outcome{decision: o, of: ofDecision} }

// DeliveryResult returns the Outcome that records a delivery's result.
func DeliveryResult(r channel.Result) Outcome { return Outcome{result: r, of: ofResult} }

// Decision returns the decision's outcome, and whether o records one.
func (o Outcome) Decision() (vocab.Outcome, bool) { return o.decision, o.of == ofDecision }

// Result returns the delivery's result, and whether o records one.
func (o Outcome) Result() (channel.Result, bool) { return o.result, o.of == ofResult }

// IsZero reports whether o records no outcome.
func (o Outcome) IsZero() bool { return o.of == 0 }

// String returns the outcome's name, such as "send" or "bounced", or ""
// when o records none.
func (o Outcome) String() string { return o.name() }

func (o Outcome) name() string {
	switch o.of {
	case ofDecision:
		return o.decision.String()
	case ofResult:
		return o.result.String()
	}
	return ""
}

// MarshalText encodes o by name. An outcome outside the defined names is an
// error.
func (o Outcome) MarshalText() ([]byte, error) {
	var err error
	switch o.of {
	case ofDecision:
		_, err = o.decision.MarshalText()
	case ofResult:
		_, err = o.result.MarshalText()
	default:
		return nil, fieldErr("outcome", "unset: record a decision's outcome or a delivery's result, or omit it")
	}
	if err != nil {
		return nil, err
	}
	return []byte(o.name()), nil
}

// UnmarshalText decodes a decision outcome name or a delivery result name,
// rejecting any other.
func (o *Outcome) UnmarshalText(b []byte) error {
	var d vocab.Outcome
	if d.UnmarshalText(b) == nil {
		*o = DecisionOutcome(d)
		return nil
	}
	var r channel.Result
	if err := r.UnmarshalText(b); err != nil {
		return fieldErr("outcome", "unknown: use a decision's outcome (send, revise, hold, refuse) or a delivery's result (such as delivered or bounced)")
	}
	*o = DeliveryResult(r)
	return nil
}

// checkOutcome reports an outcome that does not belong on e's kind.
func (e *Entry) checkOutcome() error {
	switch {
	case e.Kind == KindAttempt && !e.Outcome.IsZero():
		return fieldErr("outcome", "set on an attempt: record the result in an outcome entry")
	case e.Kind == KindClaim && !e.Outcome.IsZero():
		return fieldErr("outcome", "set on a claim: record the result in an outcome entry")
	case e.Kind == KindClaim:
		if _, ok := e.ClaimNumber(); !ok {
			return fieldErr("detail", "not a claim's number: a claim entry's detail is \"claim N\", N one more than the delivery's claims before it (see audit.ClaimDetail)")
		}
	case e.Kind == KindDecision && (e.Outcome.of != ofDecision || e.Outcome.decision > vocab.Refuse):
		return fieldErr("outcome", "not a decision's outcome: decision entries need send, revise, hold or refuse")
	case e.Kind == KindOutcome && (e.Outcome.of != ofResult || !e.Outcome.result.Valid()):
		return fieldErr("outcome", "not a delivery's result: outcome entries need one, such as delivered or bounced")
	}
	return nil
}

// channelName is the canonical encoding's name for k: "" when unset.
func channelName(k channel.Kind) string {
	if k == 0 {
		return ""
	}
	return k.String()
}

// Equal reports whether o and p record the same outcome.
func (o Outcome) Equal(p Outcome) bool { return o == p }
