package channel

import (
	"fmt"

	"github.com/carecomms/carecomms/internal/enum"
)

// Status is what is known about a contact detail's usability. The zero
// value is StatusOK: a contact on record is presumed usable until a
// delivery fails or the person asks for it to be removed.
type Status uint8

// Contact statuses.
const (
	StatusOK            Status = iota // usable
	StatusBounced                     // email bounced: the method failed (G31)
	StatusNotRecognised               // number or address not recognised (G31)
	StatusRemoved                     // removed from use (for example at risk of serious harm, G15)
)

var statusNames = []string{"ok", "bounced", "not_recognised", "removed"}

// Usable reports whether a contact with this status may be used.
func (s Status) Usable() bool { return s == StatusOK }

// String returns the status name.
func (s Status) String() string { return enum.Name("status", statusNames, int(s)) }

// MarshalText encodes s by name.
func (s Status) MarshalText() ([]byte, error) {
	if int(s) >= len(statusNames) {
		return nil, errInvalidEnum("status", s.String())
	}
	return []byte(statusNames[s]), nil
}

// UnmarshalText decodes a status name, rejecting unknown names.
func (s *Status) UnmarshalText(b []byte) error {
	v, err := enum.Parse("channel", "status", statusNames, 0, b)
	if err != nil {
		return err
	}
	*s = Status(v)
	return nil
}

// Result is the result of one delivery attempt as the host's transport
// reports it. The zero value, ResultUnknown, means no outcome was
// recorded: the attempt is in doubt and must be reconciled, not resent.
type Result uint8

// Delivery outcomes.
const (
	ResultUnknown          Result = iota // no outcome recorded: in doubt
	ResultAccepted                       // accepted by the provider, not yet delivered
	ResultDelivered                      // delivered to the device or inbox
	ResultRead                           // read by the recipient
	ResultTemporaryFailure               // failed for now; may be retried later
	ResultBounced                        // permanent failure: email bounced (G31)
	ResultNotRecognised                  // permanent failure: number or address not recognised (G31)
)

var outcomeNames = []string{"unknown", "accepted", "delivered", "read", "temporary_failure", "bounced", "not_recognised"}

// Valid reports whether r is one of the defined results.
func (r Result) Valid() bool { return int(r) < len(outcomeNames) }

// Permanent reports whether the outcome is a permanent failure: the method
// failed (G31) and a compelling ground may apply (G14.5).
func (o Result) Permanent() bool { return o == ResultBounced || o == ResultNotRecognised }

// Succeeded reports whether the message reached the provider or further.
func (o Result) Succeeded() bool {
	return o == ResultAccepted || o == ResultDelivered || o == ResultRead
}

// String returns the outcome name.
func (o Result) String() string { return enum.Name("outcome", outcomeNames, int(o)) }

// MarshalText encodes o by name.
func (o Result) MarshalText() ([]byte, error) {
	if int(o) >= len(outcomeNames) {
		return nil, errInvalidEnum("outcome", o.String())
	}
	return []byte(outcomeNames[o]), nil
}

// UnmarshalText decodes an outcome name, rejecting unknown names.
func (o *Result) UnmarshalText(b []byte) error {
	v, err := enum.Parse("channel", "outcome", outcomeNames, 0, b)
	if err != nil {
		return err
	}
	*o = Result(v)
	return nil
}

func errInvalidEnum(typ, got string) error {
	return fmt.Errorf("channel: cannot encode %s %s: set it to a defined value", typ, got)
}
