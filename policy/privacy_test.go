package policy_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
)

// TestRecordMasksIDsInAnyGrouping: a patient id that is an NHS or phone
// number written with other separators prints masked.
func TestRecordMasksIDsInAnyGrouping(t *testing.T) {
	r := policy.Record{PatientID: "p1", Contacts: []channel.Contact{{Kind: channel.SMS, Address: "07700 900456"}}}
	for _, id := range []string{"943_476_5919", "9434-76-5919", "943:476:5919", "(07700)900456", "07700--900456"} {
		r.PatientID = id
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			if s := fmt.Sprintf(verb, r); strings.Contains(s, id) {
				t.Errorf("Record with PatientID %q: %s prints it unmasked: %s", id, verb, s)
			}
		}
	}
}
