package channel_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/carecomms/carecomms/channel"
)

// The whole flow: check a contact from the record, size the text, hand it
// to the host's transport and read the outcome under the Transport
// contract.
func Example() {
	contact := channel.Contact{Kind: channel.SMS, Address: "07700 900123"}
	if err := contact.Usable(channel.AddressRules{}); err != nil {
		fmt.Println(err)
		return
	}
	address, _ := channel.NormalizeAddress(contact.Kind, contact.Address, channel.AddressRules{})

	body := "Your appointment at Leeds GP is on Monday at 10:00. Call 0113 496 0000 to change it."
	info := channel.CountSMS(body)
	fmt.Println(info.Encoding, info.Units, "units,", info.Segments, "segment")

	// The host's transport; here a stand-in that accepts everything.
	var transport channel.Transport = channel.TransportFunc(func(_ context.Context, e channel.Envelope) (channel.Receipt, error) {
		return channel.Receipt{ID: "provider-1", Kind: e.Kind, Result: channel.ResultAccepted}, nil
	})
	env := channel.Envelope{MessageID: "msg-1", Recipient: "patient-1", Kind: channel.SMS, Address: address, Body: body, SenderID: "LeedsGP"}
	fmt.Println(env)
	receipt, err := transport.Send(context.Background(), env)
	fmt.Println(channel.ResultOf(receipt, err))
	// Output:
	// gsm7 84 units, 1 segment
	// message "msg-1" to "patient-1" by sms +44*******123 (body 84 bytes) from "LeedsGP"
	// accepted
}

func ExampleNormalizeAddress() {
	for _, c := range []struct {
		kind    channel.Kind
		address string
	}{
		{channel.SMS, "+44 (0)7700 900123"},
		{channel.Email, "Jo.Bloggs@Bücher.Example"},
		{channel.NHSApp, "943 476 5919"},
		{channel.Letter, "1 High Street, Leeds, ls1 4ap"},
	} {
		out, err := channel.NormalizeAddress(c.kind, c.address, channel.AddressRules{})
		fmt.Printf("%s: %q %v\n", c.kind, out, err)
	}
	// Output:
	// sms: "+447700900123" <nil>
	// email: "Jo.Bloggs@xn--bcher-kva.example" <nil>
	// nhs_app: "9434765919" <nil>
	// letter: "1 High Street, Leeds, LS1 4AP" <nil>
}

// A landline cannot receive texts: the error says why and hides the number.
func ExampleNormalizeAddress_notMobile() {
	_, err := channel.NormalizeAddress(channel.SMS, "0113 496 0123", channel.AddressRules{})
	fmt.Println(err)
	fmt.Println(errors.Is(err, channel.ErrNotMobile))
	// Output:
	// channel: sms address +44*******123 is a landline number (01 or 02), not a mobile: record the person's mobile number (07…)
	// true
}

// International numbers are refused unless the rules allow them.
func ExampleNormalizeAddress_international() {
	_, err := channel.NormalizeAddress(channel.SMS, "+33 6 12 34 56 78", channel.AddressRules{})
	fmt.Println(errors.Is(err, channel.ErrInternational))
	out, _ := channel.NormalizeAddress(channel.SMS, "+33 6 12 34 56 78", channel.AddressRules{AllowInternational: true})
	fmt.Println(out)
	// Output:
	// true
	// +33612345678
}

func ExampleCountSMS() {
	info := channel.CountSMS("Your test results are ready. Log in to the NHS App to see them.")
	fmt.Println(info.Encoding, info.Units, info.Segments)

	// The euro sign is in the extension table: it takes two septets.
	info = channel.CountSMS("A missed appointment costs the NHS €30.")
	fmt.Println(info.Encoding, info.Units, info.Segments)
	// Output:
	// gsm7 63 1
	// gsm7 40 1
}

// A typographic apostrophe forces UCS-2; CountSMS suggests the plain one
// and SuggestGSM applies it.
func ExampleCountSMS_replacements() {
	body := "We’ve moved your appointment to 9:30."
	info := channel.CountSMS(body)
	fmt.Println(info.Encoding, info.Units, info.Segments)
	for _, r := range info.Replacements {
		fmt.Printf("bytes %d-%d: %q -> %q\n", r.Start, r.End, r.Char, r.With)
	}
	fixed := channel.SuggestGSM(body)
	fmt.Println(fixed, channel.CountSMS(fixed).Encoding)
	// Output:
	// ucs2 37 1
	// bytes 2-5: "’" -> "'"
	// We've moved your appointment to 9:30. gsm7
}

func ExampleValidateSenderID() {
	for _, id := range []string{"LeedsGP", "NHSPay", "Leeds GP Surgery"} {
		fmt.Println(channel.ValidateSenderID(id))
	}
	// Output:
	// <nil>
	// channel: invalid sender id: "NHSPay" contains "pay", a word scammers use in sender ids: choose one without it (P5)
	// channel: invalid sender id: "Leeds GP Surgery" has 16 characters: use at most 11 letters and digits (P5)
}

func ExampleMask() {
	fmt.Println(channel.Mask(channel.SMS, "07700 900123"))
	fmt.Println(channel.Mask(channel.Email, "jane@example.org"))
	fmt.Println(channel.Mask(channel.NHSApp, "943 476 5919"))
	fmt.Println(channel.Mask(channel.Letter, "1 High Street\nLeeds\nLS1 4AP"))
	// Output:
	// +44*******123
	// j***@*******.org
	// *******919
	// ***, LS1 ***
}

// A contact whose last email bounced is not used until it is confirmed.
func ExampleContact_Usable() {
	c := channel.Contact{
		Kind:     channel.Email,
		Address:  "jane@example.org",
		Verified: time.Date(2024, 1, 10, 0, 0, 0, 0, time.UTC),
		Status:   channel.StatusBounced,
	}
	err := c.Usable(channel.AddressRules{})
	fmt.Println(err)
	fmt.Println(errors.Is(err, channel.ErrContactFailed))
	// Output:
	// channel: contact detail failed: email j***@*******.org bounced: confirm a current address with the person before using this channel again (G31)
	// true
}

// A transport reports a permanent failure by wrapping ErrPermanent; any
// other error leaves the message in doubt.
func ExampleResultOf() {
	bounced := fmt.Errorf("relay: 550 no such user: %w", channel.ErrPermanent)
	fmt.Println(channel.ResultOf(channel.Receipt{Result: channel.ResultBounced}, bounced))
	fmt.Println(channel.ResultOf(channel.Receipt{}, context.DeadlineExceeded))
	// Output:
	// bounced
	// unknown
}
