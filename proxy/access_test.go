package proxy_test

import (
	"errors"
	"testing"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/proxy"
)

func TestAccessCovers(t *testing.T) {
	for _, c := range []struct {
		name   string
		access []proxy.Access
		class  channel.Class
		want   bool
	}{
		{"unrestricted receives test results", nil, channel.TestResults, true},
		{"appointments only: no test results", []proxy.Access{proxy.Appointments}, channel.TestResultsReady, false},
		{"appointments only: reminders", []proxy.Access{proxy.Appointments}, channel.AppointmentReminder, true},
		{"appointments only: administration", []proxy.Access{proxy.Appointments}, channel.Administrative, true},
		{"appointments only: no welfare check", []proxy.Access{proxy.Appointments}, channel.WelfareCheck, false},
		{"prescriptions: medication alert", []proxy.Access{proxy.Prescriptions}, channel.MedicationAlert, true},
		{"test results: results", []proxy.Access{proxy.TestResults}, channel.TestResults, true},
		{"test results: no care information", []proxy.Access{proxy.TestResults}, channel.CareInformation, false},
		{"medical record: care information", []proxy.Access{proxy.MedicalRecord}, channel.CareInformation, true},
		{"two levels", []proxy.Access{proxy.Appointments, proxy.TestResults}, channel.TestResults, true},
		{"empty list allows nothing", []proxy.Access{}, channel.AppointmentReminder, false},
		{"unset class", []proxy.Access{proxy.MedicalRecord}, 0, false},
	} {
		p := proxy.Proxy{Access: c.access}
		if got := p.Allows(c.class); got != c.want {
			t.Errorf("Allows(%s) = %v, want %v (G19, P8)", c.name, got, c.want)
		}
	}
}

func TestAccessValidate(t *testing.T) {
	p := proxy.Proxy{ID: "p1", Authority: proxy.Consent, Status: proxy.Active, From: channel.Date{Year: 2025, Month: 1, Day: 1},
		Access: []proxy.Access{proxy.Appointments, proxy.Appointments, proxy.Access(99)}}
	err := p.Validate()
	var fe *proxy.FieldError
	if !errors.As(err, &fe) || fe.Path != "access[1]" {
		t.Fatalf("Validate() = %v, want a problem at access[1]", err)
	}
	var a proxy.Access
	if err := a.UnmarshalText([]byte("everything")); err == nil {
		t.Error("UnmarshalText(everything) = nil, want an error")
	}
}
