package proxy

import (
	"encoding"
	"strings"
	"testing"
)

// textEnum is what every enum in the package implements.
type textEnum interface {
	encoding.TextMarshaler
	String() string
}

// enumCase lists an enum's defined values, the values that must not
// encode, and a fresh decoder.
type enumCase struct {
	typ     string
	defined []textEnum
	bad     []textEnum
	decode  func([]byte) (textEnum, error)
}

func enumCases() []enumCase {
	return []enumCase{
		{"authority",
			[]textEnum{ParentalResponsibility, LastingPowerOfAttorney, CourtAppointedDeputy, BestInterests, Consent},
			[]textEnum{Authority(0), Authority(6), Authority(255)},
			func(b []byte) (textEnum, error) { var v Authority; err := v.UnmarshalText(b); return v, err }},
		{"capacity",
			[]textEnum{CapacityUnknown, HasCapacity, LacksCapacity},
			[]textEnum{Capacity(3)},
			func(b []byte) (textEnum, error) { var v Capacity; err := v.UnmarshalText(b); return v, err }},
		{"deactivation_reason",
			[]textEnum{DeactivationUnset, PatientRequest, Safeguarding, OtherReason},
			[]textEnum{DeactivationReason(4)},
			func(b []byte) (textEnum, error) { var v DeactivationReason; err := v.UnmarshalText(b); return v, err }},
		{"mode",
			[]textEnum{Copy, Instead},
			[]textEnum{Mode(2)},
			func(b []byte) (textEnum, error) { var v Mode; err := v.UnmarshalText(b); return v, err }},
		{"reason",
			reasonsAsEnums(),
			[]textEnum{ReasonUnset, Reason(len(reasonNames))},
			func(b []byte) (textEnum, error) { var v Reason; err := v.UnmarshalText(b); return v, err }},
		{"route",
			[]textEnum{Direct, InsteadLacksCapacity, InsteadYoungChild},
			[]textEnum{Route(3)},
			func(b []byte) (textEnum, error) { var v Route; err := v.UnmarshalText(b); return v, err }},
	}
}

func reasonsAsEnums() []textEnum {
	var out []textEnum
	for _, r := range Reasons() {
		out = append(out, r)
	}
	return out
}

func TestEnumText(t *testing.T) {
	for _, ec := range enumCases() {
		seen := map[string]bool{}
		for _, v := range ec.defined {
			b, err := v.MarshalText()
			if err != nil {
				t.Errorf("%s %v: MarshalText error %v", ec.typ, v, err)
				continue
			}
			if string(b) != v.String() {
				t.Errorf("%s: MarshalText = %q, String = %q", ec.typ, b, v.String())
			}
			if seen[string(b)] {
				t.Errorf("%s: name %q used twice", ec.typ, b)
			}
			seen[string(b)] = true
			if !isSnake(string(b)) {
				t.Errorf("%s: name %q is not lower snake_case", ec.typ, b)
			}
			got, err := ec.decode(b)
			if err != nil || got != v {
				t.Errorf("%s: UnmarshalText(%q) = %v, %v; want %v", ec.typ, b, got, err, v)
			}
		}
		for _, v := range ec.bad {
			if b, err := v.MarshalText(); err == nil {
				t.Errorf("%s: MarshalText(%v) = %q, want an error", ec.typ, v, b)
			} else if !strings.HasPrefix(err.Error(), "proxy: ") {
				t.Errorf("%s: error %q does not start with the package name", ec.typ, err)
			}
		}
		for _, name := range []string{"", "Active", "ACTIVE", " consent", "consent ", "unknown_value", "copy\x00", strings.Repeat("x", 200)} {
			if seen[name] {
				continue
			}
			if got, err := ec.decode([]byte(name)); err == nil {
				t.Errorf("%s: UnmarshalText(%q) = %v, want an error", ec.typ, name, got)
			}
		}
	}
}

// TestEnumZeroNames checks that an enum whose zero value is invalid does
// not accept its zero name ("unset") as input.
func TestEnumZeroNames(t *testing.T) {
	for _, ec := range enumCases() {
		switch ec.typ {
		case "authority", "status", "reason", "check_by":
			if got, err := ec.decode([]byte("unset")); err == nil {
				t.Errorf("%s: UnmarshalText(unset) = %v, want an error", ec.typ, got)
			}
		}
	}
}

func TestReasonAuthority(t *testing.T) {
	for _, a := range Authorities() {
		r := Reason(a)
		if !r.Allows() || r.Authority() != a || r.String() != a.String() {
			t.Errorf("Reason(%v) = %v (allows %v, authority %v), want the same name and authority", a, r, r.Allows(), r.Authority())
		}
	}
	for _, r := range Reasons() {
		if r.Allows() != (r.Authority() != 0) {
			t.Errorf("Reason %v: Allows %v but Authority %v", r, r.Allows(), r.Authority())
		}
	}
	if n := len(Reasons()); n != len(reasonNames)-1 {
		t.Errorf("Reasons() has %d, want %d", n, len(reasonNames)-1)
	}
}

func TestStringOutOfRange(t *testing.T) {
	if got := Authority(99).String(); got != "authority(99)" {
		t.Errorf("Authority(99).String() = %q", got)
	}
	if got := Reason(200).String(); got != "reason(200)" {
		t.Errorf("Reason(200).String() = %q", got)
	}
}

func isSnake(s string) bool { return validCode(s) }
