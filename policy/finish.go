package policy

import (
	"strings"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/minimise"
)

// finish computes the outcome and attaches findings.
func (x *decider) finish() {
	d := x.d
	out := x.global
	for i := range d.Deliveries {
		dl := &d.Deliveries[i]
		// A message-wide hold or refusal holds every delivery with it.
		if w := worse(dl.Outcome, x.global); w != dl.Outcome {
			dl.Outcome = w
			if w == Hold && dl.Who == Nobody && len(d.Who) > 0 {
				dl.Who = d.Who[0]
			}
		}
		out = worse(out, dl.Outcome)
	}
	if len(d.Deliveries) == 0 && out == Send {
		out = Hold // nothing planned: never Send
		x.addWho(TheSender)
		x.step(RuleHoldWho, Require, "", 0, TheSender, "held: no one may receive this message as the record stands, as the steps above say; the sender decides how to reach the person")
	}
	d.Outcome = out
	if out == Hold && len(d.Who) == 0 {
		d.Who = append(d.Who, TheSender)
	}
	x.report()
	if out == Send || out == Revise {
		x.step(RuleRecordAccess, Note, "", 0, 0, "the decision and message are kept for the care record and subject access requests")
	}
}

// report attaches the findings of every body scanned, each with its
// severity and where it would show, the suggested redactions, and the
// trail's note for each (G6, G22–G25).
func (x *decider) report() {
	n := len(x.findings)
	for i := range x.w.texts {
		n += len(x.w.texts[i].findings) + len(x.w.texts[i].subject)
	}
	if n == 0 {
		return
	}
	d := x.d
	if e := x.w.more(); n <= len(e.findings) {
		d.Findings = e.findings[:0:n]
	} else {
		d.Findings = make([]Finding, 0, n)
	}
	var revise []minimise.Finding
	for _, f := range x.findings {
		sev, pl, used := x.judge(f)
		if x.note(Finding{Finding: f, Severity: sev, Shows: pl}) && used {
			revise = append(revise, f)
		}
	}
	if len(revise) > 0 {
		d.Redacted = redact(x.m.Body, revise)
	}
	for i := range x.w.texts {
		x.reportBody(&x.w.texts[i])
	}
	if len(revise) > 0 || len(d.RedactedBodies) > 0 {
		d.Rewrite = minimise.Rewrite(x.m.Class, x.o.rewriteOrg)
	}
}

// reportBody reports the findings of a channel's own body, judged on its
// channel, with its redaction when one is needed.
func (x *decider) reportBody(t *text) {
	k := t.body.Channel
	var inText, inSubject []minimise.Finding
	for _, f := range t.findings {
		sev, pl := x.severity(f, k, t, false)
		if x.note(Finding{Finding: f, Severity: sev, Shows: pl, Channel: k}) {
			inText = append(inText, f)
		}
	}
	for _, f := range t.subject {
		sev, pl := x.severity(f, k, t, true)
		if x.note(Finding{Finding: f, Severity: sev, Shows: pl, Channel: k, Subject: true}) {
			inSubject = append(inSubject, f)
		}
	}
	if len(inText) == 0 && len(inSubject) == 0 {
		return
	}
	b := t.body
	if len(inText) > 0 {
		b.Text = redact(b.Text, inText)
	}
	if len(inSubject) > 0 {
		b.Subject = redact(b.Subject, inSubject)
	}
	x.d.RedactedBodies = append(x.d.RedactedBodies, b)
}

// redact is minimise.Redact, kept valid UTF-8 for the decision's JSON.
func redact(s string, fs []minimise.Finding) string {
	return strings.ToValidUTF8(minimise.Redact(s, fs), "\uFFFD")
}

// note adds the finding to the decision with its rule and a trail note,
// and reports whether it blocks.
func (x *decider) note(f Finding) bool {
	f.Rule = findingRule(f.Kind)
	x.d.Findings = append(x.d.Findings, f)
	x.step(f.Rule, Note, "", f.Channel, 0, x.o.findingDetail(f.Kind, f.Severity))
	return f.Severity.Blocks()
}

// judge returns how serious f, in Message.Body, is on the channels that
// would carry that body: the worst over the deliveries' channels and
// their fallbacks' (a fallback marked Revise is judged too: it says why),
// with where it would show on that channel. With no delivery planned, it
// is judged as on a channel not approved for it, placed on the locked
// screen; when every channel planned has a body of its own, it is
// reported with no placement and marked for no edit.
func (x *decider) judge(f minimise.Finding) (sev minimise.Severity, pl channel.Placement, used bool) {
	try := func(k channel.Kind) {
		if !k.Valid() || x.own(k) != nil {
			return
		}
		// On a tie, where it shows on a locked screen is the one to tell.
		if s, p := x.severity(f, k, nil, false); !used || s > sev || s == sev && p == channel.LockScreen {
			sev, pl, used = s, p, true
		}
	}
	for _, dl := range x.d.Deliveries {
		try(dl.Channel)
		for _, fb := range dl.Fallbacks {
			try(fb.Channel)
		}
	}
	if !used {
		sev = x.o.scanner.Severity(f, x.m.Class, false)
		if len(x.d.Deliveries) == 0 {
			pl, used = channel.LockScreen, true
		}
	}
	return sev, pl, used
}
