package bench

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cedar-policy/cedar-go"

	"github.com/carecomms/carecomms/policy"
)

// TestBaseFacts checks that the facts the peers are measured on are those
// of the carecomms input.
func TestBaseFacts(t *testing.T) {
	m, r, err := carecommsCase(baseFacts())
	if err != nil {
		t.Fatal(err)
	}
	wm, wr := overrideCase()
	if !reflect.DeepEqual(m, wm) || !reflect.DeepEqual(r, wr) {
		t.Fatalf("carecommsCase(baseFacts()) differs from overrideCase()")
	}
}

// TestEnginesAgree checks that the three engines decide a small table of
// inputs alike, so that the benchmark compares equivalent rules. For
// carecomms, allow means the decision's outcome is Send.
func TestEnginesAgree(t *testing.T) {
	ps, err := cedarPolicySet()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		edit  func(*facts)
		allow bool
	}{
		{"objection overridden by the Caldicott Guardian", func(*facts) {}, true},
		{"no objection", func(f *facts) { f.objectTo, f.override = "", false }, true},
		{"no objection, override claimed anyway", func(f *facts) { f.objectTo = "" }, true},
		{"objection to another channel", func(f *facts) { f.objectTo, f.override = "email", false }, true},
		{"objection without override", func(f *facts) { f.override = false }, false},
		{"override decided by the sender", func(f *facts) { f.role = "sender" }, false},
		{"override decided by the DPO", func(f *facts) { f.role = "dpo" }, true},
		{"appointment 72 hours away", func(f *facts) { f.until = 72 * time.Hour }, false},
		{"appointment exactly 48 hours away", func(f *facts) { f.until = 48 * time.Hour }, true},
		{"appointment 48 hours and a second away", func(f *facts) { f.until = 48*time.Hour + time.Second }, false},
		{"appointment already past", func(f *facts) { f.until = -time.Hour }, false},
		{"a reminder, not a change", func(f *facts) { f.class = "appointment_reminder" }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := baseFacts()
			tc.edit(&f)

			m, r, err := carecommsCase(f)
			if err != nil {
				t.Fatal(err)
			}
			d := policy.Decide(m, r)
			if got := d.Outcome == policy.Send; got != tc.allow {
				var sb strings.Builder
				_ = d.Explain(&sb)
				t.Errorf("carecomms: outcome %v, want allow %v\n%s", d.Outcome, tc.allow, sb.String())
			}

			entities, req := cedarCase(f)
			dec, diag := cedar.Authorize(ps, entities, req)
			if len(diag.Errors) > 0 {
				t.Errorf("cedar: errors %+v", diag.Errors)
			}
			if got := dec == cedar.Allow; got != tc.allow {
				t.Errorf("cedar: decision %v, want allow %v", dec, tc.allow)
			}

			data, input := regoCase(f)
			pq, err := regoPrepare(ctx, data)
			if err != nil {
				t.Fatal(err)
			}
			got, err := regoAllow(ctx, pq, input)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.allow {
				t.Errorf("opa: allow %v, want %v", got, tc.allow)
			}
		})
	}
}
