package policy

import (
	"strings"

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
	}
	d.Outcome = out
	if out == Hold && len(d.Who) == 0 {
		d.Who = append(d.Who, TheSender)
	}
	var revise []minimise.Finding
	if len(x.findings) > 0 {
		if e := x.w.more(); len(x.findings) <= len(e.findings) {
			d.Findings = e.findings[:len(x.findings):len(x.findings)]
		} else {
			d.Findings = make([]Finding, len(x.findings))
		}
		for i, f := range x.findings {
			// The worst severity over the chosen channels; with no channel
			// chosen, the severity on an insecure one.
			sev, any := minimise.Severity(0), false
			for _, dl := range d.Deliveries {
				if dl.Channel.Valid() {
					any = true
					if s := x.o.scanner.Severity(f, x.m.Class, x.o.secure(dl.Channel)); s > sev {
						sev = s
					}
				}
			}
			if !any {
				sev = x.o.scanner.Severity(f, x.m.Class, false)
			}
			d.Findings[i] = Finding{Finding: f, Severity: sev, Rule: findingRule(f.Kind)}
			if sev.Blocks() {
				revise = append(revise, f)
			}
			x.step(findingRule(f.Kind), Note, "", 0, 0, x.o.findingDetail(f.Kind, sev))
		}
	}
	if len(revise) > 0 {
		d.Redacted = strings.ToValidUTF8(minimise.Redact(x.m.Body, revise), "\uFFFD")
		d.Rewrite = minimise.Rewrite(x.m.Class, x.o.rewriteOrg)
	}
	if out == Send || out == Revise {
		x.step(RuleRecordAccess, Note, "", 0, 0, "the decision and message are kept for the care record and subject access requests")
	}
}
