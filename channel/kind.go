package channel

import (
	"time"

	"github.com/carecomms/carecomms/internal/enum"
)

// Kind is a way of reaching a person. The zero value is not a valid kind:
// a message can never be routed to an unset channel.
type Kind uint8

// The channel kinds the guidance names.
const (
	NHSApp       Kind = iota + 1 // the NHS App inbox, behind an NHS login
	Email                        // email, secure (NHS.net Connect) or otherwise
	SMS                          // text message to a mobile phone
	MessagingApp                 // another messaging app (for example WhatsApp)
	Letter                       // a letter by post
)

var kindNames = []string{"", "nhs_app", "email", "sms", "messaging_app", "letter"}

// Kinds lists every valid kind in the guidance's default order of
// preference: the NHS App first (G4), then email, text, other apps, letter.
func Kinds() []Kind { return []Kind{NHSApp, Email, SMS, MessagingApp, Letter} }

// Valid reports whether k is one of the defined kinds.
func (k Kind) Valid() bool { return k >= NHSApp && k <= Letter }

// String returns the kind's name, such as "nhs_app".
func (k Kind) String() string { return enum.Name("kind", kindNames, int(k)) }

// MarshalText encodes k by name. The zero kind is an error.
func (k Kind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, errInvalidEnum("kind", k.String())
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText decodes a kind name, rejecting unknown names.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := enum.Parse("channel", "kind", kindNames, 1, b)
	if err != nil {
		return err
	}
	*k = Kind(v)
	return nil
}

// ParseKind returns the kind with the given name.
func ParseKind(s string) (Kind, error) {
	var k Kind
	err := k.UnmarshalText([]byte(s))
	return k, err
}

// Electronic reports whether the kind is an electronic channel: everything
// but a letter. An objection to electronic channels leaves letters (G16).
func (k Kind) Electronic() bool { return k.Valid() && k != Letter }

// LockScreen reports whether the content of a message on this kind can be
// shown on a locked screen or a notification preview (G22). NHS App
// notifications carry only a generic prompt to log in, and letters have no
// screen; email, text and other apps show their content.
func (k Kind) LockScreen() bool { return k == Email || k == SMS || k == MessagingApp }

// NeedsLogin reports whether reading the content needs a log-in or
// password by design (G6). Email counts only when the org approves an
// encrypted service for it; that is configuration, not a property of the kind.
func (k Kind) NeedsLogin() bool { return k == NHSApp }

// Digital reports whether the kind can carry a working link, as a virtual
// consultation invitation needs (G14.6).
func (k Kind) Digital() bool { return k.Electronic() }

// TypicalDelay is how long a message on this kind typically takes to reach
// the person. A letter takes days, so it cannot meet a change within 48
// hours.
func (k Kind) TypicalDelay() time.Duration {
	switch k {
	case Letter:
		return 72 * time.Hour
	case NHSApp, Email, SMS, MessagingApp:
		return time.Minute
	}
	return 0
}
