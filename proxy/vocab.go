package proxy

import "github.com/carecomms/carecomms/internal/vocab"

// Role names who decides: [WhoChecks] answers ThePatient or
// CaldicottGuardian. It is the same type as policy.Role and
// objection.Role.
type Role = vocab.Role

// The roles that decide, re-exported from the shared vocabulary.
const (
	Nobody            = vocab.Nobody            // no one
	CaldicottGuardian = vocab.CaldicottGuardian // the organisation's Caldicott Guardian
	DPO               = vocab.DPO               // the Data Protection Officer
	IGLead            = vocab.IGLead            // the information governance lead or IG team
	SeniorClinician   = vocab.SeniorClinician   // a senior clinician responsible for the person's care
	ThePatient        = vocab.ThePatient        // the person the care is about
	TheSender         = vocab.TheSender         // the member of staff sending
)

// Status is whether a proxy relationship is in force (P8): Active or
// Deactivated. It is the same type as policy.Status. The zero value is
// unset: a proxy whose status was never set is not valid, and
// [Proxy.Validate] reports it.
type Status = vocab.Status

// Proxy statuses, re-exported from the shared vocabulary.
const (
	StatusUnset = vocab.StatusUnset // not recorded: invalid for a proxy
	Active      = vocab.Active      // in force, subject to its period
	Deactivated = vocab.Deactivated // ended; DeactivationReason says why
)

// FieldError is one problem [Proxy.Validate] or [Patient.Validate] found:
// the field's JSON path (such as "contacts[1].address"), the problem and
// the wrapped [ErrInvalid]. It never contains the proxy's name or a contact
// address, and is the same type as policy.FieldError.
type FieldError = vocab.FieldError

func fieldErr(path, problem string) error {
	return vocab.NewFieldError("proxy", ErrInvalid, path, problem)
}
