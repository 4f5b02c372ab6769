package policy

import (
	"strconv"
	"time"

	"github.com/carecomms/carecomms/channel"
)

// FallbackWait sets how long a delivery waits on one channel, unread or
// undelivered, before the next channel is tried (P3). Each wait is from 1
// to 72 hours, as NHS Notify's routing plans allow; zero keeps P3's.
type FallbackWait struct {
	// Channel is the channel waited on.
	Channel channel.Kind `json:"channel"`
	// Routine is the wait for routine messages. P3: 24 hours for the NHS
	// App, 72 hours for email and text messages, 7 days for a letter.
	Routine Duration `json:"routine,omitempty"`
	// TimeSensitive is the wait for time-sensitive messages and more
	// urgent ones. P3: 4 hours for the NHS App; as Routine for the rest.
	TimeSensitive Duration `json:"time_sensitive,omitempty"`
}

// p3Wait is P3's wait on channel k for a message of urgency u.
func p3Wait(k channel.Kind, u Urgency) Duration {
	switch k {
	case channel.NHSApp:
		if u >= TimeSensitive {
			return Duration(4 * time.Hour)
		}
		return Duration(24 * time.Hour)
	case channel.Letter:
		return Duration(7 * 24 * time.Hour)
	}
	return Duration(72 * time.Hour)
}

// setWaits checks the org's fallback waits and fills its table: P3's
// wait for every channel and urgency, replaced where the org set one.
func (o *Org) setWaits(p *problems) {
	for _, k := range channel.Kinds() {
		o.waits[k] = [2]Duration{p3Wait(k, Routine), p3Wait(k, TimeSensitive)}
	}
	var seen channel.Set
	for i, w := range o.cfg.FallbackWaits {
		at := "fallback_waits[" + strconv.Itoa(i) + "]"
		switch {
		case !w.Channel.Valid():
			p.add(at+".channel", "is not a channel: name the channel waited on, such as nhs_app")
			continue
		case seen.Has(w.Channel):
			p.add(at+".channel", "repeats "+w.Channel.String()+": give each channel one entry")
			continue
		}
		seen = seen.Add(w.Channel)
		checkWait(p, at+".routine", w.Routine)
		checkWait(p, at+".time_sensitive", w.TimeSensitive)
		if w.Routine != 0 {
			o.waits[w.Channel][0] = w.Routine
		}
		if w.TimeSensitive != 0 {
			o.waits[w.Channel][1] = w.TimeSensitive
		}
	}
}

// after is how long to wait on channel k before moving on (P3): the
// message's own wait, else the org's, else P3's.
func (x *decider) after(k channel.Kind) Duration {
	if x.m.FallbackAfter != 0 {
		return x.m.FallbackAfter
	}
	if !k.Valid() {
		return p3Wait(k, x.m.Urgency)
	}
	if x.m.Urgency >= TimeSensitive {
		return x.o.waits[k][1]
	}
	return x.o.waits[k][0]
}
