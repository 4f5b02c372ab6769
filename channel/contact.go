package channel

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"
)

// Contact is one way of reaching a person, as the care record holds it.
type Contact struct {
	// Kind is the channel this contact detail serves.
	Kind Kind `json:"kind"`
	// Address is the mobile number, email address, NHS number (for the NHS
	// App) or postal address, as recorded. NormalizeAddress checks it.
	Address string `json:"address"`
	// Verified is when the detail was last confirmed as accurate and
	// current (G30). Zero means never.
	Verified time.Time `json:"verified,omitzero"`
	// Status says whether the detail has failed or been removed (G31, G15).
	Status Status `json:"status,omitempty"`
}

// String describes the contact with its address masked, so it is safe to log.
func (c Contact) String() string {
	return c.Kind.String() + " " + Mask(c.Kind, c.Address) + " (" + c.Status.String() + ")"
}

// Format prints String for every verb, %#v included, so that no verb
// prints the address.
func (c Contact) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, c.String()) }

// LogValue gives log/slog what String prints, so that no handler prints
// the address.
func (c Contact) LogValue() slog.Value { return slog.StringValue(c.String()) }

// Attempt is one earlier delivery of a message, as the host recorded it.
// A permanent failure marks that method as failed (G31, G14.5).
type Attempt struct {
	// Kind is the channel the message went by.
	Kind Kind `json:"kind"`
	// Address is the address it went to.
	Address string `json:"address"`
	// At is when the outcome was recorded.
	At time.Time `json:"at"`
	// Result is what happened to it.
	Result Result `json:"outcome"`
}

// String describes the attempt with its address masked.
func (a Attempt) String() string {
	return a.Kind.String() + " " + Mask(a.Kind, a.Address) + " " + a.Result.String()
}

// Format prints String for every verb, %#v included, so that no verb
// prints the address.
func (a Attempt) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, a.String()) }

// LogValue gives log/slog what String prints, so that no handler prints
// the address.
func (a Attempt) LogValue() slog.Value { return slog.StringValue(a.String()) }

// ErrContactFailed means a delivery to the contact failed permanently: the
// email bounced or the number or address was not recognised (G31).
var ErrContactFailed = errors.New("channel: contact detail failed")

// ErrContactRemoved means the contact detail was removed from use, for
// example because contact by it puts the person at risk of serious harm
// (G15).
var ErrContactRemoved = errors.New("channel: contact detail removed")

// Usable returns nil when the contact may be used: its status is StatusOK
// and its address normalises under r (see NormalizeAddress). Otherwise it
// says why: an error wrapping ErrContactFailed (bounced or not recognised,
// G31) or ErrContactRemoved (G15), or the *AddressError from
// NormalizeAddress. A status outside the defined ones is an error that
// wraps no sentinel. The error never contains the address.
func (c Contact) Usable(r AddressRules) error {
	switch c.Status {
	case StatusOK:
	case StatusBounced, StatusNotRecognised:
		return fmt.Errorf("%w: %s %s %s: confirm a current address with the person before using this channel again (G31)",
			ErrContactFailed, c.Kind, Mask(c.Kind, c.Address), statusVerb(c.Status))
	case StatusRemoved:
		return fmt.Errorf("%w: %s %s was removed from use: do not use it (G15)",
			ErrContactRemoved, c.Kind, Mask(c.Kind, c.Address))
	default:
		return fmt.Errorf("channel: %s contact %s has unknown status %s: set one of ok, bounced, not_recognised or removed",
			c.Kind, Mask(c.Kind, c.Address), c.Status)
	}
	_, err := NormalizeAddress(c.Kind, c.Address, r)
	return err
}

func statusVerb(s Status) string {
	if s == StatusBounced {
		return "bounced"
	}
	return "was not recognised"
}
