package bench

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cedar-policy/cedar-go"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
)

// now is Tuesday 24 November 2026, 10:00 in London (GMT), as in the
// policy package's tests.
var now = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

// overrideCase is the carecomms input every engine is measured on: the
// person objected to texts, with a reason; the surgery moved their
// appointment 30 hours away, and the Caldicott Guardian decided to
// override the objection on ground appointment_change_48h (G14.3).
//
// It is the one place that names carecomms identifiers that may be
// renamed; the agreement test varies this input only through the enums'
// text names.
func overrideCase() (policy.Message, policy.Record) {
	m := policy.Message{
		ID:            "msg-override-1",
		At:            now,
		Purpose:       policy.IndividualCare,
		Class:         channel.AppointmentChange,
		Body:          "Your appointment tomorrow has moved to 16:00.",
		Staff:         policy.Staff{ID: "staff-42", Name: "A. Receptionist"},
		AppointmentAt: now.Add(30 * time.Hour),
		Override: &objection.Override{
			Ground:        objection.GroundAppointmentChange48h,
			DecidedBy:     "cg-01",
			Role:          objection.CaldicottGuardian,
			Justification: "Discussed and recorded: a letter would arrive after the appointment.",
			At:            now.Add(-30 * time.Minute),
		},
	}
	r := policy.Record{
		PatientID: "9990000018",
		NHSNumber: "9990000018",
		BirthDate: channel.Date{Year: 1980, Month: time.June, Day: 1},
		Contacts:  []channel.Contact{{Kind: channel.SMS, Address: "07700 900123", Verified: now.AddDate(0, -1, 0)}},
		Objections: []objection.Objection{{
			Scope:      objection.ScopeChannel,
			Channel:    channel.SMS,
			Reason:     "I do not want text messages.",
			RecordedAt: now.AddDate(0, -6, 0),
			RecordedBy: "staff-7",
		}},
	}
	return m, r
}

// facts is one input to the rule, in terms every engine shares.
type facts struct {
	objectTo string        // the channel kind the person objects to; "" for none
	override bool          // whether the message claims an override
	ground   string        // the ground claimed
	role     string        // the override decider's role
	class    string        // the message's class
	until    time.Duration // the appointment's time less the decision's
}

// baseFacts are the facts of overrideCase.
func baseFacts() facts {
	return facts{
		objectTo: "sms", override: true, ground: "appointment_change_48h",
		role: "caldicott_guardian", class: "appointment_change", until: 30 * time.Hour,
	}
}

// carecommsCase is overrideCase with f's facts, set through the enums'
// text names so that it survives renamed constants.
func carecommsCase(f facts) (policy.Message, policy.Record, error) {
	m, r := overrideCase()
	if err := m.Class.UnmarshalText([]byte(f.class)); err != nil {
		return m, r, err
	}
	m.AppointmentAt = m.At.Add(f.until)
	if f.objectTo == "" {
		r.Objections = nil
	} else if err := r.Objections[0].Channel.UnmarshalText([]byte(f.objectTo)); err != nil {
		return m, r, err
	}
	if !f.override {
		m.Override = nil
		return m, r, nil
	}
	ov := *m.Override
	if err := ov.Ground.UnmarshalText([]byte(f.ground)); err != nil {
		return m, r, err
	}
	if err := ov.Role.UnmarshalText([]byte(f.role)); err != nil {
		return m, r, err
	}
	m.Override = &ov
	return m, r, nil
}

// hasAllow reports whether d's trail has an allow step for rule.
func hasAllow(d policy.Decision, rule policy.RuleID) bool {
	for _, s := range d.Trail {
		if s.Rule == rule && s.Effect == policy.Allow {
			return true
		}
	}
	return false
}

// hoursUntil rounds d up to whole hours, so that 0 < hours <= 48 holds
// exactly when 0 < d <= 48h, the window carecomms tests.
func hoursUntil(d time.Duration) int64 {
	h := int64(d / time.Hour)
	if d%time.Hour > 0 {
		h++
	}
	return h
}

// deciders are the roles carecomms lets decide an override on one of the
// eight listed grounds (objection.Ground.DecidableBy): every role but the
// sender's. The rule's text in both peer engines lists them.
const deciders = `"caldicott_guardian", "dpo", "ig_lead", "senior_clinician"`

// cedarPolicy is the rule in Cedar: send by a channel the person has not
// objected to, or despite the objection when an override on ground
// appointment_change_48h fits (an appointment change, the appointment
// within 48 hours) and was decided by someone in a role that may decide it.
const cedarPolicy = `permit (
	principal is Staff,
	action == Action::"send",
	resource is Channel
)
when {
	!context.patient.objects_to.contains(resource) ||
	(context has override &&
	 context.override.ground == "appointment_change_48h" &&
	 context.class == "appointment_change" &&
	 context.hours_until_appointment > 0 &&
	 context.hours_until_appointment <= 48 &&
	 [` + deciders + `].contains(context.override.decided_by.role))
};
`

// cedarPolicySet parses cedarPolicy.
func cedarPolicySet() (*cedar.PolicySet, error) {
	return cedar.NewPolicySetFromBytes("override.cedar", []byte(cedarPolicy))
}

// cedarCase is f as Cedar entities and a request.
func cedarCase(f facts) (cedar.EntityMap, cedar.Request) {
	sender := cedar.NewEntityUID("Staff", "staff-42")
	cg := cedar.NewEntityUID("Staff", "cg-01")
	patient := cedar.NewEntityUID("Patient", "9990000018")
	sms := cedar.NewEntityUID("Channel", "sms")
	var objected []cedar.Value
	if f.objectTo != "" {
		objected = append(objected, cedar.NewEntityUID("Channel", cedar.String(f.objectTo)))
	}
	entities := cedar.EntityMap{
		sender:  {UID: sender},
		cg:      {UID: cg, Attributes: cedar.NewRecord(cedar.RecordMap{"role": cedar.String(f.role)})},
		patient: {UID: patient, Attributes: cedar.NewRecord(cedar.RecordMap{"objects_to": cedar.NewSet(objected...)})},
		sms:     {UID: sms},
	}
	ctx := cedar.RecordMap{
		"patient":                 patient,
		"class":                   cedar.String(f.class),
		"hours_until_appointment": cedar.Long(hoursUntil(f.until)),
	}
	if f.override {
		ctx["override"] = cedar.NewRecord(cedar.RecordMap{"ground": cedar.String(f.ground), "decided_by": cg})
	}
	return entities, cedar.Request{
		Principal: sender,
		Action:    cedar.NewEntityUID("Action", "send"),
		Resource:  sms,
		Context:   cedar.NewRecord(ctx),
	}
}

// regoPolicy is the same rule in Rego. The store holds what Cedar's
// entities hold; the input holds the request.
const regoPolicy = `package carecomms

default allow := false

allow if {
	input.action == "send"
	not objected
}

allow if {
	input.action == "send"
	objected
	override_fits
}

objected if input.resource in data.patients[input.context.patient].objects_to

override_fits if {
	o := input.context.override
	o.ground == "appointment_change_48h"
	input.context.class == "appointment_change"
	input.context.hours_until_appointment > 0
	input.context.hours_until_appointment <= 48
	data.staff[o.decided_by].role in deciders
}

deciders := {` + deciders + `}
`

// regoCase is f as OPA data (for the store) and an input document.
func regoCase(f facts) (data, input map[string]any) {
	objected := []any{}
	if f.objectTo != "" {
		objected = append(objected, f.objectTo)
	}
	data = map[string]any{
		"staff": map[string]any{
			"staff-42": map[string]any{},
			"cg-01":    map[string]any{"role": f.role},
		},
		"patients": map[string]any{
			"9990000018": map[string]any{"objects_to": objected},
		},
	}
	ctx := map[string]any{
		"patient":                 "9990000018",
		"class":                   f.class,
		"hours_until_appointment": hoursUntil(f.until),
	}
	if f.override {
		ctx["override"] = map[string]any{"ground": f.ground, "decided_by": "cg-01"}
	}
	input = map[string]any{"principal": "staff-42", "action": "send", "resource": "sms", "context": ctx}
	return data, input
}

// regoPrepare compiles regoPolicy against a store holding data.
func regoPrepare(ctx context.Context, data map[string]any) (rego.PreparedEvalQuery, error) {
	return rego.New(
		rego.Query("data.carecomms.allow"),
		rego.Module("override.rego", regoPolicy),
		rego.Store(inmem.NewFromObject(data)),
	).PrepareForEval(ctx)
}

// regoAllow evaluates a prepared query for one input document.
func regoAllow(ctx context.Context, pq rego.PreparedEvalQuery, input map[string]any) (bool, error) {
	rs, err := pq.Eval(ctx, rego.EvalInput(input))
	if err != nil {
		return false, err
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return false, fmt.Errorf("want one result, got %v", rs)
	}
	allow, ok := rs[0].Expressions[0].Value.(bool)
	if !ok {
		return false, fmt.Errorf("allow is %T, want bool", rs[0].Expressions[0].Value)
	}
	return allow, nil
}

// longBody is a fuller text message for the same change.
const longBody = "Riverside Surgery: your appointment tomorrow at 10:00 has moved to 16:00 the same day. Please call 0115 496 0000 if this does not suit you."

// benchCarecomms measures policy.Decide on overrideCase, with body in
// place of its own when body is not empty.
func benchCarecomms(b *testing.B, body string) {
	m, r := overrideCase()
	if body != "" {
		m.Body = body
	}
	d := policy.Decide(m, r)
	if d.Outcome != policy.Send || !hasAllow(d, policy.RuleObjectionOverride) {
		var sb strings.Builder
		_ = d.Explain(&sb)
		b.Fatalf("outcome %v, want send with an allow step for %v\n%s", d.Outcome, policy.RuleObjectionOverride, sb.String())
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = policy.Decide(m, r)
	}
}

// BenchmarkOverride measures one decision on overrideCase by each engine.
// carecomms makes the whole decision (validation, contacts, windows, body
// scanning, objections, trail and obligations); the peers evaluate the
// override rule alone, with their inputs built before the loop.
func BenchmarkOverride(b *testing.B) {
	b.Run("carecomms", func(b *testing.B) { benchCarecomms(b, "") })
	// The same decision with a 140-character body that names the
	// practice, two times and a phone number: the content scan's share grows
	// with the body.
	b.Run("carecomms_long_body", func(b *testing.B) { benchCarecomms(b, longBody) })
	// The same decision's result alone, built without deciding: the floor
	// under carecomms' time for returning it.
	b.Run("carecomms_result_only", benchResultOnly)

	b.Run("cedar", func(b *testing.B) {
		ps, err := cedarPolicySet()
		if err != nil {
			b.Fatal(err)
		}
		entities, req := cedarCase(baseFacts())
		if dec, diag := cedar.Authorize(ps, entities, req); dec != cedar.Allow {
			b.Fatalf("decision %v, want allow; diagnostic %+v", dec, diag)
		}
		b.ReportAllocs()
		for b.Loop() {
			_, _ = cedar.Authorize(ps, entities, req)
		}
	})

	b.Run("opa", func(b *testing.B) {
		ctx := context.Background()
		data, input := regoCase(baseFacts())
		pq, err := regoPrepare(ctx, data)
		if err != nil {
			b.Fatal(err)
		}
		if allow, err := regoAllow(ctx, pq, input); err != nil || !allow {
			b.Fatalf("allow %v, error %v; want allow", allow, err)
		}
		b.ReportAllocs()
		for b.Loop() {
			_, _ = pq.Eval(ctx, rego.EvalInput(input))
		}
	})
}
