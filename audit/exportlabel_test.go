package audit_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/vocab"
)

// TestExportBodyLabels: the subject access export calls a body "message
// as sent" only on an attempt; a decision's body is the draft it decided
// on, and a held or refused draft says it was not sent (G27, G29; issue
// 13).
func TestExportBodyLabels(t *testing.T) {
	at := time.Date(2025, 3, 1, 9, 30, 0, 0, time.UTC)
	decision := func(o vocab.Outcome, summary bool) audit.Entry {
		return audit.Entry{Time: at, Kind: audit.KindDecision, Patient: "9990000018", Staff: "staff-101", MessageID: "msg-1",
			Outcome: audit.DecisionOutcome(o), Body: "Your appointment is on 3 March at 10:00.", Summary: summary}
	}
	attempt := audit.Entry{Time: at, Kind: audit.KindAttempt, Patient: "9990000018", Recipient: "9990000018", RecipientRole: audit.ToPatient,
		Staff: "staff-101", MessageID: "msg-1", Channel: channel.SMS, Address: "07700 900123", Body: "Your appointment is on 3 March at 10:00."}
	for _, tc := range []struct {
		name  string
		refs  string
		entry audit.Entry
		want  string
	}{
		{"a refused draft", "G27 G29", decision(vocab.Refuse, false), "draft, not sent (refuse):"},
		{"a held draft", "G27 G29", decision(vocab.Hold, false), "draft, not sent (hold):"},
		{"a held draft's summary", "G27 G29", decision(vocab.Hold, true), "summary of the draft, not sent (hold):"},
		{"a draft decided send", "G27", decision(vocab.Send, false), "draft decided on:"},
		{"an attempt", "G26 G27", attempt, "message as sent:"},
	} {
		t.Run(tc.refs+" "+tc.name, func(t *testing.T) {
			var s audit.MemStore
			if _, err := s.Append(t.Context(), tc.entry); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := audit.Export(t.Context(), &s, "9990000018", &buf, audit.FormatText); err != nil {
				t.Fatal(err)
			}
			got := buf.String()
			if !strings.Contains(got, "    "+tc.want+"\n") {
				t.Errorf("Export(%s) lacks %q:\n%s", tc.name, tc.want, got)
			}
			if tc.entry.Kind != audit.KindAttempt && strings.Contains(got, "as sent") {
				t.Errorf("Export(%s) labels a draft as sent:\n%s", tc.name, got)
			}
		})
	}
}
