package channel

import "time"

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

// Attempt is one earlier delivery of a message, as the host recorded it.
// A permanent failure marks that method as failed (G31, G14.5).
type Attempt struct {
	Kind    Kind      `json:"kind"`
	Address string    `json:"address"`
	At      time.Time `json:"at"`
	Outcome Outcome   `json:"outcome"`
}

// String describes the attempt with its address masked.
func (a Attempt) String() string {
	return a.Kind.String() + " " + Mask(a.Kind, a.Address) + " " + a.Outcome.String()
}
