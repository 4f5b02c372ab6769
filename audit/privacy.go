package audit

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"

	"github.com/carecomms/carecomms/channel"
)

// Printing. The types here that hold a body, an address, a justification
// or an identifier (the patient's id is often the NHS number) print a
// summary for every fmt verb, %#v included, with identifiers masked as
// channel.MaskID masks them; the stores print only their size. Each
// gives log/slog the same summary as its LogValue, so that slog's JSON
// handler does not marshal its fields. The
// summaries may change; do not parse them.

// Format prints String for every verb, %#v included, so that no verb
// prints the body, the address or the justification of an override.
func (e Entry) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, e.String()) }

// LogValue gives log/slog what String prints, so that no handler prints
// the body, the address or the justification of an override.
func (e Entry) LogValue() slog.Value { return slog.StringValue(e.String()) }

// String describes the override without its justification.
func (o Override) String() string {
	return "override on " + channel.MaskID(o.Ground) + " decided by " + channel.MaskID(o.DecidedBy)
}

// Format prints String for every verb, %#v included.
func (o Override) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, o.String()) }

// LogValue gives log/slog what String prints, so that no handler prints
// the justification.
func (o Override) LogValue() slog.Value { return slog.StringValue(o.String()) }

// Format prints String for every verb, %#v included, so that no verb
// prints the payload.
func (j Job) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, j.String()) }

// LogValue gives log/slog what String prints, so that no handler prints
// the payload.
func (j Job) LogValue() slog.Value { return slog.StringValue(j.String()) }

// String describes the delivery with its identifiers masked.
func (d Delivery) String() string {
	return "message " + channel.MaskID(d.MessageID) + " about " + channel.MaskID(d.Patient) +
		" to " + d.Role.String() + " " + channel.MaskID(d.Recipient)
}

// Format prints String for every verb, %#v included.
func (d Delivery) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, d.String()) }

// LogValue gives log/slog what String prints, so that no handler prints
// an identifier unmasked.
func (d Delivery) LogValue() slog.Value { return slog.StringValue(d.String()) }

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

// LogValue gives log/slog what String prints, so that no handler prints
// the address.
func (c Claim) LogValue() slog.Value { return slog.StringValue(c.String()) }

// LogValue gives log/slog the batch's sizes only: its entries and jobs
// hold bodies, addresses and payloads.
func (b Batch) LogValue() slog.Value {
	return slog.GroupValue(slog.Int("entries", len(b.Entries)), slog.Int("done", len(b.Done)), slog.Int("put", len(b.Put)))
}

// LogValue gives log/slog what Error says, with the delivery's
// identifiers masked, when a ClaimError is logged as a value rather than
// as an error.
func (e ClaimError) LogValue() slog.Value { return slog.StringValue(e.Error()) }

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
