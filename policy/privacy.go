package policy

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/carecomms/carecomms/channel"
)

// Printing. Every type here that holds a body, an address or an
// identifier (often the NHS number) prints a summary for every fmt verb,
// %#v included, and gives log/slog the same summary as its LogValue (so
// that slog's JSON handler does not marshal its fields; it still marshals
// a slice of them, so log the value that holds the list, or each element):
// addresses masked
// (channel.Mask), identifiers masked (channel.MaskID), bodies and names
// left out. The summaries may change;
// do not parse them. A test walks every exported type of the module and
// fails if one prints a body, an address or an NHS number.

// String describes the message without its body or names, such as
// "message msg-1 at 2026-11-24T10:00:00Z: individual_care
// appointment_reminder by staff-42, body 41 bytes".
func (m Message) String() string {
	var b strings.Builder
	b.WriteString("message ")
	b.WriteString(channel.MaskID(m.ID))
	if !m.At.IsZero() {
		b.WriteString(" at ")
		b.WriteString(m.At.UTC().Format(time.RFC3339))
	}
	b.WriteString(": ")
	b.WriteString(m.Purpose.String())
	b.WriteString(" ")
	b.WriteString(m.Class.String())
	if m.Service != "" {
		b.WriteString(" (service " + channel.MaskID(m.Service) + ")")
	}
	if m.Urgency != 0 {
		b.WriteString(", " + m.Urgency.String())
	}
	b.WriteString(" by " + channel.MaskID(m.Staff.ID))
	b.WriteString(", body " + strconv.Itoa(len(m.Body)) + " bytes")
	if m.Group != nil {
		b.WriteString(", " + m.Group.String())
	}
	if m.Override != nil {
		b.WriteString(", " + m.Override.String())
	}
	tally(&b, len(m.Bodies), "channel body")
	tally(&b, len(m.Attempts), "attempt")
	tally(&b, len(m.Approvals), "approval")
	return b.String()
}

// String describes the body without its text or subject, such as "sms
// body 61 bytes".
func (b Body) String() string {
	s := b.Channel.String() + " body " + strconv.Itoa(len(b.Text)) + " bytes"
	if b.Subject != "" {
		s += ", subject " + strconv.Itoa(len(b.Subject)) + " bytes"
	}
	return s
}

// Format prints String for every verb, %#v included.
func (b Body) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, b.String()) }

// LogValue gives log/slog what String prints.
func (b Body) LogValue() slog.Value { return slog.StringValue(b.String()) }

// Format prints String for every verb, %#v included.
func (m Message) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, m.String()) }

// LogValue gives log/slog what String prints.
func (m Message) LogValue() slog.Value { return slog.StringValue(m.String()) }

// String describes the record without the person's name, address,
// postcode, NHS number or date of birth, such as "record *******018
// (active): contacts [sms +44*******123 (ok)], 1 objection".
func (r Record) String() string {
	var b strings.Builder
	b.WriteString("record ")
	b.WriteString(channel.MaskID(r.PatientID))
	b.WriteString(" (" + r.Status.String() + ")")
	b.WriteString(": contacts [")
	for i, c := range r.Contacts {
		if i > 0 {
			b.WriteString(", ")
		}
		if i == 8 {
			b.WriteString("…")
			break
		}
		b.WriteString(c.String())
	}
	b.WriteString("]")
	tally(&b, len(r.Objections), "objection")
	tally(&b, len(r.Proxies), "proxy")
	tally(&b, len(r.Needs), "need")
	return b.String()
}

// Format prints String for every verb, %#v included.
func (r Record) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, r.String()) }

// LogValue gives log/slog what String prints.
func (r Record) LogValue() slog.Value { return slog.StringValue(r.String()) }

// tally writes ", n things" when n > 0.
func tally(b *strings.Builder, n int, thing string) {
	switch {
	case n == 1:
		b.WriteString(", 1 " + thing)
	case n > 1 && thing == "proxy":
		b.WriteString(", " + strconv.Itoa(n) + " proxies")
	case n > 1:
		b.WriteString(", " + strconv.Itoa(n) + " " + thing + "s")
	}
}

// String describes the member of staff by their masked id, without their
// name or role.
func (s Staff) String() string { return "staff " + channel.MaskID(s.ID) }

// Format prints String for every verb, %#v included.
func (s Staff) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, s.String()) }

// LogValue gives log/slog what String prints.
func (s Staff) LogValue() slog.Value { return slog.StringValue(s.String()) }

// String describes the group message by its masked id and size.
func (g Group) String() string {
	return "group " + channel.MaskID(g.ID) + " of " + strconv.Itoa(g.Size)
}

// Format prints String for every verb, %#v included.
func (g Group) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, g.String()) }

// LogValue gives log/slog what String prints.
func (g Group) LogValue() slog.Value { return slog.StringValue(g.String()) }

// String describes the approval with its ids masked.
func (a Approval) String() string {
	s := "approval of " + a.Rule.String() + " by " + a.Role.String()
	if a.Recipient != "" {
		s += " for " + channel.MaskID(a.Recipient)
	}
	s += ", recorded by " + channel.MaskID(a.DecidedBy)
	if !a.At.IsZero() {
		s += " at " + a.At.UTC().Format(time.RFC3339)
	}
	return s
}

// Format prints String for every verb, %#v included.
func (a Approval) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, a.String()) }

// LogValue gives log/slog what String prints.
func (a Approval) LogValue() slog.Value { return slog.StringValue(a.String()) }

// String describes the delivery with its recipient and address masked.
func (d Delivery) String() string {
	s := "to " + d.Role.String() + " " + channel.MaskID(d.Recipient) + ": " + d.Outcome.String()
	if d.Channel.Valid() {
		s += " by " + d.Channel.String() + " to " + channel.Mask(d.Channel, d.Address)
	}
	if !d.NotBefore.IsZero() {
		s += " not before " + d.NotBefore.UTC().Format(time.RFC3339)
	}
	if len(d.Fallbacks) > 0 {
		s += ", " + strconv.Itoa(len(d.Fallbacks)) + " fallbacks"
	}
	return s
}

// Format prints String for every verb, %#v included.
func (d Delivery) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, d.String()) }

// LogValue gives log/slog what String prints.
func (d Delivery) LogValue() slog.Value { return slog.StringValue(d.String()) }

// String describes the fallback with its address masked.
func (fb Fallback) String() string {
	s := "then " + fb.Channel.String() + " to " + channel.Mask(fb.Channel, fb.Address) + " after " + fb.After.String()
	if fb.Revise {
		s += ", once its body is revised"
	}
	return s
}

// Format prints String for every verb, %#v included.
func (fb Fallback) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, fb.String()) }

// LogValue gives log/slog what String prints.
func (fb Fallback) LogValue() slog.Value { return slog.StringValue(fb.String()) }

// String describes the step: its rule, effect, masked recipient, channel
// and detail, which the engine writes with any address or id in it
// masked.
func (s Step) String() string {
	out := s.Rule.String() + " " + s.Effect.String()
	if s.Recipient != "" {
		out += " " + channel.MaskID(s.Recipient)
	}
	if s.Channel.Valid() {
		out += " " + s.Channel.String()
	}
	return out + ": " + s.Detail
}

// Format prints String for every verb, %#v included.
func (s Step) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, s.String()) }

// LogValue gives log/slog what String prints.
func (s Step) LogValue() slog.Value { return slog.StringValue(s.String()) }

// String describes the obligation as Step.String describes a step.
func (o Obligation) String() string {
	out := o.Code.String() + " [" + o.Rule.String() + "]"
	if o.Recipient != "" {
		out += " for " + channel.MaskID(o.Recipient)
	}
	if o.Channel.Valid() {
		out += " by " + o.Channel.String()
	}
	return out + ": " + o.Detail
}

// Format prints String for every verb, %#v included.
func (o Obligation) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, o.String()) }

// LogValue gives log/slog what String prints.
func (o Obligation) LogValue() slog.Value { return slog.StringValue(o.String()) }

// Format prints String for every verb, %#v included.
func (d Decision) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, d.String()) }

// LogValue gives log/slog what String prints.
func (d Decision) LogValue() slog.Value { return slog.StringValue(d.String()) }

// String describes the attempt with its recipient masked.
func (s Sent) String() string {
	return "to " + channel.MaskID(s.Recipient) + " by " + s.Channel.String() + ": " + s.Receipt.Result.String()
}

// Format prints String for every verb, %#v included.
func (s Sent) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, s.String()) }

// LogValue gives log/slog what String prints.
func (s Sent) LogValue() slog.Value { return slog.StringValue(s.String()) }

// String describes the scheduled delivery with its recipient masked.
func (s Scheduled) String() string {
	return "to " + channel.MaskID(s.Recipient) + " by " + s.Channel.String() + " at " + s.At.UTC().Format(time.RFC3339)
}

// Format prints String for every verb, %#v included.
func (s Scheduled) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, s.String()) }

// LogValue gives log/slog what String prints.
func (s Scheduled) LogValue() slog.Value { return slog.StringValue(s.String()) }

// LogValue gives log/slog the report's final decision as it prints and
// the number of each kind of attempt, so that slog's JSON handler does
// not marshal the decisions' bodies and addresses.
func (r Report) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int("decisions", len(r.Decisions)),
		slog.String("final", r.Final().String()),
		slog.Int("sent", len(r.Sent)),
		slog.Int("failed", len(r.Failed)),
		slog.Int("in_doubt", len(r.InDoubt)),
		slog.Int("scheduled", len(r.Scheduled)),
	)
}
