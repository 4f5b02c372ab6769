package channel

import "time"

// The enum types Kind, Class, Status, Result, Encoding and Placement, their constants
// and their names are declared in enums.txt; enums_gen.go is generated
// from it. The methods in this package's files carry their meaning.

//go:generate go run github.com/carecomms/carecomms/internal/cmd/enumgen

// Kinds lists every valid kind in the guidance's default order of
// preference: the NHS App first (G4), then email, text, other apps, letter.
func Kinds() []Kind { return []Kind{NHSApp, Email, SMS, MessagingApp, Letter} }

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
