// Package vocab holds the words every carecomms package shares: who
// decides, a recipient's role, whether a record is in force, a decision's
// outcome, and the one structured error that names a field. The public
// packages re-export these types with aliases (policy.Role is vocab.Role),
// so a value means the same thing wherever it travels.
package vocab

import "github.com/carecomms/carecomms/internal/enum"

// pkg starts the text of the errors the shared types return.
const pkg = "carecomms"

// Role is the role of a person who decides, or must decide: who may
// override an objection (G13, G34), who is asked before a proxy is told
// about a sensitive service (G21), and who a held decision names. The
// zero value, Nobody, names no one and is never a valid decision-maker.
type Role uint8

// The roles that decide.
const (
	Nobody            Role = iota // no one: no decision is needed, or none was named
	CaldicottGuardian             // the organisation's Caldicott Guardian (G13, G21)
	DPO                           // the Data Protection Officer (G32, G34)
	IGLead                        // the information governance lead or IG team (G34)
	SeniorClinician               // a senior clinician responsible for the person's care (G32)
	ThePatient                    // the person the care is about (G21)
	TheSender                     // the member of staff sending: decides only in an emergency (G32)
)

var roleNames = []string{"nobody", "caldicott_guardian", "dpo", "ig_lead", "senior_clinician", "the_patient", "the_sender"}

// roleAliases are names earlier versions wrote, still read.
var roleAliases = map[string]Role{"ig_team": IGLead, "sender": TheSender}

// Roles lists every role other than Nobody.
func Roles() []Role {
	return []Role{CaldicottGuardian, DPO, IGLead, SeniorClinician, ThePatient, TheSender}
}

// Valid reports whether r names someone: any role but Nobody.
func (r Role) Valid() bool { return r >= CaldicottGuardian && r <= TheSender }

// String returns the role's name, such as "caldicott_guardian".
func (r Role) String() string { return enum.Name("role", roleNames, int(r)) }

// MarshalText encodes r by name; Nobody encodes as "nobody".
func (r Role) MarshalText() ([]byte, error) { return enum.Marshal(pkg, "role", roleNames, int(r), 0) }

// UnmarshalText decodes a role name, rejecting unknown names. It also
// reads "ig_team" as IGLead and "sender" as TheSender.
func (r *Role) UnmarshalText(b []byte) error {
	if a, ok := roleAliases[string(b)]; ok {
		*r = a
		return nil
	}
	v, err := enum.Parse(pkg, "role", roleNames, 0, b)
	if err != nil {
		return err
	}
	*r = Role(v)
	return nil
}

// RecipientRole says whether a recipient is the person the care is about
// or a proxy acting for them. The zero value is unset: no recipient.
type RecipientRole uint8

// Recipient roles.
const (
	ToPatient RecipientRole = iota + 1 // the person the care is about (G18)
	ToProxy                            // a proxy with authority (G19)
)

var recipientRoleNames = []string{"", "patient", "proxy"}

// Valid reports whether r is ToPatient or ToProxy.
func (r RecipientRole) Valid() bool { return r == ToPatient || r == ToProxy }

// String returns the role's name, such as "proxy".
func (r RecipientRole) String() string {
	return enum.Name("recipient_role", recipientRoleNames, int(r))
}

// MarshalText encodes r by name. The zero value is an error: omit it.
func (r RecipientRole) MarshalText() ([]byte, error) {
	return enum.Marshal(pkg, "recipient role", recipientRoleNames, int(r), 1)
}

// UnmarshalText decodes a recipient role name, rejecting unknown names.
func (r *RecipientRole) UnmarshalText(b []byte) error {
	v, err := enum.Parse(pkg, "recipient role", recipientRoleNames, 1, b)
	if err != nil {
		return err
	}
	*r = RecipientRole(v)
	return nil
}

// Status says whether something a decision relies on is in force: a
// person's national record (P1) or a proxy relationship (P8). The zero
// value is unset. A record whose status is unset is taken as active, as a
// national record with no status is; a proxy needs its status set.
type Status uint8

// Statuses.
const (
	StatusUnset        Status = iota // not recorded
	Active                           // in force: a current record, or a proxy relationship in force
	Deactivated                      // a proxy relationship that has ended (P8)
	Deceased                         // the person is formally recorded as deceased (P1)
	InformallyDeceased               // the person is reported deceased, not yet confirmed (P1)
	Invalidated                      // the national record was invalidated (P1)
	RemovedFromList                  // the person was removed from the list (P1)
	Restricted                       // S-flagged: address and telecom withheld (P1)
)

var statusNames = []string{"unset", "active", "deactivated", "deceased", "informally_deceased", "invalidated", "removed", "restricted"}

// String returns the status's name, such as "deceased".
func (s Status) String() string { return enum.Name("status", statusNames, int(s)) }

// MarshalText encodes s by name. The zero value is an error: omit it.
func (s Status) MarshalText() ([]byte, error) {
	return enum.Marshal(pkg, "status", statusNames, int(s), 1)
}

// UnmarshalText decodes a status name, rejecting unknown names and "unset".
func (s *Status) UnmarshalText(b []byte) error {
	v, err := enum.Parse(pkg, "status", statusNames, 1, b)
	if err != nil {
		return err
	}
	*s = Status(v)
	return nil
}

// ForRecord reports whether s may describe a person's national record:
// unset (taken as active), active, deceased, informally deceased,
// invalidated, removed or restricted.
func (s Status) ForRecord() bool { return s <= Restricted && s != Deactivated }

// ForProxy reports whether s may describe a proxy relationship: active or
// deactivated.
func (s Status) ForProxy() bool { return s == Active || s == Deactivated }

// Outcome is what a decision allows. The zero value, OutcomeNone, is never
// a permission to send: an unset or undecided outcome fails closed.
type Outcome uint8

// Outcomes, from most to least permissive.
const (
	OutcomeNone Outcome = iota // no decision made: treat as Refuse
	Send                       // may go as drafted
	Revise                     // may go once the listed redactions or edits are made
	Hold                       // a person must decide; the decision names them
	Refuse                     // must not be sent
)

var outcomeNames = []string{"none", "send", "revise", "hold", "refuse"}

// Valid reports whether o is Send, Revise, Hold or Refuse.
func (o Outcome) Valid() bool { return o >= Send && o <= Refuse }

// String returns the outcome's name, such as "send".
func (o Outcome) String() string { return enum.Name("outcome", outcomeNames, int(o)) }

// MarshalText encodes o by name; OutcomeNone encodes as "none".
func (o Outcome) MarshalText() ([]byte, error) {
	return enum.Marshal(pkg, "outcome", outcomeNames, int(o), 0)
}

// UnmarshalText decodes an outcome name, rejecting unknown names.
func (o *Outcome) UnmarshalText(b []byte) error {
	v, err := enum.Parse(pkg, "outcome", outcomeNames, 0, b)
	if err != nil {
		return err
	}
	*o = Outcome(v)
	return nil
}

// Worse returns the more restrictive of two outcomes; OutcomeNone is the
// most restrictive of all.
func Worse(a, b Outcome) Outcome {
	if a == OutcomeNone || b == OutcomeNone {
		return OutcomeNone
	}
	return max(a, b)
}
