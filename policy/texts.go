package policy

import (
	"strconv"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/minimise"
)

// text is a channel's own body (Message.Bodies) as a decision judges it:
// its findings, whether it reads like a scam, and its count as a text
// message. The message's Body is judged through the decider's own fields.
type text struct {
	body     Body
	findings []minimise.Finding // in body.Text
	subject  []minimise.Finding // in body.Subject
	scam     bool
	preview  int // channel.PreviewEnd of the text, or -1 until found
	sms      channel.SMSInfo
	smsDone  bool
}

// scanBodies scans each channel's own body and subject.
func (x *decider) scanBodies(subj *minimise.Subject) {
	ts := make([]text, len(x.m.Bodies))
	for i, b := range x.m.Bodies {
		t := &ts[i]
		t.body, t.preview = b, -1
		t.findings = x.scanText(i, false, subj)
		if b.Subject != "" {
			t.subject = x.scanText(i, true, subj)
		}
		t.scam = x.scamIn(t.findings) || x.scamIn(t.subject)
	}
	x.w.texts = ts
}

// scanText scans the text or subject of Message.Bodies[i], through the
// group's prepared scan for a group message, and keeps at most
// MaxFindings of its findings, refusing the message when there were more.
func (x *decider) scanText(i int, subject bool, subj *minimise.Subject) []minimise.Finding {
	b := &x.m.Bodies[i]
	s, part := b.Text, ".text"
	if subject {
		s, part = b.Subject, ".subject"
	}
	var fs []minimise.Finding
	switch g := x.group; {
	case g != nil && i < len(g.bodies) && subject:
		fs = g.bodies[i].subject.ScanAppend(nil, subj)
	case g != nil && i < len(g.bodies):
		fs = g.bodies[i].text.ScanAppend(nil, subj)
	default:
		fs = x.o.scanner.ScanAppend(nil, s, subj)
	}
	if len(fs) > MaxFindings {
		fs = fs[:MaxFindings]
		x.tooManyFindings("bodies[" + strconv.Itoa(i) + "]" + part)
	}
	return fs
}

// own returns channel k's own body, or nil when k carries Message.Body.
func (x *decider) own(k channel.Kind) *text {
	ts := x.w.texts
	for i := range ts {
		if ts[i].body.Channel == k {
			return &ts[i]
		}
	}
	return nil
}

// scamOn reports whether the body channel k carries reads like a scam.
func (x *decider) scamOn(k channel.Kind) bool {
	if t := x.own(k); t != nil {
		return t.scam
	}
	return x.scam
}

// blocking reports whether any finding in the body channel k carries
// must be revised before it goes by k: a finding that blocks where it
// would show there, for the message's class and with the org's
// severities (see [minimise.Scanner.Severity]). Warnings and Info are
// advisory: reported, not acted on.
func (x *decider) blocking(k channel.Kind) bool {
	if !x.on(RuleContentLockScreen) {
		return false
	}
	if t := x.own(k); t != nil {
		return x.blocks(k, t, t.findings, false) || x.blocks(k, t, t.subject, true)
	}
	return x.blocks(k, nil, x.findings, false)
}

func (x *decider) blocks(k channel.Kind, t *text, fs []minimise.Finding, subject bool) bool {
	for i := range fs {
		if !x.on(findingRule(fs[i].Kind)) {
			continue
		}
		if sev, _ := x.severity(fs[i], k, t, subject); sev.Blocks() {
			return true
		}
	}
	return false
}

// severity returns how serious f is on channel k, and where it would show
// there: f is in the channel's own body t, or in Message.Body when t is
// nil; subject says it is in t's subject. Content that would show on a
// locked screen is judged as on a channel not approved for it, even on an
// approved secure one (G22); content shown only after log-in on an
// approved secure channel is not blocking (G6).
func (x *decider) severity(f minimise.Finding, k channel.Kind, t *text, subject bool) (minimise.Severity, channel.Placement) {
	pl := channel.LockScreen
	if !subject {
		pl = x.shows(k, t, f.Start)
	}
	secure := pl != channel.LockScreen && x.o.secure(k)
	return x.o.scanner.Severity(f, x.m.Class, secure), pl
}

// shows is channel.Kind.Shows with each body's email preview found once
// per decision, not once per finding.
func (x *decider) shows(k channel.Kind, t *text, start int) channel.Placement {
	login := x.o.login.Has(k)
	if k != channel.Email || login {
		return k.Shows("", start, login)
	}
	if start < x.previewEnd(t) {
		return channel.LockScreen
	}
	return channel.InMessage
}

// previewEnd is channel.PreviewEnd of t's text, or of Message.Body when t
// is nil, found once.
func (x *decider) previewEnd(t *text) int {
	if t != nil {
		if t.preview < 0 {
			t.preview = channel.PreviewEnd(t.body.Text)
		}
		return t.preview
	}
	if w := x.w; !w.previewDone {
		w.preview, w.previewDone = channel.PreviewEnd(x.m.Body), true
	}
	return x.w.preview
}
