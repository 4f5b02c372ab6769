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
		want Result
	}{
		{"delivered", Receipt{Result: ResultDelivered}, nil, ResultDelivered},
		{"accepted", Receipt{Result: ResultAccepted}, nil, ResultAccepted},
		{"bounced without error", Receipt{Result: ResultBounced}, nil, ResultBounced},
		{"permanent bounced", Receipt{Result: ResultBounced}, fmt.Errorf("relay: 550: %w", ErrPermanent), ResultBounced},
		{"permanent unspecified", Receipt{}, ErrPermanent, ResultNotRecognised},
		{"temporary", Receipt{}, fmt.Errorf("rate limited: %w", ErrTemporary), ResultTemporaryFailure},
		{"timeout is in doubt", Receipt{Result: ResultAccepted}, context.DeadlineExceeded, ResultUnknown},
		{"other error is in doubt", Receipt{}, errors.New("connection reset"), ResultUnknown},
	}
	for _, tc := range cases {
		if got := ResultOf(tc.r, tc.err); got != tc.want {
			t.Errorf("ResultOf(%s) = %v, want %v (G31)", tc.name, got, tc.want)
		}
	}
}

func TestTransportFunc(t *testing.T) {
	var got Envelope
	tr := TransportFunc(func(_ context.Context, e Envelope) (Receipt, error) {
		got = e
		return Receipt{ID: "x", Kind: e.Kind, Result: ResultAccepted}, nil
	})
	e := Envelope{MessageID: "m-1", Kind: Email, Address: "jane@example.org"}
	r, err := tr.Send(context.Background(), e)
	if err != nil || r.Result != ResultAccepted || got != e {
		t.Errorf("TransportFunc.Send() = %+v, %v; saw %+v", r, err, got)
	}
}
