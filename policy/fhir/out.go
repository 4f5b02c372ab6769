package fhir

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
)

// Systems this package writes in the resources it makes.
const (
	// SystemRule codes a decision's trail steps by stable rule ID (such
	// as objection.scope), as [policy.ParseRuleID] reads them.
	SystemRule = "https://github.com/carecomms/carecomms/fhir/CodeSystem/rule"
	// SystemClass codes a message's content class (channel.Class names).
	SystemClass = "https://github.com/carecomms/carecomms/fhir/CodeSystem/class"
	// SystemRole codes who must decide a held message (policy.Role names).
	SystemRole = "https://github.com/carecomms/carecomms/fhir/CodeSystem/role"
	// SystemOutcome codes a decision's outcome (send, revise, hold, refuse).
	SystemOutcome = "https://github.com/carecomms/carecomms/fhir/CodeSystem/outcome"
	// SystemMessageID is the identifier system for a message's ID.
	SystemMessageID = "https://github.com/carecomms/carecomms/fhir/Id/message"
	// SystemStaffID is the identifier system for a member of staff's ID.
	SystemStaffID           = "https://github.com/carecomms/carecomms/fhir/Id/staff"
	systemParticipationMode = "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode"
)

// ErrNoDelivery: the delivery index is out of range, or the delivery may
// not be sent (its outcome is not send or revise).
var ErrNoDelivery = errors.New("fhir: no delivery that may be sent at that index: pass the index of a delivery whose outcome is send or revise")

// out is a generic resource written with encoding/json.
type out = map[string]any

// Communication returns, as FHIR R4 JSON, the Communication that records
// in the care record (G26) that delivery i of decision d went to its
// recipient: message m's body as sent on the delivery's channel
// ([policy.Message.BodyFor], an email's subject as topic), the channel as medium, the member of
// staff as sender and the person by NHS number (or PatientID) as subject.
// sent is when it went. The host writes it after the transport accepted
// the message. It records the delivery's first channel: when a fallback
// went instead, the audit log's attempt entry holds the exact copy sent by
// that channel.
func Communication(m policy.Message, rec policy.Record, d policy.Decision, i int, sent time.Time) ([]byte, error) {
	if i < 0 || i >= len(d.Deliveries) {
		return nil, ErrNoDelivery
	}
	dl := d.Deliveries[i]
	if dl.Outcome != policy.Send && dl.Outcome != policy.Revise {
		return nil, ErrNoDelivery
	}
	body := m.BodyFor(dl.Channel) // the channel's own body, if it has one
	recipient := out{"reference": "Patient/" + rec.PatientID}
	if dl.Role == policy.ToProxy {
		recipient = out{"reference": "RelatedPerson/" + dl.Recipient}
	}
	c := out{
		"resourceType": "Communication",
		"identifier":   []out{{"system": SystemMessageID, "value": m.ID}},
		"status":       "completed",
		"category":     []out{{"coding": []out{{"system": SystemClass, "code": m.Class.String()}}}},
		"medium":       []out{medium(dl.Channel)},
		"subject":      subject(rec),
		"sent":         sent.UTC().Format(time.RFC3339),
		"recipient":    []out{recipient},
		"sender":       out{"identifier": out{"system": SystemStaffID, "value": m.Staff.ID}},
		"payload":      []out{{"contentString": body.Text}},
	}
	if body.Subject != "" {
		c["topic"] = out{"text": body.Subject}
	}
	if len(dl.Needs) > 0 {
		c["note"] = []out{{"text": "reasonable adjustments applied: " + needsText(dl.Needs)}}
	}
	return json.Marshal(c)
}

func subject(rec policy.Record) out {
	if rec.NHSNumber != "" && channel.ValidNHSNumber(rec.NHSNumber) {
		return out{"identifier": out{"system": SystemNHSNumber, "value": rec.NHSNumber}}
	}
	return out{"reference": "Patient/" + rec.PatientID}
}

// medium codes a channel in v3-ParticipationMode, with the channel kind in
// SystemChannel beside it.
func medium(k channel.Kind) out {
	mode := "ELECTRONIC"
	switch k {
	case channel.Email:
		mode = "EMAILWRIT"
	case channel.Letter:
		mode = "MAILWRIT"
	case channel.NHSApp, channel.MessagingApp:
		mode = "ONLINEWRIT"
	}
	return out{"coding": []out{{"system": systemParticipationMode, "code": mode}, {"system": SystemChannel, "code": k.String()}}}
}

func needsText(ns []policy.Need) string {
	s := ""
	for i, n := range ns {
		if i > 0 {
			s += ", "
		}
		s += n.String()
	}
	return s
}

// AuditEvent returns, as FHIR R4 JSON, the AuditEvent that records
// decision d about message m: the outcome, the member of staff, and one
// entity a trail step, coded by its stable rule ID with its effect and
// detail. The step details hold no body and only masked addresses.
func AuditEvent(m policy.Message, rec policy.Record, d policy.Decision) ([]byte, error) {
	outcome := "0"
	if d.Outcome != policy.Send && d.Outcome != policy.Revise {
		outcome = "4" // the message may not go as drafted
	}
	ents := []out{{"what": subject(rec), "role": out{"system": "http://terminology.hl7.org/CodeSystem/object-role", "code": "1", "display": "Patient"}}}
	for _, s := range d.Trail {
		ents = append(ents, out{
			"type":        out{"system": SystemRule, "code": s.Rule.String()},
			"description": s.Effect.String() + ": " + s.Detail,
		})
	}
	a := out{
		"resourceType": "AuditEvent",
		"type":         out{"system": SystemRule, "code": "decision", "display": "carecomms decision"},
		"action":       "E",
		"recorded":     m.At.UTC().Format(time.RFC3339),
		"outcome":      outcome,
		"outcomeDesc":  d.Outcome.String() + " (catalogue " + d.Catalogue + ")",
		"agent":        []out{{"who": out{"identifier": out{"system": SystemStaffID, "value": m.Staff.ID}}, "requestor": true}},
		"source":       out{"observer": out{"display": "carecomms policy.Decide"}},
		"entity":       append(ents, out{"what": out{"identifier": out{"system": SystemMessageID, "value": m.ID}}}),
	}
	return json.Marshal(a)
}

// Task returns, as FHIR R4 JSON, the Task asking the people a held
// decision names to decide (G34): one Task owned by the first role in
// d.Who, the others listed as inputs. It returns ok false when d is not
// held.
func Task(m policy.Message, rec policy.Record, d policy.Decision) (data []byte, ok bool, err error) {
	if d.Outcome != policy.Hold || len(d.Who) == 0 {
		return nil, false, nil
	}
	var inputs []out
	for _, w := range d.Who {
		inputs = append(inputs, out{"type": out{"text": "decides"}, "valueCodeableConcept": out{"coding": []out{{"system": SystemRole, "code": w.String()}}}})
	}
	reasons := ""
	for _, s := range d.Trail {
		if s.Effect == policy.Require {
			reasons += s.Rule.String() + "; "
		}
	}
	t := out{
		"resourceType": "Task",
		"status":       "requested",
		"intent":       "order",
		"code":         out{"coding": []out{{"system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "approve"}}},
		"description":  "A message is held until " + d.Who[0].String() + " decides: " + reasons,
		"focus":        out{"identifier": out{"system": SystemMessageID, "value": m.ID}},
		"for":          subject(rec),
		"authoredOn":   m.At.UTC().Format(time.RFC3339),
		"requester":    out{"identifier": out{"system": SystemStaffID, "value": m.Staff.ID}},
		"owner":        out{"display": d.Who[0].String()},
		"input":        inputs,
	}
	data, err = json.Marshal(t)
	return data, err == nil, err
}
