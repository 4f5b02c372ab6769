package policy

import (
	"strings"

	"github.com/carecomms/carecomms/internal/printable"
)

// input turns every problem with the message and the record into a step;
// none may yield Send.
func (x *decider) input() {
	var pm, pr problems
	if x.group != nil {
		pm = x.group.problems
	} else {
		x.m.check(&pm)
	}
	x.r.check(&pr)
	if b := x.r.BirthDate; b.Valid() && inRange(x.m.At) && b.After(x.today) {
		pr.add("birth_date", "is after the message's date: check the date of birth")
	}
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
		x.entries(&pr)
	}
}

// entries flags the problems confined to one entry of the record
// (ErrIncompleteEntry): the proxy is left out and the objection upheld,
// and the host must correct the record; the person's own message is
// decided without them (G18, G20, G12, G28).
func (x *decider) entries(pr *problems) {
	if len(pr.entries) == 0 {
		return
	}
	if !x.on(RuleInputEntry) {
		for _, e := range pr.entries {
			x.step(RuleInputRecord, Deny, "", 0, 0, "record "+e.Path+" "+e.Problem)
			x.fail(Refuse)
		}
		return
	}
	objections, contacts := false, false
	for _, e := range pr.entries {
		x.step(RuleInputEntry, Note, "", 0, 0, "record "+e.Path+" "+e.Problem)
		objections = objections || strings.HasPrefix(e.Path, "objections[")
		contacts = contacts || strings.HasPrefix(e.Path, "contacts[")
	}
	if contacts {
		x.oblige(CorrectRecord, RuleInputEntry, x.r.PatientID, 0, 0, "correct the contact entries the steps above name: they are not used meanwhile")
	}
	if objections {
		x.oblige(CorrectRecord, RuleInputEntry, x.r.PatientID, 0, 0, "complete each objection's entry (who registered it and when, and the service code of an objection to a service): the objection is upheld meanwhile")
	}
	x.dropped = pr.dropped
	for i := range x.r.Proxies {
		if pr.dropped&(1<<i) == 0 {
			continue
		}
		id := x.r.Proxies[i].ID
		if blank(id) || len(id) > MaxIDBytes || !printable.ID(id) {
			id = ""
		}
		x.step(RuleInputEntry, Deny, id, 0, 0, "this proxy's entry is incomplete or inconsistent, as the steps above say: the proxy is not used, and the person's own message is decided without it")
		x.oblige(CorrectRecord, RuleInputEntry, id, 0, 0, "correct the proxy's entry in the record (a missing start date of parental responsibility, say) before they can receive messages")
	}
}
