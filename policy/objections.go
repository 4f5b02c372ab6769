package policy

import (
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
)

// objectionNotes records the checks on objections that do not depend on a
// channel: that they were checked (G10), gaps in reasons (G12) and serious
// harm (G15).
func (x *decider) objectionNotes() {
	r := x.r
	if x.m.Group != nil {
		x.step(RuleObjectionBatch, Note, r.PatientID, 0, 0, "one of a group message: this person's objections are checked like any individual message")
	}
	if len(r.Objections) == 0 {
		x.step(RuleObjectionCheck, Note, r.PatientID, 0, 0, "checked: no objection is registered")
		return
	}
	x.step(RuleObjectionCheck, Note, r.PatientID, 0, 0, "checked: registered objections apply to every channel considered below")
	serviceAsked := false
	for i := range r.Objections {
		ob := &r.Objections[i]
		if ob.Scope == objection.ScopeService && blank(x.m.Service) && !serviceAsked && x.on(RuleObjectionScope) {
			// The objection cannot be checked without knowing the service.
			serviceAsked = true
			x.step(RuleObjectionScope, Require, r.PatientID, 0, TheSender, "the person objected to messages from a named service and this message names no service: set the message's service so the objection can be checked")
			x.fail(Hold)
			x.addWho(TheSender)
		}
		if !ob.HasReason() {
			x.step(RuleObjectionNoReason, Note, r.PatientID, 0, 0, "an objection has no recorded reason: it is upheld, and the reason should be recorded")
			x.oblige(RecordObjectionReason, RuleObjectionNoReason, r.PatientID, 0, 0, "record the person's specific reason for their objection")
		}
		if ob.SeriousHarm {
			x.seriousHarm(ob)
		}
		if ob.Scope == objection.ScopeElectronic {
			x.step(RuleObjectionLetters, Note, r.PatientID, 0, 0, "the person objected to electronic channels: letters remain possible")
		}
	}
}

// seriousHarm records the contact details a serious-harm objection covers
// (G15): the person's contacts of the kinds it covers. Serious harm
// follows the detail, not the channel: the same number or address is not
// used by any channel or for any recipient (see addressUsable). Each
// entry for such a detail obliges the host to discuss removing it.
func (x *decider) seriousHarm(ob *objection.Objection) {
	r := x.r
	for _, c := range r.Contacts {
		if c.Status == channel.StatusRemoved || !ob.Covers(c.Kind, x.m.Service) {
			continue
		}
		if addr, err := channel.NormalizeAddress(c.Kind, c.Address, x.o.rules); err == nil && !x.harmedAt(c.Kind, addr) {
			x.w.harm = append(x.w.harm, harmed{c.Kind, addr})
		}
	}
	for _, c := range r.Contacts {
		if c.Status == channel.StatusRemoved {
			continue
		}
		covered := ob.Covers(c.Kind, x.m.Service)
		if !covered {
			addr, err := channel.NormalizeAddress(c.Kind, c.Address, x.o.rules)
			covered = err == nil && x.harmedAt(c.Kind, addr)
		}
		if covered {
			x.oblige(DiscussContactRemoval, RuleObjectionSeriousHarm, r.PatientID, c.Kind, 0, "contact by this detail puts the person at risk of serious harm: discuss removing the contact detail from the record entirely")
		}
	}
}

// harmed is a contact detail a serious-harm objection covers.
type harmed struct {
	k    channel.Kind
	addr string
}

// override records that the delivery relies on overriding an objection
// (G13, G14) and what the host must do about it.
func (x *decider) override(rc *recipient, c *cand, dl *Delivery) {
	ov := &x.w.more().override
	*ov = *x.m.Override
	dl.Override = ov
	x.step(RuleObjectionOverride, Allow, rc.id, c.k, 0, x.o.overrideDetail(ov.Ground, ov.Role))
	x.oblige(NoteOverride, RuleObjectionOverride, rc.id, c.k, 0, "note the override, its ground and who decided in the record")
	x.oblige(TellPersonWhy, RuleObjectionOverride, rc.id, c.k, 0, "tell the person why their objection was overridden, where appropriate")
}

// overrideDetail is overrideDetailText(g, r), made by New for every
// ground and role. Performance: building it for each decision cost about
// 580 instructions and an allocation.
func (o *Org) overrideDetail(g objection.Ground, r Role) string {
	if int(g) < len(o.ovDetails) && int(r) < len(o.ovDetails[g]) {
		return o.ovDetails[g][r]
	}
	return overrideDetailText(g, r)
}

// overrideDetailText is the detail of the step that overrides an
// objection on ground g, decided by someone in role r. Who decided is in
// the delivery's override (Delivery.Override.DecidedBy), and Explain
// prints it there.
func overrideDetailText(g objection.Ground, r Role) string {
	return "objection overridden on the ground " + g.String() + ", decided by the " + r.String() + " named in the delivery's override"
}

// whoFor is who decides an override the objection check says needs a
// decision: the role it names, or the Caldicott Guardian when it names
// nobody who may decide one.
func whoFor(r Role) Role {
	if r == Nobody || r == ThePatient {
		return CaldicottGuardian
	}
	return r
}

func (x *decider) denyObjection(id string, k channel.Kind, res objection.Result) {
	switch {
	case res.SeriousHarm:
		x.step(RuleObjectionSeriousHarm, Deny, id, k, 0, "an objection covers this channel because contact by it puts the person at risk of serious harm: never overridden, even in an emergency")
	case res.Ground != objection.GroundNone && res.Unfit != objection.FactNone:
		x.step(RuleObjectionGroundUnfit, Deny, id, k, 0, "the ground "+res.Ground.String()+" was claimed but does not fit the message's facts: "+res.Unfit.String()+" fails")
		x.step(RuleObjectionScope, Deny, id, k, 0, "an objection covers this channel and is upheld")
	default:
		x.step(RuleObjectionScope, Deny, id, k, 0, "an objection covers this channel and is upheld")
	}
}

// noChannel records why no channel could be used for a recipient. When a
// compelling ground could fit the message, it holds for the person who
// may decide to override (G13), even when the person objected to every
// channel; otherwise it refuses when they objected to every channel, and
// holds for the sender to find another way to reach them.
func (x *decider) noChannel(rc *recipient, cs []cand, objs []objection.Objection, facts *objection.Facts) {
	m := x.m
	dl := Delivery{Recipient: rc.id, Role: rc.role}
	defer func() { x.d.Deliveries = append(x.d.Deliveries, dl) }()
	if x.on(RuleObjectionNeedsDecide) && x.groundCould(rc, cs, objs, facts, &dl) {
		return
	}
	if x.on(RuleObjectionScope) && len(objs) > 0 && objection.Covered(objs, m.Service) == channel.AllKinds {
		dl.Outcome = Refuse
		x.step(RuleObjectionScope, Deny, rc.id, 0, 0, "the person objected to every channel for this message and no compelling ground fits it: it must not be sent")
		return
	}
	dl.Outcome, dl.Who = Hold, TheSender
	detail := "no approved channel with a usable contact, free of objections, can carry this message: the sender decides how else to reach the person"
	for i := range objs {
		if objs[i].Scope == objection.ScopeElectronic {
			detail += " (a letter remains possible after an objection to electronic channels)"
			break
		}
	}
	x.step(RuleRecipientNone, Require, rc.id, 0, TheSender, detail)
	x.oblige(ObtainContact, RuleRecipientNone, rc.id, 0, TheSender, "obtain a usable contact detail or reach the person another way")
	x.addWho(TheSender)
}

// groundCould holds dl for a decision when a compelling ground the message
// could rest on fits for an objected channel (G13, G34): the ground of its
// content class or an emergency, or the primary method having failed with
// no channel free of objections left to reach the person (G14.5). It
// reports whether it did.
func (x *decider) groundCould(rc *recipient, cs []cand, objs []objection.Objection, facts *objection.Facts, dl *Delivery) bool {
	grounds := [2]objection.Ground{groundFor(x.m)}
	if !facts.Failed.Empty() {
		grounds[1] = objection.GroundPrimaryMethodFailed
	}
	for _, g := range grounds {
		if g == objection.GroundNone {
			continue
		}
		// A claim awaiting its decision; the justification is what the
		// person who decides will state (G13, G32).
		claim := objection.Override{Ground: g, Justification: "to be stated by the person who decides"}
		for _, c := range cs {
			if c.res.Verdict != objection.Denied || c.res.SeriousHarm {
				continue
			}
			if res := objection.Check(objs, facts, c.k, &claim); res.Verdict == objection.NeedsDecision {
				dl.Outcome, dl.Who = Hold, whoFor(res.Need)
				x.step(RuleObjectionNeedsDecide, Require, rc.id, c.k, dl.Who, "no channel is free of objections, but the compelling ground "+g.String()+" fits this message: decide case by case whether to override, and record it")
				x.step(RuleHoldWho, Require, rc.id, c.k, dl.Who, "held: "+dl.Who.String()+" decides")
				x.addWho(dl.Who)
				return true
			}
		}
	}
	return false
}

// groundFor is the compelling ground a message's facts could support, if
// any: an emergency (G32), for a class of message that can be one, or the
// G14 ground for its content class.
func groundFor(m *Message) objection.Ground {
	if m.Urgency == Emergency && m.Class.CanBeEmergency() {
		return objection.GroundEmergency
	}
	return objection.GroundFor(m.Class)
}
