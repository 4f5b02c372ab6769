package policy

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
}
