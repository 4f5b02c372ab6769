package policy

import (
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/minimise"
	"github.com/carecomms/carecomms/objection"
)

// Decision is the result of deciding a message. It says what may happen,
// to whom and by which channel, what the body must lose, what the host must
// do afterwards, and why, step by step.
type Decision struct {
	// MessageID echoes the message decided.
	MessageID string `json:"message_id"`
	// Outcome is the most restrictive outcome over the deliveries, or the
	// decision's own when no delivery could be planned. Never Send for
	// invalid input.
	Outcome Outcome `json:"outcome"`
	// Who names the people who must decide when Outcome is Hold (G34).
	Who []Role `json:"who,omitempty"`
	// Deliveries are one per recipient.
	Deliveries []Delivery `json:"deliveries,omitempty"`
	// Findings are what the content scan found in the body.
	Findings []Finding `json:"findings,omitempty"`
	// Redacted is Message.Body with every finding that must be revised on
	// a channel that would carry it (the chosen one, or a fallback)
	// replaced by a neutral placeholder, when there is one.
	// It is a suggestion for the sender; decide again on the edited body.
	Redacted string `json:"redacted,omitempty"`
	// RedactedBodies are the channels' own bodies (Message.Bodies) that
	// must be revised for their channels, each with its findings replaced
	// as in Redacted.
	RedactedBodies []Body `json:"redacted_bodies,omitempty"`
	// Rewrite is a minimal message for the content class, naming the org
	// and how to reach it (for example "Your test results are ready..."),
	// suggested when content must be revised (G23).
	Rewrite string `json:"rewrite,omitempty"`
	// Trail explains the decision in order, by stable rule IDs.
	Trail []Step `json:"trail"`
	// Obligations are what the host must do after deciding.
	Obligations []Obligation `json:"obligations,omitempty"`
	// LegalBasis states the lawful basis for the message (G2).
	LegalBasis LegalBasis `json:"legal_basis"`
	// Catalogue is the CatalogueVersion the decision was made under.
	Catalogue string `json:"catalogue"`
}

// Delivery is the plan for one recipient.
type Delivery struct {
	// Recipient is the patient's or the proxy's identifier.
	Recipient string `json:"recipient"`
	// Role says whether the recipient is the patient or a proxy.
	Role RecipientRole `json:"role"`
	// Outcome is what this delivery may do. Send means it may go now (or
	// at NotBefore).
	Outcome Outcome `json:"outcome"`
	// Who names who must decide when Outcome is Hold.
	Who Role `json:"who,omitempty"`
	// Channel and Address say where the message goes first. Address is the
	// normalised contact detail from the record.
	Channel channel.Kind `json:"channel,omitempty"`
	Address string       `json:"address,omitempty"`
	// NotBefore is when the message may go, when a sending window (P2)
	// delays it. Zero means now.
	NotBefore time.Time `json:"not_before,omitzero"`
	// Fallbacks are the next channels, in order, with when to move on (P3).
	Fallbacks []Fallback `json:"fallbacks,omitempty"`
	// Needs are the recorded reasonable adjustments to apply (G33, P7).
	Needs []Need `json:"needs,omitempty"`
	// Language is the language to send in, matched against the org's.
	Language string `json:"language,omitempty"`
	// Override is the objection override this delivery relies on, if any.
	Override *objection.Override `json:"override,omitempty"`
	// SMS reports encoding and segments for a text message (P4); it is
	// zero for other channels.
	SMS channel.SMSInfo `json:"sms,omitzero"`
}

// Fallback is a next channel for a delivery (P3).
type Fallback struct {
	Channel channel.Kind `json:"channel"`
	Address string       `json:"address"`
	// After is how long to wait, after the previous channel was used
	// without success (unread or undelivered), before moving on.
	After Duration `json:"after"`
	// NotBefore is the earliest this fallback may go if every channel
	// before it went unanswered for its full wait, moved into the
	// channel's sending window (P2).
	NotBefore time.Time `json:"not_before,omitzero"`
	// Revise is true when the body this channel would carry must be
	// revised first, as the trail's require step for it says: the
	// fallback is not sent as drafted, and the Dispatcher skips it. Decide
	// again on the revised body to use it.
	Revise bool `json:"revise,omitempty"`
}

// Finding is a content-scan finding with its severity on the delivery
// channels chosen, and where it would show there.
type Finding struct {
	minimise.Finding
	// Channel is the channel whose own body (Message.Bodies) the finding
	// is in; zero for Message.Body.
	Channel channel.Kind `json:"channel,omitempty"`
	// Subject is true when the finding is in an email's subject line;
	// Start and End are then offsets into Body.Subject.
	Subject bool `json:"subject,omitempty"`
	// Severity is how serious the finding is: for Message.Body, the worst
	// over the chosen channels that carry it (on a channel not approved
	// for it, when none does); for a channel's own body, on that channel.
	Severity minimise.Severity `json:"severity"`
	// Shows is where the finding would show on the channel it was judged
	// on: on a locked screen, only once opened, or on paper (G22, G6).
	Shows channel.Placement `json:"shows,omitempty"`
	// Rule is the catalogue rule for the finding's kind.
	Rule RuleID `json:"rule"`
}

// Step is one step of a decision trail. Tests and tools compare steps by
// Rule and Effect; Detail is for people and may change wording.
type Step struct {
	Rule   RuleID `json:"rule"`
	Effect Effect `json:"effect"`
	// Channel and Recipient say what the step is about, when it is about one.
	Channel channel.Kind `json:"channel,omitempty"`
	// Who names who must decide, on Require steps that need a person.
	Who       Role   `json:"who,omitempty"`
	Recipient string `json:"recipient,omitempty"`
	Detail    string `json:"detail"`
}

// Obligation is something the host must do after the decision.
type Obligation struct {
	Code ObligationCode `json:"code"`
	Rule RuleID         `json:"rule"`
	// Channel and Recipient say which delivery it concerns, if one.
	Channel   channel.Kind `json:"channel,omitempty"`
	Who       Role         `json:"who,omitempty"`
	Recipient string       `json:"recipient,omitempty"`
	Detail    string       `json:"detail"`
}

// LegalBasis is the lawful basis for a care message (G2). No care message
// needs consent: a preference is not consent (G9). A decision about a
// message that is not about individual care (research, fundraising,
// marketing) states no basis: its fields are empty, because this guidance
// does not cover such messages (G1).
type LegalBasis struct {
	// GDPRArticle6 is "6(1)(e)": public task.
	GDPRArticle6 string `json:"gdpr_article_6"`
	// GDPRArticle9 is "9(2)(h)": health or social care.
	GDPRArticle9 string `json:"gdpr_article_9"`
	// CommonLaw is the basis under the common law duty of confidentiality:
	// "implied_consent", also for an established proxy.
	CommonLaw string `json:"common_law"`
	// ConsentRequired is always false for a care message.
	ConsentRequired bool `json:"consent_required"`
	// Proxy is true when a delivery goes to a proxy on implied consent
	// once the relationship is established.
	Proxy bool `json:"proxy,omitempty"`
}

// careBasis is the basis every in-scope decision states.
func careBasis() LegalBasis {
	return LegalBasis{GDPRArticle6: "6(1)(e)", GDPRArticle9: "9(2)(h)", CommonLaw: "implied_consent"}
}

// basisFor is the basis a decision about m states: the care basis for a
// message about individual care, none for anything else (G1, G2).
func basisFor(m *Message) LegalBasis {
	if m.Purpose == IndividualCare {
		return careBasis()
	}
	return LegalBasis{}
}
