package audit_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/channel"
)

// Two dispatchers claim the same delivery: the store lets one have it.
// The claim is numbered after the claims the dispatcher read, and is
// written in one step with the decision.
func ExampleOutbox() {
	var store audit.Outbox = new(audit.MemStore)
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	claim := audit.Entry{Time: at, Kind: audit.KindClaim, Patient: "9990000018", Recipient: "9990000018",
		RecipientRole: audit.ToPatient, Staff: "staff-42", MessageID: "msg-1", Channel: channel.SMS,
		Address: "07700 900123", Detail: audit.ClaimDetail(1)}
	attempt := claim
	attempt.Kind, attempt.Detail, attempt.Body = audit.KindAttempt, "", "Your appointment is on Thursday at 09:40."
	for _, who := range []string{"first", "second"} {
		_, err := store.Commit(context.Background(), audit.Batch{Entries: []audit.Entry{claim, attempt}})
		fmt.Println(who, "dispatcher:", err == nil, errors.Is(err, audit.ErrClaimed))
	}
	// Output:
	// first dispatcher: true false
	// second dispatcher: false true
}
