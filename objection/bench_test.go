package objection

import (
	"testing"
	"time"

	"github.com/carecomms/carecomms/channel"
)

// benchInput is a record with five objections of mixed scopes, and the
// guidance's worked example as the message.
func benchInput() ([]Objection, *Facts, *Override) {
	at := t0.AddDate(0, -2, 0)
	objs := []Objection{
		{Scope: ScopeService, Service: "screening", Reason: "r", RecordedAt: at, RecordedBy: "s1"},
		{Scope: ScopeChannel, Channel: channel.MessagingApp, Reason: "r", RecordedAt: at, RecordedBy: "s1"},
		{Scope: ScopeChannel, Channel: channel.Email, Reason: "r", RecordedAt: at, RecordedBy: "s1"},
		{Scope: ScopeChannel, Channel: channel.SMS, Reason: "", RecordedAt: at, RecordedBy: "s1"},
		{Scope: ScopeChannel, Channel: channel.NHSApp, Reason: "r", RecordedAt: at, RecordedBy: "s1", SeriousHarm: true},
	}
	f := &Facts{At: t0, Class: channel.AppointmentChange, Service: "Orthopaedics", AppointmentAt: t0.Add(20 * time.Hour),
		Usable: channel.SetOf(channel.SMS, channel.Email, channel.Letter)}
	ov := &Override{Ground: GroundAppointmentChange48h, DecidedBy: "cg-01", Role: CaldicottGuardian, At: t0}
	return objs, f, ov
}

var sink Result

func BenchmarkCheck(b *testing.B) {
	objs, f, ov := benchInput()
	pf := &Facts{At: t0, Class: channel.AppointmentReminder, Failed: channel.SetOf(channel.Letter), Usable: channel.SetOf(channel.SMS, channel.Letter)}
	pov := &Override{Ground: GroundPrimaryMethodFailed, DecidedBy: "cg-01", Role: CaldicottGuardian}
	cases := []struct {
		name string
		f    *Facts
		k    channel.Kind
		ov   *Override
	}{
		{"overridden", f, channel.SMS, ov},
		{"serious_harm", f, channel.NHSApp, ov},
		{"allowed", f, channel.Letter, ov},
		{"denied", f, channel.Email, nil},
		{"primary_method_failed", pf, channel.SMS, pov},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = Check(objs, c.f, c.k, c.ov)
			}
		})
	}
}

var errSink error

// BenchmarkValidate checks a valid objection to one channel, as a decision
// does for each objection on the record.
func BenchmarkValidate(b *testing.B) {
	objs, _, _ := benchInput()
	o := objs[1]
	if err := o.Validate(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		errSink = o.Validate()
	}
}
