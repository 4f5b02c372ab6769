package objection

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/carecomms/carecomms/channel"
	"github.com/google/go-cmp/cmp"
)

// FuzzObjectionJSON decodes arbitrary JSON as an objection and an
// override: whatever decodes re-encodes to the same value, Check never
// panics, and no description shows the reason.
func FuzzObjectionJSON(f *testing.F) {
	f.Add(`{"scope":"channel","channel":"sms","reason":"SECRET","recorded_at":"2026-01-31T09:00:00Z","recorded_by":"staff-17"}`,
		`{"ground":"appointment_change_48h","decided_by":"cg-01","role":"caldicott_guardian"}`)
	f.Add(`{"scope":"service","service":"Screening","reason":"SECRET","serious_harm":true}`, `{"ground":"emergency"}`)
	f.Add(`{"scope":"electronic","channel":"letter"}`, `{"ground":"other","justification":"SECRET","role":"dpo","decided_by":"d"}`)
	f.Add(`{"scope":"care","reason":"SECRET \u00e9\u0000"}`, `{}`)
	f.Add(`{"scope":"nope"}`, `{"ground":"none"}`)
	f.Fuzz(func(t *testing.T, objText, ovText string) {
		var o Objection
		if err := json.Unmarshal([]byte(objText), &o); err != nil {
			return
		}
		var ov Override
		ovErr := json.Unmarshal([]byte(ovText), &ov)
		if b, err := json.Marshal(o); err == nil {
			var back Objection
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatalf("re-decoding %s: %v", b, err)
			}
			if diff := cmp.Diff(o, back); diff != "" && strings.ToValidUTF8(o.Reason, "\uFFFD") == o.Reason && strings.ToValidUTF8(o.Service, "\uFFFD") == o.Service && strings.ToValidUTF8(o.RecordedBy, "\uFFFD") == o.RecordedBy {
				t.Fatalf("JSON round trip (-want +got):\n%s", diff)
			}
		}
		facts := &Facts{At: t0, Class: channel.AppointmentChange, Service: "screening", AppointmentAt: t0.Add(3600e9)}
		for _, k := range channel.Kinds() {
			var p *Override
			if ovErr == nil {
				p = &ov
			}
			r := Check([]Objection{o}, facts, k, p)
			if !r.Verdict.Valid() {
				t.Fatalf("Check = %+v, invalid verdict", r)
			}
		}
		// Descriptions depend on whether a reason is recorded, never on its text.
		other := o
		other.Reason = ""
		if o.HasReason() {
			other.Reason = "x"
		}
		if o.String() != other.String() || fmt.Sprint(o.Validate()) != fmt.Sprint(other.Validate()) {
			t.Fatalf("String() or Validate() depends on the reason's text: %q", o.String())
		}
	})
}
