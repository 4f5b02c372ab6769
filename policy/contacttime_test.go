package policy_test

import (
	"testing"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
)

// Preferred contact times are honoured inside the org's sending window
// (G33, G7, P2).
func TestPreferredContactTimes(t *testing.T) {
	afternoons := []policy.ContactTime{{Start: policy.ClockOf(12, 0), End: policy.ClockOf(18, 0), Days: policy.Weekdays}}
	for _, c := range []struct {
		name    string
		at      time.Time
		urgency policy.Urgency
		times   []policy.ContactTime
		want    time.Time // the delivery's NotBefore; zero means now
	}{
		{"Tuesday morning waits for the afternoon", time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), policy.Routine, afternoons,
			time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)},
		{"Tuesday afternoon goes now", time.Date(2026, 11, 24, 13, 0, 0, 0, time.UTC), policy.Routine, afternoons, time.Time{}},
		{"Friday evening waits for Monday afternoon", time.Date(2026, 11, 27, 19, 0, 0, 0, time.UTC), policy.Routine, afternoons,
			time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)},
		{"urgent does not wait", time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), policy.Urgent, afternoons, time.Time{}},
		{"summer time: 12:00 London is 11:00 UTC", time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC), policy.Routine, afternoons,
			time.Date(2026, 6, 2, 11, 0, 0, 0, time.UTC)},
		{"evenings never meet the window: sent in the window", time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC), policy.Routine,
			[]policy.ContactTime{{Start: policy.ClockOf(19, 0), End: policy.ClockOf(21, 0), Days: policy.EveryDay}}, time.Time{}},
	} {
		m := policy.Message{ID: "m-1", At: c.at, Purpose: policy.IndividualCare, Class: channel.Administrative, Urgency: c.urgency,
			Body: "Riverside Surgery: please call us on 0115 496 0000 about your registration.", Staff: policy.Staff{ID: "staff-42"}}
		r := policy.Record{PatientID: "9990000018", Preferences: []channel.Kind{channel.SMS}, ContactTimes: c.times,
			Contacts: []channel.Contact{{Kind: channel.SMS, Address: "07700 900123", Verified: c.at.AddDate(0, -1, 0)}}}
		d := policy.Decide(m, r)
		if len(d.Deliveries) != 1 {
			t.Fatalf("Decide(%s): %d deliveries, want 1", c.name, len(d.Deliveries))
		}
		if got := d.Deliveries[0].NotBefore; !got.Equal(c.want) {
			t.Errorf("Decide(%s) NotBefore = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestContactTimesValidate(t *testing.T) {
	r := policy.Record{PatientID: "p", ContactTimes: []policy.ContactTime{{Start: policy.ClockOf(18, 0), End: policy.ClockOf(9, 0), Days: policy.Weekdays}}}
	if err := r.Validate(); err == nil {
		t.Error("Validate(start after end) = nil, want a problem at contact_times[0]")
	}
}

// A fallback also waits for a preferred contact time inside its window.
func TestPreferredContactTimesFallback(t *testing.T) {
	at := time.Date(2026, 11, 27, 13, 0, 0, 0, time.UTC) // a Friday
	m := policy.Message{ID: "m-1", At: at, Purpose: policy.IndividualCare, Class: channel.Administrative,
		Body: "Riverside Surgery: please call us on 0115 496 0000 about your registration.", Staff: policy.Staff{ID: "staff-42"}}
	r := policy.Record{PatientID: "9990000018", NHSNumber: "9990000018",
		Preferences:  []channel.Kind{channel.NHSApp, channel.SMS},
		ContactTimes: []policy.ContactTime{{Start: policy.ClockOf(12, 0), End: policy.ClockOf(18, 0), Days: policy.Weekdays}},
		Contacts: []channel.Contact{{Kind: channel.NHSApp, Address: "9990000018"},
			{Kind: channel.SMS, Address: "07700 900123", Verified: at.AddDate(0, -1, 0)}}}
	d := policy.Decide(m, r)
	if len(d.Deliveries) != 1 || len(d.Deliveries[0].Fallbacks) == 0 {
		t.Fatalf("Decide: deliveries %+v, want one with a fallback", d.Deliveries)
	}
	want := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC) // Monday afternoon, not Monday 08:00
	if got := d.Deliveries[0].Fallbacks[0].NotBefore; !got.Equal(want) {
		t.Errorf("fallback NotBefore = %v, want %v", got, want)
	}
}

// Waiting for a preferred contact time must not take a reminder past its
// appointment: the preference gives way and the message goes in the
// window (G8, G33).
func TestPreferredContactTimesGiveWayToTheAppointment(t *testing.T) {
	evenings := []policy.ContactTime{{Start: policy.ClockOf(17, 0), End: policy.ClockOf(18, 0), Days: policy.EveryDay}}
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		appt time.Time
		want time.Time
	}{
		{"appointment at 14:00: goes now", time.Date(2026, 11, 24, 14, 0, 0, 0, time.UTC), time.Time{}},
		{"appointment tomorrow: waits for 17:00", time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC), time.Date(2026, 11, 24, 17, 0, 0, 0, time.UTC)},
	} {
		m := policy.Message{ID: "m-1", At: at, Purpose: policy.IndividualCare, Class: channel.AppointmentReminder, AppointmentAt: c.appt,
			Body: "Riverside Surgery: your appointment is today. To cancel, call 0115 496 0000.", Staff: policy.Staff{ID: "staff-42"}}
		r := policy.Record{PatientID: "9990000018", ContactTimes: evenings,
			Contacts: []channel.Contact{{Kind: channel.SMS, Address: "07700 900123", Verified: at.AddDate(0, -1, 0)}}}
		d := decide(policy.Default(), m, r)
		if len(d.Deliveries) != 1 || d.Deliveries[0].Outcome != policy.Send {
			t.Fatalf("Decide(%s) = %v, want one send delivery", c.name, d.Outcome)
		}
		if got := d.Deliveries[0].NotBefore; !got.Equal(c.want) {
			t.Errorf("Decide(%s) NotBefore = %v, want %v", c.name, got, c.want)
		}
	}
}
