package policy

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/isotime"
	"github.com/carecomms/carecomms/minimise"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/proxy"
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
// steps naming each field.
func (o *Org) Decide(m Message, r Record) Decision { return o.decide(&m, &r, nil) }

// prepared is what a group message's decisions share: the message checked
// once, and its body scanned once and counted once as a text message.
type prepared struct {
	problems problems // m.check's
	scan     *minimise.Prepared
	sms      channel.SMSInfo
}

func (o *Org) prepare(m *Message) *prepared {
	if o == nil {
		return nil
	}
	p := &prepared{scan: o.scanner.Prepare(m.Body), sms: channel.CountSMS(m.Body)}
	m.check(&p.problems)
	return p
}

// decide decides m for r; prep, when not nil, is o.prepare(m), the work a
// group message's decisions share. It only reads *m and *r, which callers may
// share between goroutines; taking them by pointer saves copying both at
// every call.
func (o *Org) decide(m *Message, r *Record, prep *prepared) (d Decision) {
	if o == nil {
		return Decision{MessageID: m.ID, Outcome: Refuse, LegalBasis: careBasis(), Catalogue: CatalogueVersion,
			Trail: []Step{{Rule: RuleConfigDeclared, Effect: Deny, Detail: "no org configuration: decide with policy.Default or an Org from policy.New"}}}
	}
	// d is on this stack: setting it here, not through x.d, needs no
	// write barriers.
	d.MessageID, d.LegalBasis, d.Catalogue = m.ID, careBasis(), CatalogueVersion
	var w work
	x := decider{o: o, m: m, r: r, d: &d, w: &w}
	if prep != nil {
		x.group, w.sms, w.smsDone = prep, prep.sms, true
	}
	defer func() {
		if p := recover(); p != nil {
			// Unreachable by design; fail closed if it ever happens.
			d = Decision{MessageID: m.ID, Outcome: Refuse, LegalBasis: careBasis(), Catalogue: CatalogueVersion,
				Trail: []Step{{Rule: RuleInputMessage, Effect: Deny, Detail: "internal error while deciding: the message must not be sent"}}}
		}
	}()
	x.run()
	d.Trail = w.trail
	return d
}

// storage is the backing store of a typical decision's slices, so that a
// routine decision (14 to 16 steps, one delivery, one obligation)
// allocates once; larger decisions grow beyond it. Its size matters: the
// allocation is a large part of a routine decision's cost.
type storage struct {
	trail       [16]Step
	deliveries  [1]Delivery
	obligations [1]Obligation
}

// work holds what a decision builds up whose contents may reach the heap
// (see decider): the trail, written in place, and the body counted as a
// text message, once per decision.
type work struct {
	trail   []Step // becomes d.Trail
	sms     channel.SMSInfo
	smsDone bool
}

// decider is the state of one decision. It points at the message, the
// record and the decision being built, none of which leave the stack. A
// field whose contents may end up in the decision's (heap) slices, such as
// the SMS count's replacements, is kept behind a pointer: escape analysis
// does not tell a struct's fields apart, so such a field held inline would
// move the message and record to the heap with it.
type decider struct {
	o        *Org
	m        *Message
	r        *Record
	d        *Decision
	findings []minimise.Finding
	scam     bool
	global   Outcome // outcome from message-wide rules
	w        *work
	group    *prepared    // a group message's shared work, or nil
	local    int64        // m.At as London wall-clock time (see londonLocal)
	today    channel.Date // the London date at m.At
}

func (x *decider) step(rule RuleID, eff Effect, recipient string, k channel.Kind, who Role, detail string) {
	w := x.w
	if n := len(w.trail); n < cap(w.trail) {
		// Fill the next slot in place: no temporary to build and copy, and
		// reslicing a slice to itself writes only its length.
		w.trail = w.trail[:n+1]
		s := &w.trail[n]
		s.Rule, s.Effect, s.Channel, s.Who = rule, eff, k, who
		s.Recipient, s.Detail = recipient, detail
		return
	}
	w.trail = append(w.trail, Step{Rule: rule, Effect: eff, Recipient: recipient, Channel: k, Who: who, Detail: detail})
}

func (x *decider) oblige(code ObligationCode, rule RuleID, recipient string, k channel.Kind, who Role, detail string) {
	for _, ob := range x.d.Obligations {
		if ob.Code == code && ob.Recipient == recipient && ob.Channel == k {
			return
		}
	}
	x.d.Obligations = append(x.d.Obligations, Obligation{Code: code, Rule: rule, Recipient: recipient, Channel: k, Who: who, Detail: detail})
}

func (x *decider) fail(o Outcome) { x.global = worse(x.global, o) }

func (x *decider) run() {
	m, r, o := x.m, x.r, x.o
	x.local, x.today = londonClock(m.At)
	// One allocation holds the usual trail, deliveries and obligations.
	st := new(storage)
	x.w.trail = st.trail[:0]
	x.d.Deliveries = st.deliveries[:0:1]
	x.d.Obligations = st.obligations[:0:1]
	x.global = Send

	// Input validity: every problem becomes a step; none may yield Send.
	var pm, pr problems
	if x.group != nil {
		pm = x.group.problems
	} else {
		m.check(&pm)
	}
	r.check(&pr)
	if x.on(RuleInputMessage) {
		for _, e := range pm.list {
			x.step(RuleInputMessage, Deny, "", 0, 0, "message "+e.Path+" "+e.Problem)
			x.fail(Refuse)
		}
	}
	if x.on(RuleInputRecord) {
		for _, e := range pr.list {
			x.step(RuleInputRecord, Deny, "", 0, 0, "record "+e.Path+" "+e.Problem)
			x.fail(Refuse)
		}
	}

	// Scope (G1) and lawful basis (G2).
	if m.Purpose != IndividualCare {
		if x.on(RuleScopePurpose) {
			x.step(RuleScopePurpose, Deny, "", 0, 0, "the message is for "+m.Purpose.String()+", not individual care: this guidance does not cover it and it must not be decided as a care message")
			x.fail(Refuse)
		}
	} else {
		x.step(RuleScopePurpose, Allow, "", 0, 0, "the message is about the person's individual care")
	}
	x.step(RuleLawfulBasis, Note, "", 0, 0, "lawful basis: UK GDPR 6(1)(e) public task and 9(2)(h) health or social care; common law: implied consent; no consent is needed")

	// Attribution (G28).
	if blank(m.Staff.ID) {
		if x.on(RuleStaffAttribution) {
			x.step(RuleStaffAttribution, Deny, "", 0, 0, "no member of staff is named: every message must be attributable to an individual (set staff.id)")
			x.fail(Refuse)
		}
	} else {
		x.step(RuleStaffAttribution, Allow, "", 0, 0, "attributable to the named member of staff")
	}

	// National record status (P1).
	withheld := false // a restricted record's contact details may not be used
	switch r.Status {
	case Deceased, InformallyDeceased, Invalidated, RemovedFromList:
		if x.on(RuleRecordStatus) {
			x.step(RuleRecordStatus, Deny, "", 0, 0, "the national record says "+r.Status.String()+": do not contact")
			x.fail(Refuse)
		}
	case Restricted:
		if a, ok := m.Approval(RuleRecordRestricted, ""); ok && x.on(RuleRecordRestricted) {
			x.step(RuleRecordRestricted, Allow, "", 0, 0, "the record is restricted; the Caldicott Guardian approved using current contact details for this message (recorded by "+a.DecidedBy+")")
			x.oblige(RecordApproval, RuleRecordRestricted, "", 0, CaldicottGuardian, "note the Caldicott Guardian's approval in the record")
		} else if x.on(RuleRecordRestricted) {
			x.step(RuleRecordRestricted, Require, "", 0, CaldicottGuardian, "the record is restricted: its contact details are withheld and must not be used from older copies; the Caldicott Guardian decides how to proceed")
			x.fail(Hold)
			x.addWho(CaldicottGuardian)
			withheld = true
		}
	}
	if x.global == Refuse || x.global == OutcomeNone || withheld {
		x.finish()
		return
	}

	if m.Urgency == Emergency {
		x.step(RuleEmergency, Note, "", 0, 0, "a genuine emergency: safety comes first, so the most practical channel may be used, even one the org has not approved")
		x.oblige(DiscussWithSenior, RuleEmergency, "", 0, SeniorClinician, "discuss the message with a senior person if one is available")
		x.oblige(ReviewEmergency, RuleEmergency, "", 0, DPO, "review the IG issues with the DPO or IG team afterwards")
	}

	// Content scan, once for every recipient (G6, G22–G25).
	subj := minimise.Subject{Name: r.Name, BirthDate: r.BirthDate, Address: r.Address, Postcode: r.Postcode}
	if x.group != nil {
		x.findings = x.group.scan.ScanAppend(nil, &subj)
	} else {
		x.findings = o.scanner.ScanAppend(nil, m.Body, &subj)
	}
	for i := range x.findings {
		if x.findings[i].Kind.Scam() && x.on(findingRule(x.findings[i].Kind)) {
			x.scam = true
		}
	}

	x.objectionNotes()
	x.recipients()
	x.finish()
}

func (x *decider) addWho(w Role) {
	for _, v := range x.d.Who {
		if v == w {
			return
		}
	}
	x.d.Who = append(x.d.Who, w)
}

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
		if ob.Reason == "" {
			x.step(RuleObjectionNoReason, Note, r.PatientID, 0, 0, "an objection has no recorded reason: it is upheld, and the reason should be recorded")
			x.oblige(RecordObjectionReason, RuleObjectionNoReason, r.PatientID, 0, 0, "record the person's specific reason for their objection")
		}
		if ob.SeriousHarm {
			for _, c := range r.Contacts {
				if c.Status != channel.StatusRemoved && ob.Covers(c.Kind, x.m.Service) {
					x.oblige(DiscussContactRemoval, RuleObjectionSeriousHarm, r.PatientID, c.Kind, 0, "contact by this channel puts the person at risk of serious harm: discuss removing the contact detail from the record entirely")
				}
			}
		}
		if ob.Scope == objection.ScopeElectronic {
			x.step(RuleObjectionLetters, Note, r.PatientID, 0, 0, "the person objected to electronic channels: letters remain possible")
		}
	}
}

// recipients plans a delivery for the patient and each valid proxy.
func (x *decider) recipients() {
	r, m, o := x.r, x.m, x.o
	on := x.today
	pt := proxy.Patient{BirthDate: r.BirthDate, Capacity: r.Capacity}
	plan := proxy.Recipients(r.Proxies, pt, on)
	if len(r.Proxies) == 0 {
		x.step(RuleRecipientPatient, Allow, r.PatientID, 0, 0, "the message goes to the person the care is about; no proxy is recorded")
	}
	direct := plan.PatientReceives()
	for _, e := range plan.Proxies {
		p := &r.Proxies[e.Index]
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
		x.step(RuleProxyAuthority, Allow, p.ID, 0, 0, "valid proxy: "+p.Authority.String()+", confirmed by a note in the record; receives "+e.Mode.String())
	}
	if direct {
		x.planFor(&recipient{id: r.PatientID, role: ToPatient, contacts: r.Contacts, prefs: r.Preferences, language: r.Language, objs: r.Objections})
	} else {
		x.step(RuleRecipientPatient, Note, r.PatientID, 0, 0, "a valid proxy receives instead of the person ("+plan.Route.String()+")")
	}
	for _, e := range plan.Proxies {
		p := &r.Proxies[e.Index]
		if !e.Result.Valid && (x.on(RuleProxyAuthority) && x.on(RuleProxyRecordNote)) {
			continue
		}
		x.d.LegalBasis.Proxy = true
		var held Role
		service := m.Service
		if service == "" || !o.sensitive.Has(service) {
			// The body may name a sensitive service the message did not.
			for _, f := range x.findings {
				if f.Service != "" && o.sensitive.Has(f.Service) {
					service = f.Service
					x.step(RuleProxySensitive, Note, p.ID, 0, 0, "the body names a service the person may feel sensitive about: "+service)
					break
				}
			}
		}
		if a, ok := m.Approval(RuleProxySensitive, p.ID); ok && o.sensitive.Has(service) {
			x.step(RuleProxySensitive, Allow, p.ID, 0, a.Role, "a service the person may feel sensitive about: "+a.Role.String()+" agreed this proxy may be told (recorded by "+a.DecidedBy+")")
			x.oblige(RecordApproval, RuleProxySensitive, p.ID, 0, a.Role, "note in the record that the individual was asked and agreed")
		} else if hold, by := proxy.HoldForCheck(o.sensitive, service, pt, on); hold {
			held = ThePatient
			if by == proxy.CaldicottGuardian {
				held = CaldicottGuardian
			}
		}
		x.planFor(&recipient{id: p.ID, role: ToProxy, contacts: p.Contacts, prefs: p.Preferences, language: p.Language, objs: r.Objections, proxyOf: true, heldBy: held})
	}
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

// planFor chooses the channel for one recipient and appends its delivery.
func (x *decider) planFor(rc *recipient) {
	m, o := x.m, x.o
	emergency := m.Urgency == Emergency

	// Objections that apply to this recipient: all of the patient's for
	// the patient; only the service-wide ones for a proxy's own contacts.
	objs := rc.objs
	if rc.proxyOf {
		var buf [8]objection.Objection // zeroed only for a proxy
		objs = buf[:0]
		for _, ob := range rc.objs {
			if ob.Scope == objection.ScopeOrganisation || ob.Scope == objection.ScopeService || ob.Scope == objection.ScopeCare {
				objs = append(objs, ob)
			}
		}
	}
	if !x.on(RuleObjectionScope) {
		objs = nil
	}

	// Order: the recipient's preferences (G7), then the org's order (G4),
	// then, in an emergency, anything else (G32).
	var order [numKinds]channel.Kind
	n := 0
	var seen channel.Set
	push := func(k channel.Kind) {
		if k.Valid() && !seen.Has(k) {
			seen = seen.Add(k)
			order[n] = k
			n++
		}
	}
	for _, k := range rc.prefs {
		push(k)
	}
	npref := n
	for _, k := range o.order {
		push(k)
	}
	if emergency {
		for _, k := range channel.Kinds() {
			push(k)
		}
	}
	x.needsOrder(rc, order[:n], npref)

	// Facts for the objection check.
	facts := objection.Facts{
		At: m.At, Class: m.Class, Service: m.Service, AppointmentAt: m.AppointmentAt,
		WaitingListThreshold: o.threshold, Vulnerable: x.r.Vulnerable && !rc.proxyOf,
		Urgent: m.Urgency >= Urgent, Emergency: emergency,
	}
	if m.Group != nil {
		facts.GroupSize = m.Group.Size
	}
	var cands [numKinds]cand
	for i := 0; i < n; i++ {
		k := order[i]
		c := &cands[i]
		c.k, c.tier = k, tierOut
		addr, contact, st := x.contactFor(rc, k)
		c.addr, c.contact = addr, contact
		if st == contactFailed {
			facts.Failed = facts.Failed.Add(k)
		}
		if st == contactOK && o.approved.Has(k) && o.useCases[m.Class].Has(k) {
			facts.Usable = facts.Usable.Add(k)
		}
	}
	preferred := func(k channel.Kind) bool {
		for _, p := range rc.prefs {
			if p == k {
				return true
			}
		}
		return false
	}
	for i := 0; i < n; i++ {
		c := &cands[i]
		k := c.k
		pref := preferred(k)
		if c.addr == "" {
			if o.approved.Has(k) || pref {
				x.step(RuleFallbackSkip, Deny, rc.id, k, 0, "skipped: no usable contact detail on record for this channel")
			}
			continue
		}
		if !o.approved.Has(k) {
			if emergency && x.on(RuleEmergency) {
				x.step(RuleEmergency, Allow, rc.id, k, 0, "not approved by the org, but usable in a genuine emergency")
			} else if x.on(RulePlatformApproved) {
				if pref {
					x.step(RulePreferenceNotConsent, Deny, rc.id, k, 0, "preferred, but a preference is not consent: the org has not approved this channel")
				} else {
					x.step(RulePlatformApproved, Deny, rc.id, k, 0, "the org has not approved this channel")
				}
				continue
			}
		}
		if !o.useCases[m.Class].Has(k) && x.on(RuleUseCase) {
			x.step(RuleUseCase, Deny, rc.id, k, 0, "the org's acceptable use cases do not allow "+m.Class.String()+" by this channel")
			continue
		}
		if m.Class.Confidential() && !o.confidential.Has(k) && x.on(RuleConfidentialChannel) {
			x.step(RuleConfidentialChannel, Deny, rc.id, k, 0, "confidential content, and this channel is not approved for it")
			continue
		}
		if x.tooSlow(k) && x.on(RuleTimingTooSlow) {
			x.step(RuleTimingTooSlow, Deny, rc.id, k, 0, "too slow: the message could not arrive before it is needed")
			continue
		}
		c.res = objection.Check(objs, &facts, k, m.Override)
		switch c.res.Verdict {
		case objection.Allowed:
			c.tier = tierClean
		case objection.Overridden:
			c.tier = tierOverridden
		case objection.NeedsDecision:
			c.tier, c.who = tierDecide, whoFor(c.res.Need)
			x.step(RuleObjectionNeedsDecide, Require, rc.id, k, c.who, "an objection covers this channel; the ground "+c.res.Ground.String()+" fits the facts but no one with authority has decided")
			continue
		default:
			x.denyObjection(rc.id, k, c.res)
			continue
		}
		if x.blocking(k) {
			c.blocked = true
		}
		if k == channel.SMS && x.smsTooLong() {
			c.tooLong = true
		}
		if c.blocked || c.tooLong {
			c.tier++ // clean to revise, overridden to revise-and-override
		}
	}

	// Choose the best tier, in order.
	best := -1
	for i := 0; i < n; i++ {
		if cands[i].tier < tierOut && (best < 0 || cands[i].tier < cands[best].tier) {
			best = i
		}
	}
	if best < 0 {
		x.noChannel(rc, cands[:n], objs, &facts)
		return
	}
	c := &cands[best]
	dl := Delivery{Recipient: rc.id, Role: rc.role, Channel: c.k, Address: c.addr, Outcome: Send}
	switch c.tier {
	case tierDecide:
		dl.Outcome, dl.Who = Hold, c.who
	case tierRevise, tierRevOver:
		dl.Outcome = Revise
	}
	if c.tier == tierOverridden || c.tier == tierRevOver {
		ov := *m.Override
		dl.Override = &ov
		x.step(RuleObjectionOverride, Allow, rc.id, c.k, 0, "objection overridden on the ground "+ov.Ground.String()+", decided by "+ov.DecidedBy+" ("+ov.Role.String()+")")
		x.oblige(NoteOverride, RuleObjectionOverride, rc.id, c.k, 0, "note the override, its ground and who decided in the record")
		x.oblige(TellPersonWhy, RuleObjectionOverride, rc.id, c.k, 0, "tell the person why their objection was overridden, where appropriate")
	}
	if c.blocked {
		x.step(RuleContentLockScreen, Require, rc.id, c.k, 0, "the body holds content this channel must not carry: revise it as the findings suggest")
		if m.Class == channel.TestResultsReady || m.Class == channel.TestResults {
			x.step(RuleContentTestResults, Require, rc.id, c.k, 0, "say the results are ready and how to get them (call, or log in to the NHS App), without naming the condition or test")
		}
	}
	if x.scam && x.on(RuleContentScam) {
		x.step(RuleContentScam, Require, rc.id, c.k, 0, "the body has features of scam messages: revise it as the findings suggest")
		dl.Outcome = worse(dl.Outcome, Revise)
	}
	x.step(RulePlatformApproved, Allow, rc.id, c.k, 0, "chosen channel")
	if o.approved.Has(c.k) {
		x.step(RuleConfigDeclared, Note, rc.id, c.k, 0, "the org approved this platform with a recorded DPIA")
	}
	x.preferenceSteps(rc, c.k, cands[:n], best)
	if rc.heldBy != Nobody && x.on(RuleProxySensitive) {
		dl.Outcome, dl.Who = worse(dl.Outcome, Hold), rc.heldBy
		x.step(RuleProxySensitive, Require, rc.id, c.k, rc.heldBy, "the message is about a service the person may feel sensitive about: check with them before a proxy is told, even if the text is bland")
		x.oblige(CheckWithIndividual, RuleProxySensitive, rc.id, 0, rc.heldBy, "check with the individual before notifying the proxy about this service")
	}
	x.timing(&dl)
	x.fresh(rc, c)
	x.adjust(rc, &dl)
	if c.k == channel.SMS {
		info := x.smsInfo()
		dl.SMS = *info
		x.step(RuleSMSSegments, Note, rc.id, c.k, 0, smsDetail(info))
		if c.tooLong {
			x.step(RuleSMSSegments, Require, rc.id, c.k, 0, "too long for a text message: shorten it")
		}
		if o.cfg.SenderID != "" {
			x.step(RuleSMSSender, Note, rc.id, c.k, 0, "sender id checked against P5")
		}
	}
	// Fallbacks (P3): the other channels that may carry the body as it
	// is, in order; an override or an edit applies only to the chosen one.
	for i := 0; i < n; i++ {
		f := &cands[i]
		if i == best {
			continue
		}
		switch f.tier {
		case tierRevise, tierRevOver:
			x.step(RuleFallbackCascade, Note, rc.id, f.k, 0, "not a fallback: the body would have to be edited for this channel")
			continue
		case tierOverridden:
			x.step(RuleFallbackCascade, Note, rc.id, f.k, 0, "not a fallback: only by overriding an objection, which is used only when needed")
			continue
		case tierClean:
		default:
			continue
		}
		after := x.after(prevKind(&dl, c.k))
		prev := dl.NotBefore
		if n := len(dl.Fallbacks); n > 0 {
			prev = dl.Fallbacks[n-1].NotBefore
		}
		if prev.IsZero() {
			prev = m.At
		}
		dl.Fallbacks = append(dl.Fallbacks, Fallback{Channel: f.k, Address: f.addr, After: after, NotBefore: x.windowed(f.k, prev.Add(time.Duration(after)))})
	}
	if len(dl.Fallbacks) > 0 {
		x.step(RuleFallbackCascade, Note, rc.id, c.k, 0, "fallbacks listed in order, each with how long to wait for the previous channel")
	}
	if dl.Outcome == Hold {
		x.addWho(dl.Who)
		x.step(RuleHoldWho, Require, rc.id, c.k, dl.Who, "held: "+dl.Who.String()+" decides")
	}
	if dl.Outcome == Send || dl.Outcome == Revise {
		x.oblige(RecordInCareRecord, RuleRecordKeep, rc.id, c.k, 0, "record the message sent (an exact copy or a summary) in the care record")
	}
	x.d.Deliveries = append(x.d.Deliveries, dl)
}

func prevKind(dl *Delivery, first channel.Kind) channel.Kind {
	if len(dl.Fallbacks) == 0 {
		return first
	}
	return dl.Fallbacks[len(dl.Fallbacks)-1].Channel
}

// after is how long to wait on channel k before moving on (P3).
func (x *decider) after(k channel.Kind) Duration {
	switch k {
	case channel.NHSApp:
		if x.m.Urgency >= TimeSensitive {
			return Duration(4 * time.Hour)
		}
		return Duration(24 * time.Hour)
	case channel.Letter:
		return Duration(7 * 24 * time.Hour)
	}
	return Duration(72 * time.Hour)
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

// noChannel records why no channel could be used for a recipient. It
// refuses only when the person objected to every channel; when a
// compelling ground could fit the message, it holds for the Caldicott
// Guardian to decide (G13); otherwise the sender must find another way to
// reach the person.
func (x *decider) noChannel(rc *recipient, cs []cand, objs []objection.Objection, facts *objection.Facts) {
	m := x.m
	dl := Delivery{Recipient: rc.id, Role: rc.role}
	defer func() { x.d.Deliveries = append(x.d.Deliveries, dl) }()
	if x.on(RuleObjectionScope) && len(objs) > 0 && objection.Covered(objs, m.Service) == channel.AllKinds {
		dl.Outcome = Refuse
		x.step(RuleObjectionScope, Deny, rc.id, 0, 0, "the person objected to every channel for this message: it must not be sent")
		return
	}
	if g := groundFor(m); g != objection.GroundNone && m.Override == nil && x.on(RuleObjectionNeedsDecide) {
		claim := objection.Override{Ground: g}
		for _, c := range cs {
			if c.res.Verdict != objection.Denied || c.res.SeriousHarm {
				continue
			}
			if res := objection.Check(objs, facts, c.k, &claim); res.Verdict == objection.NeedsDecision {
				dl.Outcome, dl.Who = Hold, whoFor(res.Need)
				x.step(RuleObjectionNeedsDecide, Require, rc.id, c.k, dl.Who, "no channel is free of objections, but the compelling ground "+g.String()+" fits this message: decide case by case whether to override, and record it")
				x.step(RuleHoldWho, Require, rc.id, c.k, dl.Who, "held: "+dl.Who.String()+" decides")
				x.addWho(dl.Who)
				return
			}
		}
	}
	dl.Outcome, dl.Who = Hold, TheSender
	x.step(RuleRecipientNone, Require, rc.id, 0, TheSender, "no approved channel with a usable contact, free of objections, can carry this message: the sender decides how else to reach the person (a letter remains possible after an objection to electronic channels)")
	x.oblige(ObtainContact, RuleRecipientNone, rc.id, 0, TheSender, "obtain a usable contact detail or reach the person another way")
	x.addWho(TheSender)
}

// groundFor is the compelling ground a message's facts could support, if
// any: an emergency (G32), or the G14 ground for its content class.
func groundFor(m *Message) objection.Ground {
	if m.Urgency == Emergency {
		return objection.GroundEmergency
	}
	return objection.GroundFor(m.Class)
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

// tooSlow reports whether k cannot reach the person before the message is
// needed: an appointment soon, or an urgent message, cannot rely on a
// letter, and a message that would wait for a sending window until after
// the appointment cannot rely on that channel.
func (x *decider) tooSlow(k channel.Kind) bool {
	m := x.m
	delay := k.TypicalDelay()
	if m.Urgency >= Urgent && delay > 24*time.Hour {
		return true
	}
	if m.AppointmentAt.IsZero() || !m.AppointmentAt.After(m.At) {
		return false
	}
	start := x.opening(k, m.At, x.local) // a routine message waits for its window (P2)
	return m.AppointmentAt.Sub(start) < delay
}

// smsTooLong reports whether the body is over the SMS limit (P4).
func (x *decider) smsTooLong() bool {
	return x.on(RuleSMSSegments) && x.smsInfo().TooLong
}

// smsInfo counts the body as a text message once per decision (P4).
func (x *decider) smsInfo() *channel.SMSInfo {
	if w := x.w; !w.smsDone {
		w.sms, w.smsDone = channel.CountSMS(x.m.Body), true
	}
	return &x.w.sms
}

// blocking reports whether any finding must be revised before the body
// goes by channel k: a blocking finding, or a warning.
func (x *decider) blocking(k channel.Kind) bool {
	if !x.on(RuleContentLockScreen) {
		return false
	}
	secure := x.o.secure(k)
	for i := range x.findings {
		if !x.on(findingRule(x.findings[i].Kind)) {
			continue
		}
		if sev := x.findings[i].SeverityOn(secure); sev.Blocks() || sev == minimise.Warning {
			return true
		}
	}
	return false
}

// secure reports whether k needs a log-in and is approved for
// confidential content (G6).
func (o *Org) secure(k channel.Kind) bool {
	return o.confidential.Has(k) && (o.login.Has(k) || k == channel.Letter)
}

func (x *decider) preferenceSteps(rc *recipient, k channel.Kind, cs []cand, best int) {
	if len(rc.prefs) == 0 {
		x.step(RulePreferenceNotConsent, Note, rc.id, k, 0, "no preference recorded: that is not an objection, so the org's default order applies")
		if x.o.approved.Has(channel.NHSApp) {
			x.step(RulePlatformNHSAppFirst, Note, rc.id, k, 0, "the org's default order puts the NHS App first")
		}
		return
	}
	if rc.prefs[0] == k {
		x.step(RulePreferenceOrder, Allow, rc.id, k, 0, "the preferred channel")
		return
	}
	// Say why each preferred channel that could be used was passed over.
	for i := range cs {
		c := &cs[i]
		if i == best || c.tier == tierOut || c.tier == tierDecide || !slices.Contains(rc.prefs, c.k) {
			continue
		}
		switch {
		case c.tier == tierRevise || c.tier == tierRevOver:
			x.step(RulePreferenceFallback, Note, rc.id, c.k, 0, "preferred, but the body would have to be edited for this channel; a channel that can carry it as drafted comes first (G6)")
		case c.tier == tierOverridden:
			x.step(RulePreferenceFallback, Note, rc.id, c.k, 0, "preferred, but only by overriding an objection; a channel free of objections comes first (G13)")
		}
	}
	for _, p := range rc.prefs {
		if p == k {
			x.step(RulePreferenceOrder, Allow, rc.id, k, 0, "a preferred channel; the ones preferred before it cannot be used, as the steps above say")
			return
		}
	}
	x.step(RulePreferenceFallback, Note, rc.id, k, 0, "not a preferred channel: the preferred ones cannot be used for this message, as the steps above say")
}

// windowed returns the first time at or after t that channel k may carry
// this message: t itself for urgent messages and channels without a
// window (P2).
func (x *decider) windowed(k channel.Kind, t time.Time) time.Time {
	return x.opening(k, t, londonLocal(t))
}

// opening is windowed where local is londonLocal(t), already known.
func (x *decider) opening(k channel.Kind, t time.Time, local int64) time.Time {
	if !x.o.hasWindow.Has(k) || x.m.Urgency >= Urgent || !x.on(RuleTimingWindow) {
		return t
	}
	return x.o.windows[k].opensFrom(t, local, x.o.holidays)
}

// timing applies sending windows (P2).
func (x *decider) timing(dl *Delivery) {
	m := x.m
	if m.At.IsZero() {
		return
	}
	if at := x.opening(dl.Channel, m.At, x.local); at.After(m.At) {
		dl.NotBefore = at
		const prefix = "outside the sending window: wait until "
		var buf [len(prefix) + len(time.RFC3339)]byte
		detail := isotime.Append(append(buf[:0], prefix...), at, false)
		x.step(RuleTimingWindow, Note, dl.Recipient, dl.Channel, 0, string(detail))
	}
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

// needsOrder applies recorded needs to channel choice (G33, P7): for a
// person who reads braille or listens to audio, a text message or chat
// message cannot carry the format, so channels that can (the NHS App and
// email with assistive technology, a letter in the format) come first
// among those the person did not state a preference for.
func (x *decider) needsOrder(rc *recipient, order []channel.Kind, npref int) {
	if rc.role != ToPatient || npref >= len(order) {
		return
	}
	format := false
	for _, n := range x.r.Needs {
		format = format || n == Braille || n == Audio
	}
	if !format {
		return
	}
	rest := order[npref:]
	moved := false
	// Stable partition: channels that carry the format first.
	var buf [numKinds]channel.Kind
	j := 0
	for _, k := range rest {
		if k != channel.SMS && k != channel.MessagingApp {
			buf[j] = k
			j++
		}
	}
	for i, k := range rest {
		if k == channel.SMS || k == channel.MessagingApp {
			if i < j {
				moved = true
			}
			buf[j] = k
			j++
		}
	}
	copy(rest, buf[:len(rest)])
	if moved {
		x.step(RuleAdjustments, Note, rc.id, 0, 0, "a recorded braille or audio need: channels that can carry the format come before text and chat messages")
	}
}

// adjust carries reasonable adjustments and language (G33, P7).
func (x *decider) adjust(rc *recipient, dl *Delivery) {
	r := x.r
	if rc.role == ToPatient && len(r.Needs) > 0 {
		dl.Needs = append([]Need(nil), r.Needs...)
		x.step(RuleAdjustments, Note, rc.id, dl.Channel, 0, "recorded reasonable adjustments are carried on the delivery")
		for _, n := range r.Needs {
			switch n {
			case LargePrint, Braille, Audio, EasyRead:
				x.oblige(ProvideAccessibleFormat, RuleAccessibleFormat, rc.id, dl.Channel, 0, "produce the message in the recorded format: "+n.String())
			case BSL, ViaCarer:
				x.oblige(ProvideAccessibleFormat, RuleAccessibleFormat, rc.id, dl.Channel, 0, "arrange the recorded support: "+n.String())
			}
		}
	}
	if rc.language == "" || x.o.matcher == nil {
		if len(x.o.langNames) > 0 {
			dl.Language = x.o.langNames[0]
		}
		return
	}
	want, err := language.Parse(rc.language)
	if err != nil {
		return
	}
	_, idx, conf := x.o.matcher.Match(want)
	dl.Language = x.o.langNames[idx]
	if conf == language.No {
		x.step(RuleLanguage, Note, rc.id, dl.Channel, 0, "the org cannot send in the preferred language "+want.String()+": sending in "+dl.Language)
		x.oblige(ProvideLanguage, RuleLanguage, rc.id, dl.Channel, 0, "provide the message in, or arrange support for, the person's language")
	} else {
		x.step(RuleLanguage, Allow, rc.id, dl.Channel, 0, "preferred language matched: "+dl.Language)
	}
}

// finish computes the outcome and attaches findings.
func (x *decider) finish() {
	d := x.d
	out := x.global
	for i := range d.Deliveries {
		dl := &d.Deliveries[i]
		// A message-wide hold or refusal holds every delivery with it.
		if w := worse(dl.Outcome, x.global); w != dl.Outcome {
			dl.Outcome = w
			if w == Hold && dl.Who == Nobody && len(d.Who) > 0 {
				dl.Who = d.Who[0]
			}
		}
		out = worse(out, dl.Outcome)
	}
	if len(d.Deliveries) == 0 && out == Send {
		out = Hold // nothing planned: never Send
		x.addWho(TheSender)
	}
	d.Outcome = out
	if out == Hold && len(d.Who) == 0 {
		d.Who = append(d.Who, TheSender)
	}
	var revise []minimise.Finding
	if len(x.findings) > 0 {
		d.Findings = make([]Finding, len(x.findings))
		for i, f := range x.findings {
			// The worst severity over the chosen channels; with no channel
			// chosen, the severity on an insecure one.
			sev, any := minimise.Severity(0), false
			for _, dl := range d.Deliveries {
				if dl.Channel.Valid() {
					any = true
					if s := f.SeverityOn(x.o.secure(dl.Channel)); s > sev {
						sev = s
					}
				}
			}
			if !any {
				sev = f.SeverityOn(false)
			}
			d.Findings[i] = Finding{Finding: f, Severity: sev, Rule: findingRule(f.Kind)}
			if sev.Blocks() || sev == minimise.Warning {
				revise = append(revise, f)
			}
			x.step(findingRule(f.Kind), Note, "", 0, 0, x.o.findingDetail(f.Kind, sev))
		}
	}
	if len(revise) > 0 {
		d.Redacted = strings.ToValidUTF8(minimise.Redact(x.m.Body, revise), "\uFFFD")
		d.Rewrite = minimise.Rewrite(x.m.Class, x.o.rewriteOrg)
	}
	if out == Send || out == Revise {
		x.step(RuleRecordAccess, Note, "", 0, 0, "the decision and message are kept for the care record and subject access requests")
	}
}

func smsDetail(info *channel.SMSInfo) string {
	if info.Segments == 1 {
		if info.Encoding == channel.GSM7 {
			return "text message: gsm7, 1 segment"
		}
		return "text message: ucs2, 1 segment"
	}
	return "text message: " + info.Encoding.String() + ", " + strconv.Itoa(info.Segments) + " segments"
}
