package channel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"
)

// Envelope is one message ready for a Transport to send to one recipient
// by one channel.
type Envelope struct {
	// MessageID identifies the message; with Recipient it identifies the
	// delivery, so a transport can refuse to send it twice.
	MessageID string `json:"message_id"`
	// Recipient is the host's id for the person receiving it: the patient
	// or a proxy.
	Recipient string `json:"recipient"`
	// Kind is the channel to send by.
	Kind Kind `json:"kind"`
	// Address is the canonical address for Kind (see NormalizeAddress).
	Address string `json:"address"`
	// Subject is an email's subject line, when the message has one.
	Subject string `json:"subject,omitempty"`
	// Body is the message text.
	Body string `json:"body"`
	// SenderID is the SMS sender id (see ValidateSenderID), if any.
	SenderID string `json:"sender_id,omitempty"`
	// NotBefore is the earliest time to send, for example the start of a
	// sending window (P2). Zero means now.
	NotBefore time.Time `json:"not_before,omitzero"`
}

// String describes the envelope for logs: the address masked, the
// identifiers masked as MaskID does, and the body left out (only its
// length in bytes is shown).
func (e Envelope) String() string {
	s := "message " + strconv.Quote(MaskID(e.MessageID)) + " to " + strconv.Quote(MaskID(e.Recipient)) +
		" by " + e.Kind.String() + " " + Mask(e.Kind, e.Address) +
		" (body " + strconv.Itoa(len(e.Body)) + " bytes)"
	if e.Subject != "" {
		s += " (subject " + strconv.Itoa(len(e.Subject)) + " bytes)"
	}
	if e.SenderID != "" {
		s += " from " + strconv.Quote(MaskID(e.SenderID))
	}
	if !e.NotBefore.IsZero() {
		s += " not before " + e.NotBefore.Format(time.RFC3339)
	}
	return s
}

// Format prints String for every verb, %#v included, so that no verb
// prints the body or the address.
func (e Envelope) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, e.String()) }

// LogValue gives log/slog what String prints, so that no handler prints
// the body or the address.
func (e Envelope) LogValue() slog.Value { return slog.StringValue(e.String()) }

// Receipt is what a Transport reports about one Send.
type Receipt struct {
	// ID is the provider's reference for the message, if it gave one.
	ID string `json:"id,omitempty"`
	// Kind is the channel used.
	Kind Kind `json:"kind"`
	// Result is the delivery result known when Send returned.
	Result Result `json:"outcome"`
	// At is when the outcome was known, by the transport's clock.
	At time.Time `json:"at,omitzero"`
}

// Errors a Transport wraps to say what happened to a message it could not
// send; see Transport.
var (
	// ErrPermanent means the message was not sent and never will be by this
	// address: the number or address was not recognised, or the email
	// bounced. The method failed (G31).
	ErrPermanent = errors.New("channel: delivery failed permanently")
	// ErrTemporary means the message was not sent and may safely be sent
	// again later.
	ErrTemporary = errors.New("channel: delivery failed for now")
)

// Transport sends messages. The host implements it over its messaging
// provider (NHS Notify, GOV.UK Notify, an email relay, a print service);
// carecomms never sends anything itself.
//
// The error contract, which callers rely on to decide whether to send
// again:
//
//   - A nil error means the provider answered: Receipt.Result says how
//     far the message got (ResultAccepted, ResultDelivered, ResultRead),
//     or that it failed permanently (ResultBounced, ResultNotRecognised)
//     or for now (ResultTemporaryFailure).
//   - An error wrapping ErrPermanent means the message was not sent and
//     the address failed; Receipt.Result is ResultBounced or
//     ResultNotRecognised.
//   - An error wrapping ErrTemporary means the message was not sent and
//     may be sent again later.
//   - Any other error, including the context's, means the outcome is
//     unknown: the message may or may not have gone. It is in doubt and
//     must be reconciled with the provider, not sent again blindly.
//
// Send must not send a message whose NotBefore is still in the future,
// and should honour ctx's cancellation. Implementations must be safe for
// concurrent use if the host calls them concurrently. ResultOf applies
// this contract.
type Transport interface {
	Send(ctx context.Context, e Envelope) (Receipt, error)
}

// TransportFunc adapts a function to a Transport.
type TransportFunc func(ctx context.Context, e Envelope) (Receipt, error)

// Send calls f(ctx, e).
func (f TransportFunc) Send(ctx context.Context, e Envelope) (Receipt, error) { return f(ctx, e) }

// ResultOf returns the outcome a Send's results mean under the Transport
// contract: r.Result when err is nil; the permanent result for
// ErrPermanent (ResultNotRecognised when the receipt does not say which);
// ResultTemporaryFailure for ErrTemporary; ResultUnknown, in doubt, for
// any other error.
func ResultOf(r Receipt, err error) Result {
	switch {
	case err == nil:
		return r.Result
	case errors.Is(err, ErrPermanent):
		if r.Result.Permanent() {
			return r.Result
		}
		return ResultNotRecognised
	case errors.Is(err, ErrTemporary):
		return ResultTemporaryFailure
	}
	return ResultUnknown
}
