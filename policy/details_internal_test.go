package policy

import (
	"testing"

	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/proxy"
)

// TestStepDetails checks that the step details New makes once are the
// texts a decision would otherwise build, for every value, and that a
// value outside the tables still gets its text.
func TestStepDetails(t *testing.T) {
	o, err := New(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	for g := objection.GroundNone; g <= objection.GroundOther+1; g++ {
		for r := Nobody; r <= TheSender+1; r++ {
			if got, want := o.overrideDetail(g, r), overrideDetailText(g, r); got != want {
				t.Errorf("overrideDetail(%v, %v) = %q, want %q", g, r, got, want)
			}
		}
	}
	for a := proxy.Authority(0); a <= proxy.Consent+1; a++ {
		for m := proxy.Mode(0); m <= proxy.Instead+1; m++ {
			if got, want := o.proxyDetail(a, m), proxyDetailText(a, m); got != want {
				t.Errorf("proxyDetail(%v, %v) = %q, want %q", a, m, got, want)
			}
		}
	}
	if got := o.overrideDetail(objection.GroundAppointmentChange48h, CaldicottGuardian); got != "objection overridden on the ground appointment_change_48h, decided by the caldicott_guardian named in the delivery's override" {
		t.Errorf("override detail = %q", got)
	}
}
