package audit

import (
	"fmt"
	"io"
	"strconv"

	"github.com/carecomms/carecomms/channel"
)

// Printing. The types here that hold a body, an address, a justification
// or an identifier (the patient's id is often the NHS number) print a
// summary for every fmt verb, %#v included, with identifiers masked as
// channel.MaskID masks them; the stores print only their size. The
// summaries may change; do not parse them.

// Format prints String for every verb, %#v included, so that no verb
// prints the body, the address or the justification of an override.
func (e Entry) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, e.String()) }

// String describes the override without its justification.
func (o Override) String() string {
	return "override on " + channel.MaskID(o.Ground) + " decided by " + channel.MaskID(o.DecidedBy)
}

// Format prints String for every verb, %#v included.
func (o Override) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, o.String()) }

// Format prints String for every verb, %#v included, so that no verb
// prints the payload.
func (j Job) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, j.String()) }

// String describes the delivery with its identifiers masked.
func (d Delivery) String() string {
	return "message " + channel.MaskID(d.MessageID) + " about " + channel.MaskID(d.Patient) +
		" to " + d.Role.String() + " " + channel.MaskID(d.Recipient)
}

// Format prints String for every verb, %#v included.
func (d Delivery) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, d.String()) }

// String describes the claim with its address masked.
func (c Claim) String() string {
	s := "claim " + strconv.Itoa(c.Count)
	if c.Open {
		s += " (open)"
	}
	if c.Channel != 0 {
		s += " by " + c.Channel.String() + " to " + channel.Mask(c.Channel, c.Address)
	}
	return s
}

// Format prints String for every verb, %#v included.
func (c Claim) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, c.String()) }

// Format prints the store's size only, for every verb: it holds every
// entry's body and address.
func (s *MemStore) Format(f fmt.State, verb rune) {
	n := 0
	if s != nil {
		s.mu.RLock()
		n = s.n
		s.mu.RUnlock()
	}
	fmt.Fprintf(f, "audit.MemStore (%d entries)", n)
}

// Format prints the store's kind only, for every verb: its buffers hold
// entries' bodies and addresses.
func (s *FileStore) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, "audit.FileStore") }
