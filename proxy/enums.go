package proxy

// The enum types Authority, Capacity, DeactivationReason, Mode, Reason and
// Route, their constants and their names are declared in enums.txt;
// enums_gen.go is generated from it. The methods here carry their meaning.

//go:generate go run github.com/carecomms/carecomms/internal/cmd/enumgen

// Authorities lists every valid authority.
func Authorities() []Authority {
	return []Authority{ParentalResponsibility, LastingPowerOfAttorney, CourtAppointedDeputy, BestInterests, Consent}
}

// NeedsLackOfCapacity reports whether the authority can only be used while
// the patient lacks capacity: a lasting power of attorney, a deputy and a
// best interests decision.
func (a Authority) NeedsLackOfCapacity() bool {
	return a == LastingPowerOfAttorney || a == CourtAppointedDeputy || a == BestInterests
}

// Reasons lists every reason Check can return.
func Reasons() []Reason {
	out := make([]Reason, 0, len(reasonNames)-1)
	for i := 1; i < len(reasonNames); i++ {
		out = append(out, Reason(i))
	}
	return out
}

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

// PatientReceives reports whether the patient receives messages directly.
func (r Route) PatientReceives() bool { return r == Direct }
