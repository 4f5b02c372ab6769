package policy

import "testing"

// TestNotSentEntry: an outcome recorded for a delivery claimed but not sent
// is known by its detail, as this version writes it and as earlier ones
// did, so that it uses up no retry; a provider's receipt id or a real
// transport error is not taken for one.
func TestNotSentEntry(t *testing.T) {
	for detail, want := range map[string]bool{
		notSentDetail: true,
		"transport error by sms: not sent: the dispatch was cancelled first":   true,
		"transport error by email: not sent: the dispatch was cancelled first": true,
		"transport error by sms: connection refused":                           false,
		"not sent: the dispatch was cancelled first":                           false,
		"receipt-0001": false,
		"":             false,
	} {
		if got := notSentEntry(detail); got != want {
			t.Errorf("notSentEntry(%q) = %v, want %v", detail, got, want)
		}
	}
}
