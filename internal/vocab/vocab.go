// Package vocab holds the words every carecomms package shares: who
// decides, a recipient's role, whether a record is in force, a decision's
// outcome, and the one structured error that names a field. The public
// packages re-export these types with aliases (policy.Role is vocab.Role),
// so a value means the same thing wherever it travels.
//
// The types, their constants and their names are declared in enums.txt;
// enums_gen.go is generated from it.
package vocab

//go:generate go run github.com/carecomms/carecomms/internal/cmd/enumgen

// Roles lists every role other than Nobody.
func Roles() []Role {
	return []Role{CaldicottGuardian, DPO, IGLead, SeniorClinician, ThePatient, TheSender}
}

// ForRecord reports whether s may describe a person's national record:
// unset (taken as active), active, deceased, informally deceased,
// invalidated, removed or restricted.
func (s Status) ForRecord() bool { return s <= Restricted && s != Deactivated }

// ForProxy reports whether s may describe a proxy relationship: active or
// deactivated.
func (s Status) ForProxy() bool { return s == Active || s == Deactivated }

// Worse returns the more restrictive of two outcomes; OutcomeNone is the
// most restrictive of all.
func Worse(a, b Outcome) Outcome {
	if a == OutcomeNone || b == OutcomeNone {
		return OutcomeNone
	}
	return max(a, b)
}
