package policy_test

import (
	"testing"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
)

// BenchmarkDecideBodies measures a decision with a body for each channel
// beside the same decision with one body: a full NHS App message with a
// short text-message prompt as its fallback.
func BenchmarkDecideBodies(b *testing.B) {
	one := func() (policy.Message, policy.Record) {
		m, r := msg(), withApp(rec())
		r.Contacts = r.Contacts[:2]
		m.Body = "Riverside Surgery: your appointment is on Thursday 26 November at 09:40 with the practice nurse. To cancel or rebook, call us on 0115 496 0000."
		return m, r
	}
	two := func() (policy.Message, policy.Record) {
		m, r := one()
		m.Bodies = []policy.Body{{Channel: channel.SMS, Text: "You have a new message from Riverside Surgery in the NHS App. Log in to read it."}}
		return m, r
	}
	for _, bc := range []struct {
		name string
		f    func() (policy.Message, policy.Record)
	}{{"one_body", one}, {"app_and_sms_prompt", two}} {
		b.Run(bc.name, func(b *testing.B) {
			m, r := bc.f()
			if d := policy.Decide(m, r); d.Outcome != policy.Send || len(d.Deliveries[0].Fallbacks) == 0 {
				b.Fatalf("outcome %v, want send with a fallback\n%s", d.Outcome, explain(d))
			}
			b.ReportAllocs()
			for b.Loop() {
				policy.Decide(m, r)
			}
		})
	}
}
