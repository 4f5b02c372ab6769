package policy

import "github.com/carecomms/carecomms/internal/enum"

// ObligationCode names something the host must do after a decision.
type ObligationCode uint8

// Obligation codes.
const (
	_                       ObligationCode = iota
	RecordInCareRecord                     // record the message sent in the care record (G26, G29)
	ConfirmContact                         // confirm a contact detail is accurate and current (G30)
	ReviewEmergency                        // review the IG issues with the DPO or IG team afterwards (G32)
	DiscussWithSenior                      // discuss an emergency message with a senior person if available (G32)
	NoteOverride                           // note the override, its ground and decision-maker in the record (G13)
	TellPersonWhy                          // tell the person why their objection was overridden, where appropriate (G13)
	DiscussContactRemoval                  // discuss removing a contact detail at risk of serious harm (G15)
	RecordObjectionReason                  // record the missing specific reason for an objection (G12)
	ProvideAccessibleFormat                // produce the message in the recorded accessible format (G33, P7)
	ProvideLanguage                        // provide the message in, or arrange support for, the person's language (G33)
	CheckWithIndividual                    // check with the person before a proxy is told about a sensitive service (G21)
	ObtainContact                          // obtain a usable contact detail, or reach the person another way (G30)
	RecordApproval                         // note the approval a held message relied on, and who gave it (G21, P1)
)

var obligationNames = []string{"",
	"record_in_care_record", "confirm_contact", "review_emergency", "discuss_with_senior",
	"note_override", "tell_person_why", "discuss_contact_removal", "record_objection_reason",
	"provide_accessible_format", "provide_language", "check_with_individual", "obtain_contact",
	"record_approval",
}

// String returns the code name.
func (c ObligationCode) String() string { return enum.Name("obligation", obligationNames, int(c)) }

// MarshalText encodes the code by name.
func (c ObligationCode) MarshalText() ([]byte, error) {
	return marshalEnum("obligation", obligationNames, int(c))
}

// UnmarshalText decodes a code name, rejecting unknown names.
func (c *ObligationCode) UnmarshalText(b []byte) error {
	v, err := enum.Parse("policy", "obligation", obligationNames, 1, b)
	*c = ObligationCode(v)
	return err
}
