package policy

import (
	"fmt"
	"io"
	"strings"

	"github.com/carecomms/carecomms/channel"
)

// Explain writes a readable explanation of the decision for IG
// professionals and support staff: the outcome, each delivery, the trail
// with rule IDs and their G-n references, and the obligations. Addresses
// and identifiers (the patient's id is often the NHS number) are masked,
// as channel.Mask and channel.MaskID mask them, and the body is never
// shown. The wording may change between
// versions; compare decisions by their fields, not by this text.
func (d Decision) Explain(w io.Writer) error {
	var b strings.Builder
	d.explainHeader(&b)
	if len(d.Deliveries) > 0 {
		b.WriteString("Deliveries:\n")
	}
	for _, dl := range d.Deliveries {
		explainDelivery(&b, dl)
	}
	if len(d.Findings) > 0 {
		b.WriteString("Content findings:\n")
		for _, f := range d.Findings {
			fmt.Fprintf(&b, "  - %s at bytes %d-%d%s: %s%s [%s]\n", f.Kind, f.Start, f.End, findingWhere(f), f.Severity, findingShows(f), f.Rule)
		}
	}
	explainTrail(&b, d.Trail)
	explainObligations(&b, d.Obligations)
	fmt.Fprintf(&b, "Rule catalogue %s\n", d.Catalogue)
	_, err := io.WriteString(w, b.String())
	return err
}

// explainHeader writes the explanation's opening lines: the message and
// outcome, who must decide, and the lawful basis.
func (d Decision) explainHeader(b *strings.Builder) {
	fmt.Fprintf(b, "Decision for message %s: %s\n", channel.MaskID(d.MessageID), strings.ToUpper(d.Outcome.String()))
	if len(d.Who) > 0 {
		names := make([]string, len(d.Who))
		for i, w := range d.Who {
			names[i] = w.String()
		}
		fmt.Fprintf(b, "  Needs a decision by: %s\n", strings.Join(names, ", "))
	}
	lb := d.LegalBasis
	if lb.GDPRArticle6 == "" {
		b.WriteString("  Lawful basis: none: the message is not about individual care, which this guidance does not cover\n")
		return
	}
	fmt.Fprintf(b, "  Lawful basis: UK GDPR Article 6(1)(e) and 9(2)(h); common law: implied consent%s; consent required: no\n",
		map[bool]string{true: " (also for an established proxy)", false: ""}[lb.Proxy])
}

// explainDelivery writes one delivery's line, with its channel and masked
// address, followed by its timing, override, text message, adjustments,
// language and fallbacks, each on a line of its own.
func explainDelivery(b *strings.Builder, dl Delivery) {
	fmt.Fprintf(b, "  - to %s %s: %s", dl.Role, channel.MaskID(dl.Recipient), strings.ToUpper(dl.Outcome.String()))
	if dl.Channel.Valid() {
		fmt.Fprintf(b, " by %s to %s", dl.Channel, channel.Mask(dl.Channel, dl.Address))
	}
	if dl.Who != Nobody {
		fmt.Fprintf(b, " (decided by %s)", dl.Who)
	}
	b.WriteByte('\n')
	if !dl.NotBefore.IsZero() {
		fmt.Fprintf(b, "      not before %s\n", dl.NotBefore.UTC().Format("2006-01-02 15:04 MST"))
	}
	if dl.Override != nil {
		fmt.Fprintf(b, "      objection overridden: ground %s, decided by %s (%s)\n", dl.Override.Ground, channel.MaskID(dl.Override.DecidedBy), dl.Override.Role)
	}
	if dl.SMS.Segments > 0 {
		fmt.Fprintf(b, "      text message: %s, %d segment(s)\n", dl.SMS.Encoding, dl.SMS.Segments)
	}
	if len(dl.Needs) > 0 {
		fmt.Fprintf(b, "      reasonable adjustments: %s\n", joinNeeds(dl.Needs))
	}
	if dl.Language != "" {
		fmt.Fprintf(b, "      language: %s\n", dl.Language)
	}
	for _, f := range dl.Fallbacks {
		fmt.Fprintf(b, "      then %s to %s after %s", f.Channel, channel.Mask(f.Channel, f.Address), f.After)
		if !f.NotBefore.IsZero() {
			fmt.Fprintf(b, ", not before %s", f.NotBefore.UTC().Format("2006-01-02 15:04 MST"))
		}
		if f.Revise {
			b.WriteString(", once its body is revised")
		}
		b.WriteByte('\n')
	}
}

// explainTrail writes the "Why:" section: each trail step, numbered, with
// its rule, the rule's G-n references and its effect.
func explainTrail(b *strings.Builder, trail []Step) {
	b.WriteString("Why:\n")
	for i, s := range trail {
		refs := ""
		if r, ok := Lookup(s.Rule); ok {
			refs = strings.Join(r.Refs, ", ")
		}
		fmt.Fprintf(b, "  %2d. [%s] %s %s", i+1, s.Rule, refs, strings.ToUpper(s.Effect.String()))
		if s.Recipient != "" {
			fmt.Fprintf(b, " %s", channel.MaskID(s.Recipient))
		}
		if s.Channel.Valid() {
			fmt.Fprintf(b, " %s", s.Channel)
		}
		fmt.Fprintf(b, ": %s", s.Detail)
		if s.Who != Nobody {
			fmt.Fprintf(b, " (decides: %s)", s.Who)
		}
		b.WriteByte('\n')
	}
}

// explainObligations writes what the host must do, when there is
// anything.
func explainObligations(b *strings.Builder, obs []Obligation) {
	if len(obs) == 0 {
		return
	}
	b.WriteString("The host must:\n")
	for _, o := range obs {
		fmt.Fprintf(b, "  - %s [%s]", o.Detail, o.Rule)
		if o.Recipient != "" {
			fmt.Fprintf(b, " for %s", channel.MaskID(o.Recipient))
		}
		if o.Channel.Valid() {
			fmt.Fprintf(b, " by %s", o.Channel)
		}
		if o.Who != Nobody {
			fmt.Fprintf(b, " (%s)", o.Who)
		}
		b.WriteByte('\n')
	}
}

// String summarises the decision on one line, without addresses or body.
func (d Decision) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", channel.MaskID(d.MessageID), d.Outcome)
	for _, dl := range d.Deliveries {
		fmt.Fprintf(&b, "; %s %s", dl.Role, dl.Outcome)
		if dl.Channel.Valid() {
			fmt.Fprintf(&b, " by %s", dl.Channel)
		}
	}
	return b.String()
}

func joinNeeds(ns []Need) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = n.String()
	}
	return strings.Join(s, ", ")
}

// findingWhere names the body a finding is in, when it is a channel's own.
func findingWhere(f Finding) string {
	switch {
	case f.Channel == 0:
		return ""
	case f.Subject:
		return " of the " + f.Channel.String() + " subject"
	}
	return " of the " + f.Channel.String() + " body"
}

// findingShows says where a finding would show, when it was judged on a
// channel.
func findingShows(f Finding) string {
	if !f.Shows.Valid() {
		return ""
	}
	return ", " + strings.ReplaceAll(f.Shows.String(), "_", " ")
}
