package minimise

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/carecomms/carecomms/channel"
)

// Redact returns text with the given findings replaced: identifiers and
// health content by neutral placeholders such as "[NHS number removed]"
// or "[removed]" (a placeholder never says what kind of health content was
// there), links by "[link removed]", a repeated word by one copy of it,
// shouting by lower case (acronyms kept) and "!!" by "!". Pass the
// findings to act on, for example those that block on the chosen channel.
//
// Findings whose span does not fit text are ignored; spans are widened to
// UTF-8 boundaries. Overlapping findings are merged into one placeholder
// ("[removed]" when their placeholders differ). The output never contains
// the text of a span replaced by a placeholder, unless the same text also
// appears in a part of text that was not redacted (or inside a placeholder).
func Redact(text string, findings []Finding) string {
	type cut struct {
		s, e int
		f    Finding
		rep  string
	}
	cuts := make([]cut, 0, len(findings))
	for _, f := range findings {
		if !f.Kind.Valid() || f.Start < 0 || f.End > len(text) || f.Start >= f.End {
			continue
		}
		s, e := f.Start, f.End
		for s > 0 && !utf8.RuneStart(text[s]) {
			s--
		}
		for e < len(text) && !utf8.RuneStart(text[e]) {
			e++
		}
		cuts = append(cuts, cut{s: s, e: e, f: f})
	}
	if len(cuts) == 0 {
		return text
	}
	slices.SortFunc(cuts, func(a, b cut) int {
		if a.s != b.s {
			return a.s - b.s
		}
		return b.e - a.e
	})
	// Merge overlaps.
	merged := cuts[:0]
	for _, c := range cuts {
		c.rep = replacement(text[c.s:c.e], c.f.Kind)
		if n := len(merged); n > 0 && c.s < merged[n-1].e {
			last := &merged[n-1]
			if c.e > last.e {
				last.e = c.e
			}
			if last.rep != c.rep || last.f.Kind != c.f.Kind {
				last.rep = mergedPlaceholder(last.f.Kind, c.f.Kind)
			}
			continue
		}
		merged = append(merged, c)
	}
	var b strings.Builder
	b.Grow(len(text))
	at := 0
	for _, c := range merged {
		b.WriteString(text[at:c.s])
		b.WriteString(c.rep)
		at = c.e
	}
	b.WriteString(text[at:])
	return b.String()
}

// replacement is what Redact puts in place of matched text m of kind k.
func replacement(m string, k Kind) string {
	switch k {
	case RepeatedWord:
		// "the the" → "the"
		for i := 0; i < len(m); i++ {
			if c := m[i]; c == ' ' || c == '\t' || c == '\n' || c == '\r' || c >= utf8.RuneSelf && isSpaceAt(m, i) {
				return m[:i]
			}
		}
		return m
	case Shouting:
		if strings.Trim(m, "!！") == "" {
			return "!"
		}
		return unshout(m)
	}
	return k.placeholder()
}

// mergedPlaceholder is the placeholder for overlapping findings of two
// kinds.
func mergedPlaceholder(a, b Kind) string {
	if pa, pb := a.placeholder(), b.placeholder(); pa == pb {
		return pa
	}
	return "[removed]"
}

// unshout lower-cases the words of m, keeping acronyms.
func unshout(m string) string {
	var b strings.Builder
	b.Grow(len(m))
	for i := 0; i < len(m); {
		j := i
		for j < len(m) && (isLetter(m[j]) || isDigit(m[j]) || m[j] >= utf8.RuneSelf) {
			j++
		}
		if j > i {
			w := m[i:j]
			if acronym(w) {
				b.WriteString(w)
			} else {
				b.WriteString(strings.ToLower(w))
			}
			i = j
			continue
		}
		b.WriteByte(m[i])
		i++
	}
	return b.String()
}

// Org is how a rewrite names the organisation and how to reach it.
type Org struct {
	Name    string `json:"name,omitempty"`    // such as "Leeds Road Surgery"
	Phone   string `json:"phone,omitempty"`   // such as "0113 496 0000"
	Website string `json:"website,omitempty"` // such as "leedsroad.example.org"
}

// Rewrite returns a minimal message for a content class that can stand in
// for a body whose confidential content cannot go on the chosen channel
// (G22, G23): it says there is something to see, and how to see it (log in
// to the NHS App, call the org, or visit its website), and names nothing
// else. It returns "" for classes whose bodies carry times, places, links
// or actions a generic text would lose (appointments, virtual
// consultations, public health alerts, welfare checks, safety warnings):
// redact their findings instead.
//
//   - TestResultsReady, TestResults: "Your test results are ready. ..."
//   - CareInformation: "There is new information about your care. ..."
//   - MedicationAlert: "Please contact us about your medication as soon as you can. ..."
//   - Prescription, WaitingListValidation, Administrative: a generic
//     "You have a new message from <org> about your care. ..."
//
// The wording may change between versions; it is kept free of the
// features Scan flags as scam-like.
func Rewrite(class channel.Class, org Org) string {
	var lead string
	switch class {
	case channel.TestResultsReady, channel.TestResults:
		lead = "Your test results are ready."
	case channel.CareInformation:
		lead = "There is new information about your care."
	case channel.MedicationAlert:
		lead = "We need to speak to you about your medication. Please contact us as soon as you can."
	case channel.Prescription, channel.WaitingListValidation, channel.Administrative:
		if name := strings.TrimSpace(org.Name); name != "" {
			lead = "You have a new message from " + name + " about your care."
		} else {
			lead = "You have a new message about your care."
		}
	default:
		return ""
	}
	return lead + " " + contactLine(org)
}

// contactLine tells the person how to see the message.
func contactLine(org Org) string {
	name := strings.TrimSpace(org.Name)
	phone := strings.TrimSpace(org.Phone)
	site := strings.TrimSpace(org.Website)
	var s string
	switch {
	case name != "" && phone != "":
		s = "Please log in to the NHS App or call " + name + " on " + phone + "."
	case phone != "":
		s = "Please log in to the NHS App or call us on " + phone + "."
	case name != "":
		s = "Please log in to the NHS App or contact " + name + "."
	default:
		s = "Please log in to the NHS App or contact us."
	}
	if site != "" {
		s += " You can also visit " + site + "."
	}
	return s
}
