package objection

import (
	"fmt"
	"testing"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/google/go-cmp/cmp"
)

// TestWorkedExample follows the guidance's example: a person objects to
// texts and emails because family members can access their phone; an
// appointment for urgent treatment within 48 hours becomes available, and
// a letter would not arrive in time (G13, G14.3).
func TestWorkedExample(t *testing.T) {
	reason := "other family members can access my phone"
	objs := []Objection{
		{Scope: ScopeChannel, Channel: channel.SMS, Reason: reason, RecordedAt: t0.AddDate(0, -1, 0), RecordedBy: "reception-2"},
		{Scope: ScopeChannel, Channel: channel.Email, Reason: reason, RecordedAt: t0.AddDate(0, -1, 0), RecordedBy: "reception-2"},
	}
	facts := func(ahead time.Duration) *Facts {
		return &Facts{At: t0, Class: channel.AppointmentChange, AppointmentAt: t0.Add(ahead), Urgent: true,
			Usable: channel.SetOf(channel.SMS, channel.Email, channel.Letter)}
	}
	cg := &Override{Ground: GroundAppointmentChange48h, DecidedBy: "cg-01", Role: CaldicottGuardian, At: t0.Add(-time.Hour)}
	claim := &Override{Ground: GroundAppointmentChange48h}
	tests := []struct {
		name string
		ref  string
		f    *Facts
		k    channel.Kind
		ov   *Override
		want Result
	}{
		{"no override: sms denied", "G13", facts(20 * time.Hour), channel.SMS, nil,
			Result{Verdict: Denied, Objection: 0}},
		{"no override: letter allowed", "G16", facts(20 * time.Hour), channel.Letter, nil,
			Result{Verdict: Allowed, Objection: -1}},
		{"caldicott guardian decides: sms overridden", "G14.3", facts(20 * time.Hour), channel.SMS, cg,
			Result{Verdict: Overridden, Objection: 0, Ground: GroundAppointmentChange48h}},
		{"caldicott guardian decides: email overridden", "G14.3", facts(20 * time.Hour), channel.Email, cg,
			Result{Verdict: Overridden, Objection: 1, Ground: GroundAppointmentChange48h}},
		{"nobody named: needs a decision", "G34", facts(20 * time.Hour), channel.SMS, claim,
			Result{Verdict: NeedsDecision, Objection: 0, Ground: GroundAppointmentChange48h, Need: CaldicottGuardian}},
		{"appointment 49 hours away: denied", "G14.3", facts(49 * time.Hour), channel.SMS, cg,
			Result{Verdict: Denied, Objection: 0, Ground: GroundAppointmentChange48h, Unfit: FactAppointmentTime}},
	}
	for _, tt := range tests {
		t.Run(tt.ref+" "+tt.name, func(t *testing.T) {
			got := Check(objs, tt.f, tt.k, tt.ov)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Check(%s) (-want +got):\n%s", tt.name, diff)
			}
		})
	}
}

// TestGrounds checks each ground where it fits, and where one of its facts
// is missing (G14.1–G14.8, G32, G13).
func TestGrounds(t *testing.T) {
	sms := []Objection{obj(ScopeChannel, channel.SMS)}
	type row struct {
		name   string
		ref    string
		g      Ground
		objs   []Objection
		k      channel.Kind
		mutate func(*Facts, *Override)
		unfit  Fact // FactNone: the ground fits
	}
	keep := func(*Facts, *Override) {}
	rows := []row{
		{"fits", "G14.1", GroundCommunicableDisease, sms, channel.SMS, keep, FactNone},
		{"not a public health alert", "G14.1", GroundCommunicableDisease, sms, channel.SMS, func(f *Facts, _ *Override) { f.Class = channel.Administrative }, FactClass},
		{"not urgent", "G14.1", GroundCommunicableDisease, sms, channel.SMS, func(f *Facts, _ *Override) { f.Urgent = false }, FactUrgent},

		{"fits", "G14.2", GroundWaitingListValidation, sms, channel.SMS, keep, FactNone},
		{"one above the threshold fits", "G14.2", GroundWaitingListValidation, sms, channel.SMS, func(f *Facts, _ *Override) { f.GroupSize = 501 }, FactNone},
		{"not a waiting list validation", "G14.2", GroundWaitingListValidation, sms, channel.SMS, func(f *Facts, _ *Override) { f.Class = channel.AppointmentInvitation }, FactClass},
		{"no threshold set", "G14.2", GroundWaitingListValidation, sms, channel.SMS, func(f *Facts, _ *Override) { f.WaitingListThreshold = 0 }, FactWaitingListThreshold},
		{"negative threshold", "G14.2", GroundWaitingListValidation, sms, channel.SMS, func(f *Facts, _ *Override) { f.WaitingListThreshold = -1 }, FactWaitingListThreshold},
		{"group at the threshold", "G14.2", GroundWaitingListValidation, sms, channel.SMS, func(f *Facts, _ *Override) { f.GroupSize = 500 }, FactGroupSize},
		{"individual message", "G14.2", GroundWaitingListValidation, sms, channel.SMS, func(f *Facts, _ *Override) { f.GroupSize = 1 }, FactGroupSize},

		{"fits", "G14.3", GroundAppointmentChange48h, sms, channel.SMS, keep, FactNone},
		{"exactly 48 hours fits", "G14.3", GroundAppointmentChange48h, sms, channel.SMS, func(f *Facts, _ *Override) { f.AppointmentAt = t0.Add(48 * time.Hour) }, FactNone},
		{"a minute ahead fits", "G14.3", GroundAppointmentChange48h, sms, channel.SMS, func(f *Facts, _ *Override) { f.AppointmentAt = t0.Add(time.Minute) }, FactNone},
		{"48 hours and a second", "G14.3", GroundAppointmentChange48h, sms, channel.SMS, func(f *Facts, _ *Override) { f.AppointmentAt = t0.Add(48*time.Hour + time.Second) }, FactAppointmentTime},
		{"appointment now", "G14.3", GroundAppointmentChange48h, sms, channel.SMS, func(f *Facts, _ *Override) { f.AppointmentAt = t0 }, FactAppointmentTime},
		{"appointment past", "G14.3", GroundAppointmentChange48h, sms, channel.SMS, func(f *Facts, _ *Override) { f.AppointmentAt = t0.Add(-time.Hour) }, FactAppointmentTime},
		{"no appointment time", "G14.3", GroundAppointmentChange48h, sms, channel.SMS, func(f *Facts, _ *Override) { f.AppointmentAt = time.Time{} }, FactAppointmentTime},
		{"no decision time", "G14.3", GroundAppointmentChange48h, sms, channel.SMS, func(f *Facts, _ *Override) { f.At = time.Time{} }, FactDecisionTime},
		{"a reminder, not a change", "G14.3", GroundAppointmentChange48h, sms, channel.SMS, func(f *Facts, _ *Override) { f.Class = channel.AppointmentReminder }, FactClass},

		{"fits", "G14.4", GroundVulnerableAfterEvent, sms, channel.SMS, keep, FactNone},
		{"not a welfare check", "G14.4", GroundVulnerableAfterEvent, sms, channel.SMS, func(f *Facts, _ *Override) { f.Class = channel.CareInformation }, FactClass},
		{"not marked vulnerable", "G14.4", GroundVulnerableAfterEvent, sms, channel.SMS, func(f *Facts, _ *Override) { f.Vulnerable = false }, FactVulnerable},

		{"fits", "G14.5", GroundPrimaryMethodFailed, sms, channel.SMS, keep, FactNone},
		{"fits with a letter that failed", "G14.5", GroundPrimaryMethodFailed, sms, channel.SMS, func(f *Facts, _ *Override) {
			f.Failed, f.Usable = channel.SetOf(channel.Letter), channel.SetOf(channel.SMS, channel.Letter)
		}, FactNone},
		{"nothing failed", "G14.5", GroundPrimaryMethodFailed, sms, channel.SMS, func(f *Facts, _ *Override) { f.Failed = 0 }, FactFailedChannel},
		{"only the objected channel failed", "G14.5", GroundPrimaryMethodFailed, sms, channel.SMS, func(f *Facts, _ *Override) { f.Failed = channel.SetOf(channel.SMS) }, FactFailedChannel},
		{"a letter is still usable", "G14.5", GroundPrimaryMethodFailed, sms, channel.SMS, func(f *Facts, _ *Override) { f.Usable = f.Usable.Add(channel.Letter) }, FactOtherChannelUsable},
		{"the NHS App is still usable", "G14.5", GroundPrimaryMethodFailed, sms, channel.SMS, func(f *Facts, _ *Override) { f.Usable = f.Usable.Add(channel.NHSApp) }, FactOtherChannelUsable},
		// Issue 13: the ground fits when no channel free of objections can
		// reach the person; a usable channel they objected to does not count.
		{"another usable channel remains, but objected to: fits", "G14.5", GroundPrimaryMethodFailed,
			[]Objection{obj(ScopeChannel, channel.SMS), obj(ScopeChannel, channel.Letter)}, channel.SMS,
			func(f *Facts, _ *Override) { f.Usable = f.Usable.Add(channel.Letter) }, FactNone},
		{"a letter the caller found too slow is not usable: fits", "G14.5", GroundPrimaryMethodFailed, sms, channel.SMS,
			func(f *Facts, _ *Override) { f.Class, f.Usable = channel.AppointmentChange, channel.SetOf(channel.SMS) }, FactNone},
		{"the failed channel is objected to as well", "G14.5", GroundPrimaryMethodFailed,
			[]Objection{obj(ScopeElectronic, 0)}, channel.SMS, keep, FactFailedChannel},

		{"fits", "G14.6", GroundVirtualConsultation, sms, channel.SMS, keep, FactNone},
		{"not a virtual consultation", "G14.6", GroundVirtualConsultation, sms, channel.SMS, func(f *Facts, _ *Override) { f.Class = channel.AppointmentInvitation }, FactClass},
		{"a letter cannot carry the link", "G14.6", GroundVirtualConsultation, []Objection{obj(ScopeChannel, channel.Letter)}, channel.Letter, keep, FactDigitalChannel},

		{"fits", "G14.7", GroundCredibleThreat, sms, channel.SMS, keep, FactNone},
		{"not a safety warning", "G14.7", GroundCredibleThreat, sms, channel.SMS, func(f *Facts, _ *Override) { f.Class = channel.Administrative }, FactClass},

		{"fits", "G14.8", GroundIncorrectMedication, sms, channel.SMS, keep, FactNone},
		{"not a medication alert", "G14.8", GroundIncorrectMedication, sms, channel.SMS, func(f *Facts, _ *Override) { f.Class = channel.Prescription }, FactClass},

		{"fits", "G32", GroundEmergency, sms, channel.SMS, keep, FactNone},
		{"no emergency", "G32", GroundEmergency, sms, channel.SMS, func(f *Facts, _ *Override) { f.Emergency = false }, FactEmergency},
		{"an appointment reminder cannot be an emergency", "G32 G14", GroundEmergency, sms, channel.SMS, func(f *Facts, _ *Override) { f.Class = channel.AppointmentReminder }, FactClass},
		{"urgent care information can be", "G32", GroundEmergency, sms, channel.SMS, func(f *Facts, _ *Override) { f.Class = channel.CareInformation }, FactNone},
		{"no stated justification", "G32", GroundEmergency, sms, channel.SMS, func(_ *Facts, ov *Override) { ov.Justification = " " }, FactJustification},

		{"fits", "G13", GroundOther, sms, channel.SMS, keep, FactNone},
		{"no justification", "G13", GroundOther, sms, channel.SMS, func(_ *Facts, ov *Override) { ov.Justification = "" }, FactJustification},
		{"blank justification", "G13", GroundOther, sms, channel.SMS, func(_ *Facts, ov *Override) { ov.Justification = " \t\n" }, FactJustification},
	}
	for _, tt := range rows {
		t.Run(fmt.Sprintf("%s %s %s", tt.ref, tt.g, tt.name), func(t *testing.T) {
			f, ov := fitting(tt.g), decided(tt.g)
			tt.mutate(f, ov)
			want := Result{Verdict: Overridden, Objection: 0, Ground: tt.g}
			if tt.unfit != FactNone {
				want.Verdict, want.Unfit = Denied, tt.unfit
			}
			got := Check(tt.objs, f, tt.k, ov)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Check(%s) (-want +got):\n%s", tt.name, diff)
			}
			if tt.unfit != FactNone && !contains(tt.g.Facts(), tt.unfit) {
				t.Errorf("%s.Facts() = %v, does not list %s", tt.g, tt.g.Facts(), tt.unfit)
			}
		})
	}
}

func contains(fs []Fact, f Fact) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

// TestMatrix checks every scope against every channel and every ground,
// with facts under which the ground fits and a person who may decide it
// (G11, G13, G14, G16, G32).
func TestMatrix(t *testing.T) {
	covers := map[Scope]channel.Set{
		ScopeChannel:      channel.SetOf(channel.SMS),
		ScopeElectronic:   channel.ElectronicKinds,
		ScopeOrganisation: channel.AllKinds,
		ScopeService:      channel.AllKinds,
		ScopeCare:         channel.AllKinds,
	}
	for _, s := range Scopes() {
		for _, k := range channel.Kinds() {
			for _, g := range Grounds() {
				name := fmt.Sprintf("G11 scope=%s/%s/%s %s", s, k, g.Ref(), g)
				t.Run(name, func(t *testing.T) {
					f := fitting(g)
					f.Failed = channel.AllKinds // every method failed: the person is uncontactable (G14.5)
					f.Usable = 0
					want := Result{Verdict: Overridden, Objection: 0, Ground: g}
					switch {
					case !covers[s].Has(k):
						want = Result{Verdict: Allowed, Objection: -1}
					case g == GroundVirtualConsultation && k == channel.Letter:
						want.Verdict, want.Unfit = Denied, FactDigitalChannel
					case g == GroundPrimaryMethodFailed && covers[s] == channel.AllKinds:
						// Every failed method is one they objected to.
						want.Verdict, want.Unfit = Denied, FactFailedChannel
					}
					got := Check([]Objection{obj(s, channel.SMS)}, f, k, decided(g))
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("Check(%s) (-want +got):\n%s", name, diff)
					}
					// Without an override, a covered channel is denied.
					want = Result{Verdict: Denied, Objection: 0}
					if !covers[s].Has(k) {
						want = Result{Verdict: Allowed, Objection: -1}
					}
					if diff := cmp.Diff(want, Check([]Objection{obj(s, channel.SMS)}, f, k, nil)); diff != "" {
						t.Errorf("Check(%s, no override) (-want +got):\n%s", name, diff)
					}
				})
			}
		}
	}
	// A service objection does not cover another service's messages.
	f := fitting(GroundCredibleThreat)
	f.Service = "maternity"
	for _, k := range channel.Kinds() {
		if got := Check([]Objection{obj(ScopeService, 0)}, f, k, nil); got.Verdict != Allowed {
			t.Errorf("Check(screening objection, maternity message, %s) = %v, want allowed", k, got.Verdict)
		}
	}
}

// TestDecisionMaker checks who may decide each ground, and who is named
// when nobody who may decide is (G13, G32, G34).
func TestDecisionMaker(t *testing.T) {
	objs := []Objection{obj(ScopeChannel, channel.SMS)}
	for _, g := range Grounds() {
		for _, r := range append(Roles(), 0) {
			for _, by := range []string{"staff-9", "", "  "} {
				name := fmt.Sprintf("G34 %s by %q as %s", g, by, r)
				t.Run(name, func(t *testing.T) {
					ov := decided(g)
					ov.DecidedBy, ov.Role = by, r
					got := Check(objs, fitting(g), channel.SMS, ov)
					want := Result{Verdict: Overridden, Objection: 0, Ground: g}
					if by == "staff-9" && g.DecidableBy(r) {
						// decided
					} else {
						want.Verdict, want.Need = NeedsDecision, CaldicottGuardian
						if g == GroundEmergency {
							want.Need = TheSender
						}
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Errorf("Check(%s) (-want +got):\n%s", name, diff)
					}
				})
			}
		}
	}
}

// TestSeriousHarm checks that a serious-harm objection is never
// overridden, not even in an emergency, and that it decides over other
// objections covering the same channel (G15, G32).
func TestSeriousHarm(t *testing.T) {
	for _, g := range append(Grounds(), GroundNone) {
		t.Run("G15 "+g.String(), func(t *testing.T) {
			objs := []Objection{obj(ScopeElectronic, 0), obj(ScopeChannel, channel.Email), harm(obj(ScopeChannel, channel.SMS)), harm(obj(ScopeCare, 0))}
			f := fitting(g)
			f.Failed, f.Usable, f.Emergency = channel.AllKinds, 0, true
			got := Check(objs, f, channel.SMS, decided(g))
			want := Result{Verdict: Denied, Objection: 2, SeriousHarm: true, Ground: g}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Check(serious harm, %s) (-want +got):\n%s", g, diff)
			}
		})
	}
	// A serious-harm objection to another channel does not stop an
	// override of this one.
	objs := []Objection{harm(obj(ScopeChannel, channel.Email)), obj(ScopeChannel, channel.SMS)}
	got := Check(objs, fitting(GroundEmergency), channel.SMS, decided(GroundEmergency))
	want := Result{Verdict: Overridden, Objection: 1, Ground: GroundEmergency}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Check(serious harm to email, sms) (-want +got):\n%s", diff)
	}
}

// TestCheckEdges checks flags, bad input and fail-closed behaviour.
func TestCheckEdges(t *testing.T) {
	sms := obj(ScopeChannel, channel.SMS)
	noReason := sms
	noReason.Reason = " "
	invalid := Objection{Scope: ScopeChannel, Channel: channel.SMS, Reason: "r"} // no recorded_by or recorded_at
	f := fitting(GroundCredibleThreat)
	tests := []struct {
		name string
		ref  string
		objs []Objection
		f    *Facts
		k    channel.Kind
		ov   *Override
		want Result
	}{
		{"no objections", "G10", nil, f, channel.SMS, decided(GroundCredibleThreat), Result{Verdict: Allowed, Objection: -1}},
		{"objection elsewhere", "G11", []Objection{sms}, f, channel.Email, nil, Result{Verdict: Allowed, Objection: -1}},
		{"zero ground claims nothing", "G13", []Objection{sms}, f, channel.SMS, &Override{DecidedBy: "cg", Role: CaldicottGuardian}, Result{Verdict: Denied, Objection: 0}},
		{"unknown ground", "G13", []Objection{sms}, f, channel.SMS, &Override{Ground: 99, DecidedBy: "cg", Role: CaldicottGuardian}, Result{Verdict: Denied, Objection: 0, Unfit: FactGround}},
		{"no facts", "G13", []Objection{sms}, nil, channel.SMS, decided(GroundCredibleThreat), Result{Verdict: Denied, Objection: 0, Ground: GroundCredibleThreat, Unfit: FactMissing}},
		{"no facts: service objection covers", "G10", []Objection{obj(ScopeService, 0)}, nil, channel.Letter, nil, Result{Verdict: Denied, Objection: 0}},
		{"no facts: other objections allowed", "G10", []Objection{sms}, nil, channel.Letter, nil, Result{Verdict: Allowed, Objection: -1}},
		{"invalid channel", "G10", nil, f, 0, nil, Result{Verdict: Denied, Objection: -1, Unfit: FactChannel}},
		{"unknown channel", "G10", []Objection{sms}, f, 7, decided(GroundCredibleThreat), Result{Verdict: Denied, Objection: -1, Unfit: FactChannel}},
		{"no reason flagged", "G12", []Objection{sms, noReason}, f, channel.SMS, nil, Result{Verdict: Denied, Objection: 0, NoReason: true}},
		{"no reason, still overridable", "G12", []Objection{noReason}, f, channel.SMS, decided(GroundCredibleThreat), Result{Verdict: Overridden, Objection: 0, NoReason: true, Ground: GroundCredibleThreat}},
		{"no reason elsewhere not flagged", "G12", []Objection{sms, func() Objection { o := noReason; o.Channel = channel.Email; return o }()}, f, channel.SMS, nil, Result{Verdict: Denied, Objection: 0}},
		{"invalid objection upheld", "G10", []Objection{invalid}, f, channel.SMS, nil, Result{Verdict: Denied, Objection: 0, Invalid: true}},
		{"invalid scope covers everything", "G10", []Objection{{Scope: 0, Reason: "r"}}, f, channel.Letter, nil, Result{Verdict: Denied, Objection: 0, Invalid: true}},
		{"first covering objection decides", "G10", []Objection{obj(ScopeChannel, channel.Email), obj(ScopeElectronic, 0), sms}, f, channel.SMS, nil, Result{Verdict: Denied, Objection: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.ref+" "+tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Check(tt.objs, tt.f, tt.k, tt.ov)); diff != "" {
				t.Errorf("Check(%s) (-want +got):\n%s", tt.name, diff)
			}
		})
	}
}

func TestCheckAllocs(t *testing.T) {
	objs, f, ov := benchInput()
	for _, k := range channel.Kinds() {
		if n := testing.AllocsPerRun(100, func() { Check(objs, f, k, ov) }); n != 0 {
			t.Errorf("Check(%s) allocates %v times per run, want 0", k, n)
		}
	}
	pf, pov := fitting(GroundPrimaryMethodFailed), decided(GroundPrimaryMethodFailed)
	if n := testing.AllocsPerRun(100, func() { Check(objs, pf, channel.SMS, pov) }); n != 0 {
		t.Errorf("Check(primary_method_failed) allocates %v times per run, want 0", n)
	}
}

// TestGroundFor: each class-bound ground is found from its class, and the
// grounds that need no class are never returned.
func TestGroundFor(t *testing.T) {
	for _, g := range Grounds() {
		c := g.Class()
		if c == 0 {
			continue
		}
		if got := GroundFor(c); got != g {
			t.Errorf("GroundFor(%s) = %s, want %s", c, got, g)
		}
	}
	for _, c := range []channel.Class{channel.AppointmentReminder, channel.TestResults, channel.Administrative, 0} {
		if got := GroundFor(c); got != GroundNone {
			t.Errorf("GroundFor(%s) = %s, want none", c, got)
		}
	}
	if GroundPrimaryMethodFailed.Class() != 0 || GroundEmergency.Class() != 0 || GroundOther.Class() != 0 || Ground(200).Class() != 0 {
		t.Errorf("grounds without a class report one")
	}
}
