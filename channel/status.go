package channel

// Usable reports whether a contact with this status may be used.
func (s Status) Usable() bool { return s == StatusOK }

// Permanent reports whether the outcome is a permanent failure: the method
// failed (G31) and a compelling ground may apply (G14.5).
func (o Result) Permanent() bool { return o == ResultBounced || o == ResultNotRecognised }

// Succeeded reports whether the message reached the provider or further.
func (o Result) Succeeded() bool {
	return o == ResultAccepted || o == ResultDelivered || o == ResultRead
}
