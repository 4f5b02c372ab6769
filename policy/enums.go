package policy

import (
	"fmt"

	"github.com/carecomms/carecomms/internal/enum"
)

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

func marshalEnum(typ string, names []string, v int) ([]byte, error) {
	if v < 0 || v >= len(names) || names[v] == "" {
		return nil, fmt.Errorf("policy: cannot encode %s(%d): set it to a defined value", typ, v)
	}
	return []byte(names[v]), nil
}
