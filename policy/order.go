package policy

import (
	"slices"

	"github.com/carecomms/carecomms/channel"
	"golang.org/x/text/language"
)

// orderTable is a list of distinct valid channels, in order.
type orderTable struct {
	kinds [numKinds]channel.Kind
	n     int
	seen  channel.Set
}

// push appends k when it is valid and not yet listed.
func (t *orderTable) push(k channel.Kind) {
	if k.Valid() && !t.seen.Has(k) {
		t.seen = t.seen.Add(k)
		t.kinds[t.n] = k
		t.n++
	}
}

// channelOrder fills order with the channels to consider, best first: the
// recipient's preferences (G7), then the org's order (G4), then, in an
// emergency, anything else (G32). It returns how many there are and how
// many of them are preferences.
//
// Performance: a recipient without preferences starts from the org's
// order as New listed it (Org.orderTab), not pushed again kind by kind.
func (x *decider) channelOrder(rc *recipient, order *[numKinds]channel.Kind) (n, npref int) {
	var t orderTable
	if len(rc.prefs) == 0 {
		t = x.o.orderTab
	} else {
		for _, k := range rc.prefs {
			t.push(k)
		}
		npref = t.n
		for _, k := range x.o.order {
			t.push(k)
		}
	}
	if x.m.Urgency == Emergency {
		for _, k := range channel.Kinds() {
			t.push(k)
		}
	}
	*order = t.kinds
	return t.n, npref
}

func (x *decider) preferenceSteps(rc *recipient, k channel.Kind, cs []cand, best int) {
	if len(rc.prefs) == 0 {
		x.step(RulePreferenceNotConsent, Note, rc.id, k, 0, "no preference recorded: that is not an objection, so the org's default order applies")
		if x.o.approved.Has(channel.NHSApp) {
			x.step(RulePlatformNHSAppFirst, Note, rc.id, k, 0, "the org's default order puts the NHS App first")
		}
		return
	}
	if rc.prefs[0] == k {
		x.step(RulePreferenceOrder, Allow, rc.id, k, 0, "the preferred channel")
		return
	}
	// Say why each preferred channel that could be used was passed over.
	for i := range cs {
		c := &cs[i]
		if i == best || c.tier == tierOut || c.tier == tierDecide || !slices.Contains(rc.prefs, c.k) {
			continue
		}
		switch {
		case c.tier == tierRevise || c.tier == tierRevOver:
			x.step(RulePreferenceFallback, Note, rc.id, c.k, 0, "preferred, but the body would have to be edited for this channel; a channel that can carry it as drafted comes first (G6)")
		case c.tier == tierOverridden:
			x.step(RulePreferenceFallback, Note, rc.id, c.k, 0, "preferred, but only by overriding an objection; a channel free of objections comes first (G13)")
		}
	}
	for _, p := range rc.prefs {
		if p == k {
			x.step(RulePreferenceOrder, Allow, rc.id, k, 0, "a preferred channel; the ones preferred before it cannot be used, as the steps above say")
			return
		}
	}
	x.step(RulePreferenceFallback, Note, rc.id, k, 0, "not a preferred channel: the preferred ones cannot be used for this message, as the steps above say")
}

// needsOrder applies recorded needs to channel choice (G33, P7): for a
// person who reads braille or listens to audio, a text message or chat
// message cannot carry the format, so channels that can (the NHS App and
// email with assistive technology, a letter in the format) come first
// among those the person did not state a preference for.
func (x *decider) needsOrder(rc *recipient, order []channel.Kind, npref int) {
	if rc.role != ToPatient || npref >= len(order) {
		return
	}
	format := false
	for _, n := range x.r.Needs {
		format = format || n == Braille || n == Audio
	}
	if !format {
		return
	}
	rest := order[npref:]
	moved := false
	// Stable partition: channels that carry the format first.
	var buf [numKinds]channel.Kind
	j := 0
	for _, k := range rest {
		if k != channel.SMS && k != channel.MessagingApp {
			buf[j] = k
			j++
		}
	}
	for i, k := range rest {
		if k == channel.SMS || k == channel.MessagingApp {
			if i < j {
				moved = true
			}
			buf[j] = k
			j++
		}
	}
	copy(rest, buf[:len(rest)])
	if moved {
		x.step(RuleAdjustments, Note, rc.id, 0, 0, "a recorded braille or audio need: channels that can carry the format come before text and chat messages")
	}
}

// adjust carries reasonable adjustments and language (G33, P7).
func (x *decider) adjust(rc *recipient, dl *Delivery) {
	r := x.r
	if rc.role == ToPatient && len(r.Needs) > 0 {
		dl.Needs = append([]Need(nil), r.Needs...)
		x.step(RuleAdjustments, Note, rc.id, dl.Channel, 0, "recorded reasonable adjustments are carried on the delivery")
		for _, n := range r.Needs {
			switch n {
			case LargePrint, Braille, Audio, EasyRead:
				x.oblige(ProvideAccessibleFormat, RuleAccessibleFormat, rc.id, dl.Channel, 0, "produce the message in the recorded format: "+n.String())
			case BSL, ViaCarer, Interpreter, Makaton, Advocate, TextRelay, Lipspeaker, Deafblind:
				x.oblige(ProvideAccessibleFormat, RuleAccessibleFormat, rc.id, dl.Channel, 0, "arrange the recorded support: "+n.String())
			}
		}
	}
	if rc.language == "" || x.o.matcher == nil {
		if len(x.o.langNames) > 0 {
			dl.Language = x.o.langNames[0]
		}
		return
	}
	want, err := language.Parse(rc.language)
	if err != nil {
		return
	}
	_, idx, conf := x.o.matcher.Match(want)
	dl.Language = x.o.langNames[idx]
	if conf == language.No {
		x.step(RuleLanguage, Note, rc.id, dl.Channel, 0, "the org cannot send in the preferred language "+want.String()+": sending in "+dl.Language)
		x.oblige(ProvideLanguage, RuleLanguage, rc.id, dl.Channel, 0, "provide the message in, or arrange support for, the person's language")
	} else {
		x.step(RuleLanguage, Allow, rc.id, dl.Channel, 0, "preferred language matched: "+dl.Language)
	}
}
