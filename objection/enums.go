package objection

// The enum types Scope, Ground, Fact, Verdict and TaskCode, their
// constants, names and each ground's ref are declared in enums.txt;
// enums_gen.go is generated from it. The methods here carry their meaning.

//go:generate go run github.com/carecomms/carecomms/internal/cmd/enumgen

// Scopes lists every valid scope.
func Scopes() []Scope {
	return []Scope{ScopeChannel, ScopeElectronic, ScopeOrganisation, ScopeService, ScopeCare}
}

// Grounds lists every ground that can be claimed (all but GroundNone).
func Grounds() []Ground {
	out := make([]Ground, 0, len(groundNames)-1)
	for i := 1; i < len(groundNames); i++ {
		out = append(out, Ground(i))
	}
	return out
}

// Listed reports whether g is one of the eight grounds the guidance lists
// (G14), which any deciding role other than the sender may decide.
func (g Ground) Listed() bool {
	return g >= GroundCommunicableDisease && g <= GroundIncorrectMedication
}

// Ref returns the requirement g rests on, such as "G14.3", "G32" or "G13";
// "" for GroundNone or an unknown ground.
func (g Ground) Ref() string {
	if int(g) < len(groundRefs) {
		return groundRefs[g]
	}
	return ""
}

// Facts returns the facts g needs, in the order Check tests them; Check's
// Result.Unfit is always one of them (or FactGround, FactChannel or
// FactMissing, which apply to every ground). It returns nil for GroundNone
// and unknown grounds.
func (g Ground) Facts() []Fact {
	switch g {
	case GroundCommunicableDisease:
		return []Fact{FactClass, FactUrgent}
	case GroundWaitingListValidation:
		return []Fact{FactClass, FactWaitingListThreshold, FactGroupSize}
	case GroundAppointmentChange48h:
		return []Fact{FactClass, FactDecisionTime, FactAppointmentTime}
	case GroundVulnerableAfterEvent:
		return []Fact{FactClass, FactVulnerable}
	case GroundPrimaryMethodFailed:
		return []Fact{FactFailedChannel, FactOtherChannelUsable}
	case GroundVirtualConsultation:
		return []Fact{FactClass, FactDigitalChannel}
	case GroundCredibleThreat, GroundIncorrectMedication:
		return []Fact{FactClass}
	case GroundEmergency:
		return []Fact{FactClass, FactEmergency, FactJustification}
	case GroundOther:
		return []Fact{FactJustification}
	}
	return nil
}

// AllFacts lists every fact other than FactNone.
func AllFacts() []Fact {
	out := make([]Fact, 0, len(factNames)-1)
	for i := 1; i < len(factNames); i++ {
		out = append(out, Fact(i))
	}
	return out
}

// Permits reports whether the channel may be used: Allowed or Overridden.
func (v Verdict) Permits() bool { return v == Allowed || v == Overridden }
