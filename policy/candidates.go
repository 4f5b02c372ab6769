package policy

import (
	"slices"

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
// facts which channels failed and which could be used (G14.5).
func (x *decider) gather(rc *recipient, order []channel.Kind, cs []cand, facts *objection.Facts) {
	o := x.o
	for i, k := range order {
		c := &cs[i]
		c.k, c.tier = k, tierOut
		addr, contact, st := x.contactFor(rc, k)
		c.addr, c.contact = addr, contact
		if st == contactFailed {
			facts.Failed = facts.Failed.Add(k)
		}
		if st == contactOK && o.approved.Has(k) && o.useCases[x.m.Class].Has(k) {
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
	if !x.admissible(rc, c.k, c.addr != "") {
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
	c.tooLong = k == channel.SMS && x.smsTooLong()
	if c.blocked || c.tooLong {
		c.tier++ // clean to revise, overridden to revise-and-override
	}
}

// admissible reports whether channel k may be considered for the
// recipient before objections are checked, with a trail step for each
// reason it may not.
func (x *decider) admissible(rc *recipient, k channel.Kind, hasAddr bool) bool {
	o, m := x.o, x.m
	pref := slices.Contains(rc.prefs, k)
	if !hasAddr {
		if o.approved.Has(k) || pref {
			x.step(RuleFallbackSkip, Deny, rc.id, k, 0, "skipped: no usable contact detail on record for this channel")
		}
		return false
	}
	if !o.approved.Has(k) {
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

// bestCand returns the index of the first candidate in the best tier, or
// -1 when none can be used.
func bestCand(cs []cand) int {
	best := -1
	for i := range cs {
		if cs[i].tier < tierOut && (best < 0 || cs[i].tier < cs[best].tier) {
			best = i
		}
	}
	return best
}

type contactState uint8

const (
	contactNone contactState = iota
	contactOK
	contactFailed
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
				if c.Status != channel.StatusRemoved {
					st = contactFailed
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
		if x.failedBefore(k, addr) && x.on(RuleContactFailed) {
			x.step(RuleContactFailed, Deny, rc.id, k, 0, "an earlier attempt at this contact failed permanently: not used")
			st = contactFailed
			continue
		}
		return addr, c, contactOK
	}
	return "", nil, st
}

func (x *decider) failedBefore(k channel.Kind, addr string) bool {
	for _, a := range x.m.Attempts {
		if a.Kind == k && a.Result.Permanent() {
			if a.Address == addr {
				return true
			}
			if n, err := channel.NormalizeAddress(k, a.Address, x.o.rules); err == nil && n == addr {
				return true
			}
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
	if verified.IsZero() || verified.After(x.m.At) || x.m.At.Sub(verified) > x.o.maxAge {
		if x.on(RuleContactFresh) {
			x.step(RuleContactFresh, Require, rc.id, c.k, 0, "the contact detail has not been confirmed within the org's limit: confirm it is accurate and current")
			x.oblige(ConfirmContact, RuleContactFresh, rc.id, c.k, 0, "confirm the contact detail is accurate and current")
		}
	}
}
