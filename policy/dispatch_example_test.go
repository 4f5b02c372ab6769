package policy_test

import (
	"context"
	"fmt"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
)

// A message sent in the evening waits for the morning's sending window
// (P2); Run, or RunDue from the host's own scheduler, sends it then,
// deciding again with the dispatcher's clock. A bounce that arrives later
// by the provider's callback starts the next channel.
func ExampleDispatcher_Run() {
	clock := time.Date(2026, 11, 24, 19, 0, 0, 0, time.UTC) // Tuesday evening
	now := func() time.Time { return clock }
	transport := channel.TransportFunc(func(_ context.Context, e channel.Envelope) (channel.Receipt, error) {
		fmt.Println("sending by", e.Kind)
		return channel.Receipt{ID: "ref-" + e.Kind.String(), Kind: e.Kind, Result: channel.ResultAccepted}, nil
	})
	store := new(audit.MemStore) // or audit.OpenFile, or sqlstore.Open on PostgreSQL
	d, err := policy.NewDispatcher(policy.Default(), transport, store, now)
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	verified := clock.AddDate(0, -1, 0)
	rep, err := d.Send(ctx, policy.Message{
		ID: "msg-1", At: clock, Purpose: policy.IndividualCare, Class: channel.AppointmentReminder,
		Body:  "Your appointment is on Thursday at 09:40. To cancel, call 0115 496 0000.",
		Staff: policy.Staff{ID: "staff-42"},
	}, policy.Record{PatientID: "9990000018", Contacts: []channel.Contact{
		{Kind: channel.Email, Address: "pat@example.org", Verified: verified},
		{Kind: channel.SMS, Address: "07700 900123", Verified: verified},
	}})
	if err != nil {
		panic(err)
	}
	fmt.Println("scheduled for", rep.Scheduled[0].At.Format("Mon 15:04"))

	clock = time.Date(2026, 11, 25, 8, 5, 0, 0, time.UTC) // the next morning
	if _, err := d.RunDue(ctx); err != nil {
		panic(err)
	}
	// Hours later the provider reports that the email bounced.
	clock = clock.Add(3 * time.Hour)
	late, err := d.RecordOutcome(ctx, channel.Receipt{ID: "ref-email"}, channel.ResultBounced)
	if err != nil {
		panic(err)
	}
	fmt.Println("after the bounce:", late.Sent[0].Channel, late.Sent[0].Receipt.Result)
	// Output:
	// scheduled for Wed 08:00
	// sending by email
	// sending by sms
	// after the bounce: sms accepted
}
