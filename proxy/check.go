package proxy

import "github.com/carecomms/carecomms/channel"

// Result is whether a proxy may receive messages on a date, and why.
// Valid is true exactly when Reason.Allows(); Reason then names the
// authority that made the proxy valid.
type Result struct {
	Valid  bool   `json:"valid"`
	Reason Reason `json:"reason"`
}

func invalid(r Reason) Result { return Result{Reason: r} }

// Check decides whether the proxy may receive messages about the patient
// on the decision date on (G19, G20, P8). It is pure, deterministic, never
// panics and does not allocate. Conditions are checked in this order and
// the first that fails is the Reason:
//
//  1. the proxy is present (no_proxy);
//  2. its status is set (status_unset) and active (deactivated);
//  3. a note in the record confirms it may receive messages (no_record_note, G20);
//  4. the decision date is a calendar date (invalid_decision_date);
//  5. its period is well formed: From set and a date, Until unset or a
//     date not before From (invalid_period);
//  6. From ≤ on (not_started) and on ≤ Until when Until is set (expired):
//     both ends inclusive;
//  7. its authority is defined (invalid_authority) and holds:
//     - parental_responsibility: the birth date is known and not after on
//     (unknown_birth_date) and the patient is under 18 on the decision
//     date (patient_adult): valid through the day before the 18th
//     birthday, not on it (see Age for 29 February). A child who lacks
//     capacity is covered by it alone; so is a child under 16 with no
//     capacity recorded. A child with capacity, recorded or (from 16,
//     CapacityPresumedAge) presumed by the Mental Capacity Act unless a
//     lack of it is recorded, must have consented (child_no_consent):
//     parental responsibility alone does not make their parent a recipient;
//     - lasting_power_of_attorney, court_appointed_deputy, best_interests:
//     the patient's capacity is recorded (capacity_unknown) and they lack
//     it (patient_has_capacity); then the LPA is activated
//     (lpa_not_activated) or the best interests decision is recorded
//     (best_interests_not_recorded);
//     - consent: the patient's capacity is recorded (capacity_unknown) and
//     they have it (patient_lacks_capacity), and their consent is recorded
//     (no_consent).
//
// Capacity is otherwise never presumed: an unknown capacity fails every
// authority that depends on it, because it also covers children whose
// competence has not been assessed. A host that applies the Mental
// Capacity Act's presumption of capacity for an adult records
// has_capacity.
func Check(p *Proxy, pt Patient, on channel.Date) Result {
	switch {
	case p == nil:
		return invalid(ReasonNoProxy)
	case p.Status == Deactivated:
		return invalid(ReasonDeactivated)
	case p.Status != Active:
		return invalid(ReasonStatusUnset)
	case !p.RecordNote:
		return invalid(ReasonNoRecordNote)
	case !isDate(on):
		return invalid(ReasonInvalidDate)
	case !isDate(p.From):
		return invalid(ReasonInvalidPeriod)
	}
	open := p.Until.IsZero()
	if !open && (!isDate(p.Until) || dateKey(p.Until) < dateKey(p.From)) {
		return invalid(ReasonInvalidPeriod)
	}
	day := dateKey(on)
	if day < dateKey(p.From) {
		return invalid(ReasonNotStarted)
	}
	if !open && day > dateKey(p.Until) {
		return invalid(ReasonExpired)
	}
	switch p.Authority {
	case ParentalResponsibility:
		if r := parental(p, pt, on); r != ReasonParentalResponsibility {
			return invalid(r)
		}
	case LastingPowerOfAttorney, CourtAppointedDeputy, BestInterests:
		switch {
		case pt.Capacity == HasCapacity:
			return invalid(ReasonPatientHasCapacity)
		case pt.Capacity != LacksCapacity:
			return invalid(ReasonCapacityUnknown)
		case p.Authority == LastingPowerOfAttorney && !p.LPAActivated:
			return invalid(ReasonLPANotActivated)
		case p.Authority == BestInterests && !p.BestInterestsRecorded:
			return invalid(ReasonBestInterestsNotRecorded)
		}
	case Consent:
		switch {
		case pt.Capacity == LacksCapacity:
			return invalid(ReasonPatientLacksCapacity)
		case pt.Capacity != HasCapacity:
			return invalid(ReasonCapacityUnknown)
		case !p.PatientConsented:
			return invalid(ReasonNoConsent)
		}
	default:
		return invalid(ReasonInvalidAuthority)
	}
	return Result{Valid: true, Reason: Reason(p.Authority)}
}

// parental checks parental responsibility's own conditions (G19): a
// known birth date, a child under 18, and the child's consent when they
// have capacity, recorded or presumed from 16.
func parental(p *Proxy, pt Patient, on channel.Date) Reason {
	age := Age(pt.BirthDate, on)
	switch {
	case age < 0:
		return ReasonUnknownBirthDate
	case age >= AdultAge:
		return ReasonPatientAdult
	case pt.Capacity == LacksCapacity:
	case (pt.Capacity == HasCapacity || age >= CapacityPresumedAge) && !p.PatientConsented:
		return ReasonChildNoConsent
	}
	return ReasonParentalResponsibility
}

// Entry is the plan for one proxy: its position in the slice passed to
// Recipients, its validity, and the mode it receives in.
type Entry struct {
	// Index is the proxy's position in the slice passed to Recipients.
	Index int `json:"index"`
	// Result is Check's answer for the proxy.
	Result Result `json:"result"`
	// Mode is the mode the proxy receives in when Result.Valid: Instead
	// only when it asked for Instead and Instead takes effect (see
	// Recipients), otherwise Copy. It is Copy for an invalid proxy, which
	// receives nothing.
	Mode Mode `json:"mode"`
}

// Plan is who receives the patient's messages: the patient directly
// (unless Route says a proxy receives instead), and every valid proxy.
type Plan struct {
	// Route says whether the patient receives their own messages, and if
	// not, why a proxy receives instead.
	Route Route `json:"route"`
	// Proxies has one entry per proxy passed to Recipients, in order.
	Proxies []Entry `json:"proxies,omitempty"`
}

// PatientReceives reports whether the patient receives messages directly.
func (p Plan) PatientReceives() bool { return p.Route.PatientReceives() }

// Recipients plans who receives the patient's messages on the decision
// date (G18, G19). Messages are the patient's own: the patient receives
// them directly, and each proxy that Check finds valid receives a copy in
// addition. A valid proxy with Mode Instead receives instead of the
// patient only when
//
//   - the patient lacks capacity (Route InsteadLacksCapacity), or
//   - the proxy has parental responsibility, the patient is under
//     YoungChildAge and no capacity is recorded (Route InsteadYoungChild);
//
// otherwise it receives a copy and the patient still receives directly. A
// recorded has_capacity always keeps the patient a direct recipient. When
// both routes apply, InsteadLacksCapacity is reported.
//
// Removing a proxy never makes another proxy valid and never stops the
// patient receiving directly. Recipients allocates one slice (none when
// proxies is empty). It does not look at the message: a proxy delivery
// about a sensitive service must still be held for a check (see
// HoldForCheck), even when the proxy receives instead of the patient.
func Recipients(proxies []Proxy, pt Patient, on channel.Date) Plan {
	var plan Plan
	if len(proxies) == 0 {
		return plan
	}
	plan.Proxies = make([]Entry, len(proxies))
	age := -2 // not yet computed
	for i := range proxies {
		p := &proxies[i]
		e := Entry{Index: i, Result: Check(p, pt, on)}
		if e.Result.Valid && p.Mode == Instead {
			switch {
			case pt.Capacity == LacksCapacity:
				e.Mode = Instead
				plan.Route = InsteadLacksCapacity
			case pt.Capacity == CapacityUnknown && p.Authority == ParentalResponsibility:
				if age == -2 {
					age = Age(pt.BirthDate, on)
				}
				if age >= 0 && age < YoungChildAge {
					e.Mode = Instead
					if plan.Route == Direct {
						plan.Route = InsteadYoungChild
					}
				}
			}
		}
		plan.Proxies[i] = e
	}
	return plan
}
