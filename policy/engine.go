package policy

import (
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/minimise"
	"github.com/carecomms/carecomms/objection"
)

// storage is the backing store of a typical decision's slices, so that a
// routine decision (14 to 16 steps, one delivery, one obligation)
// allocates once; larger decisions grow beyond it. Its size matters: the
// allocation, its zeroing and the collector's work on it are a large part
// of a routine decision's cost, so what only some decisions need is in
// extra.
type storage struct {
	trail       [16]Step
	deliveries  [1]Delivery
	obligations [1]Obligation
}

// extra is the second store, allocated the first time a decision needs
// it (see work.more): room for the obligations, findings and override
// copy of a decision that overrides an objection or has findings, in one
// allocation instead of one for each.
type extra struct {
	obligations [3]Obligation
	findings    [2]Finding
	override    objection.Override // the delivery's copy of the message's override
}

// storageAndExtra is storage and extra in one allocation, for a decision
// that will need both: one that claims an override.
//
// With room for the body scan's first finding, it fits the 1,280-byte size
// class; a fourth obligation in extra would not.
type storageAndExtra struct {
	storage
	extra
	scanned [1]minimise.Finding
}

// work holds what a decision builds up whose contents may reach the heap
// (see decider): the trail, written in place, and the body counted as a
// text message, once per decision.
type work struct {
	trail       []Step // becomes d.Trail
	sms         channel.SMSInfo
	smsDone     bool
	preview     int // channel.PreviewEnd of Message.Body, once previewDone
	previewDone bool
	st          *storage           // backs the decision's slices; behind w so that reading it leaks nothing of x
	ext         *extra             // the second store, or nil until more is called
	scanned     []minimise.Finding // room for the body scan's findings, or nil
	harm        []harmed           // contact details at risk of serious harm (G15)
	texts       []text             // the channels' own bodies (Message.Bodies), scanned
	// starts[k] is x.opening(k, m.At, x.local) once bit k of started is
	// set (see decider.start): the timing rules ask it for each candidate,
	// twice (gather and admissible), and again for the chosen channel. It
	// is here, not in decider, because a start becomes a delivery's
	// NotBefore on the heap.
	starts  [numKinds]time.Time
	started channel.Set
}

// decider is the state of one decision. It points at the message, the
// record and the decision being built, none of which leave the stack. A
// field whose contents may end up in the decision's (heap) slices, such as
// the SMS count's replacements, is kept behind a pointer: escape analysis
// does not tell a struct's fields apart, so such a field held inline would
// move the message and record to the heap with it.
type decider struct {
	o         *Org
	m         *Message
	r         *Record
	d         *Decision
	findings  []minimise.Finding
	scam      bool
	global    Outcome // outcome from message-wide rules
	w         *work
	group     *prepared    // a group message's shared work, or nil
	local     int64        // m.At as London wall-clock time (see londonLocal)
	today     channel.Date // the London date at m.At
	dropped   uint32       // bit i: proxies[i] is not used, its entry incomplete (input.entry)
	slow      channel.Set  // the channels too slow for the message, of those in slowKnown (see tooSlow)
	slowKnown channel.Set
}

func (x *decider) step(rule RuleID, eff Effect, recipient string, k channel.Kind, who Role, detail string) {
	w := x.w
	if n := len(w.trail); n < cap(w.trail) {
		// Fill the next slot in place: no temporary to build and copy, and
		// reslicing a slice to itself writes only its length.
		w.trail = w.trail[:n+1]
		s := &w.trail[n]
		s.Rule, s.Effect, s.Channel, s.Who = rule, eff, k, who
		s.Recipient, s.Detail = recipient, detail
		return
	}
	w.trail = append(w.trail, Step{Rule: rule, Effect: eff, Recipient: recipient, Channel: k, Who: who, Detail: detail})
}

func (x *decider) oblige(code ObligationCode, rule RuleID, recipient string, k channel.Kind, who Role, detail string) {
	obs := x.d.Obligations
	for i := range obs {
		// The same obligation twice is one; two needs (G33) with the same
		// code are two, told apart by their details.
		if ob := &obs[i]; ob.Code == code && ob.Channel == k && ob.Recipient == recipient && ob.Detail == detail {
			return
		}
	}
	n := len(obs)
	switch {
	case n < cap(obs):
		// Fill the next slot in place, as step does.
	case cap(obs) == len(storage{}.obligations):
		e := x.w.more()
		obs = e.obligations[:copy(e.obligations[:], obs):len(e.obligations)]
	default:
		obs = append(obs, Obligation{})[:n]
	}
	obs = obs[:n+1]
	ob := &obs[n]
	ob.Code, ob.Rule, ob.Channel, ob.Who = code, rule, k, who
	ob.Recipient, ob.Detail = recipient, detail
	x.d.Obligations = obs
}

// more returns the second store, allocating it on first use.
func (w *work) more() *extra {
	if w.ext == nil {
		w.ext = new(extra)
	}
	return w.ext
}

func (x *decider) fail(o Outcome) { x.global = worse(x.global, o) }

// run decides, stage by stage: input, scope and basis, the national
// record, the content scan, objections, recipients and their channels,
// then the outcome.
func (x *decider) run() {
	x.local, x.today = londonClock(x.m.At)
	// One allocation holds the usual trail, deliveries and obligations;
	// with an override, it holds the second store too.
	var st *storage
	if x.m.Override != nil {
		both := new(storageAndExtra)
		st, x.w.ext = &both.storage, &both.extra
		x.d.Obligations = both.extra.obligations[:0] // an override brings two
		x.w.scanned = both.scanned[:0]
	} else {
		st = new(storage)
		x.d.Obligations = st.obligations[:0:1]
	}
	x.w.st = st
	x.w.trail = st.trail[:0]
	x.d.Deliveries = st.deliveries[:0:1]
	x.global = Send

	x.input()
	x.scope()
	x.appointmentPassed()
	withheld := x.recordStatus()
	if x.global == Refuse || x.global == OutcomeNone || withheld {
		x.finish()
		return
	}
	if x.m.Urgency == Emergency {
		x.step(RuleEmergency, Note, "", 0, 0, "a genuine emergency: safety comes first, so the most practical channel may be used, even one the org has not approved")
		x.oblige(DiscussWithSenior, RuleEmergency, "", 0, SeniorClinician, "discuss the message with a senior person if one is available")
		x.oblige(ReviewEmergency, RuleEmergency, "", 0, DPO, "review the IG issues with the DPO or IG team afterwards")
	}
	x.scan()
	x.objectionNotes()
	x.recipients()
	x.finish()
}

func (x *decider) addWho(w Role) {
	for _, v := range x.d.Who {
		if v == w {
			return
		}
	}
	x.d.Who = append(x.d.Who, w)
}
