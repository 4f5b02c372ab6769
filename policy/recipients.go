package policy

import (
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/minimise"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/proxy"
)

// recipients plans a delivery for the patient and each valid proxy.
func (x *decider) recipients() {
	r, m, o := x.r, x.m, x.o
	on := x.today
	pt := proxy.Patient{BirthDate: r.BirthDate, Capacity: r.Capacity}
	proxies := x.proxies()
	plan := proxy.Recipients(proxies, pt, on)
	if len(r.Proxies) == 0 {
		x.step(RuleRecipientPatient, Allow, r.PatientID, 0, 0, "the message goes to the person the care is about; no proxy is recorded")
	}
	direct := plan.PatientReceives()
	for _, e := range plan.Proxies {
		p := &proxies[e.Index]
		if !e.Result.Valid {
			rule := RuleProxyAuthority
			if e.Result.Reason == proxy.ReasonNoRecordNote {
				rule = RuleProxyRecordNote
			}
			if x.on(rule) {
				x.step(rule, Deny, p.ID, 0, 0, "not a valid proxy: "+e.Result.Reason.String())
				continue
			}
		}
		x.step(RuleProxyAuthority, Allow, p.ID, 0, 0, o.proxyDetail(p.Authority, e.Mode))
	}
	if direct {
		x.planFor(&recipient{id: r.PatientID, role: ToPatient, contacts: r.Contacts, prefs: r.Preferences, language: r.Language, objs: r.Objections})
	} else {
		x.step(RuleRecipientPatient, Note, r.PatientID, 0, 0, "a valid proxy receives instead of the person ("+plan.Route.String()+")")
	}
	for _, e := range plan.Proxies {
		p := &proxies[e.Index]
		if !e.Result.Valid && (x.on(RuleProxyAuthority) && x.on(RuleProxyRecordNote)) {
			continue
		}
		if !p.Allows(m.Class) && x.on(RuleProxyAccess) {
			x.step(RuleProxyAccess, Deny, p.ID, 0, 0, "the proxy's recorded access ("+accessText(p.Access)+") does not cover "+m.Class.String()+": not sent to this proxy")
			continue
		}
		x.d.LegalBasis.Proxy = true
		var held Role
		service := m.Service
		if service == "" || !o.sensitive.Has(service) {
			// A body may name a sensitive service the message did not.
			if s := x.namedService(); s != "" {
				service = s
				x.step(RuleProxySensitive, Note, p.ID, 0, 0, "the body names a service the person may feel sensitive about: "+service)
			}
		}
		if hold, by := proxy.HoldForCheck(o.sensitive, service, pt, on); hold {
			held = x.sensitiveApproved(p.ID, by)
		}
		x.planFor(&recipient{id: p.ID, role: ToProxy, contacts: p.Contacts, prefs: p.Preferences, language: p.Language, objs: r.Objections, proxyOf: true, heldBy: held})
	}
}

// sensitiveApproved resolves the hold on telling proxy id about a
// sensitive service (G21) with an approval by who, the person the hold
// names, and returns who still holds it: zero when that person agreed.
// An approval by anyone else leaves the hold in place, with a note.
func (x *decider) sensitiveApproved(id string, who Role) Role {
	if a, ok := x.m.ApprovalBy(RuleProxySensitive, id, who); ok {
		x.step(RuleProxySensitive, Allow, id, 0, a.Role, "a service the person may feel sensitive about: "+a.Role.String()+" agreed this proxy may be told (recorded by "+channel.MaskID(a.DecidedBy)+")")
		detail := "note in the record that the individual was asked and agreed"
		if a.Role == CaldicottGuardian {
			detail = "note in the record that the Caldicott Guardian decided, the individual being unable to be asked"
		}
		x.oblige(RecordApproval, RuleProxySensitive, id, 0, a.Role, detail)
		return 0
	}
	if a, ok := x.m.Approval(RuleProxySensitive, id); ok {
		x.step(RuleProxySensitive, Note, id, 0, who, "an approval by the "+a.Role.String()+" is recorded, but for this person the "+who.String()+" decides: it does not resolve the hold")
	}
	return who
}

// accessText lists a proxy's access levels for a trail step.
func accessText(as []proxy.Access) string {
	if len(as) == 0 {
		return "none"
	}
	s := ""
	for i, a := range as {
		if i > 0 {
			s += ", "
		}
		s += a.String()
	}
	return s
}

// proxies returns the record's proxies less those whose entries are
// incomplete (input.entry): a copy only when one is left out.
func (x *decider) proxies() []proxy.Proxy {
	ps := x.r.Proxies
	if x.dropped == 0 {
		return ps
	}
	out := make([]proxy.Proxy, 0, len(ps))
	for i := range ps {
		if x.dropped&(1<<i) == 0 {
			out = append(out, ps[i])
		}
	}
	return out
}

type recipient struct {
	id       string
	role     RecipientRole
	contacts []channel.Contact
	prefs    []channel.Kind
	language string
	objs     []objection.Objection
	proxyOf  bool
	heldBy   Role // a sensitive service: who must be asked first
}

// planFor chooses the channel for one recipient and appends its delivery:
// the candidate channels in order, each screened by the rules that can
// rule it out, then the best one delivered with its fallbacks.
func (x *decider) planFor(rc *recipient) {
	// Objections that apply to this recipient: all of the patient's for
	// the patient; only the service-wide ones for a proxy's own contacts.
	objs := rc.objs
	if rc.proxyOf {
		var buf [8]objection.Objection // zeroed only for a proxy
		objs = serviceWide(rc.objs, buf[:0])
	}
	if !x.on(RuleObjectionScope) {
		objs = nil
	}
	var order [numKinds]channel.Kind
	n, npref := x.channelOrder(rc, &order)
	x.needsOrder(rc, order[:n], npref)

	facts := x.factsFor(rc)
	var cands [numKinds]cand
	cs := cands[:n]
	x.gather(rc, order[:n], cs, &facts)
	// live has bit i set when cs[i] may be used (its tier is below
	// tierOut). Performance: choosing and listing fallbacks then visit
	// those candidates only, not every one of the five or so.
	var live uint8
	for i := range cs {
		if x.screen(rc, &cs[i], objs, &facts); cs[i].tier < tierOut {
			live |= 1 << i
		}
	}
	best := bestCand(cs, live)
	if best < 0 {
		x.noChannel(rc, cs, objs, &facts)
		return
	}
	x.deliver(rc, cs, best, live)
}

// deliver appends the delivery by the chosen candidate cs[best], with the
// steps and obligations that come with it.
// live marks the candidates that may be used (see planFor).
func (x *decider) deliver(rc *recipient, cs []cand, best int, live uint8) {
	c := &cs[best]
	dl := x.newDelivery()
	dl.Recipient, dl.Role, dl.Channel, dl.Address, dl.Outcome = rc.id, rc.role, c.k, c.addr, Send
	switch c.tier {
	case tierDecide:
		dl.Outcome, dl.Who = Hold, c.who
	case tierRevise, tierRevOver:
		dl.Outcome = Revise
	}
	if c.tier == tierOverridden || c.tier == tierRevOver {
		x.override(rc, c, dl)
	}
	x.contentSteps(rc, c, dl)
	x.step(RulePlatformApproved, Allow, rc.id, c.k, 0, "chosen channel")
	if x.o.approved.Has(c.k) {
		x.step(RuleConfigDeclared, Note, rc.id, c.k, 0, "the org approved this platform with a recorded DPIA")
	}
	x.preferenceSteps(rc, c.k, cs, best)
	if rc.heldBy != Nobody && x.on(RuleProxySensitive) {
		dl.Outcome, dl.Who = worse(dl.Outcome, Hold), rc.heldBy
		x.step(RuleProxySensitive, Require, rc.id, c.k, rc.heldBy, "the message is about a service the person may feel sensitive about: check with them before a proxy is told, even if the text is bland")
		x.oblige(CheckWithIndividual, RuleProxySensitive, rc.id, 0, rc.heldBy, "check with the individual before notifying the proxy about this service")
	}
	x.timing(dl)
	x.fresh(rc, c)
	x.adjust(rc, dl)
	if c.k == channel.SMS {
		x.smsSteps(rc, c, dl)
	}
	x.fallbacks(rc, cs, best, live, dl)
	if dl.Outcome == Hold {
		x.addWho(dl.Who)
		x.step(RuleHoldWho, Require, rc.id, c.k, dl.Who, "held: "+dl.Who.String()+" decides")
	}
	if dl.Outcome == Send || dl.Outcome == Revise {
		x.oblige(RecordInCareRecord, RuleRecordKeep, rc.id, c.k, 0, "record the message sent (an exact copy or a summary) in the care record")
	}
}

// newDelivery appends a zero delivery to the decision and returns it.
//
// Performance: the delivery is built in its place, not on the stack and
// copied there at the end, and a slot the store already has is taken
// without building a zero Delivery to append (together about 150
// instructions). A slot past the slice's length has never been written,
// so it is zero.
func (x *decider) newDelivery() *Delivery {
	ds := x.d.Deliveries
	if n := len(ds); n < cap(ds) {
		ds = ds[:n+1]
	} else {
		ds = append(ds, Delivery{})
	}
	x.d.Deliveries = ds
	return &ds[len(ds)-1]
}

// namedService returns the first sensitive service a body names, in
// Message.Body and then in each channel's own body, or "".
func (x *decider) namedService() string {
	find := func(fs []minimise.Finding) string {
		for _, f := range fs {
			if f.Service != "" && x.o.sensitive.Has(f.Service) {
				return f.Service
			}
		}
		return ""
	}
	s := find(x.findings)
	for i := 0; s == "" && i < len(x.w.texts); i++ {
		s = find(x.w.texts[i].findings)
		if s == "" {
			s = find(x.w.texts[i].subject)
		}
	}
	return s
}
