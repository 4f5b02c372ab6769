package objection

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/google/go-cmp/cmp"
)

func TestObjectionValidate(t *testing.T) {
	tests := []struct {
		name   string
		ref    string
		mutate func(*Objection)
		fields []string // JSON names of the fields the errors must name, in order
	}{
		{"valid channel objection", "G11", func(o *Objection) {}, nil},
		{"valid without reason is still valid", "G12", func(o *Objection) { o.Reason = "" }, nil},
		{"scope unset", "G11", func(o *Objection) { o.Scope = 0; o.Channel = 0 }, []string{"scope"}},
		{"scope unknown", "G11", func(o *Objection) { o.Scope = 99 }, []string{"scope"}},
		{"channel scope without channel", "G11", func(o *Objection) { o.Channel = 0 }, []string{"channel"}},
		{"channel scope with unknown channel", "G11", func(o *Objection) { o.Channel = 42 }, []string{"channel"}},
		{"electronic scope with a channel", "G11", func(o *Objection) { o.Scope = ScopeElectronic }, []string{"channel"}},
		{"service scope without service", "G11", func(o *Objection) {
			o.Scope, o.Channel, o.Service = ScopeService, 0, "  "
		}, []string{"service"}},
		{"service scope with a service that is not a code", "G11", func(o *Objection) {
			o.Scope, o.Channel, o.Service = ScopeService, 0, "sexual-health"
		}, []string{"service"}},
		{"service scope with a code in capitals and spaces", "G11", func(o *Objection) {
			o.Scope, o.Channel, o.Service = ScopeService, 0, " Sexual_Health "
		}, nil},
		{"care scope with a service", "G11", func(o *Objection) {
			o.Scope, o.Channel, o.Service = ScopeCare, 0, "screening"
		}, []string{"service"}},
		{"recorded_by missing", "G28", func(o *Objection) { o.RecordedBy = " " }, []string{"recorded_by"}},
		{"recorded_at missing", "G17", func(o *Objection) { o.RecordedAt = time.Time{} }, []string{"recorded_at"}},
		{"everything missing", "G11", func(o *Objection) { *o = Objection{Reason: secret} }, []string{"scope", "recorded_by", "recorded_at"}},
	}
	for _, tt := range tests {
		t.Run(tt.ref+" "+tt.name, func(t *testing.T) {
			o := obj(ScopeChannel, channel.SMS)
			tt.mutate(&o)
			err := o.Validate()
			var got []string
			for _, e := range unjoin(err) {
				var fe *FieldError
				if !errors.As(e, &fe) {
					t.Fatalf("Validate() error %v is not a *FieldError", e)
				}
				if !errors.Is(e, ErrInvalid) || !strings.HasPrefix(e.Error(), "objection: "+fe.Path+": ") {
					t.Errorf("FieldError %q: want it to wrap ErrInvalid and start with \"objection: %s: \"", e, fe.Path)
				}
				got = append(got, fe.Path)
			}
			if diff := cmp.Diff(tt.fields, got); diff != "" {
				t.Errorf("Validate(%s) fields (-want +got):\n%s", tt.name, diff)
			}
			if err != nil {
				if !errors.Is(err, ErrInvalid) {
					t.Errorf("Validate(%s) = %v, want it to wrap ErrInvalid", tt.name, err)
				}
				if !strings.HasPrefix(err.Error(), "objection: ") {
					t.Errorf("Validate(%s) = %q, want prefix \"objection: \"", tt.name, err)
				}
			}
			if o.valid() != (err == nil) {
				t.Errorf("valid() = %v but Validate() = %v", o.valid(), err)
			}
		})
	}
}

func TestOverrideValidate(t *testing.T) {
	tests := []struct {
		name   string
		ref    string
		ov     Override
		fields []string
	}{
		{"complete", "G13", *decided(GroundAppointmentChange48h), nil},
		{"other with justification by dpo", "G13", Override{Ground: GroundOther, DecidedBy: "dpo-1", Role: DPO, Justification: "case", At: t0}, nil},
		{"emergency decided by sender", "G32", Override{Ground: GroundEmergency, DecidedBy: "nurse-4", Role: TheSender, Justification: "threat to life", At: t0}, nil},
		{"emergency without justification", "G32", Override{Ground: GroundEmergency, DecidedBy: "nurse-4", Role: TheSender, At: t0}, []string{"justification"}},
		{"no ground", "G13", Override{DecidedBy: "cg-01", Role: CaldicottGuardian, At: t0}, []string{"ground"}},
		{"unknown ground", "G13", Override{Ground: 77, DecidedBy: "cg-01", Role: CaldicottGuardian, At: t0}, []string{"ground"}},
		{"no decision-maker", "G28", Override{Ground: GroundCredibleThreat, Role: CaldicottGuardian, At: t0}, []string{"decided_by"}},
		{"no role", "G34", Override{Ground: GroundCredibleThreat, DecidedBy: "x", At: t0}, []string{"role"}},
		{"sender outside an emergency", "G34", Override{Ground: GroundCredibleThreat, DecidedBy: "x", Role: TheSender, At: t0}, []string{"role"}},
		{"other by ig lead", "G13", Override{Ground: GroundOther, DecidedBy: "x", Role: IGLead, Justification: "case", At: t0}, []string{"role"}},
		{"other without justification", "G13", Override{Ground: GroundOther, DecidedBy: "x", Role: DPO, Justification: " ", At: t0}, []string{"justification"}},
		{"no time", "G13", Override{Ground: GroundEmergency, DecidedBy: "x", Role: TheSender, Justification: "case"}, []string{"at"}},
		{"empty", "G13", Override{}, []string{"ground", "decided_by", "role", "at"}},
	}
	for _, tt := range tests {
		t.Run(tt.ref+" "+tt.name, func(t *testing.T) {
			err := tt.ov.Validate()
			var got []string
			for _, e := range unjoin(err) {
				var fe *FieldError
				if !errors.As(e, &fe) || !errors.Is(e, ErrInvalid) {
					t.Fatalf("Validate() error %v is not a *FieldError wrapping ErrInvalid", e)
				}
				got = append(got, fe.Path)
			}
			if diff := cmp.Diff(tt.fields, got); diff != "" {
				t.Errorf("Override.Validate(%s) fields (-want +got):\n%s", tt.name, diff)
			}
			if err != nil && !errors.Is(err, ErrInvalid) {
				t.Errorf("Override.Validate(%s) = %v, want it to wrap ErrInvalid", tt.name, err)
			}
		})
	}
}

func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// TestCovers checks every scope against every channel (G11, G16).
func TestCovers(t *testing.T) {
	all := channel.AllKinds
	tests := []struct {
		name    string
		ref     string
		o       Objection
		service string
		want    channel.Set
	}{
		{"one channel: sms", "G11", obj(ScopeChannel, channel.SMS), "", channel.SetOf(channel.SMS)},
		{"one channel: letter", "G11", obj(ScopeChannel, channel.Letter), "", channel.SetOf(channel.Letter)},
		{"electronic leaves letters", "G16", obj(ScopeElectronic, 0), "", channel.ElectronicKinds},
		{"organisation covers all", "G11", obj(ScopeOrganisation, 0), "", all},
		{"care covers all", "G11", obj(ScopeCare, 0), "", all},
		{"service matches", "G11", obj(ScopeService, 0), "screening", all},
		{"service matches case-insensitively", "G11", obj(ScopeService, 0), " Screening ", all},
		{"other service", "G11", obj(ScopeService, 0), "maternity", 0},
		{"no service on the message", "G11", obj(ScopeService, 0), "", 0},
		{"fail closed: scope unset", "G10", Objection{}, "", all},
		{"fail closed: scope unknown", "G10", Objection{Scope: 200}, "", all},
		{"fail closed: channel scope without channel", "G10", Objection{Scope: ScopeChannel}, "", all},
		{"fail closed: service scope without service", "G10", Objection{Scope: ScopeService}, "maternity", all},
		{"fail closed: service scope with a service that is not a code", "G10", Objection{Scope: ScopeService, Service: "sexual-health"}, "sexual_health", all},
		{"fail closed: service with a space inside", "G10", Objection{Scope: ScopeService, Service: "Sexual Health"}, "maternity", all},
		{"invalid otherwise still covers its channel", "G10", Objection{Scope: ScopeChannel, Channel: channel.Email}, "", channel.SetOf(channel.Email)},
	}
	for _, tt := range tests {
		for _, k := range append(channel.Kinds(), 0, 6) {
			t.Run(fmt.Sprintf("%s %s/%s", tt.ref, tt.name, k), func(t *testing.T) {
				want := tt.want.Has(k)
				if got := tt.o.Covers(k, tt.service); got != want {
					t.Errorf("Covers(%s, %q) = %v, want %v", k, tt.service, got, want)
				}
			})
		}
		t.Run(tt.ref+" "+tt.name+"/Covered", func(t *testing.T) {
			if got := Covered([]Objection{tt.o}, tt.service); got != tt.want {
				t.Errorf("Covered(%s) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
	objs := []Objection{obj(ScopeChannel, channel.SMS), obj(ScopeChannel, channel.Email), obj(ScopeService, 0)}
	if got, want := Covered(objs, "maternity"), channel.SetOf(channel.SMS, channel.Email); got != want {
		t.Errorf("Covered(sms, email, screening; maternity) = %v, want %v", got, want)
	}
	if got := Covered(objs, "SCREENING"); got != all {
		t.Errorf("Covered(sms, email, screening; SCREENING) = %v, want %v", got, all)
	}
	if got := Covered(nil, "x"); got != 0 {
		t.Errorf("Covered(nil) = %v, want {}", got)
	}
}

// TestReasonNeverPrinted checks that no description, log or error shows
// the person's reason or an override's justification (G12).
func TestReasonNeverPrinted(t *testing.T) {
	var objs []Objection
	for _, s := range append(Scopes(), 0, 9) {
		for _, k := range []channel.Kind{0, channel.SMS, channel.Letter} {
			for _, h := range []bool{false, true} {
				o := Objection{Scope: s, Channel: k, Service: "screening", Reason: secret, SeriousHarm: h}
				objs = append(objs, o, func() Objection { o.RecordedBy, o.RecordedAt = "staff-1", t0; return o }())
			}
		}
	}
	const justification = "SECRET-justification-detail"
	ov := Override{Ground: GroundOther, DecidedBy: "cg-01", Role: TheSender, Justification: justification}
	var texts []string
	for _, o := range objs {
		texts = append(texts, o.String())
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%T %[1]v"} {
			texts = append(texts, fmt.Sprintf(verb, o), fmt.Sprintf(verb, &o), fmt.Sprintf(verb, []Objection{o}))
		}
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("objection", "o", o)
		slog.New(slog.NewTextHandler(&buf, nil)).Info("objection", "o", o)
		texts = append(texts, buf.String())
		if err := o.Validate(); err != nil {
			texts = append(texts, err.Error())
		}
		tasks, err := Register(o)
		if err != nil {
			texts = append(texts, err.Error())
		}
		for _, task := range tasks {
			texts = append(texts, task.Text)
		}
	}
	texts = append(texts, ov.String(), fmt.Sprintf("%#v", ov), fmt.Sprintf("%+v", &ov), ov.Validate().Error())
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("override", "ov", ov)
	texts = append(texts, buf.String())
	for _, task := range OverrideTasks(ov) {
		texts = append(texts, task.Text)
	}
	for _, s := range texts {
		if strings.Contains(s, "SECRET") {
			t.Errorf("printed text %q contains the reason or justification", s)
		}
	}
	// The reason must still reach storage.
	b, err := json.Marshal(objs[1])
	if err != nil || !bytes.Contains(b, []byte(secret)) {
		t.Errorf("json.Marshal(objection) = %s, %v; want the reason stored", b, err)
	}
}

func TestObjectionString(t *testing.T) {
	tests := []struct {
		o    Objection
		want string
	}{
		{obj(ScopeChannel, channel.SMS), "objection to sms (reason recorded) recorded 2026-01-31T09:00:00Z by staff-17"},
		{harm(obj(ScopeElectronic, 0)), "objection to electronic channels (serious harm; reason recorded) recorded 2026-01-31T09:00:00Z by staff-17"},
		{obj(ScopeService, 0), "objection to service screening (reason recorded) recorded 2026-01-31T09:00:00Z by staff-17"},
		{Objection{Scope: ScopeCare}, "objection to processing for their care (no reason recorded)"},
		{Objection{Scope: ScopeOrganisation}, "objection to all messages from the organisation (no reason recorded)"},
		{Objection{}, "objection to everything (scope(0)) (no reason recorded)"},
	}
	for _, tt := range tests {
		if got := tt.o.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
	ov := decided(GroundAppointmentChange48h)
	if got, want := ov.String(), "override on appointment_change_48h decided by cg-01 (caldicott_guardian) at 2026-03-02T08:00:00Z"; got != want {
		t.Errorf("Override.String() = %q, want %q", got, want)
	}
	if got, want := (Override{Ground: GroundEmergency}).String(), "override on emergency awaiting a decision"; got != want {
		t.Errorf("Override.String() = %q, want %q", got, want)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	values := []any{
		obj(ScopeChannel, channel.SMS),
		harm(obj(ScopeElectronic, 0)),
		obj(ScopeService, 0),
		Objection{Scope: ScopeCare, RecordedAt: t0, RecordedBy: "x"},
		*decided(GroundOther),
		Override{Ground: GroundPrimaryMethodFailed},
		*fitting(GroundAppointmentChange48h),
		*fitting(GroundPrimaryMethodFailed),
		Result{Verdict: Allowed, Objection: -1},
		Result{Verdict: NeedsDecision, Objection: 2, NoReason: true, Invalid: true, Ground: GroundEmergency, Need: TheSender},
		Result{Verdict: Denied, Objection: 0, SeriousHarm: true, Ground: GroundCredibleThreat, Unfit: FactAppointmentTime},
		Task{TaskDiscussRemoval, []string{"G15"}, "text"},
	}
	for _, v := range values {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("json.Marshal(%T) = %v", v, err)
		}
		var got any
		switch v.(type) {
		case Objection:
			var x Objection
			err, got = json.Unmarshal(b, &x), x
		case Override:
			var x Override
			err, got = json.Unmarshal(b, &x), x
		case Facts:
			var x Facts
			err, got = json.Unmarshal(b, &x), x
		case Result:
			var x Result
			err, got = json.Unmarshal(b, &x), x
		case Task:
			var x Task
			err, got = json.Unmarshal(b, &x), x
		}
		if err != nil {
			t.Fatalf("json.Unmarshal(%s) = %v", b, err)
		}
		if diff := cmp.Diff(v, got); diff != "" {
			t.Errorf("JSON round trip of %s (-want +got):\n%s", b, diff)
		}
	}
	// Field names are snake_case and enums are names.
	b, _ := json.Marshal(harm(obj(ScopeChannel, channel.SMS)))
	want := `{"scope":"channel","channel":"sms","reason":"` + secret + `","recorded_at":"2026-01-31T09:00:00Z","recorded_by":"staff-17","serious_harm":true}`
	if string(b) != want {
		t.Errorf("json.Marshal(objection) = %s, want %s", b, want)
	}
	b, _ = json.Marshal(Result{Verdict: NeedsDecision, Objection: 1, Ground: GroundAppointmentChange48h, Need: CaldicottGuardian})
	if want := `{"verdict":"needs_decision","objection":1,"ground":"appointment_change_48h","need":"caldicott_guardian"}`; string(b) != want {
		t.Errorf("json.Marshal(result) = %s, want %s", b, want)
	}
}

func TestJSONRejects(t *testing.T) {
	bad := []string{
		`{"scope":"everything","recorded_at":"2026-01-01T00:00:00Z","recorded_by":"x"}`,
		`{"scope":"channel","channel":"pigeon"}`,
		`{"scope":"Channel"}`,
		`{"scope":""}`,
	}
	for _, s := range bad {
		var o Objection
		if err := json.Unmarshal([]byte(s), &o); err == nil {
			t.Errorf("json.Unmarshal(%s) = nil error, want an error for the unknown name", s)
		}
	}
	for _, s := range []string{`{"ground":"weather"}`, `{"ground":"emergency","role":"boss"}`, `{"ground":""}`} {
		var o Override
		if err := json.Unmarshal([]byte(s), &o); err == nil {
			t.Errorf("json.Unmarshal(%s) into Override = nil error, want an error", s)
		}
	}
	for _, s := range []string{`{"verdict":"maybe"}`, `{"verdict":"allowed","unfit":"fact_luck"}`, `{"verdict":"allowed","need":"sender2"}`} {
		var r Result
		if err := json.Unmarshal([]byte(s), &r); err == nil {
			t.Errorf("json.Unmarshal(%s) into Result = nil error, want an error", s)
		}
	}
	var task Task
	if err := json.Unmarshal([]byte(`{"code":"dance"}`), &task); err == nil {
		t.Errorf("json.Unmarshal into Task with an unknown code = nil error, want an error")
	}
	// Zero and unknown values of enums whose zero is invalid cannot be encoded.
	for _, v := range []any{Objection{}, Override{Ground: GroundEmergency, Role: 9}, Result{}, Task{}, Override{Ground: 40}, Result{Verdict: Denied, Unfit: 99}} {
		if b, err := json.Marshal(v); err == nil {
			t.Errorf("json.Marshal(%#v) = %s, want an error", v, b)
		} else if !strings.Contains(err.Error(), "objection: ") && !strings.Contains(err.Error(), "carecomms: cannot encode role") {
			t.Errorf("json.Marshal error %q does not name the package", err)
		}
	}
}

// TestEnumNames checks every enum's names round-trip and are stable.
func TestEnumNames(t *testing.T) {
	type textEnum interface {
		String() string
		MarshalText() ([]byte, error)
	}
	check := func(v textEnum, parse func([]byte) (textEnum, error)) {
		t.Helper()
		b, err := v.MarshalText()
		if err != nil {
			t.Errorf("%s.MarshalText() = %v", v, err)
			return
		}
		if string(b) != v.String() {
			t.Errorf("MarshalText() = %s, String() = %s; want equal", b, v)
		}
		got, err := parse(b)
		if err != nil || got != v {
			t.Errorf("UnmarshalText(%s) = %v, %v; want %v", b, got, err, v)
		}
	}
	var names []string
	for _, s := range Scopes() {
		check(s, func(b []byte) (textEnum, error) { var x Scope; err := x.UnmarshalText(b); return x, err })
		names = append(names, s.String())
	}
	for _, g := range append(Grounds(), GroundNone) {
		check(g, func(b []byte) (textEnum, error) { var x Ground; err := x.UnmarshalText(b); return x, err })
		names = append(names, g.String())
	}
	for _, r := range Roles() {
		check(r, func(b []byte) (textEnum, error) { var x Role; err := x.UnmarshalText(b); return x, err })
		names = append(names, r.String())
	}
	for _, f := range append(AllFacts(), FactNone) {
		check(f, func(b []byte) (textEnum, error) { var x Fact; err := x.UnmarshalText(b); return x, err })
		names = append(names, f.String())
	}
	for _, v := range []Verdict{Allowed, Denied, Overridden, NeedsDecision} {
		check(v, func(b []byte) (textEnum, error) { var x Verdict; err := x.UnmarshalText(b); return x, err })
		names = append(names, v.String())
	}
	for c := TaskExplainImpact; c.Valid(); c++ {
		check(c, func(b []byte) (textEnum, error) { var x TaskCode; err := x.UnmarshalText(b); return x, err })
		names = append(names, c.String())
	}
	want := []string{
		"channel", "electronic", "organisation", "service", "care",
		"communicable_disease", "waiting_list_validation", "appointment_change_48h",
		"vulnerable_after_event", "primary_method_failed", "virtual_consultation",
		"credible_threat", "incorrect_medication", "emergency", "other", "none",
		"caldicott_guardian", "dpo", "ig_lead", "senior_clinician", "the_patient", "the_sender",
		"fact_channel", "fact_missing", "fact_ground", "fact_class", "fact_urgent",
		"fact_waiting_list_threshold", "fact_group_size", "fact_decision_time",
		"fact_appointment_time", "fact_vulnerable", "fact_failed_channel",
		"fact_other_channel_usable", "fact_digital_channel", "fact_emergency",
		"fact_justification", "none",
		"allowed", "denied", "overridden", "needs_decision",
		"explain_impact", "note_objection", "record_reason", "discuss_removal",
		"letters_remain", "note_override", "tell_person", "review_emergency",
	}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("enum names changed (-want +got):\n%s", diff)
	}
	refs := map[Ground]string{}
	for _, g := range Grounds() {
		refs[g] = g.Ref()
		if len(g.Facts()) == 0 {
			t.Errorf("%s.Facts() is empty", g)
		}
	}
	wantRefs := map[Ground]string{
		GroundCommunicableDisease: "G14.1", GroundWaitingListValidation: "G14.2",
		GroundAppointmentChange48h: "G14.3", GroundVulnerableAfterEvent: "G14.4",
		GroundPrimaryMethodFailed: "G14.5", GroundVirtualConsultation: "G14.6",
		GroundCredibleThreat: "G14.7", GroundIncorrectMedication: "G14.8",
		GroundEmergency: "G32", GroundOther: "G13",
	}
	if diff := cmp.Diff(wantRefs, refs); diff != "" {
		t.Errorf("Ground.Ref (-want +got):\n%s", diff)
	}
	for _, s := range []string{Scope(0).String(), Ground(99).String(), Role(99).String(), Verdict(0).String(), Fact(77).String(), TaskCode(0).String()} {
		if !strings.Contains(s, "(") {
			t.Errorf("String of an invalid value = %q, want a placeholder such as scope(0)", s)
		}
	}
	if GroundNone.Valid() || Ground(11).Valid() || GroundNone.Ref() != "" || Ground(11).Ref() != "" || GroundNone.Facts() != nil {
		t.Errorf("GroundNone or an unknown ground reports itself valid")
	}
}

// TestDecidableBy checks who may decide which ground (G13, G32, G34).
func TestDecidableBy(t *testing.T) {
	may := map[Ground][]Role{GroundEmergency: {CaldicottGuardian, DPO, IGLead, SeniorClinician, TheSender}, GroundOther: {CaldicottGuardian, DPO}}
	for _, g := range Grounds()[:8] {
		may[g] = []Role{CaldicottGuardian, DPO, IGLead, SeniorClinician}
	}
	for _, g := range append(Grounds(), GroundNone, 50) {
		for _, r := range append(Roles(), 0, 9) {
			want := false
			for _, m := range may[g] {
				want = want || m == r
			}
			if got := g.DecidableBy(r); got != want {
				t.Errorf("%s.DecidableBy(%s) = %v, want %v", g, r, got, want)
			}
		}
	}
	if DefaultDecider(GroundEmergency) != TheSender || DefaultDecider(GroundOther) != CaldicottGuardian || DefaultDecider(GroundCredibleThreat) != CaldicottGuardian {
		t.Errorf("DefaultDecider: want sender for emergency and caldicott_guardian otherwise (G34)")
	}
}
