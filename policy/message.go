package policy

import (
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/proxy"
)

// Message is a drafted message about a person's care, with the facts a
// decision needs. The decision time is At: nothing reads the wall clock.
type Message struct {
	// ID identifies the message; the Dispatcher never sends one ID twice to
	// the same recipient.
	ID string `json:"id"`
	// At is the decision time.
	At time.Time `json:"at"`
	// Purpose must be IndividualCare for the message to be in scope (G1).
	Purpose Purpose `json:"purpose"`
	// Class is the kind of content (G5).
	Class channel.Class `json:"class"`
	// Service is the code of the service the message is about, such as
	// "screening" or "sexual_health". It selects service-wide objections
	// (G11) and sensitive services (G21).
	Service string `json:"service,omitempty"`
	// Urgency governs sending windows, fallbacks and emergencies.
	Urgency Urgency `json:"urgency,omitempty"`
	// Body is the drafted text. It is scanned, never logged. It goes by
	// every channel that has no body of its own in Bodies.
	Body string `json:"body"`
	// Bodies are texts for particular channels, one at most for each: a
	// short text-message prompt beside a full NHS App message, say. Each
	// delivery and fallback is judged on the body it would carry (see
	// [Message.BodyFor]).
	Bodies []Body `json:"bodies,omitempty"`
	// Staff is the member of staff the message is attributable to (G28).
	Staff Staff `json:"staff"`
	// AppointmentAt is the appointment the message is about, if any.
	AppointmentAt time.Time `json:"appointment_at,omitzero"`
	// Group is set when the message is one of a group (batch) message.
	Group *Group `json:"group,omitempty"`
	// Override claims a compelling ground to override an objection (G13, G14).
	Override *objection.Override `json:"override,omitempty"`
	// FallbackAfter, when set, is how long every channel of this message
	// waits, unread or undelivered, before the next is tried: from 1 to
	// 72 hours. Zero means the org's waits ([Config.FallbackWaits]), or
	// P3's.
	FallbackAfter Duration `json:"fallback_after,omitempty"`
	// Attempts are earlier delivery attempts of this message (G31, G14.5).
	Attempts []channel.Attempt `json:"attempts,omitempty"`
	// Approvals record the decisions people made on earlier holds of this
	// message, so that deciding again can proceed (G21, P1, G34).
	Approvals []Approval `json:"approvals,omitempty"`
}

// Approval records that the person a hold named made their decision: for
// proxy.sensitive_service, the individual (or, when they cannot be asked,
// the Caldicott Guardian) agreed that this proxy may be told; for
// record.restricted, the Caldicott Guardian confirmed that current contact
// details may be used for this message.
type Approval struct {
	// Rule is the rule whose hold the approval resolves.
	Rule RuleID `json:"rule"`
	// Recipient is the proxy the approval is for (proxy.sensitive_service).
	Recipient string `json:"recipient,omitempty"`
	// Role is who decided: the_patient or caldicott_guardian.
	Role Role `json:"role"`
	// DecidedBy is the member of staff who recorded the decision (G28).
	DecidedBy string `json:"decided_by"`
	// At is when the decision was made; it must not be after Message.At.
	At time.Time `json:"at"`
}

// Approval returns the message's approval for the rule and recipient, if
// one is complete: a recorder, a role that may decide it, and a time no
// later than the message's. Use ApprovalBy to ask for the approval of the
// person a hold named.
func (m *Message) Approval(rule RuleID, recipient string) (Approval, bool) {
	return m.approval(rule, recipient, 0)
}

// ApprovalBy is Approval limited to approvals by who, the person the hold
// named: an approval by anyone else does not resolve it. A
// proxy.sensitive_service hold names the individual when they can be
// asked, and the Caldicott Guardian when they cannot (proxy.WhoChecks):
// the Caldicott Guardian does not agree in place of a person who can be
// asked, nor such a person in place of the Caldicott Guardian (G21).
func (m *Message) ApprovalBy(rule RuleID, recipient string, who Role) (Approval, bool) {
	if who == 0 {
		return Approval{}, false
	}
	return m.approval(rule, recipient, who)
}

// approval is Approval, limited to approvals by who unless who is zero.
func (m *Message) approval(rule RuleID, recipient string, who Role) (Approval, bool) {
	for _, a := range m.Approvals {
		if a.Rule != rule || a.Recipient != recipient || (who != 0 && a.Role != who) ||
			blank(a.DecidedBy) || a.At.IsZero() || a.At.After(m.At) {
			continue
		}
		switch {
		case rule == RuleRecordRestricted && a.Role == CaldicottGuardian,
			rule == RuleProxySensitive && (a.Role == ThePatient || a.Role == CaldicottGuardian):
			return a, true
		}
	}
	return Approval{}, false
}

// Staff identifies the member of staff a message is attributable to (G28).
type Staff struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	Role string `json:"role,omitempty"`
}

// Group describes a group (batch) message: the same message to many people.
type Group struct {
	ID   string `json:"id"`
	Size int    `json:"size"`
}

// Record is what the care record holds about the person the message is
// about: identity, national record status, contacts, preferences,
// objections, proxies and reasonable adjustments.
type Record struct {
	// PatientID is the host's identifier for the person (often the NHS number).
	PatientID string `json:"patient_id"`
	// NHSNumber is the person's NHS number. It does not by itself mean the
	// person uses the NHS App: record a Contact of kind nhs_app (addressed
	// by the NHS number) for people who do.
	NHSNumber string `json:"nhs_number,omitempty"`
	// Name, Address and Postcode are the person's own identifiers, used to
	// flag them in message bodies. They are never printed.
	Name     string `json:"name,omitempty"`
	Address  string `json:"address,omitempty"`
	Postcode string `json:"postcode,omitempty"`
	// BirthDate decides proxy authority by age.
	BirthDate channel.Date `json:"birth_date,omitzero"`
	// Status is the national record's status (P1).
	Status Status `json:"status,omitempty"`
	// Capacity is whether the person can make decisions about their care.
	Capacity proxy.Capacity `json:"capacity,omitempty"`
	// Vulnerable marks a person the org treats as vulnerable (G14.4).
	Vulnerable bool `json:"vulnerable,omitempty"`
	// Contacts are the person's contact details.
	Contacts []channel.Contact `json:"contacts,omitempty"`
	// Preferences lists channels in the person's order of preference (G7).
	Preferences []channel.Kind `json:"preferences,omitempty"`
	// Objections are the person's registered objections (G10–G17).
	Objections []objection.Objection `json:"objections,omitempty"`
	// Proxies are people who may act on the person's behalf (G19–G21).
	Proxies []proxy.Proxy `json:"proxies,omitempty"`
	// Needs are recorded reasonable adjustments (G33, P7).
	Needs []Need `json:"needs,omitempty"`
	// Language is the person's preferred language as a BCP 47 tag.
	Language string `json:"language,omitempty"`
	// ContactTimes are the times the person prefers to be contacted (UK
	// Core PreferredContactTimes). Routine and time-sensitive messages
	// wait for one of them inside the org's sending window; none means
	// any time in the window.
	ContactTimes []ContactTime `json:"contact_times,omitempty"`
}
