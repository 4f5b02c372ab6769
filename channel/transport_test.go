package channel

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

var _ Transport = TransportFunc(nil)

func TestEnvelopeStringHidesAddressAndBody(t *testing.T) {
	e := Envelope{
		MessageID: "m-1", Recipient: "patient-9", Kind: SMS, Address: "+447700900123",
		Body: "Your results are ready", SenderID: "NHSTrust",
		NotBefore: time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC),
	}
	got := e.String()
	want := `message "m-1" to "patient-9" by sms +44*******123 (body 22 bytes) from "NHSTrust" not before 2024-03-01T08:00:00Z`
	if got != want {
		t.Errorf("Envelope.String() = %q, want %q", got, want)
	}
	for _, secret := range []string{e.Address, "results", "7700900"} {
		if strings.Contains(got, secret) {
			t.Errorf("Envelope.String() = %q contains %q", got, secret)
		}
	}
}

func TestOutcomeOf(t *testing.T) {
	cases := []struct {
		name string
		r    Receipt
		err  error
		want Outcome
	}{
		{"delivered", Receipt{Outcome: OutcomeDelivered}, nil, OutcomeDelivered},
		{"accepted", Receipt{Outcome: OutcomeAccepted}, nil, OutcomeAccepted},
		{"bounced without error", Receipt{Outcome: OutcomeBounced}, nil, OutcomeBounced},
		{"permanent bounced", Receipt{Outcome: OutcomeBounced}, fmt.Errorf("relay: 550: %w", ErrPermanent), OutcomeBounced},
		{"permanent unspecified", Receipt{}, ErrPermanent, OutcomeNotRecognised},
		{"temporary", Receipt{}, fmt.Errorf("rate limited: %w", ErrTemporary), OutcomeTemporaryFailure},
		{"timeout is in doubt", Receipt{Outcome: OutcomeAccepted}, context.DeadlineExceeded, OutcomeUnknown},
		{"other error is in doubt", Receipt{}, errors.New("connection reset"), OutcomeUnknown},
	}
	for _, tc := range cases {
		if got := OutcomeOf(tc.r, tc.err); got != tc.want {
			t.Errorf("OutcomeOf(%s) = %v, want %v (G31)", tc.name, got, tc.want)
		}
	}
}

func TestTransportFunc(t *testing.T) {
	var got Envelope
	tr := TransportFunc(func(_ context.Context, e Envelope) (Receipt, error) {
		got = e
		return Receipt{ID: "x", Kind: e.Kind, Outcome: OutcomeAccepted}, nil
	})
	e := Envelope{MessageID: "m-1", Kind: Email, Address: "jane@example.org"}
	r, err := tr.Send(context.Background(), e)
	if err != nil || r.Outcome != OutcomeAccepted || got != e {
		t.Errorf("TransportFunc.Send() = %+v, %v; saw %+v", r, err, got)
	}
}
