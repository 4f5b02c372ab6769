package proxy

import (
	"fmt"

	"github.com/carecomms/carecomms/internal/enum"
)

// marshalEnum encodes v by name when it is a defined value at or after
// index first; otherwise it reports an error naming the type.
func marshalEnum(typ string, names []string, v, first int) ([]byte, error) {
	if v < first || v >= len(names) || names[v] == "" {
		return nil, fmt.Errorf("proxy: cannot encode %s %s: set it to a defined value", typ, enum.Name(typ, names, v))
	}
	return []byte(names[v]), nil
}

// Authority is the legal basis on which a proxy may receive messages about
// the patient (G19, P8). Each defined value is one of the five legal-basis
// codes the national proxy service records; see the package documentation
// for the mapping. The zero value is not a valid authority: a proxy with an
// unset authority is never valid.
type Authority uint8

// The authorities a proxy may hold (P8).
const (
	// ParentalResponsibility: a person with parental responsibility for a
	// patient under 18 (Children Act 1989).
	ParentalResponsibility Authority = iota + 1
	// LastingPowerOfAttorney: an attorney under a lasting power of attorney
	// for health and welfare, usable once activated (Mental Capacity Act 2005).
	LastingPowerOfAttorney
	// CourtAppointedDeputy: a deputy for personal welfare appointed by the
	// Court of Protection.
	CourtAppointedDeputy
	// BestInterests: a best interests decision, recorded for a patient who
	// lacks capacity, that names the proxy.
	BestInterests
	// Consent: the patient's own explicit consent.
	Consent
)

var authorityNames = []string{"unset",
	"parental_responsibility", "lasting_power_of_attorney", "court_appointed_deputy",
	"best_interests", "consent",
}

// Authorities lists every valid authority.
func Authorities() []Authority {
	return []Authority{ParentalResponsibility, LastingPowerOfAttorney, CourtAppointedDeputy, BestInterests, Consent}
}

// Valid reports whether a is one of the defined authorities.
func (a Authority) Valid() bool { return a >= ParentalResponsibility && a <= Consent }

// String returns the authority's name, such as "parental_responsibility",
// or "unset" for the zero value.
func (a Authority) String() string { return enum.Name("authority", authorityNames, int(a)) }

// MarshalText encodes a by name. The zero authority is an error.
func (a Authority) MarshalText() ([]byte, error) {
	return marshalEnum("authority", authorityNames, int(a), 1)
}

// UnmarshalText decodes an authority name, rejecting unknown names and
// "unset".
func (a *Authority) UnmarshalText(b []byte) error {
	v, err := enum.Parse("proxy", "authority", authorityNames, 1, b)
	if err != nil {
		return err
	}
	*a = Authority(v)
	return nil
}

// NeedsLackOfCapacity reports whether the authority can only be used while
// the patient lacks capacity: a lasting power of attorney, a deputy and a
// best interests decision.
func (a Authority) NeedsLackOfCapacity() bool {
	return a == LastingPowerOfAttorney || a == CourtAppointedDeputy || a == BestInterests
}

// Capacity is what the patient's record says about their capacity to make
// decisions about their health and care. The zero value, CapacityUnknown,
// means nothing is recorded: no authority that depends on capacity is valid
// while it is unknown.
type Capacity uint8

// Capacities.
const (
	CapacityUnknown Capacity = iota // nothing recorded
	HasCapacity                     // the patient can make the decision (or, for a child, is competent to)
	LacksCapacity                   // assessed as lacking capacity (Mental Capacity Act 2005)
)

var capacityNames = []string{"unknown", "has_capacity", "lacks_capacity"}

// Valid reports whether c is one of the defined capacities.
func (c Capacity) Valid() bool { return c <= LacksCapacity }

// String returns the capacity's name, such as "lacks_capacity".
func (c Capacity) String() string { return enum.Name("capacity", capacityNames, int(c)) }

// MarshalText encodes c by name.
func (c Capacity) MarshalText() ([]byte, error) {
	return marshalEnum("capacity", capacityNames, int(c), 0)
}

// UnmarshalText decodes a capacity name, rejecting unknown names.
func (c *Capacity) UnmarshalText(b []byte) error {
	v, err := enum.Parse("proxy", "capacity", capacityNames, 0, b)
	if err != nil {
		return err
	}
	*c = Capacity(v)
	return nil
}

// DeactivationReason is why a proxy was deactivated (P8). The zero value,
// DeactivationUnset, belongs with an active proxy.
type DeactivationReason uint8

// Deactivation reasons.
const (
	DeactivationUnset DeactivationReason = iota // not deactivated, or no reason recorded
	PatientRequest                              // at the patient's request
	Safeguarding                                // for safeguarding
	OtherReason                                 // any other reason
)

var deactivationNames = []string{"unset", "patient_request", "safeguarding", "other"}

// Valid reports whether r is one of the defined reasons, including unset.
func (r DeactivationReason) Valid() bool { return r <= OtherReason }

// String returns the reason's name, such as "safeguarding".
func (r DeactivationReason) String() string {
	return enum.Name("deactivation_reason", deactivationNames, int(r))
}

// MarshalText encodes r by name.
func (r DeactivationReason) MarshalText() ([]byte, error) {
	return marshalEnum("deactivation_reason", deactivationNames, int(r), 0)
}

// UnmarshalText decodes a deactivation reason name, rejecting unknown names.
func (r *DeactivationReason) UnmarshalText(b []byte) error {
	v, err := enum.Parse("proxy", "deactivation_reason", deactivationNames, 0, b)
	if err != nil {
		return err
	}
	*r = DeactivationReason(v)
	return nil
}

// Mode is how a proxy receives messages. The zero value, Copy, is the safe
// one: the patient still receives their own messages.
type Mode uint8

// Delivery modes.
const (
	// Copy: the proxy receives a copy and the patient receives the message too.
	Copy Mode = iota
	// Instead: the proxy receives the message instead of the patient. It
	// takes effect only while the patient lacks capacity, or for a young
	// child under parental responsibility (see Recipients); otherwise the
	// proxy receives a copy.
	Instead
)

var modeNames = []string{"copy", "instead"}

// Valid reports whether m is one of the defined modes.
func (m Mode) Valid() bool { return m <= Instead }

// String returns the mode's name, "copy" or "instead".
func (m Mode) String() string { return enum.Name("mode", modeNames, int(m)) }

// MarshalText encodes m by name.
func (m Mode) MarshalText() ([]byte, error) { return marshalEnum("mode", modeNames, int(m), 0) }

// UnmarshalText decodes a mode name, rejecting unknown names.
func (m *Mode) UnmarshalText(b []byte) error {
	v, err := enum.Parse("proxy", "mode", modeNames, 0, b)
	if err != nil {
		return err
	}
	*m = Mode(v)
	return nil
}

// Reason is the machine-readable reason for a validity result. When the
// proxy is valid it names the authority that made it valid; otherwise it
// names the first condition that failed, in the order Check documents.
// The names are stable; the numeric values are not. The zero value,
// ReasonUnset, is never returned by Check.
type Reason uint8

// Reasons. The first five are the authorities that make a proxy valid and
// share their names with Authority.
const (
	ReasonUnset Reason = iota // never returned by Check

	ReasonParentalResponsibility // valid: parental responsibility, patient under 18 (G19)
	ReasonLastingPowerOfAttorney // valid: activated LPA for health and welfare, patient lacks capacity (G19)
	ReasonCourtAppointedDeputy   // valid: court-appointed deputy, patient lacks capacity (G19)
	ReasonBestInterests          // valid: recorded best interests decision, patient lacks capacity (G19)
	ReasonConsent                // valid: the patient has capacity and consented (G19)

	ReasonNoProxy                  // the proxy is nil
	ReasonStatusUnset              // Status is unset (P8)
	ReasonDeactivated              // Status is Deactivated (P8)
	ReasonNoRecordNote             // no note in the record confirms the proxy may receive messages (G20)
	ReasonInvalidDate              // the decision date is not a calendar date
	ReasonInvalidPeriod            // From is unset or not a date, or Until is not a date or is before From (P8)
	ReasonNotStarted               // the decision date is before From (P8)
	ReasonExpired                  // the decision date is after Until (P8)
	ReasonInvalidAuthority         // Authority is unset or undefined (P8)
	ReasonUnknownBirthDate         // parental responsibility, but the birth date is unset, not a date, or after the decision date
	ReasonPatientAdult             // parental responsibility, but the patient is 18 or over (G19)
	ReasonCapacityUnknown          // the authority depends on capacity and none is recorded
	ReasonPatientHasCapacity       // LPA, deputy or best interests, but the patient has capacity (G19)
	ReasonPatientLacksCapacity     // consent, but the patient lacks capacity to give it (G19)
	ReasonLPANotActivated          // the lasting power of attorney has not been activated (G19)
	ReasonBestInterestsNotRecorded // no best interests decision is recorded (G19)
	ReasonNoConsent                // the patient's consent is not recorded (G19)
)

var reasonNames = []string{"unset",
	"parental_responsibility", "lasting_power_of_attorney", "court_appointed_deputy",
	"best_interests", "consent",
	"no_proxy", "status_unset", "deactivated", "no_record_note", "invalid_decision_date",
	"invalid_period", "not_started", "expired", "invalid_authority", "unknown_birth_date",
	"patient_adult", "capacity_unknown", "patient_has_capacity", "patient_lacks_capacity",
	"lpa_not_activated", "best_interests_not_recorded", "no_consent",
}

// Reasons lists every reason Check can return.
func Reasons() []Reason {
	out := make([]Reason, 0, len(reasonNames)-1)
	for i := 1; i < len(reasonNames); i++ {
		out = append(out, Reason(i))
	}
	return out
}

// Valid reports whether r is one of the defined reasons (not unset).
func (r Reason) Valid() bool { return r >= ReasonParentalResponsibility && int(r) < len(reasonNames) }

// Allows reports whether r is a reason that makes a proxy valid: one of
// the five authorities.
func (r Reason) Allows() bool { return r >= ReasonParentalResponsibility && r <= ReasonConsent }

// Authority returns the authority a valid reason names, or the zero
// Authority when r does not allow.
func (r Reason) Authority() Authority {
	if !r.Allows() {
		return 0
	}
	return Authority(r)
}

// String returns the reason's name, such as "no_record_note".
func (r Reason) String() string { return enum.Name("reason", reasonNames, int(r)) }

// MarshalText encodes r by name. The zero reason is an error.
func (r Reason) MarshalText() ([]byte, error) { return marshalEnum("reason", reasonNames, int(r), 1) }

// UnmarshalText decodes a reason name, rejecting unknown names and "unset".
func (r *Reason) UnmarshalText(b []byte) error {
	v, err := enum.Parse("proxy", "reason", reasonNames, 1, b)
	if err != nil {
		return err
	}
	*r = Reason(v)
	return nil
}

// Route is how the patient's own messages reach them, as Recipients
// decides it. The zero value, Direct, is the guidance's default (G18): the
// patient receives their own messages.
type Route uint8

// Routes.
const (
	// Direct: the patient receives their own messages; valid proxies get copies.
	Direct Route = iota
	// InsteadLacksCapacity: the patient lacks capacity and a valid proxy
	// with Mode Instead receives instead of the patient.
	InsteadLacksCapacity
	// InsteadYoungChild: the patient is a young child (under YoungChildAge)
	// with no capacity recorded, and a valid proxy with parental
	// responsibility and Mode Instead receives instead of the patient.
	InsteadYoungChild
)

var routeNames = []string{"direct", "instead_lacks_capacity", "instead_young_child"}

// Valid reports whether r is one of the defined routes.
func (r Route) Valid() bool { return r <= InsteadYoungChild }

// PatientReceives reports whether the patient receives messages directly.
func (r Route) PatientReceives() bool { return r == Direct }

// String returns the route's name, such as "direct".
func (r Route) String() string { return enum.Name("route", routeNames, int(r)) }

// MarshalText encodes r by name.
func (r Route) MarshalText() ([]byte, error) { return marshalEnum("route", routeNames, int(r), 0) }

// UnmarshalText decodes a route name, rejecting unknown names.
func (r *Route) UnmarshalText(b []byte) error {
	v, err := enum.Parse("proxy", "route", routeNames, 0, b)
	if err != nil {
		return err
	}
	*r = Route(v)
	return nil
}
