package fhir_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/policy/fhir"
)

// From FHIR to a decision and back: the Communication names the message,
// the channel, the person and the body as sent (G26).
func TestCommunicationRoundTrip(t *testing.T) {
	rec, _ := readFile(t, "gp-bundle.json")
	m := reminder()
	d := policy.Decide(m, rec)
	if d.Outcome != policy.Send {
		t.Fatalf("Decide(gp-bundle) outcome = %v, want send\n%v", d.Outcome, d.Trail)
	}
	data, err := fhir.Communication(m, rec, d, 0, readAt)
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		ResourceType string `json:"resourceType"`
		Status       string `json:"status"`
		Identifier   []struct{ System, Value string }
		Medium       []struct {
			Coding []struct{ System, Code string }
		}
		Subject struct {
			Identifier struct{ System, Value string }
		}
		Recipient []struct{ Reference string }
		Payload   []struct {
			ContentString string `json:"contentString"`
		}
		Sent string
	}
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	got := []string{c.ResourceType, c.Status, c.Identifier[0].Value, c.Medium[0].Coding[1].Code,
		c.Subject.Identifier.Value, c.Recipient[0].Reference, c.Payload[0].ContentString, c.Sent}
	want := []string{"Communication", "completed", m.ID, d.Deliveries[0].Channel.String(),
		rec.NHSNumber, "Patient/" + rec.PatientID, m.Body, "2026-11-24T10:00:00Z"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Communication mismatch (-want +got):\n%s", diff)
	}
	if _, err := fhir.Communication(m, rec, d, 9, readAt); !errors.Is(err, fhir.ErrNoDelivery) {
		t.Errorf("Communication(index 9) error = %v, want ErrNoDelivery", err)
	}
}

// A delivery whose channel has its own body records that body, and an
// email's subject as the topic (G26).
func TestCommunicationChannelBody(t *testing.T) {
	rec, _ := readFile(t, "gp-bundle.json")
	m := reminder()
	d := policy.Decide(m, rec)
	if d.Outcome != policy.Send {
		t.Fatalf("Decide(gp-bundle) outcome = %v, want send", d.Outcome)
	}
	k := d.Deliveries[0].Channel
	m.Bodies = []policy.Body{{Channel: k, Text: "The channel's own text."}}
	if k == channel.Email {
		m.Bodies[0].Subject = "A message from Riverside Surgery"
	}
	data, err := fhir.Communication(m, rec, d, 0, readAt)
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Topic   struct{ Text string }
		Payload []struct {
			ContentString string `json:"contentString"`
		}
	}
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	if c.Payload[0].ContentString != m.Bodies[0].Text || c.Topic.Text != m.Bodies[0].Subject {
		t.Errorf("Communication by %s records %q (topic %q), want the channel's own body %q (topic %q)", k, c.Payload[0].ContentString, c.Topic.Text, m.Bodies[0].Text, m.Bodies[0].Subject)
	}
}

// The AuditEvent carries every trail step by its stable rule ID.
func TestAuditEventRoundTrip(t *testing.T) {
	rec, _ := readFile(t, "gp-bundle.json")
	m := reminder()
	d := policy.Decide(m, rec)
	data, err := fhir.AuditEvent(m, rec, d)
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		Outcome string
		Entity  []struct {
			Type *struct{ System, Code string }
		}
	}
	if err := json.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	var rules []policy.RuleID
	for _, e := range a.Entity {
		if e.Type == nil {
			continue
		}
		id, err := policy.ParseRuleID(e.Type.Code)
		if err != nil {
			t.Errorf("entity rule %q: %v", e.Type.Code, err)
		}
		rules = append(rules, id)
	}
	var want []policy.RuleID
	for _, s := range d.Trail {
		want = append(want, s.Rule)
	}
	if diff := cmp.Diff(want, rules); diff != "" {
		t.Errorf("AuditEvent rules mismatch (-want +got):\n%s", diff)
	}
	if a.Outcome != "0" {
		t.Errorf("AuditEvent outcome = %q, want 0 for send", a.Outcome)
	}
}

// A restricted record's message is held; the Task names who decides.
func TestTaskForHold(t *testing.T) {
	rec, _ := readFile(t, "pds-restricted.json")
	m := reminder()
	d := policy.Decide(m, rec)
	data, ok, err := fhir.Task(m, rec, d)
	if d.Outcome != policy.Hold {
		if ok || err != nil {
			t.Errorf("Task(not held) = ok %v, err %v; want no task", ok, err)
		}
		t.Skipf("restricted record decided %v, not hold: no task to check", d.Outcome)
	}
	if !ok || err != nil {
		t.Fatalf("Task(held) ok %v, err %v", ok, err)
	}
	var task struct {
		Status string
		Owner  struct{ Display string }
	}
	if err := json.Unmarshal(data, &task); err != nil {
		t.Fatal(err)
	}
	if task.Status != "requested" || task.Owner.Display != d.Who[0].String() {
		t.Errorf("Task = %+v, want requested and owned by %v", task, d.Who[0])
	}
	if _, ok, _ := fhir.Task(m, rec, policy.Decision{Outcome: policy.Send}); ok {
		t.Error("Task(send) ok = true, want false")
	}
}
