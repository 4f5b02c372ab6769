package policy

import (
	"math/bits"
	"slices"
	"strings"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
)

// tier ranks a channel for a recipient: lower is better.
type tier uint8

const (
	tierClean      tier = iota // allowed, content fine
	tierRevise                 // allowed, content must be revised
	tierOverridden             // allowed by an override, content fine
	tierRevOver                // allowed by an override, content must be revised
	tierDecide                 // a person must decide on an override
	tierOut                    // not usable

	// A channel with no objection, even one needing an edit, ranks ahead
	// of overriding an objection: an override is used only when needed (G13).

)

type cand struct {
	k       channel.Kind
	addr    string
	contact *channel.Contact // the record's contact detail, when addr is set
	tier    tier
	who     Role
	res     objection.Result
	blocked bool // content blocking on this channel
	tooLong bool // too long for a text message (P4)
	harmed  bool // the contact detail puts the person at risk of serious harm (G15)
}

// serviceWide appends to buf the objections that cover every channel of a
// service or the organisation: those that apply to a proxy's own contacts.
func serviceWide(objs, buf []objection.Objection) []objection.Objection {
	for _, ob := range objs {
		if ob.Scope == objection.ScopeOrganisation || ob.Scope == objection.ScopeService || ob.Scope == objection.ScopeCare {
			buf = append(buf, ob)
		}
	}
	return buf
}

// factsFor is what the objection check needs to know about the message
// and the recipient; gather adds the channels' states.
func (x *decider) factsFor(rc *recipient) objection.Facts {
	m := x.m
	f := objection.Facts{
		At: m.At, Class: m.Class, Service: m.Service, AppointmentAt: m.AppointmentAt,
		WaitingListThreshold: x.o.threshold, Vulnerable: x.r.Vulnerable && !rc.proxyOf,
		Urgent: m.Urgency >= Urgent, Emergency: m.Urgency == Emergency,
	}
	if m.Group != nil {
		f.GroupSize = m.Group.Size
	}
	return f
}

// gather finds each candidate channel's contact detail, and records in
// facts which channels failed and which could reach the person in time
// (G14.5): a usable contact, approved for the message's class and not too
// slow for its deadline.
func (x *decider) gather(rc *recipient, order []channel.Kind, cs []cand, facts *objection.Facts) {
	o, m := x.o, x.m
	// Performance: the kinds the recipient has contacts of, found in one
	// pass, spare a walk of the contacts for each kind with none (four of
	// a routine decision's five candidates).
	var present channel.Set
	for i := range rc.contacts {
		present = present.Add(rc.contacts[i].Kind)
	}
	for i, k := range order {
		c := &cs[i]
		c.k, c.tier = k, tierOut
		if !present.Has(k) {
			continue // contactFor would find nothing: no address, contactNone
		}
		addr, contact, st := x.contactFor(rc, k)
		c.addr, c.contact, c.harmed = addr, contact, st == contactHarmed
		if st == contactFailed {
			facts.Failed = facts.Failed.Add(k)
		}
		if st == contactOK && o.approved.Has(k) && o.useCases[m.Class].Has(k) &&
			!(m.Class.Confidential() && !o.confidential.Has(k) && x.on(RuleConfidentialChannel)) &&
			!(x.on(RuleTimingTooSlow) && x.tooSlow(k)) {
			facts.Usable = facts.Usable.Add(k)
		}
	}
}

// screen runs the rules that can rule a candidate channel out, in order:
// a contact on record, the org's approval (G3) or an emergency (G32), its
// use cases (G5), confidential content (G6), timing (G8), objections
// (G10–G17); then ranks what remains by whether the body must be revised
// for it.
func (x *decider) screen(rc *recipient, c *cand, objs []objection.Objection, facts *objection.Facts) {
	if c.harmed {
		return
	}
	if c.addr == "" {
		// Performance: most candidates have no contact (four of a routine
		// decision's five); admissible's first test, without the call.
		x.noAddress(rc, c.k)
		return
	}
	if !x.admissible(rc, c.k) {
		return
	}
	k := c.k
	c.res = objection.Check(objs, facts, k, x.m.Override)
	switch c.res.Verdict {
	case objection.Allowed:
		c.tier = tierClean
	case objection.Overridden:
		c.tier = tierOverridden
	case objection.NeedsDecision:
		c.tier, c.who = tierDecide, whoFor(c.res.Need)
		x.step(RuleObjectionNeedsDecide, Require, rc.id, k, c.who, "an objection covers this channel; the ground "+c.res.Ground.String()+" fits the facts but no one with authority has decided")
		return
	default:
		x.denyObjection(rc.id, k, c.res)
		return
	}
	c.blocked = x.blocking(k)
	c.tooLong = k == channel.SMS && x.smsTooLong(k)
	if c.blocked || c.tooLong {
		c.tier++ // clean to revise, overridden to revise-and-override
	}
}

// admissible reports whether channel k, for which the recipient has a
// usable contact detail, may be considered for the recipient before
// objections are checked, with a trail step for each reason it may not.
func (x *decider) admissible(rc *recipient, k channel.Kind) bool {
	o, m := x.o, x.m
	if !o.approved.Has(k) {
		pref := slices.Contains(rc.prefs, k)
		if m.Urgency == Emergency && x.on(RuleEmergency) {
			x.step(RuleEmergency, Allow, rc.id, k, 0, "not approved by the org, but usable in a genuine emergency")
		} else if x.on(RulePlatformApproved) {
			if pref {
				x.step(RulePreferenceNotConsent, Deny, rc.id, k, 0, "preferred, but a preference is not consent: the org has not approved this channel")
			} else {
				x.step(RulePlatformApproved, Deny, rc.id, k, 0, "the org has not approved this channel")
			}
			return false
		}
	}
	switch {
	case !o.useCases[m.Class].Has(k) && x.on(RuleUseCase):
		x.step(RuleUseCase, Deny, rc.id, k, 0, "the org's acceptable use cases do not allow "+m.Class.String()+" by this channel")
	case m.Class.Confidential() && !o.confidential.Has(k) && x.on(RuleConfidentialChannel):
		x.step(RuleConfidentialChannel, Deny, rc.id, k, 0, "confidential content, and this channel is not approved for it")
	case x.tooSlow(k) && x.on(RuleTimingTooSlow):
		x.step(RuleTimingTooSlow, Deny, rc.id, k, 0, "too slow: the message could not arrive before it is needed")
	default:
		return true
	}
	return false
}

// noAddress notes a candidate channel with no usable contact detail, when
// the org approved it or the recipient prefers it.
func (x *decider) noAddress(rc *recipient, k channel.Kind) {
	if x.o.approved.Has(k) || slices.Contains(rc.prefs, k) {
		x.step(RuleFallbackSkip, Deny, rc.id, k, 0, "skipped: no usable contact detail on record for this channel")
	}
}

// bestCand returns the index of the first candidate in the best tier, or
// -1 when none can be used; live has bit i set when cs[i]'s tier is below
// tierOut.
func bestCand(cs []cand, live uint8) int {
	best := -1
	for m := live; m != 0; m &= m - 1 {
		i := bits.TrailingZeros8(m)
		if best < 0 || cs[i].tier < cs[best].tier {
			best = i
		}
	}
	return best
}

type contactState uint8

const (
	contactNone   contactState = iota
	contactOK                  // usable
	contactFailed              // the method failed (G31)
	contactHarmed              // contact by it puts the person at risk of serious harm (G15)
)

// contactFor returns the first usable contact of kind k for the recipient,
// with its normalised address.
func (x *decider) contactFor(rc *recipient, k channel.Kind) (string, *channel.Contact, contactState) {
	st := contactNone
	for i := range rc.contacts {
		c := &rc.contacts[i]
		if c.Kind != k {
			continue
		}
		if !c.Status.Usable() {
			if x.on(RuleContactFailed) {
				x.step(RuleContactFailed, Deny, rc.id, k, 0, "contact detail "+c.Status.String()+": not used")
				if c.Status == channel.StatusBounced || c.Status == channel.StatusNotRecognised {
					st = contactFailed // the method failed (G31); removed or undefined is no failure
				}
				continue
			}
		}
		addr, err := channel.NormalizeAddress(k, c.Address, x.o.rules)
		if err != nil {
			if x.on(RuleContactInvalid) {
				x.step(RuleContactInvalid, Deny, rc.id, k, 0, "contact detail does not validate: "+err.Error())
				continue
			}
			addr = c.Address
		}
		if s, ok := x.addressUsable(rc, k, addr); !ok {
			if s == contactFailed || st == contactNone {
				st = s // a failure counts for G14.5 over anything else
			}
			continue
		}
		return addr, c, contactOK
	}
	return "", nil, st
}

// addressUsable checks a valid contact detail against the rest of the
// record and the message: a failure or removal recorded for the same
// detail under another entry, or by an earlier attempt (G31); an NHS App
// contact for another NHS number (G30); a detail at risk of serious harm
// (G15). When it may not be used, it says why in the trail and returns
// the contact's state.
func (x *decider) addressUsable(rc *recipient, k channel.Kind, addr string) (contactState, bool) {
	if x.on(RuleContactFailed) {
		if s := x.markedElsewhere(rc, k, addr); s != channel.StatusOK {
			x.step(RuleContactFailed, Deny, rc.id, k, 0, "the same contact detail is marked "+s.String()+" under another entry in the record: not used")
			if s == channel.StatusRemoved {
				return contactNone, false
			}
			return contactFailed, false
		}
		if x.failedBefore(k, addr) {
			x.step(RuleContactFailed, Deny, rc.id, k, 0, "an earlier attempt at this contact failed permanently: not used")
			return contactFailed, false
		}
	}
	if k == channel.NHSApp && rc.role == ToPatient && x.r.NHSNumber != "" && !sameNHSNumber(addr, x.r.NHSNumber) && x.on(RuleContactInvalid) {
		x.step(RuleContactInvalid, Deny, rc.id, k, 0, "the NHS App contact is for a different NHS number than the record's: not used")
		return contactNone, false
	}
	if x.harmedAt(k, addr) && x.on(RuleObjectionSeriousHarm) {
		x.step(RuleObjectionSeriousHarm, Deny, rc.id, k, 0, "this contact detail is one the person objected to for serious harm, whatever the channel: never used, even in an emergency")
		return contactHarmed, false
	}
	return contactOK, true
}

// family groups the kinds whose addresses are the same kind of detail: a
// mobile number serves text messages and messaging apps alike.
func family(k channel.Kind) channel.Kind {
	if k == channel.MessagingApp {
		return channel.SMS
	}
	return k
}

// sameDetail reports whether two normalised addresses are the same contact
// detail: the same family of kinds and the same address, an email's
// without regard to case.
func sameDetail(k1 channel.Kind, a1 string, k2 channel.Kind, a2 string) bool {
	if family(k1) != family(k2) {
		return false
	}
	if k1 == channel.Email {
		return strings.EqualFold(a1, a2)
	}
	return a1 == a2
}

// markedElsewhere returns the status of an entry, among the person's
// contacts and the recipient's own, for the same contact detail that is
// failed or removed, or StatusOK: a failure follows the detail, not the
// entry (G31). Another proxy's entries do not count, so removing a proxy
// never opens a channel to anyone else.
func (x *decider) markedElsewhere(rc *recipient, k channel.Kind, addr string) channel.Status {
	st := x.markedIn(x.r.Contacts, k, addr, channel.StatusOK)
	if rc.role == ToProxy {
		st = x.markedIn(rc.contacts, k, addr, st)
	}
	return st
}

// markedIn is markedElsewhere for the contacts cs, starting from status
// st. Performance: a method, not a closure over st, which cost a closure
// and its calls in every decision.
func (x *decider) markedIn(cs []channel.Contact, k channel.Kind, addr string, st channel.Status) channel.Status {
	for i := range cs {
		c := &cs[i]
		if c.Status.Usable() || family(c.Kind) != family(k) || st == channel.StatusRemoved {
			continue
		}
		if n, err := channel.NormalizeAddress(c.Kind, c.Address, x.o.rules); err == nil && sameDetail(c.Kind, n, k, addr) {
			if c.Status == channel.StatusRemoved || st == channel.StatusOK {
				st = c.Status
			}
		}
	}
	return st
}

// sameNHSNumber reports whether the normalised NHS App address (10
// digits) is the NHS number written in s, ignoring its spaces and hyphens.
func sameNHSNumber(addr, s string) bool {
	j := 0
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b == ' ' || b == '-' || b == '\t':
		case j < len(addr) && addr[j] == b:
			j++
		default:
			return false
		}
	}
	return j == len(addr)
}

// harmedAt reports whether a contact detail is one a serious-harm
// objection covers (see objectionNotes).
func (x *decider) harmedAt(k channel.Kind, addr string) bool {
	for _, h := range x.w.harm {
		if sameDetail(h.k, h.addr, k, addr) {
			return true
		}
	}
	return false
}

func (x *decider) failedBefore(k channel.Kind, addr string) bool {
	for _, a := range x.m.Attempts {
		if !a.Result.Permanent() || family(a.Kind) != family(k) {
			continue
		}
		if sameDetail(a.Kind, a.Address, k, addr) {
			return true
		}
		if n, err := channel.NormalizeAddress(a.Kind, a.Address, x.o.rules); err == nil && sameDetail(a.Kind, n, k, addr) {
			return true
		}
	}
	return false
}

// fresh adds the obligation to confirm stale contact details (G30).
func (x *decider) fresh(rc *recipient, c *cand) {
	if c.k == channel.NHSApp || c.contact == nil {
		return // addressed by NHS number, not a contact detail that goes stale (a chosen channel always has a contact)
	}
	verified := c.contact.Verified
	// verified+maxAge < At is At.Sub(verified) > maxAge without Sub's
	// overflow check (about 100 instructions): verified is not after At,
	// which is in range, so the sum cannot overflow.
	if verified.IsZero() || verified.After(x.m.At) || verified.Add(x.o.maxAge).Before(x.m.At) {
		if x.on(RuleContactFresh) {
			x.step(RuleContactFresh, Require, rc.id, c.k, 0, "the contact detail has not been confirmed within the org's limit: confirm it is accurate and current")
			x.oblige(ConfirmContact, RuleContactFresh, rc.id, c.k, 0, "confirm the contact detail is accurate and current")
		}
	}
}
