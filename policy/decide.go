package policy

import (
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/minimise"
)

// Decider decides messages. *Org implements it; policytest checks any
// implementation against the invariants and the scenario corpus.
type Decider interface {
	Decide(m Message, r Record) Decision
}

var _ Decider = (*Org)(nil)

// Decide decides whether, how and to whom the message may be sent under
// the org's configuration. It is a pure function of (org, m, r): the
// decision time is m.At, nothing is read from the clock or the network,
// and the result is the same for the same input. It is safe for
// concurrent use and never panics; invalid input yields Refuse with trail
// steps naming each field, except an incomplete proxy or objection entry,
// which is worked around and flagged (see ErrIncompleteEntry).
func (o *Org) Decide(m Message, r Record) Decision { return o.decide(&m, &r, nil) }

// prepared is what a group message's decisions share: the message checked
// once, its body scanned once and counted once as a text message, and
// each channel's own body and subject scanned once.
type prepared struct {
	problems problems // m.check's
	scan     *minimise.Prepared
	sms      channel.SMSInfo
	bodies   []preparedBody // one for each of m.Bodies
}

// preparedBody is a channel's own body and subject, scanned once for a
// group.
type preparedBody struct {
	text, subject *minimise.Prepared
}

func (o *Org) prepare(m *Message) *prepared {
	if o == nil {
		return nil
	}
	p := new(prepared)
	m.check(&p.problems)
	body := bounded(m.Body, MaxBodyBytes)
	p.scan, p.sms = o.scanner.Prepare(body), channel.CountSMS(body)
	if n := len(m.Bodies); n > 0 && n < numKinds {
		p.bodies = make([]preparedBody, n)
		for i, b := range m.Bodies {
			p.bodies[i] = preparedBody{text: o.scanner.Prepare(bounded(b.Text, MaxBodyBytes)), subject: o.scanner.Prepare(bounded(b.Subject, MaxSubjectBytes))}
		}
	}
	return p
}

// decide decides m for r; prep, when not nil, is o.prepare(m), the work a
// group message's decisions share. It only reads *m and *r, which callers may
// share between goroutines; taking them by pointer saves copying both at
// every call.
func (o *Org) decide(m *Message, r *Record, prep *prepared) (d Decision) {
	if o == nil {
		return Decision{MessageID: m.ID, Outcome: Refuse, LegalBasis: basisFor(m), Catalogue: CatalogueVersion,
			Trail: []Step{{Rule: RuleConfigDeclared, Effect: Deny, Detail: "no org configuration: decide with policy.Default() or an Org from policy.New"}}}
	}
	// d is on this stack: setting it here, not through x.d, needs no
	// write barriers.
	d.MessageID, d.LegalBasis, d.Catalogue = m.ID, basisFor(m), CatalogueVersion
	var w work
	x := decider{o: o, m: m, r: r, d: &d, w: &w}
	if prep != nil {
		x.group, w.sms, w.smsDone = prep, prep.sms, true
	}
	defer func() {
		if p := recover(); p != nil {
			// Unreachable by design; fail closed if it ever happens.
			d = Decision{MessageID: m.ID, Outcome: Refuse, LegalBasis: basisFor(m), Catalogue: CatalogueVersion,
				Trail: []Step{{Rule: RuleInputMessage, Effect: Deny, Detail: "internal error while deciding: the message must not be sent"}}}
		}
	}()
	x.run()
	d.Trail = w.trail
	return d
}

// bounded returns s, or "" when it is over max bytes: refused as too
// long, and never scanned.
func bounded(s string, max int) string {
	if len(s) > max {
		return ""
	}
	return s
}
