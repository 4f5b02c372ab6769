package policy

import (
	"strconv"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/minimise"
)

// scan scans the body, and each channel's own body, once for every
// recipient (G6, G22–G25).
func (x *decider) scan() {
	r := x.r
	subj := minimise.Subject{Name: r.Name, BirthDate: r.BirthDate, Address: r.Address, Postcode: r.Postcode}
	if x.group != nil {
		x.findings = x.group.scan.ScanAppend(nil, &subj)
	} else {
		x.findings = x.o.scanner.ScanAppend(x.w.scanned, x.m.Body, &subj)
	}
	if len(x.findings) > MaxFindings {
		x.findings = x.findings[:MaxFindings]
		x.tooManyFindings("body")
	}
	x.scam = x.scamIn(x.findings)
	if len(x.m.Bodies) > 0 {
		x.scanBodies(&subj)
	}
}

// tooManyFindings refuses a message whose body at path holds more than
// MaxFindings findings: too many to revise.
func (x *decider) tooManyFindings(path string) {
	if x.on(RuleInputMessage) {
		x.step(RuleInputMessage, Deny, "", 0, 0, "message "+path+" holds more than "+strconv.Itoa(MaxFindings)+" things the scan flags: too many to revise; redraft it")
		x.fail(Refuse)
	}
}

// scamIn reports whether a finding in fs makes a body read like a scam: a
// scam feature that blocks. Advisory ones (style, urgency the class
// warrants, a gov.uk link) are reported with the decision and change
// nothing.
func (x *decider) scamIn(fs []minimise.Finding) bool {
	for i := range fs {
		f := &fs[i]
		if f.Kind.Scam() && x.on(findingRule(f.Kind)) && x.o.scanner.Severity(*f, x.m.Class, false).Blocks() {
			return true
		}
	}
	return false
}

// contentSteps says what the body must lose for the chosen channel (G6,
// G22, G23) and whether it reads like a scam (G24, G25).
func (x *decider) contentSteps(rc *recipient, c *cand, dl *Delivery) {
	m := x.m
	if c.blocked {
		x.step(RuleContentLockScreen, Require, rc.id, c.k, 0, "the body holds content this channel must not carry: revise it as the findings suggest")
		if m.Class == channel.TestResultsReady || m.Class == channel.TestResults {
			x.step(RuleContentTestResults, Require, rc.id, c.k, 0, "say the results are ready and how to get them (call, or log in to the NHS App), without naming the condition or test")
		}
	}
	if x.scamOn(c.k) && x.on(RuleContentScam) {
		x.step(RuleContentScam, Require, rc.id, c.k, 0, "the body has features of scam messages: revise it as the findings suggest")
		dl.Outcome = worse(dl.Outcome, Revise)
	}
}

// smsSteps counts the body as a text message (P4) and notes the sender id
// (P5).
func (x *decider) smsSteps(rc *recipient, c *cand, dl *Delivery) {
	info := x.smsInfo(c.k)
	dl.SMS = *info
	x.step(RuleSMSSegments, Note, rc.id, c.k, 0, smsDetail(info))
	if c.tooLong {
		x.step(RuleSMSSegments, Require, rc.id, c.k, 0, "too long for a text message: shorten it")
	}
	if x.o.cfg.SenderID != "" {
		x.step(RuleSMSSender, Note, rc.id, c.k, 0, "sender id checked against P5")
	}
}

// smsTooLong reports whether the body for channel k is over the SMS limit
// (P4).
func (x *decider) smsTooLong(k channel.Kind) bool {
	return x.on(RuleSMSSegments) && x.smsInfo(k).TooLong
}

// smsInfo counts the body for channel k as a text message, once per
// decision and body (P4).
func (x *decider) smsInfo(k channel.Kind) *channel.SMSInfo {
	if t := x.own(k); t != nil {
		if !t.smsDone {
			t.sms, t.smsDone = channel.CountSMS(t.body.Text), true
		}
		return &t.sms
	}
	if w := x.w; !w.smsDone {
		w.sms, w.smsDone = channel.CountSMS(x.m.Body), true
	}
	return &x.w.sms
}

// secure reports whether k needs a log-in and is approved for
// confidential content (G6).
func (o *Org) secure(k channel.Kind) bool {
	return o.confidential.Has(k) && (o.login.Has(k) || k == channel.Letter)
}

func smsDetail(info *channel.SMSInfo) string {
	if info.Segments == 1 {
		if info.Encoding == channel.GSM7 {
			return "text message: gsm7, 1 segment"
		}
		return "text message: ucs2, 1 segment"
	}
	return "text message: " + info.Encoding.String() + ", " + strconv.Itoa(info.Segments) + " segments"
}
