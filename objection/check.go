package objection

import (
	"strings"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/printable"
)

// Window is how far ahead an appointment may be for the appointment change
// ground (G14.3): 48 hours after the decision time, inclusive.
const Window = 48 * time.Hour

// Facts are the facts of one message that Check needs, filled in by the
// caller from the message and the person's record. Check reads them only
// to test the ground an override claims, and Service to match service
// objections.
//
// Each ground fits only when all of its facts hold; Check tests them in
// the order below and reports the first that fails as Result.Unfit:
//
//	ground                   facts (Fact reported when one fails)
//	communicable_disease     Class == channel.PublicHealthAlert (fact_class);
//	                         Urgent (fact_urgent)
//	waiting_list_validation  Class == channel.WaitingListValidation (fact_class);
//	                         WaitingListThreshold > 0 (fact_waiting_list_threshold);
//	                         GroupSize > WaitingListThreshold (fact_group_size)
//	appointment_change_48h   Class == channel.AppointmentChange (fact_class);
//	                         At is set (fact_decision_time);
//	                         AppointmentAt is set and At < AppointmentAt <= At+48h
//	                         (fact_appointment_time)
//	vulnerable_after_event   Class == channel.WelfareCheck (fact_class);
//	                         Vulnerable (fact_vulnerable)
//	primary_method_failed    some kind in Failed is covered by no objection
//	                         (fact_failed_channel); and no kind in Usable, other
//	                         than those in Failed, is free of objections
//	                         (fact_other_channel_usable): the person cannot be
//	                         reached in time without a method they objected to
//	virtual_consultation     Class == channel.VirtualConsultation (fact_class);
//	                         the channel checked is Digital (fact_digital_channel)
//	credible_threat          Class == channel.SafetyWarning (fact_class)
//	incorrect_medication     Class == channel.MedicationAlert (fact_class)
//	emergency                Class.CanBeEmergency (fact_class); Emergency
//	                         (fact_emergency); Override.Justification is not
//	                         blank (fact_justification)
//	other                    Override.Justification is not blank (fact_justification);
//	                         only a Caldicott Guardian or DPO may decide it
//
// For every ground, a nil *Facts fails with fact_missing. "Covered by an
// objection" means covered for the message's Service, as Covered computes.
// Adding an objection never makes a channel Allowed, and never makes a
// ground fit but one: primary_method_failed fits once no channel free of
// objections can reach the person (G14.5), so an objection to the last
// such channel can make it fit for another. Even then the channel is used
// only when a named person in a role that may decide it decided
// (Overridden); without one the verdict is NeedsDecision.
type Facts struct {
	// At is the decision time (the message's time); nothing reads a clock.
	At time.Time `json:"at,omitzero"`
	// Class is what the message carries.
	Class channel.Class `json:"class,omitzero"`
	// Service is the service code the message comes from, such as
	// "screening", or "" when it comes from no particular service. Hosts
	// must set it for every message from a service people can object to.
	Service string `json:"service,omitempty"`
	// AppointmentAt is the start of the appointment the message is about,
	// for an appointment change.
	AppointmentAt time.Time `json:"appointment_at,omitzero"`
	// GroupSize is the number of people a group (batch) message goes to;
	// 0 or 1 for an individual message.
	GroupSize int `json:"group_size,omitempty"`
	// WaitingListThreshold is the organisation's setting: a waiting list
	// with more people than this is too long to phone or write to each
	// person (G14.2). 0 means the organisation has not set one, and the
	// waiting list ground never fits.
	WaitingListThreshold int `json:"waiting_list_threshold,omitempty"`
	// Vulnerable is true when the record marks the person as vulnerable.
	Vulnerable bool `json:"vulnerable,omitempty"`
	// Urgent is true when the person must be told quickly.
	Urgent bool `json:"urgent,omitempty"`
	// Emergency is true in a genuine emergency (G32).
	Emergency bool `json:"emergency,omitempty"`
	// Failed holds the kinds whose contact on record has a recorded
	// permanent failure: bounced or not recognised (G31).
	Failed channel.Set `json:"failed,omitempty"`
	// Usable holds the kinds that can reach the person in time: a usable
	// contact on record, approved by the org for the message's class, and
	// fast enough for its deadline (a letter cannot meet a change within 48
	// hours). A kind that is missing, failed, not approved or too slow is
	// left out (G14.5).
	Usable channel.Set `json:"usable,omitempty"`
}

// Result is Check's answer for one channel, in machine-readable parts that
// a decision trail can map to stable rule IDs.
type Result struct {
	// Verdict is the answer.
	Verdict Verdict `json:"verdict"`
	// Objection is the index in objs of the deciding objection: the first
	// serious-harm objection covering the channel, else the first covering
	// objection; -1 when none covers it.
	Objection int `json:"objection"`
	// SeriousHarm is true when the deciding objection is a serious-harm
	// objection (G15): the verdict is then Denied whatever the override.
	SeriousHarm bool `json:"serious_harm,omitempty"`
	// NoReason is true when an objection covering the channel has no
	// recorded reason: it is upheld, and the gap should be flagged (G12).
	NoReason bool `json:"no_reason,omitempty"`
	// Invalid is true when an objection covering the channel fails
	// Validate: it is upheld as recorded, and the record needs fixing.
	Invalid bool `json:"invalid,omitempty"`
	// Ground is the ground the override claims, when one was considered:
	// the channel is covered and the override names a defined ground.
	Ground Ground `json:"ground,omitzero"`
	// Unfit is the first fact that failed, when the verdict is Denied
	// because the claimed ground does not fit the message (see Facts), the
	// override names no defined ground (FactGround), no facts were given
	// (FactMissing) or the channel is not a valid kind (FactChannel).
	Unfit Fact `json:"unfit,omitzero"`
	// Need is who must decide, when the verdict is NeedsDecision: see
	// DefaultDecider.
	Need Role `json:"need,omitzero"`
}

// Check decides whether channel k may be used to message a person who has
// registered the objections objs, for a message with facts f and an
// optional override ov (nil, or a zero Ground, when none is claimed). It is
// pure, deterministic, safe for concurrent use, never panics and does not
// allocate; it does not modify its arguments.
//
// The verdict is:
//   - Allowed: no objection covers k (Objection.Covers; with a nil f,
//     service objections cover every kind, since the service is unknown).
//   - Denied: an objection covers k and either no override is claimed, the
//     deciding objection is a serious-harm one (never overridden, not even
//     in an emergency; SeriousHarm is set), the override names no defined
//     ground, or the ground does not fit the facts (Unfit names the fact).
//   - NeedsDecision: covered, the ground fits, but no decision-maker is
//     named or their role may not decide that ground (Ground.DecidableBy);
//     Need names who must decide (DefaultDecider).
//   - Overridden: covered, the ground fits, and a named decision-maker in a
//     role that may decide it decided.
//
// An invalid k is Denied with Unfit FactChannel. An objection that fails
// Validate still covers what it can and is upheld (Invalid is set).
func Check(objs []Objection, f *Facts, k channel.Kind, ov *Override) Result {
	r := Result{Objection: -1}
	if !k.Valid() {
		r.Verdict, r.Unfit = Denied, FactChannel
		return r
	}
	var service string
	if f != nil {
		service = f.Service
	}
	var cov channel.Set // every kind covered, for G14.5
	for i := range objs {
		o := &objs[i]
		ks, ok := o.oneChannel()
		if !ok {
			ks = o.kinds(service, f != nil)
		}
		cov |= ks
		if !ks.Has(k) {
			continue
		}
		if !o.HasReason() {
			r.NoReason = true
		}
		if !o.valid() {
			r.Invalid = true
		}
		if r.Objection < 0 || (o.SeriousHarm && !r.SeriousHarm) {
			r.Objection, r.SeriousHarm = i, o.SeriousHarm
		}
	}
	if r.Objection < 0 {
		r.Verdict = Allowed
		return r
	}
	r.Verdict = Denied
	if ov == nil || ov.Ground == GroundNone {
		return r
	}
	if !ov.Ground.Valid() {
		r.Unfit = FactGround
		return r
	}
	r.Ground = ov.Ground
	if r.SeriousHarm {
		return r
	}
	if f == nil {
		r.Unfit = FactMissing
		return r
	}
	if r.Unfit = unfit(f, k, ov, cov); r.Unfit != FactNone {
		return r
	}
	if printable.Blank(ov.DecidedBy) || !ov.Ground.DecidableBy(ov.Role) {
		r.Verdict, r.Need = NeedsDecision, DefaultDecider(ov.Ground)
		return r
	}
	r.Verdict = Overridden
	return r
}

// unfit returns the first fact that stops ov's ground from fitting, or
// FactNone when it fits. ov.Ground is valid, f is not nil, and cov holds
// the kinds covered by any objection for the message's service.
func unfit(f *Facts, k channel.Kind, ov *Override, cov channel.Set) Fact {
	if c := ov.Ground.Class(); c != 0 && f.Class != c {
		return FactClass
	}
	switch ov.Ground {
	case GroundCommunicableDisease:
		if !f.Urgent {
			return FactUrgent
		}
	case GroundWaitingListValidation:
		if f.WaitingListThreshold <= 0 {
			return FactWaitingListThreshold
		}
		if f.GroupSize <= f.WaitingListThreshold {
			return FactGroupSize
		}
	case GroundAppointmentChange48h:
		if f.At.IsZero() {
			return FactDecisionTime
		}
		if f.AppointmentAt.IsZero() || !f.AppointmentAt.After(f.At) || f.AppointmentAt.After(f.At.Add(Window)) {
			return FactAppointmentTime
		}
	case GroundVulnerableAfterEvent:
		if !f.Vulnerable {
			return FactVulnerable
		}
	case GroundPrimaryMethodFailed:
		if (f.Failed &^ cov).Empty() {
			return FactFailedChannel
		}
		if !(f.Usable &^ f.Failed &^ cov).Empty() {
			return FactOtherChannelUsable
		}
	case GroundVirtualConsultation:
		if !k.Digital() {
			return FactDigitalChannel
		}
	case GroundEmergency:
		switch {
		case !f.Class.CanBeEmergency():
			return FactClass
		case !f.Emergency:
			return FactEmergency
		case strings.TrimSpace(ov.Justification) == "":
			return FactJustification
		}
	case GroundOther:
		if strings.TrimSpace(ov.Justification) == "" {
			return FactJustification
		}
	}
	return FactNone
}

// groundClass is the content class each ground needs, where it needs one:
// the one table both Check and GroundFor read.
var groundClass = [...]channel.Class{
	GroundCommunicableDisease:   channel.PublicHealthAlert,
	GroundWaitingListValidation: channel.WaitingListValidation,
	GroundAppointmentChange48h:  channel.AppointmentChange,
	GroundVulnerableAfterEvent:  channel.WelfareCheck,
	GroundVirtualConsultation:   channel.VirtualConsultation,
	GroundCredibleThreat:        channel.SafetyWarning,
	GroundIncorrectMedication:   channel.MedicationAlert,
}

// Class returns the content class the ground needs (fact_class), or zero
// when it needs none (primary_method_failed, emergency, other).
func (g Ground) Class() channel.Class {
	if int(g) < len(groundClass) {
		return groundClass[g]
	}
	return 0
}

// GroundFor returns the G14 ground whose content class is c, or
// GroundNone: the ground a message of that class could rest on, for a
// host or a decision that must say who could decide to override.
func GroundFor(c channel.Class) Ground {
	for g, gc := range groundClass {
		if gc != 0 && gc == c {
			return Ground(g)
		}
	}
	return GroundNone
}
