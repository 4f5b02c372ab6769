package policy

import (
	"strconv"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/printable"
)

// Body is the text a message carries on one channel, as NHS Notify's
// message plans link one template to each channel: a full message in the
// NHS App, say, with a short prompt by text message ("You have a new
// message from Riverside Surgery in the NHS App") as its fallback. Each
// channel's body is scanned and judged for that channel (G6, G22–G25).
type Body struct {
	// Channel is the channel the body is for.
	Channel channel.Kind `json:"channel"`
	// Subject is an email's subject line; only email has one. It shows on
	// a locked screen, so it is judged as such (G22).
	Subject string `json:"subject,omitempty"`
	// Text is the body's text. It is scanned, never logged.
	Text string `json:"text"`
}

// MaxSubjectBytes bounds Body.Subject: an email subject line of at most
// 998 bytes (RFC 5322's line limit).
const MaxSubjectBytes = 998

// Fallback waits a message or an org may set (P3), as NHS Notify's
// routing plans allow: from 1 to 72 hours.
const (
	MinFallbackWait = Duration(time.Hour)
	MaxFallbackWait = Duration(72 * time.Hour)
)

// BodyFor returns the body the message carries on channel k: its own entry
// in Bodies, or else Message.Body with no subject.
func (m *Message) BodyFor(k channel.Kind) Body {
	for _, b := range m.Bodies {
		if b.Channel == k {
			return b
		}
	}
	return Body{Channel: k, Text: m.Body}
}

// recordedBody is the exact copy of b the audit log keeps (G26): the
// text, after a "Subject: " line and a blank line when b has a subject.
func recordedBody(b Body) string {
	if b.Subject == "" {
		return b.Text
	}
	return "Subject: " + b.Subject + "\n\n" + b.Text
}

// checkBodies checks the per-channel bodies: one at most for each valid
// channel, each a text as Body must be, a subject for email only, on one
// line of visible characters (it becomes an email header).
func (m *Message) checkBodies(p *problems) {
	if p.tooMany("bodies", len(m.Bodies), numKinds-1) {
		return
	}
	var seen channel.Set
	for i := range m.Bodies {
		b := &m.Bodies[i]
		at := "bodies[" + strconv.Itoa(i) + "]"
		switch {
		case !b.Channel.Valid():
			p.add(at+".channel", "is not a channel: name the channel the body is for, such as sms")
		case seen.Has(b.Channel):
			p.add(at+".channel", "repeats "+b.Channel.String()+": give each channel one body")
		}
		seen = seen.Add(b.Channel)
		checkText(p, at+".text", b.Text)
		if b.Subject == "" {
			continue
		}
		switch {
		case b.Channel != channel.Email:
			p.add(at+".subject", "is set for "+b.Channel.String()+": only an email has a subject; leave it out")
		case p.tooLong(at+".subject", b.Subject, MaxSubjectBytes):
		case !validText(b.Subject):
			p.add(at+".subject", "is not valid UTF-8")
		case blank(b.Subject):
			p.add(at+".subject", "is blank: write a subject, or leave it out")
		case !printable.ID(b.Subject):
			p.add(at+".subject", "holds a control or format character (a line break, say): a subject is one line of visible text")
		}
	}
}

// checkText checks a body's text is within MaxBodyBytes, valid UTF-8 and
// not blank: a text of spaces, zero-width or control characters says
// nothing. The length is checked first, so an oversized text is never read.
func checkText(p *problems, path, s string) {
	switch {
	case s == "":
		p.add(path, "is empty: draft the message before deciding")
	case p.tooLong(path, s, MaxBodyBytes):
	case !validText(s):
		p.add(path, "is not valid UTF-8: pass the text as the person will read it")
	case blank(s):
		p.add(path, "is blank: it holds only spaces, zero-width or control characters; draft the message before deciding")
	}
}

// checkWait checks a fallback wait set by a message or an org (P3).
func checkWait(p *problems, path string, d Duration) {
	if d != 0 && (d < MinFallbackWait || d > MaxFallbackWait) {
		p.add(path, "is "+d.String()+": a fallback wait is from 1 to 72 hours; leave it out for the default (P3)")
	}
}
