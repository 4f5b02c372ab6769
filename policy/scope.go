package policy

import "github.com/carecomms/carecomms/channel"

// scope checks that the message is about individual care (G1), states the
// lawful basis (G2) and that a named member of staff sends it (G28).
func (x *decider) scope() {
	m := x.m
	if m.Purpose != IndividualCare {
		if x.on(RuleScopePurpose) {
			x.step(RuleScopePurpose, Deny, "", 0, 0, "the message is for "+m.Purpose.String()+", not individual care: this guidance does not cover it and it must not be decided as a care message")
			x.fail(Refuse)
		}
	} else {
		x.step(RuleScopePurpose, Allow, "", 0, 0, "the message is about the person's individual care")
	}
	if m.Purpose == IndividualCare {
		x.step(RuleLawfulBasis, Note, "", 0, 0, "lawful basis: UK GDPR 6(1)(e) public task and 9(2)(h) health or social care; common law: implied consent; no consent is needed")
	} else {
		x.step(RuleLawfulBasis, Note, "", 0, 0, "no care lawful basis: the message is not about individual care, which this guidance covers; the org must establish its own basis under its own policies")
	}
	if blank(m.Staff.ID) {
		if x.on(RuleStaffAttribution) {
			x.step(RuleStaffAttribution, Deny, "", 0, 0, "no member of staff is named: every message must be attributable to an individual (set staff.id)")
			x.fail(Refuse)
		}
	} else {
		x.step(RuleStaffAttribution, Allow, "", 0, 0, "attributable to the named member of staff")
	}
}

// recordStatus applies the national record's status (P1). It reports
// whether a restricted record's contact details are withheld.
func (x *decider) recordStatus() (withheld bool) {
	r := x.r
	switch r.Status {
	case Deceased, InformallyDeceased, Invalidated, RemovedFromList:
		if x.on(RuleRecordStatus) {
			x.step(RuleRecordStatus, Deny, "", 0, 0, "the national record says "+r.Status.String()+": do not contact")
			x.fail(Refuse)
		}
	case Restricted:
		if a, ok := x.m.Approval(RuleRecordRestricted, ""); ok && x.on(RuleRecordRestricted) {
			x.step(RuleRecordRestricted, Allow, "", 0, 0, "the record is restricted; the Caldicott Guardian approved using current contact details for this message (recorded by "+channel.MaskID(a.DecidedBy)+")")
			x.oblige(RecordApproval, RuleRecordRestricted, "", 0, CaldicottGuardian, "note the Caldicott Guardian's approval in the record")
		} else if x.on(RuleRecordRestricted) {
			x.step(RuleRecordRestricted, Require, "", 0, CaldicottGuardian, "the record is restricted: its contact details are withheld and must not be used from older copies; the Caldicott Guardian decides how to proceed")
			x.fail(Hold)
			x.addWho(CaldicottGuardian)
			return true
		}
	}
	return false
}
