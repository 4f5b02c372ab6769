package policy

import (
	"fmt"

	"github.com/carecomms/carecomms/internal/enum"
)

// Outcome is what a decision allows. The zero value, OutcomeNone, is never
// a permission to send: an unset or undecided outcome fails closed.
type Outcome uint8

// Outcomes, from most to least permissive.
const (
	OutcomeNone Outcome = iota // no decision made: treat as Refuse
	Send                       // may go as drafted
	Revise                     // may go once the listed redactions or edits are made
	Hold                       // a person must decide; Decision.Who names them
	Refuse                     // must not be sent
)

var outcomeNames = []string{"none", "send", "revise", "hold", "refuse"}

// String returns the outcome name, such as "send".
func (o Outcome) String() string { return enum.Name("outcome", outcomeNames, int(o)) }

// MarshalText encodes the outcome by name.
func (o Outcome) MarshalText() ([]byte, error) { return marshalEnum("outcome", outcomeNames, int(o)) }

// UnmarshalText decodes an outcome name, rejecting unknown names.
func (o *Outcome) UnmarshalText(b []byte) error {
	v, err := enum.Parse("policy", "outcome", outcomeNames, 0, b)
	*o = Outcome(v)
	return err
}

// worse returns the more restrictive of two outcomes.
func worse(a, b Outcome) Outcome {
	if a == OutcomeNone || b == OutcomeNone {
		return OutcomeNone
	}
	if b > a {
		return b
	}
	return a
}

// Effect is what a trail step did to the decision.
type Effect uint8

// Trail step effects.
const (
	Note    Effect = iota // recorded a fact; changed nothing
	Allow                 // permitted something (a channel, a recipient, an override)
	Deny                  // ruled something out
	Require               // something must happen first: an edit, or a person's decision
)

var effectNames = []string{"note", "allow", "deny", "require"}

// String returns the effect name.
func (e Effect) String() string { return enum.Name("effect", effectNames, int(e)) }

// MarshalText encodes the effect by name.
func (e Effect) MarshalText() ([]byte, error) { return marshalEnum("effect", effectNames, int(e)) }

// UnmarshalText decodes an effect name, rejecting unknown names.
func (e *Effect) UnmarshalText(b []byte) error {
	v, err := enum.Parse("policy", "effect", effectNames, 0, b)
	*e = Effect(v)
	return err
}

// Purpose is why a message is sent. Only IndividualCare is in scope (G1).
// The zero value is invalid.
type Purpose uint8

// Purposes.
const (
	IndividualCare Purpose = iota + 1 // about the person's own individual care
	Research                          // research recruitment or follow-up
	Fundraising                       // charitable fundraising
	Marketing                         // marketing or promotion
	Other                             // anything else not about individual care
)

var purposeNames = []string{"", "individual_care", "research", "fundraising", "marketing", "other"}

// String returns the purpose name.
func (p Purpose) String() string { return enum.Name("purpose", purposeNames, int(p)) }

// MarshalText encodes the purpose by name.
func (p Purpose) MarshalText() ([]byte, error) { return marshalEnum("purpose", purposeNames, int(p)) }

// UnmarshalText decodes a purpose name, rejecting unknown names.
func (p *Purpose) UnmarshalText(b []byte) error {
	v, err := enum.Parse("policy", "purpose", purposeNames, 1, b)
	*p = Purpose(v)
	return err
}

// Urgency says how quickly a message must reach the person. The zero value
// is Routine, which waits for sending windows (P2).
type Urgency uint8

// Urgencies.
const (
	Routine       Urgency = iota // waits for sending windows; long fallback intervals
	TimeSensitive                // waits for sending windows; short fallback intervals (P3)
	Urgent                       // does not wait for sending windows (P2)
	Emergency                    // a genuine emergency: safety first (G32)
)

var urgencyNames = []string{"routine", "time_sensitive", "urgent", "emergency"}

// String returns the urgency name.
func (u Urgency) String() string { return enum.Name("urgency", urgencyNames, int(u)) }

// MarshalText encodes the urgency by name.
func (u Urgency) MarshalText() ([]byte, error) { return marshalEnum("urgency", urgencyNames, int(u)) }

// UnmarshalText decodes an urgency name, rejecting unknown names.
func (u *Urgency) UnmarshalText(b []byte) error {
	v, err := enum.Parse("policy", "urgency", urgencyNames, 0, b)
	*u = Urgency(v)
	return err
}

// RecordStatus is the person's status on the national record (P1). The
// zero value is Active.
type RecordStatus uint8

// Record statuses.
const (
	Active             RecordStatus = iota // a current record
	Deceased                               // formally deceased
	InformallyDeceased                     // reported deceased, not yet confirmed
	Invalidated                            // record invalidated
	RemovedFromList                        // removed from the list (exit code)
	Restricted                             // S-flagged: address and telecom withheld
)

var recordStatusNames = []string{"active", "deceased", "informally_deceased", "invalidated", "removed", "restricted"}

// String returns the status name.
func (s RecordStatus) String() string { return enum.Name("record_status", recordStatusNames, int(s)) }

// MarshalText encodes the status by name.
func (s RecordStatus) MarshalText() ([]byte, error) {
	return marshalEnum("record status", recordStatusNames, int(s))
}

// UnmarshalText decodes a status name, rejecting unknown names.
func (s *RecordStatus) UnmarshalText(b []byte) error {
	v, err := enum.Parse("policy", "record status", recordStatusNames, 0, b)
	*s = RecordStatus(v)
	return err
}

// Need is a recorded reasonable adjustment under the Accessible Information
// Standard (G33, P7). The zero value is invalid.
type Need uint8

// Accessible information needs.
const (
	LargePrint Need = iota + 1 // large print
	Braille                    // braille
	Audio                      // audio format
	EasyRead                   // easy read
	BSL                        // British Sign Language
	ViaCarer                   // contact through a carer
)

var needNames = []string{"", "large_print", "braille", "audio", "easy_read", "bsl", "via_carer"}

// String returns the need name.
func (n Need) String() string { return enum.Name("need", needNames, int(n)) }

// MarshalText encodes the need by name.
func (n Need) MarshalText() ([]byte, error) { return marshalEnum("need", needNames, int(n)) }

// UnmarshalText decodes a need name, rejecting unknown names.
func (n *Need) UnmarshalText(b []byte) error {
	v, err := enum.Parse("policy", "need", needNames, 1, b)
	*n = Need(v)
	return err
}

// Who names the person who must decide when a decision is Hold (G34).
// The zero value names nobody and never appears on a Hold.
type Who uint8

// People who decide.
const (
	Nobody            Who = iota // no decision needed
	CaldicottGuardian            // the org's Caldicott Guardian (G13, G21)
	DPO                          // the data protection officer (G32, G34)
	IGTeam                       // the IG lead or team (G34)
	SeniorClinician              // a senior clinician (G32)
	ThePatient                   // the person the care is about (G21)
	TheSender                    // the member of staff sending the message
)

var whoNames = []string{"nobody", "caldicott_guardian", "dpo", "ig_team", "senior_clinician", "the_patient", "the_sender"}

// String returns the name.
func (w Who) String() string { return enum.Name("who", whoNames, int(w)) }

// MarshalText encodes the name.
func (w Who) MarshalText() ([]byte, error) { return marshalEnum("who", whoNames, int(w)) }

// UnmarshalText decodes a name, rejecting unknown names.
func (w *Who) UnmarshalText(b []byte) error {
	v, err := enum.Parse("policy", "who", whoNames, 0, b)
	*w = Who(v)
	return err
}

// RecipientRole says whether a delivery goes to the person or a proxy.
type RecipientRole uint8

// Recipient roles.
const (
	ToPatient RecipientRole = iota // the person the care is about (G18)
	ToProxy                        // a proxy with authority (G19)
)

var recipientRoleNames = []string{"patient", "proxy"}

// String returns the role name.
func (r RecipientRole) String() string {
	return enum.Name("recipient_role", recipientRoleNames, int(r))
}

// MarshalText encodes the role by name.
func (r RecipientRole) MarshalText() ([]byte, error) {
	return marshalEnum("recipient role", recipientRoleNames, int(r))
}

// UnmarshalText decodes a role name, rejecting unknown names.
func (r *RecipientRole) UnmarshalText(b []byte) error {
	v, err := enum.Parse("policy", "recipient role", recipientRoleNames, 0, b)
	*r = RecipientRole(v)
	return err
}

func marshalEnum(typ string, names []string, v int) ([]byte, error) {
	if v < 0 || v >= len(names) || names[v] == "" {
		return nil, fmt.Errorf("policy: cannot encode %s(%d): set it to a defined value", typ, v)
	}
	return []byte(names[v]), nil
}
