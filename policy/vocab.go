package policy

import "github.com/carecomms/carecomms/internal/vocab"

// Outcome is what a decision allows. The zero value, OutcomeNone, is never
// a permission to send: an unset or undecided outcome fails closed. It is
// the same type the audit log records ([audit.DecisionOutcome]); a
// delivery's result is a different idea, [channel.Result].
type Outcome = vocab.Outcome

// Outcomes, from most to least permissive.
const (
	OutcomeNone = vocab.OutcomeNone // no decision made: treat as Refuse
	Send        = vocab.Send        // may go as drafted
	Revise      = vocab.Revise      // may go once the listed redactions or edits are made
	Hold        = vocab.Hold        // a person must decide; Decision.Who names them
	Refuse      = vocab.Refuse      // must not be sent
)

// Role is the role of a person who decides: who a held decision names
// ([Decision.Who]), who made an [Approval], who may override an objection
// ([objection.Override]) and who is asked before a proxy is told about a
// sensitive service ([proxy.WhoChecks]). One type serves all four.
type Role = vocab.Role

// The roles that decide.
const (
	Nobody            = vocab.Nobody            // no decision needed; never on a Hold
	CaldicottGuardian = vocab.CaldicottGuardian // the org's Caldicott Guardian (G13, G21)
	DPO               = vocab.DPO               // the data protection officer (G32, G34)
	IGLead            = vocab.IGLead            // the IG lead or team (G34)
	SeniorClinician   = vocab.SeniorClinician   // a senior clinician (G32)
	ThePatient        = vocab.ThePatient        // the person the care is about (G21)
	TheSender         = vocab.TheSender         // the member of staff sending the message
)

// Roles lists every role that names someone.
func Roles() []Role { return vocab.Roles() }

// RecipientRole says whether a delivery goes to the person or a proxy: the
// same type as [audit.RecipientRole].
type RecipientRole = vocab.RecipientRole

// Recipient roles.
const (
	ToPatient = vocab.ToPatient // the person the care is about (G18)
	ToProxy   = vocab.ToProxy   // a proxy with authority (G19)
)

// Status is the person's status on the national record (P1): the same type
// as [proxy.Status]. A record whose status is unset is taken as active.
type Status = vocab.Status

// Record statuses.
const (
	StatusUnset        = vocab.StatusUnset        // not recorded: taken as active
	Active             = vocab.Active             // a current record
	Deceased           = vocab.Deceased           // formally deceased
	InformallyDeceased = vocab.InformallyDeceased // reported deceased, not yet confirmed
	Invalidated        = vocab.Invalidated        // record invalidated
	RemovedFromList    = vocab.RemovedFromList    // removed from the list (exit code)
	Restricted         = vocab.Restricted         // S-flagged: address and telecom withheld
)

// FieldError is one problem with one field of a message or record: its
// JSON path (such as "proxies[0].status"), what is wrong and how to fix it,
// and the wrapped cause ([ErrInvalidMessage] or [ErrInvalidRecord], and the
// nested package's sentinel, such as [proxy.ErrInvalid]). It is the one
// field error type of every carecomms package. Its text never holds a body
// or an address.
type FieldError = vocab.FieldError

func worse(a, b Outcome) Outcome { return vocab.Worse(a, b) }
