package objection

import (
	"fmt"

	"github.com/carecomms/carecomms/internal/enum"
)

// Scope is what an objection covers (G11). The zero value is not a valid
// scope: an objection must say what it covers. An objection whose scope is
// unset or unknown still covers every channel (see Objection.Covers).
type Scope uint8

// The scopes of an objection (G11).
const (
	ScopeChannel      Scope = iota + 1 // one channel, such as text or email
	ScopeElectronic                    // every electronic channel: letters remain (G16)
	ScopeOrganisation                  // every message from the organisation
	ScopeService                       // every message from one service, such as screening
	ScopeCare                          // processing of their data for their care entirely
)

var scopeNames = []string{"", "channel", "electronic", "organisation", "service", "care"}

// Scopes lists every valid scope.
func Scopes() []Scope {
	return []Scope{ScopeChannel, ScopeElectronic, ScopeOrganisation, ScopeService, ScopeCare}
}

// Valid reports whether s is one of the defined scopes.
func (s Scope) Valid() bool { return s >= ScopeChannel && int(s) < len(scopeNames) }

// String returns the scope's name, such as "electronic".
func (s Scope) String() string { return enum.Name("scope", scopeNames, int(s)) }

// MarshalText encodes s by name. The zero scope is an error.
func (s Scope) MarshalText() ([]byte, error) {
	if !s.Valid() {
		return nil, errEncode("scope", s.String())
	}
	return []byte(scopeNames[s]), nil
}

// UnmarshalText decodes a scope name, rejecting unknown names.
func (s *Scope) UnmarshalText(b []byte) error {
	v, err := enum.Parse("objection", "scope", scopeNames, 1, b)
	if err != nil {
		return err
	}
	*s = Scope(v)
	return nil
}

// Ground is a compelling legitimate ground for overriding an objection:
// one of the guidance's eight examples (G14), a genuine emergency (G32), or
// another ground argued in writing (G13). The zero value, GroundNone,
// claims no ground and so overrides nothing.
//
// Each ground fits a message only when the message's Facts show it; Facts
// lists, for each ground, exactly which facts it needs, and Ground.Facts
// returns them in the order Check tests them.
type Ground uint8

// The grounds.
const (
	GroundNone                  Ground = iota // no ground claimed
	GroundCommunicableDisease                 // G14.1: others at risk unless told quickly to call
	GroundWaitingListValidation               // G14.2: a list too long to phone or write to each person
	GroundAppointmentChange48h                // G14.3: an appointment within 48 hours cancelled, postponed or moved
	GroundVulnerableAfterEvent                // G14.4: vulnerable people after extreme weather, power or water outages
	GroundPrimaryMethodFailed                 // G14.5: the primary method failed and the person is otherwise uncontactable
	GroundVirtualConsultation                 // G14.6: an invitation to a virtual consultation that needs a digital link
	GroundCredibleThreat                      // G14.7: credible threats made about the person
	GroundIncorrectMedication                 // G14.8: incorrect medication prescribed
	GroundEmergency                           // G32: a genuine emergency
	GroundOther                               // G13: another compelling ground, justified in writing
)

var groundNames = []string{"none",
	"communicable_disease", "waiting_list_validation", "appointment_change_48h",
	"vulnerable_after_event", "primary_method_failed", "virtual_consultation",
	"credible_threat", "incorrect_medication", "emergency", "other",
}

var groundRefs = []string{"",
	"G14.1", "G14.2", "G14.3", "G14.4", "G14.5", "G14.6", "G14.7", "G14.8", "G32", "G13",
}

// Grounds lists every ground that can be claimed (all but GroundNone).
func Grounds() []Ground {
	out := make([]Ground, 0, len(groundNames)-1)
	for i := 1; i < len(groundNames); i++ {
		out = append(out, Ground(i))
	}
	return out
}

// Valid reports whether g is a ground that can be claimed: one of the
// defined grounds other than GroundNone.
func (g Ground) Valid() bool { return g >= GroundCommunicableDisease && int(g) < len(groundNames) }

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
		return []Fact{FactEmergency}
	case GroundOther:
		return []Fact{FactJustification}
	}
	return nil
}

// String returns the ground's name, such as "appointment_change_48h".
func (g Ground) String() string { return enum.Name("ground", groundNames, int(g)) }

// MarshalText encodes g by name; GroundNone encodes as "none".
func (g Ground) MarshalText() ([]byte, error) {
	if int(g) >= len(groundNames) {
		return nil, errEncode("ground", g.String())
	}
	return []byte(groundNames[g]), nil
}

// UnmarshalText decodes a ground name ("none" included), rejecting unknown
// names.
func (g *Ground) UnmarshalText(b []byte) error {
	v, err := enum.Parse("objection", "ground", groundNames, 0, b)
	if err != nil {
		return err
	}
	*g = Ground(v)
	return nil
}

// Fact names one fact that Check tests, so that a decision trail can say
// which fact stopped a claimed ground from fitting (Result.Unfit). The
// zero value, FactNone, means no fact failed.
type Fact uint8

// The facts. Facts documents what each one means for each ground.
const (
	FactNone                 Fact = iota // no fact failed
	FactChannel                          // the channel being checked is not a valid kind
	FactMissing                          // no Facts were supplied
	FactGround                           // the override names no defined ground
	FactClass                            // Facts.Class is not the class the ground needs
	FactUrgent                           // Facts.Urgent is false
	FactWaitingListThreshold             // Facts.WaitingListThreshold is not set (not above zero)
	FactGroupSize                        // Facts.GroupSize is not above Facts.WaitingListThreshold
	FactDecisionTime                     // Facts.At is not set
	FactAppointmentTime                  // Facts.AppointmentAt is unset or not within 48 hours after Facts.At
	FactVulnerable                       // Facts.Vulnerable is false
	FactFailedChannel                    // no kind in Facts.Failed is free of objections
	FactOtherChannelUsable               // a usable, unfailed kind free of objections remains
	FactDigitalChannel                   // the channel being checked cannot carry a link
	FactEmergency                        // Facts.Emergency is false
	FactJustification                    // Override.Justification is empty
)

var factNames = []string{"none",
	"fact_channel", "fact_missing", "fact_ground", "fact_class", "fact_urgent",
	"fact_waiting_list_threshold", "fact_group_size", "fact_decision_time",
	"fact_appointment_time", "fact_vulnerable", "fact_failed_channel",
	"fact_other_channel_usable", "fact_digital_channel", "fact_emergency",
	"fact_justification",
}

// AllFacts lists every fact other than FactNone.
func AllFacts() []Fact {
	out := make([]Fact, 0, len(factNames)-1)
	for i := 1; i < len(factNames); i++ {
		out = append(out, Fact(i))
	}
	return out
}

// String returns the fact's name, such as "fact_appointment_time".
func (f Fact) String() string { return enum.Name("fact", factNames, int(f)) }

// MarshalText encodes f by name; FactNone encodes as "none".
func (f Fact) MarshalText() ([]byte, error) {
	if int(f) >= len(factNames) {
		return nil, errEncode("fact", f.String())
	}
	return []byte(factNames[f]), nil
}

// UnmarshalText decodes a fact name ("none" included), rejecting unknown
// names.
func (f *Fact) UnmarshalText(b []byte) error {
	v, err := enum.Parse("objection", "fact", factNames, 0, b)
	if err != nil {
		return err
	}
	*f = Fact(v)
	return nil
}

// Verdict is Check's answer for one channel. The zero value is not a
// verdict and permits nothing.
type Verdict uint8

// The verdicts.
const (
	Allowed       Verdict = iota + 1 // no objection covers the channel
	Denied                           // an objection covers it and is upheld
	Overridden                       // an objection covers it, overridden on a fitting ground by a named person in a role that may decide
	NeedsDecision                    // an objection covers it and a ground fits, but a person must decide: Result.Need says who
)

var verdictNames = []string{"", "allowed", "denied", "overridden", "needs_decision"}

// Valid reports whether v is one of the defined verdicts.
func (v Verdict) Valid() bool { return v >= Allowed && int(v) < len(verdictNames) }

// Permits reports whether the channel may be used: Allowed or Overridden.
func (v Verdict) Permits() bool { return v == Allowed || v == Overridden }

// String returns the verdict's name, such as "needs_decision".
func (v Verdict) String() string { return enum.Name("verdict", verdictNames, int(v)) }

// MarshalText encodes v by name. The zero verdict is an error.
func (v Verdict) MarshalText() ([]byte, error) {
	if !v.Valid() {
		return nil, errEncode("verdict", v.String())
	}
	return []byte(verdictNames[v]), nil
}

// UnmarshalText decodes a verdict name, rejecting unknown names.
func (v *Verdict) UnmarshalText(b []byte) error {
	n, err := enum.Parse("objection", "verdict", verdictNames, 1, b)
	if err != nil {
		return err
	}
	*v = Verdict(n)
	return nil
}

// TaskCode names a task for the host (see Task). The zero value is not a
// valid code.
type TaskCode uint8

// The task codes.
const (
	TaskExplainImpact   TaskCode = iota + 1 // explain the possible impact on their care (G17)
	TaskNoteObjection                       // note the objection in the care record (G17, G10)
	TaskRecordReason                        // ask for and record the specific reason (G12)
	TaskDiscussRemoval                      // discuss removing the contact detail at risk of serious harm (G15)
	TaskLettersRemain                       // tell them letters remain possible (G16)
	TaskNoteOverride                        // note the override, its ground and decision-maker (G13, G28)
	TaskTellPerson                          // tell the person why, where appropriate (G13)
	TaskReviewEmergency                     // review with the DPO or IG team afterwards (G32)
)

var taskNames = []string{"",
	"explain_impact", "note_objection", "record_reason", "discuss_removal",
	"letters_remain", "note_override", "tell_person", "review_emergency",
}

// Valid reports whether c is one of the defined task codes.
func (c TaskCode) Valid() bool { return c >= TaskExplainImpact && int(c) < len(taskNames) }

// String returns the code's name, such as "discuss_removal".
func (c TaskCode) String() string { return enum.Name("task", taskNames, int(c)) }

// MarshalText encodes c by name. The zero code is an error.
func (c TaskCode) MarshalText() ([]byte, error) {
	if !c.Valid() {
		return nil, errEncode("task", c.String())
	}
	return []byte(taskNames[c]), nil
}

// UnmarshalText decodes a task code name, rejecting unknown names.
func (c *TaskCode) UnmarshalText(b []byte) error {
	v, err := enum.Parse("objection", "task", taskNames, 1, b)
	if err != nil {
		return err
	}
	*c = TaskCode(v)
	return nil
}

func errEncode(typ, got string) error {
	return fmt.Errorf("objection: cannot encode %s %s: set it to a defined value", typ, got)
}
