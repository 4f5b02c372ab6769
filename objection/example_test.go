package objection_test

import (
	"fmt"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
)

// A person objects to texts and emails because family members can access
// their phone. Later, an appointment for urgent treatment within 48 hours
// becomes available, too soon for a letter; the Caldicott Guardian decides
// to override the objection (the guidance's worked example).
func Example() {
	now := time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)
	reason := "other family members can access my phone"

	// Registering the objections: what staff must do (G16, G17).
	var objs []objection.Objection
	for _, k := range []channel.Kind{channel.SMS, channel.Email} {
		o := objection.Objection{Scope: objection.ScopeChannel, Channel: k, Reason: reason,
			RecordedAt: now.AddDate(0, -1, 0), RecordedBy: "reception-2"}
		tasks, err := objection.Register(o)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(o)
		for _, t := range tasks {
			fmt.Println("  task:", t.Code, t.Refs)
		}
		objs = append(objs, o)
	}

	// The message and its facts.
	facts := &objection.Facts{At: now, Class: channel.AppointmentChange, AppointmentAt: now.Add(20 * time.Hour), Urgent: true}

	// Without an override, only the letter (and the NHS App) may be used.
	for _, k := range channel.Kinds() {
		fmt.Println(k, objection.Check(objs, facts, k, nil).Verdict)
	}

	// The claimed ground fits; the Caldicott Guardian decides.
	ov := &objection.Override{Ground: objection.GroundAppointmentChange48h}
	r := objection.Check(objs, facts, channel.SMS, ov)
	fmt.Println("claimed:", r.Verdict, "need", r.Need)

	ov.DecidedBy, ov.Role, ov.At = "cg-01", objection.CaldicottGuardian, now
	r = objection.Check(objs, facts, channel.SMS, ov)
	fmt.Println("decided:", r.Verdict, "on", r.Ground, r.Ground.Ref())
	for _, t := range objection.OverrideTasks(*ov) {
		fmt.Println("  task:", t.Code, t.Refs)
	}
	// Output:
	// objection to sms (reason recorded) recorded 2026-02-02T09:00:00Z by reception-2
	//   task: explain_impact [G17]
	//   task: note_objection [G17 G10]
	//   task: letters_remain [G16 G11]
	// objection to email (reason recorded) recorded 2026-02-02T09:00:00Z by reception-2
	//   task: explain_impact [G17]
	//   task: note_objection [G17 G10]
	//   task: letters_remain [G16 G11]
	// nhs_app allowed
	// email denied
	// sms denied
	// messaging_app allowed
	// letter allowed
	// claimed: needs_decision need caldicott_guardian
	// decided: overridden on appointment_change_48h G14.3
	//   task: note_override [G13 G28]
	//   task: tell_person [G13 G17]
}

// An override whose ground does not fit the message's facts does not
// override: the result names the fact that failed.
func ExampleCheck_override() {
	now := time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)
	objs := []objection.Objection{{Scope: objection.ScopeElectronic, Reason: "shared devices",
		RecordedAt: now.AddDate(0, -6, 0), RecordedBy: "gp-3"}}
	ov := &objection.Override{Ground: objection.GroundAppointmentChange48h,
		DecidedBy: "cg-01", Role: objection.CaldicottGuardian, At: now}

	for _, ahead := range []time.Duration{30 * time.Hour, 49 * time.Hour} {
		facts := &objection.Facts{At: now, Class: channel.AppointmentChange, AppointmentAt: now.Add(ahead)}
		r := objection.Check(objs, facts, channel.SMS, ov)
		fmt.Printf("%v ahead: %v (unfit: %v)\n", ahead, r.Verdict, r.Unfit)
	}
	// Output:
	// 30h0m0s ahead: overridden (unfit: none)
	// 49h0m0s ahead: denied (unfit: fact_appointment_time)
}

// A serious-harm objection is never overridden, not even in an emergency
// (G15, G32).
func ExampleCheck_seriousHarm() {
	now := time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)
	objs := []objection.Objection{{Scope: objection.ScopeChannel, Channel: channel.SMS, SeriousHarm: true,
		Reason: "texts could reveal treatment", RecordedAt: now.AddDate(0, -1, 0), RecordedBy: "gp-3"}}
	facts := &objection.Facts{At: now, Class: channel.Administrative, Emergency: true}
	ov := &objection.Override{Ground: objection.GroundEmergency, DecidedBy: "nurse-4", Role: objection.TheSender, At: now}
	r := objection.Check(objs, facts, channel.SMS, ov)
	fmt.Println(r.Verdict, "serious harm:", r.SeriousHarm)
	// Output:
	// denied serious harm: true
}

// Covered gives the channels objected to for one message, for example to
// leave them out of a group message (G10).
func ExampleCovered() {
	objs := []objection.Objection{
		{Scope: objection.ScopeChannel, Channel: channel.Email},
		{Scope: objection.ScopeService, Service: "screening"},
	}
	fmt.Println(objection.Covered(objs, "maternity"))
	fmt.Println(objection.Covered(objs, "Screening"))
	// Output:
	// {email}
	// {nhs_app,email,sms,messaging_app,letter}
}

// Registering an objection made because contact puts the person at risk of
// serious harm, without a reason recorded yet (G12, G15).
func ExampleRegister() {
	o := objection.Objection{Scope: objection.ScopeChannel, Channel: channel.SMS, SeriousHarm: true,
		RecordedAt: time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC), RecordedBy: "gp-3"}
	tasks, err := objection.Register(o)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range tasks {
		fmt.Println(t.Code, t.Refs)
	}
	_, err = objection.Register(objection.Objection{Scope: objection.ScopeChannel})
	fmt.Println(err)
	// Output:
	// explain_impact [G17]
	// note_objection [G17 G10]
	// record_reason [G12]
	// discuss_removal [G15]
	// letters_remain [G16 G11]
	// objection: channel: is not set: an objection with scope channel names the channel objected to
	// objection: recorded_by: is empty: name the staff member who recorded it (G28)
	// objection: recorded_at: is not set: give the time the objection was registered
}
