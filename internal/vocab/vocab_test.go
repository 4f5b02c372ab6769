package vocab

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRoleAliases checks that the names earlier versions wrote for the
// roles that decide still read, and encode in the one current spelling.
func TestRoleAliases(t *testing.T) {
	for in, want := range map[string]Role{"ig_team": IGLead, "sender": TheSender, "ig_lead": IGLead, "the_sender": TheSender, "nobody": Nobody} {
		var r Role
		if err := r.UnmarshalText([]byte(in)); err != nil || r != want {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", in, r, err, want)
		}
		b, _ := r.MarshalText()
		if string(b) != want.String() {
			t.Errorf("MarshalText(%v) = %q, want %q", r, b, want.String())
		}
	}
	r := CaldicottGuardian
	if err := r.UnmarshalText([]byte("the patient")); err == nil || r != CaldicottGuardian {
		t.Errorf("UnmarshalText(unknown) = %v, %v; want an error and the receiver unchanged", r, err)
	}
}

// TestStatusUse checks which statuses describe a record and which a proxy
// (P1, P8).
func TestStatusUse(t *testing.T) {
	var rec, prox []string
	for s := StatusUnset; s <= Restricted+1; s++ {
		if s.ForRecord() {
			rec = append(rec, s.String())
		}
		if s.ForProxy() {
			prox = append(prox, s.String())
		}
	}
	if diff := cmp.Diff([]string{"unset", "active", "deceased", "informally_deceased", "invalidated", "removed", "restricted"}, rec); diff != "" {
		t.Errorf("ForRecord (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"active", "deactivated"}, prox); diff != "" {
		t.Errorf("ForProxy (-want +got):\n%s", diff)
	}
	if _, err := StatusUnset.MarshalText(); err == nil {
		t.Errorf("MarshalText(unset) = nil error, want one: an unset status is omitted")
	}
}

// TestWorse checks that the more restrictive outcome wins, and that no
// outcome at all is the most restrictive.
func TestWorse(t *testing.T) {
	all := []Outcome{OutcomeNone, Send, Revise, Hold, Refuse}
	for _, a := range all {
		for _, b := range all {
			got := Worse(a, b)
			want := max(a, b)
			if a == OutcomeNone || b == OutcomeNone {
				want = OutcomeNone
			}
			if got != want || Worse(b, a) != got {
				t.Errorf("Worse(%v, %v) = %v, want %v either way round", a, b, got, want)
			}
		}
	}
}

// TestNest checks that a nested value's problems keep their own cause and
// gain the outer path and sentinel, with no repeated text.
func TestNest(t *testing.T) {
	inner := errors.New("proxy: invalid record")
	outer := errors.New("policy: invalid record")
	err := errors.Join(
		NewFieldError("proxy", inner, "status", "unset is not a status: set active or deactivated"),
		NewFieldError("proxy", inner, "contacts[1].address", "is empty: record the address or remove the contact"),
		NewFieldError("proxy", inner, "", "is missing: pass a proxy record"),
	)
	got := Nest("policy", outer, "proxies[2]", err)
	var paths, texts []string
	for _, e := range got {
		var fe *FieldError
		if !errors.As(e, &fe) || !errors.Is(e, inner) || !errors.Is(e, outer) {
			t.Errorf("Nest: %v is not a *FieldError wrapping both sentinels", e)
			continue
		}
		paths = append(paths, fe.Path)
		texts = append(texts, e.Error())
	}
	if diff := cmp.Diff([]string{"proxies[2].status", "proxies[2].contacts[1].address", "proxies[2]"}, paths); diff != "" {
		t.Errorf("Nest paths (-want +got):\n%s", diff)
	}
	for _, s := range texts {
		if !strings.HasPrefix(s, "policy: proxies[2]") || strings.Count(s, "proxy:") > 0 {
			t.Errorf("Nest text %q: want it to start with the outer package and path, without the inner package's prefix", s)
		}
	}
	if Nest("policy", outer, "x", nil) != nil {
		t.Errorf("Nest(nil) != nil")
	}
	plain := Nest("policy", outer, "sender_id", errors.New("channel: invalid sender id (P5)"))
	if len(plain) != 1 || strings.Count(plain[0].Error(), "(P5)") != 1 || !errors.Is(plain[0], outer) {
		t.Errorf("Nest(plain error) = %v, want one field error citing P5 once and wrapping the sentinel", plain)
	}
}
