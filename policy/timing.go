package policy

import (
	"math/bits"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/isotime"
)

// fallbacks lists the other channels that may carry the message, in
// order, each with when to move on (P3): those whose body must be revised
// first are listed marked Revise, with a require step; an override
// applies only to the chosen channel, so a channel open only by
// overriding is left out, with a note.
//
// live has bit i set when cs[i] may be used (see planFor): the others are
// never fallbacks.
func (x *decider) fallbacks(rc *recipient, cs []cand, best int, live uint8, dl *Delivery) {
	live &^= 1 << best
	n := 0
	for m := live; m != 0; m &= m - 1 {
		if t := cs[bits.TrailingZeros8(m)].tier; t == tierClean || t == tierRevise {
			n++
		}
	}
	if n > 1 {
		dl.Fallbacks = make([]Fallback, 0, n) // one allocation, not one each time the list grows
	}
	for m := live; m != 0; m &= m - 1 {
		f := &cs[bits.TrailingZeros8(m)]
		switch f.tier {
		case tierRevise:
			x.step(RuleFallbackCascade, Require, rc.id, f.k, 0, reviseDetail(f))
		case tierOverridden, tierRevOver:
			x.step(RuleFallbackCascade, Note, rc.id, f.k, 0, "not a fallback: only by overriding an objection, which is used only when needed")
			continue
		case tierClean:
		default:
			continue
		}
		// Each waits on the channel before it that is sent as drafted: a
		// fallback marked Revise is skipped, and its wait not counted.
		last := lastSent(dl)
		after := x.after(dl.Channel)
		prev := dl.NotBefore
		if last != nil {
			after, prev = x.after(last.Channel), last.NotBefore
		}
		if prev.IsZero() {
			prev = x.m.At
		}
		nb := x.windowed(f.k, prev.Add(time.Duration(after)))
		if rc.role == ToPatient {
			nb = x.preferredAt(f.k, nb)
		}
		dl.Fallbacks = append(dl.Fallbacks, Fallback{Channel: f.k, Address: f.addr, After: after, NotBefore: nb, Revise: f.tier == tierRevise})
	}
	if len(dl.Fallbacks) > 0 {
		x.step(RuleFallbackCascade, Note, rc.id, cs[best].k, 0, "fallbacks listed in order, each with how long to wait for the previous channel")
	}
}

// reviseDetail says what a fallback's body needs before it can be used.
func reviseDetail(c *cand) string {
	switch {
	case c.blocked && c.tooLong:
		return "a fallback once its body for this channel is revised as the findings suggest and shortened for a text message: not sent as drafted"
	case c.tooLong:
		return "a fallback once its body for this channel is shortened: too long for a text message, so not sent as drafted"
	}
	return "a fallback once its body for this channel is revised as the findings suggest: not sent as drafted"
}

// lastSent returns the last fallback listed that goes as drafted, or nil.
func lastSent(dl *Delivery) *Fallback {
	for i := len(dl.Fallbacks) - 1; i >= 0; i-- {
		if !dl.Fallbacks[i].Revise {
			return &dl.Fallbacks[i]
		}
	}
	return nil
}

// tooSlow reports whether k cannot reach the person before the message is
// needed: an appointment soon, or an urgent message, cannot rely on a
// letter, and a message that would wait for a sending window until after
// the appointment cannot rely on that channel.
//
// Performance: gather and admissible both ask it of each candidate, so
// the answer is kept for each channel (about 240 instructions each time
// an appointment is set: the window walk and time.Time.Sub).
func (x *decider) tooSlow(k channel.Kind) bool {
	if x.slowKnown.Has(k) {
		return x.slow.Has(k)
	}
	slow := x.slowFor(k)
	x.slowKnown = x.slowKnown.Add(k)
	if slow {
		x.slow = x.slow.Add(k)
	}
	return slow
}

// slowFor is tooSlow, worked out.
func (x *decider) slowFor(k channel.Kind) bool {
	m := x.m
	delay := k.TypicalDelay()
	if m.Urgency >= Urgent && delay > 24*time.Hour {
		return true
	}
	if m.AppointmentAt.IsZero() || !m.AppointmentAt.After(m.At) {
		return false
	}
	return x.tooLate(k, x.start(k)) // a routine message waits for its window (P2)
}

// start is x.opening(k, m.At, x.local), worked out once for each channel
// of a decision. Performance: an override decision's SMS asked it three
// times, each a walk of the window's days (Window.nextOpen) at about 150
// instructions.
func (x *decider) start(k channel.Kind) time.Time {
	if !k.Valid() {
		return x.opening(k, x.m.At, x.local)
	}
	w := x.w
	if !w.started.Has(k) {
		w.starts[k] = x.opening(k, x.m.At, x.local)
		w.started = w.started.Add(k)
	}
	return w.starts[k]
}

// windowed returns the first time at or after t that channel k may carry
// this message: t itself for urgent messages and channels without a
// window (P2).
func (x *decider) windowed(k channel.Kind, t time.Time) time.Time {
	return x.opening(k, t, londonLocal(t))
}

// opening is windowed where local is londonLocal(t), already known.
func (x *decider) opening(k channel.Kind, t time.Time, local int64) time.Time {
	if !x.o.hasWindow.Has(k) || x.m.Urgency >= Urgent || !x.on(RuleTimingWindow) {
		return t
	}
	return x.o.windows[k].opensFrom(t, local, x.o.holidays)
}

// timing applies sending windows (P2).
func (x *decider) timing(dl *Delivery) {
	m := x.m
	if m.At.IsZero() {
		return
	}
	at := x.start(dl.Channel)
	if at.After(m.At) {
		dl.NotBefore = at
		const prefix = "outside the sending window: wait until "
		var buf [len(prefix) + len(time.RFC3339)]byte
		detail := isotime.Append(append(buf[:0], prefix...), at, false)
		x.step(RuleTimingWindow, Note, dl.Recipient, dl.Channel, 0, string(detail))
	}
	x.preferred(dl, at)
}

// appointmentPassed refuses a reminder, a change or a virtual consultation
// whose appointment is not after the time of deciding: it can no longer
// arrive before it is needed (G8). A Dispatcher decides again when a
// fallback's wait ends, so this also stops a fallback that would go only
// after the appointment.
func (x *decider) appointmentPassed() {
	m := x.m
	if m.AppointmentAt.IsZero() || m.AppointmentAt.After(m.At) || !x.on(RuleTimingTooSlow) {
		return
	}
	switch m.Class {
	case channel.AppointmentReminder, channel.AppointmentChange, channel.VirtualConsultation:
		x.step(RuleTimingTooSlow, Deny, "", 0, 0, "the appointment was at or before the time of deciding: this "+m.Class.String()+" is no longer needed and must not be sent")
		x.fail(Refuse)
	}
}
