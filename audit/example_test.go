package audit_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/vocab"
)

// A message's life in the log: the decision, the attempt to send it (with
// the body sent, G26), and the delivery outcome, each attributed to a
// member of staff (G28). The chain verifies, and the patient's record can
// be exported for a subject access request (G27).
func Example() {
	ctx := context.Background()
	var store audit.MemStore
	at := time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)
	entries := []audit.Entry{
		{Time: at, Kind: audit.KindDecision, Patient: "9990000018", Staff: "staff-101", MessageID: "msg-1",
			Outcome: audit.DecisionOutcome(vocab.Send), Rules: []string{"scope.care", "channel.order"}},
		{Time: at.Add(time.Second), Kind: audit.KindAttempt, Patient: "9990000018",
			Recipient: "9990000018", RecipientRole: audit.ToPatient, Staff: "staff-101", MessageID: "msg-1",
			Channel: channel.SMS, Address: "07700 900123", Body: "Your appointment is on 3 March at 10:00."},
		{Time: at.Add(time.Minute), Kind: audit.KindOutcome, Patient: "9990000018",
			Recipient: "9990000018", RecipientRole: audit.ToPatient, Staff: "staff-101", MessageID: "msg-1",
			Channel: channel.SMS, Outcome: audit.DeliveryResult(channel.ResultDelivered)},
	}
	for _, e := range entries {
		stored, err := store.Append(ctx, e)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("stored", stored.Seq, stored.Kind)
	}

	var all []audit.Entry
	for e, err := range store.All(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		all = append(all, e)
	}
	_, head, _ := store.Head(ctx)
	fmt.Println("verify:", audit.VerifyHead(all, head))

	if err := audit.Export(ctx, &store, "9990000018", os.Stdout, audit.FormatText); err != nil {
		log.Fatal(err)
	}
	// Output:
	// stored 1 decision
	// stored 2 attempt
	// stored 3 outcome
	// verify: <nil>
	// Messaging record for patient 9990000018
	// 3 entries, oldest first. Times are UTC.
	//
	// 2025-03-01 09:30:00  decision  (entry 1)
	//     message:   msg-1
	//     staff:     staff-101
	//     outcome:   send
	//     rules:     scope.care, channel.order
	//
	// 2025-03-01 09:30:01  attempt by sms to the patient  (entry 2)
	//     message:   msg-1
	//     address:   07700 900123
	//     staff:     staff-101
	//     message as sent:
	//         Your appointment is on 3 March at 10:00.
	//
	// 2025-03-01 09:31:00  outcome by sms to the patient  (entry 3)
	//     message:   msg-1
	//     staff:     staff-101
	//     outcome:   delivered
}

// A durable log in a directory. Appends are fsynced before they return;
// a torn last line left by a crash is set aside when the log is opened.
func ExampleOpenFile() {
	dir, err := os.MkdirTemp("", "audit-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	store, err := audit.OpenFile(dir)
	if err != nil {
		log.Fatal(err)
	}
	_, err = store.Append(context.Background(), audit.Entry{
		Time: time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC), Kind: audit.KindDecision,
		Patient: "9990000018", Staff: "staff-101", MessageID: "msg-1", Outcome: audit.DecisionOutcome(vocab.Hold),
		Detail: "sensitive service: check with the patient first",
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := store.Close(); err != nil {
		log.Fatal(err)
	}

	// Simulate a crash in the middle of the next append.
	f, _ := os.OpenFile(dir+"/"+audit.LogFile, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"seq":2,"time":"2025-03-01T09:3`)
	f.Close()

	store, err = audit.OpenFile(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	if r := store.Recovered(); r != nil {
		fmt.Printf("set aside %d bytes from line %d: %s\n", r.Length, r.Line, r.Reason)
	}
	seq, _, _ := store.Head(context.Background())
	fmt.Println("entries kept:", seq)
	// Output:
	// set aside 32 bytes from line 2: no newline at its end
	// entries kept: 1
}

// Verify names the first entry that does not belong.
func ExampleVerify() {
	var store audit.MemStore
	ctx := context.Background()
	at := time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)
	var chain []audit.Entry
	for i := range 3 {
		e, _ := store.Append(ctx, audit.Entry{Time: at, Kind: audit.KindDecision, Patient: "9990000018",
			Staff: "staff-101", MessageID: fmt.Sprint("msg-", i), Outcome: audit.DecisionOutcome(vocab.Send)})
		chain = append(chain, e)
	}
	chain[1].Staff = "someone-else" // tampered

	var ve *audit.VerifyError
	if err := audit.Verify(chain); errors.As(err, &ve) {
		fmt.Println(ve.Problem, "at index", ve.Index, "seq", ve.Seq)
	}
	// Output:
	// modified at index 1 seq 2
}
