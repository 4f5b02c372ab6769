package channel

import (
	"encoding/json"
	"testing"
)

func TestSetJSON(t *testing.T) {
	s := SetOf(SMS, Email)
	b, err := json.Marshal(s)
	if err != nil || string(b) != `["email","sms"]` {
		t.Fatalf("Marshal(%v) = %s, %v; want [\"email\",\"sms\"]", s, b, err)
	}
	var got Set
	if err := json.Unmarshal(b, &got); err != nil || got != s {
		t.Fatalf("Unmarshal(%s) = %v, %v; want %v", b, got, err, s)
	}
	if err := json.Unmarshal([]byte(`["fax"]`), &got); err == nil {
		t.Fatalf("Unmarshal([\"fax\"]) succeeded, want an error")
	}
}

func TestSetOps(t *testing.T) {
	s := SetOf(SMS, Letter, 0, 99)
	if !s.Has(SMS) || !s.Has(Letter) || s.Has(Email) || s.Has(0) {
		t.Fatalf("SetOf(SMS, Letter) = %v", s)
	}
	if s.Remove(SMS).Has(SMS) || s.Remove(SMS).Empty() || !Set(0).Empty() {
		t.Fatalf("Remove/Empty wrong on %v", s)
	}
	if ElectronicKinds.Has(Letter) || !AllKinds.Has(Letter) || s.String() != "{sms,letter}" {
		t.Fatalf("constants or String wrong: %v %v %v", ElectronicKinds, AllKinds, s)
	}
}

// TestSetHasInvalid: no set, however its bits were set, has an invalid kind.
func TestSetHasInvalid(t *testing.T) {
	for s := range 256 {
		for k := range 256 {
			if want := Kind(k).Valid() && s&(1<<k) != 0; Set(s).Has(Kind(k)) != want {
				t.Fatalf("Set(%#x).Has(%d) = %v, want %v", s, k, !want, want)
			}
		}
	}
}
