package audit_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/vocab"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// genOutcome draws an outcome of either kind, or none.
func genOutcome() *rapid.Generator[audit.Outcome] {
	return rapid.OneOf(
		rapid.Just(audit.Outcome{}),
		rapid.Map(rapid.IntRange(0, 5), func(i int) audit.Outcome { return audit.DecisionOutcome(vocab.Outcome(i)) }),
		rapid.Map(rapid.IntRange(0, 7), func(i int) audit.Outcome { return audit.DeliveryResult(channel.Result(i)) }),
	)
}

// genEntry draws an entry of any kind with arbitrary text, sometimes
// invalid.
func genEntry() *rapid.Generator[audit.Entry] {
	return rapid.Custom(func(t *rapid.T) audit.Entry {
		text := rapid.OneOf(rapid.Just(""), rapid.String(), rapid.StringMatching(`[a-z0-9 .,:"\\\n<>&]{1,40}`))
		e := audit.Entry{
			Time:          time.Unix(rapid.Int64Range(-62135596800, 253402300799).Draw(t, "unix"), rapid.Int64Range(0, 999999999).Draw(t, "nanos")),
			Kind:          audit.Kind(rapid.IntRange(0, 3).Draw(t, "kind")),
			Patient:       rapid.SampledFrom([]string{"9990000018", "9990000026", "9990000034", ""}).Draw(t, "patient"),
			Recipient:     text.Draw(t, "recipient"),
			RecipientRole: audit.RecipientRole(rapid.IntRange(0, 2).Draw(t, "role")),
			Staff:         rapid.SampledFrom([]string{"staff-1", "staff-2", ""}).Draw(t, "staff"),
			MessageID:     text.Draw(t, "message_id"),
			Channel:       channel.Kind(rapid.IntRange(0, 6).Draw(t, "channel")),
			Address:       text.Draw(t, "address"),
			Body:          text.Draw(t, "body"),
			Summary:       rapid.Bool().Draw(t, "summary"),
			Outcome:       genOutcome().Draw(t, "outcome"),
			Rules:         rapid.SliceOfN(rapid.StringMatching(`[a-z.]{0,12}`), 0, 3).Draw(t, "rules"),
			Detail:        text.Draw(t, "detail"),
		}
		if rapid.Bool().Draw(t, "override") {
			e.Override = &audit.Override{Ground: text.Draw(t, "ground"), DecidedBy: text.Draw(t, "decided_by"), Role: text.Draw(t, "override_role")}
		}
		if rapid.IntRange(0, 3).Draw(t, "make valid") > 0 {
			// Mostly valid entries, so that most steps store one.
			fill := func(s *string, v string) {
				if *s == "" {
					*s = v
				}
			}
			if !e.Kind.Valid() {
				e.Kind = audit.KindAttempt
			}
			fill(&e.Patient, "9990000018")
			fill(&e.Staff, "staff-1")
			fill(&e.MessageID, "msg-1")
			switch e.Kind {
			case audit.KindDecision:
				e.Outcome = audit.DecisionOutcome(vocab.Send)
			case audit.KindAttempt:
				e.Outcome = audit.Outcome{}
			case audit.KindOutcome:
				e.Outcome = audit.DeliveryResult(channel.ResultDelivered)
			}
			if e.Kind != audit.KindDecision || e.Recipient != "" || e.RecipientRole != 0 {
				fill(&e.Recipient, "9990000018")
				if e.RecipientRole == 0 {
					e.RecipientRole = audit.ToPatient
				}
				if !e.Channel.Valid() {
					e.Channel = channel.SMS
				}
			}
			fill(&e.Body, "body")
			for i := range e.Rules {
				fill(&e.Rules[i], "rule")
			}
			if o := e.Override; o != nil {
				fill(&o.Ground, "g14.1")
				fill(&o.DecidedBy, "staff-2")
			}
		}
		return e
	})
}

// TestFileStoreMatchesMemStore runs random appends, valid and invalid,
// with reopenings, on a FileStore and on a MemStore: they must accept and
// refuse the same entries and hold the same chain (G29).
func TestFileStoreMatchesMemStore(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		dir := t.TempDir()
		fs, err := audit.OpenFileNoSync(dir)
		if err != nil {
			rt.Fatal(err)
		}
		defer func() { fs.Close() }()
		var ms audit.MemStore
		for i := range rapid.IntRange(1, 12).Draw(rt, "steps") {
			if rapid.IntRange(0, 5).Draw(rt, "reopen") == 0 {
				if err := fs.Close(); err != nil {
					rt.Fatal(err)
				}
				if fs, err = audit.OpenFileNoSync(dir); err != nil {
					rt.Fatalf("reopening: %v", err)
				}
			}
			e := genEntry().Draw(rt, "entry")
			want, werr := ms.Append(t.Context(), e)
			got, gerr := fs.Append(t.Context(), e)
			if (werr == nil) != (gerr == nil) || (werr != nil && !errors.Is(gerr, audit.ErrInvalid)) {
				rt.Fatalf("step %d: Append() error = %v, MemStore error = %v", i, gerr, werr)
			}
			if d := cmp.Diff(want, got); d != "" {
				rt.Fatalf("step %d: Append() (-MemStore +FileStore):\n%s", i, d)
			}
			if gerr == nil {
				b, _ := json.Marshal(got)
				var back audit.Entry
				if err := json.Unmarshal(b, &back); err != nil || back.ComputeHash() != got.Hash {
					rt.Fatalf("step %d: entry does not survive JSON: %v", i, err)
				}
			}
		}
		if d := cmp.Diff(collect(t, &ms), collect(t, fs), cmpopts.EquateEmpty()); d != "" {
			rt.Fatalf("All() (-MemStore +FileStore):\n%s", d)
		}
		for _, p := range []string{"9990000018", "9990000026"} {
			want, _ := ms.ByPatient(t.Context(), p)
			got, err := fs.ByPatient(t.Context(), p)
			if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" || err != nil {
				rt.Fatalf("ByPatient(%s) error %v (-MemStore +FileStore):\n%s", p, err, d)
			}
		}
		if err := audit.Verify(collect(t, fs)); err != nil {
			rt.Fatalf("Verify(All()) = %v", err)
		}
	})
}
