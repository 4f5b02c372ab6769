package policy

import (
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/isotime"
)

// ContactTime is a time the person prefers to be contacted, in
// Europe/London local time: from Start until End on the Days given (G7,
// G33). Unlike a sending window, it stays open on the org's holidays.
type ContactTime struct {
	Start Clock `json:"start"`
	End   Clock `json:"end"`
	Days  Days  `json:"days"`
}

// MaxContactTimes is the most preferred contact times a record may hold;
// Record.Validate refuses more.
const MaxContactTimes = 28

// maxPreferredPasses bounds the search for a time both the person's
// preferred times and the org's window allow: each pass moves to the next
// opening of one of them, and two weeks of passes find any overlap.
const maxPreferredPasses = 32

// preferred delays a routine delivery to the person until one of their
// preferred contact times that the org's window for the channel also
// allows; from is when the window allows it. Letters, urgent messages and
// proxies' deliveries do not wait, nor does a message whose wait would
// take it past the appointment it is about.
func (x *decider) preferred(dl *Delivery, from time.Time) {
	if len(x.r.ContactTimes) == 0 || len(x.r.ContactTimes) > MaxContactTimes || dl.Role != ToPatient || dl.Channel == channel.Letter ||
		x.m.Urgency >= Urgent || !x.on(RuleTimingPreferred) {
		return
	}
	at, ok := x.preferredFrom(dl.Channel, from)
	if !ok {
		x.step(RuleTimingPreferred, Note, dl.Recipient, dl.Channel, 0, "the person's preferred contact times never meet the sending window: sending in the window")
		return
	}
	if !at.After(from) {
		x.step(RuleTimingPreferred, Allow, dl.Recipient, dl.Channel, 0, "within the person's preferred contact times")
		return
	}
	if x.tooLate(dl.Channel, at) {
		x.step(RuleTimingPreferred, Note, dl.Recipient, dl.Channel, 0, "the person's next preferred contact time is too late for the appointment: sending in the window")
		return
	}
	dl.NotBefore = at
	const prefix = "waits for the person's preferred contact time: "
	var buf [len(prefix) + len(time.RFC3339)]byte
	detail := isotime.Append(append(buf[:0], prefix...), at, false)
	x.step(RuleTimingPreferred, Note, dl.Recipient, dl.Channel, 0, string(detail))
}

// preferredAt is when a fallback by channel k, due at t, may go: the
// first preferred contact time inside the window, or t when the person
// has none, the message does not wait, or none meets the window.
func (x *decider) preferredAt(k channel.Kind, t time.Time) time.Time {
	if len(x.r.ContactTimes) == 0 || len(x.r.ContactTimes) > MaxContactTimes || k == channel.Letter ||
		x.m.Urgency >= Urgent || !x.on(RuleTimingPreferred) {
		return t
	}
	if at, ok := x.preferredFrom(k, t); ok && !x.tooLate(k, at) {
		return at
	}
	return t
}

// tooLate reports whether a message by channel k sent at t would arrive
// after the appointment it is about: a preferred contact time is a
// preference, and waiting for it must not make the message useless (G8).
func (x *decider) tooLate(k channel.Kind, t time.Time) bool {
	m := x.m
	// AppointmentAt.Before(t+delay) is AppointmentAt.Sub(t) < delay without
	// Sub's overflow check: t is a start worked out from the validated
	// At, so the sum cannot overflow.
	return !m.AppointmentAt.IsZero() && m.AppointmentAt.After(m.At) && m.AppointmentAt.Before(t.Add(k.TypicalDelay()))
}

// preferredFrom returns the first instant at or after t inside one of the
// person's preferred times and the org's window for k.
func (x *decider) preferredFrom(k channel.Kind, t time.Time) (time.Time, bool) {
	for range maxPreferredPasses {
		var next time.Time
		for _, ct := range x.r.ContactTimes {
			w := Window{Channel: k, Start: ct.Start, End: ct.End, Days: ct.Days}
			if o := w.opensFrom(t, londonLocal(t), nil); next.IsZero() || o.Before(next) {
				next = o
			}
		}
		o := x.opening(k, next, londonLocal(next))
		if !o.After(next) {
			return next, true
		}
		t = o
	}
	return time.Time{}, false
}
