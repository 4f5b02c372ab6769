package objection

import "github.com/carecomms/carecomms/internal/vocab"

// Role is the role of the person who decides to override an objection
// (G13, G34): the same type as policy.Role and [proxy.Role].
// [Ground.DecidableBy] says which roles may decide which ground.
type Role = vocab.Role

// The roles that decide, re-exported from the shared vocabulary.
const (
	Nobody            = vocab.Nobody            // no one named: never a valid decision-maker
	CaldicottGuardian = vocab.CaldicottGuardian // the organisation's Caldicott Guardian
	DPO               = vocab.DPO               // the Data Protection Officer
	IGLead            = vocab.IGLead            // the information governance lead or IG team
	SeniorClinician   = vocab.SeniorClinician   // a senior clinician responsible for the person's care
	ThePatient        = vocab.ThePatient        // the person the care is about: never decides an override
	TheSender         = vocab.TheSender         // the member of staff sending: decides only in an emergency (G32)
)

// FieldError is one problem with one field of an [Objection] or [Override]:
// its path, the problem and the wrapped [ErrInvalid]. It is the same type
// as policy.FieldError, so errors.As finds it however deeply it is nested.
type FieldError = vocab.FieldError

// DecidableBy reports whether someone in role r may decide to override an
// objection on ground g:
//   - the eight example grounds (G14): Caldicott Guardian, DPO, IG lead or
//     senior clinician;
//   - emergency (G32): any member of staff, the sender included;
//   - other (G13): only the Caldicott Guardian or the DPO.
//
// It is false for Nobody, ThePatient and a ground that cannot be claimed.
func (g Ground) DecidableBy(r Role) bool {
	if !r.Valid() || r == ThePatient {
		return false
	}
	switch {
	case g == GroundEmergency:
		return true
	case g == GroundOther:
		return r == CaldicottGuardian || r == DPO
	case g.Listed():
		return r != TheSender
	}
	return false
}

// Roles lists every role that names someone, as policy.Roles does.
func Roles() []Role { return vocab.Roles() }
