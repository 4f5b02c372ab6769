package audit_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/audit/audittest"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/vocab"
	"github.com/google/go-cmp/cmp"
)

// attempt returns a valid attempt entry to the patient.
func attempt() audit.Entry { return audittest.Entries()[1] }

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		g     string // guidance checked
		base  audit.Entry
		edit  func(*audit.Entry)
		field string // "" for a valid entry
	}{
		{"valid attempt", "G26", attempt(), func(*audit.Entry) {}, ""},
		{"valid decision without recipient", "G28", audittest.Entries()[0], func(*audit.Entry) {}, ""},
		{"valid override", "G14", audittest.Entries()[3], func(*audit.Entry) {}, ""},
		{"summary body", "G26", attempt(), func(e *audit.Entry) { e.Body, e.Summary = "Appointment reminder", true }, ""},
		{"no kind", "G29", attempt(), func(e *audit.Entry) { e.Kind = 0 }, "kind"},
		{"unknown kind", "G29", attempt(), func(e *audit.Entry) { e.Kind = 9 }, "kind"},
		{"no time", "G29", attempt(), func(e *audit.Entry) { e.Time = time.Time{} }, "time"},
		{"year 10000", "G29", attempt(), func(e *audit.Entry) { e.Time = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }, "time"},
		{"no patient", "G27", attempt(), func(e *audit.Entry) { e.Patient = "" }, "patient"},
		{"no staff", "G28", attempt(), func(e *audit.Entry) { e.Staff = "" }, "staff"},
		{"no staff on a decision", "G28", audittest.Entries()[0], func(e *audit.Entry) { e.Staff = "" }, "staff"},
		{"no message id", "G26", attempt(), func(e *audit.Entry) { e.MessageID = "" }, "message_id"},
		{"attempt without recipient", "G26", attempt(), func(e *audit.Entry) { e.Recipient = "" }, "recipient"},
		{"attempt without role", "G26", attempt(), func(e *audit.Entry) { e.RecipientRole = 0 }, "recipient_role"},
		{"unknown role", "G26", attempt(), func(e *audit.Entry) { e.RecipientRole = 7 }, "recipient_role"},
		{"attempt without channel", "G26", attempt(), func(e *audit.Entry) { e.Channel = 0 }, "channel"},
		{"attempt without body", "G26", attempt(), func(e *audit.Entry) { e.Body = "" }, "body"},
		{"decision without outcome", "G26", audittest.Entries()[0], func(e *audit.Entry) { e.Outcome = audit.Outcome{} }, "outcome"},
		{"decision role without recipient", "G26", audittest.Entries()[0], func(e *audit.Entry) { e.RecipientRole = audit.ToProxy }, "recipient"},
		{"decision recipient without role", "G26", audittest.Entries()[0], func(e *audit.Entry) { e.Recipient = "proxy-1" }, "recipient_role"},
		{"outcome without outcome", "G31", audittest.Entries()[2], func(e *audit.Entry) { e.Outcome = audit.Outcome{} }, "outcome"},
		{"override without ground", "G14", attempt(), func(e *audit.Entry) { e.Override = &audit.Override{DecidedBy: "staff-1"} }, "override.ground"},
		{"override without decider", "G28", attempt(), func(e *audit.Entry) { e.Override = &audit.Override{Ground: "g14.2"} }, "override.decided_by"},
		{"empty rule id", "G29", audittest.Entries()[0], func(e *audit.Entry) { e.Rules = []string{"scope", ""} }, "rules[1]"},
		{"invalid UTF-8 body", "G26", attempt(), func(e *audit.Entry) { e.Body = "caf\xe9" }, "body"},
		{"invalid UTF-8 rule", "G29", audittest.Entries()[0], func(e *audit.Entry) { e.Rules = []string{"\xff"} }, "rules[0]"},
		{"outcome answering claim 2", "G31", audittest.Entries()[2], func(e *audit.Entry) { e.Answers = 2 }, ""},
		{"attempt answering a claim", "G31", attempt(), func(e *audit.Entry) { e.Answers = 1 }, "answers"},
		{"outcome answering claim -1", "G31", audittest.Entries()[2], func(e *audit.Entry) { e.Answers = -1 }, "answers"},
		{"invalid UTF-8 justification", "G29", audittest.Entries()[3], func(e *audit.Entry) { e.Override.Justification = "\xc3" }, "override.justification"},
	}
	for _, tt := range tests {
		e := tt.base
		tt.edit(&e)
		err := e.Validate()
		var fe *audit.FieldError
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("Validate(%s) [%s] = %v, want nil", tt.name, tt.g, err)
		case tt.field != "" && (!errors.As(err, &fe) || fe.Path != tt.field || !errors.Is(err, audit.ErrInvalid)):
			t.Errorf("Validate(%s) [%s] = %v, want a *FieldError for %s wrapping ErrInvalid", tt.name, tt.g, err, tt.field)
		case err != nil && !strings.HasPrefix(err.Error(), "audit: "):
			t.Errorf("Validate(%s) error %q does not start with the package name", tt.name, err)
		case err != nil && strings.Contains(err.Error(), e.Body) && e.Body != "":
			t.Errorf("Validate(%s) error %q contains the body", tt.name, err)
		}
	}
}

// TestComputeHashVector pins the canonical encoding: the expected bytes are
// written out by hand, so another implementation can check itself against
// this vector.
func TestComputeHashVector(t *testing.T) {
	e := audit.Entry{
		Seq:           2,
		Time:          time.Date(2025, 3, 1, 10, 30, 0, 5, time.FixedZone("BST", 3600)),
		Kind:          audit.KindAttempt,
		Patient:       "9990000018",
		Recipient:     "proxy-7",
		RecipientRole: audit.ToProxy,
		Staff:         "staff-101",
		MessageID:     "msg-1",
		Channel:       channel.SMS,
		Address:       "07700 900123",
		Body:          "Héllo, 1:2",
		Summary:       true,
		Rules:         []string{"a", "bc"},
		Override:      &audit.Override{Ground: "g14.1", DecidedBy: "staff-9"},
		Detail:        "",
		Prev:          "ab",
	}
	canonical := "18:carecomms.audit.v1," +
		"1:2," +
		"30:2025-03-01T09:30:00.000000005Z," +
		"7:attempt," +
		"10:9990000018," + "7:proxy-7," + "5:proxy," +
		"9:staff-101," + "5:msg-1," + "3:sms," + "12:07700 900123," +
		"11:Héllo, 1:2," + // é is two bytes
		"1:1," + "0:," +
		"1:2," + "1:a," + "2:bc," +
		"1:1," + "5:g14.1," + "7:staff-9," + "0:," + "0:," +
		"0:," +
		"2:ab,"
	sum := sha256.Sum256([]byte(canonical))
	if got, want := e.ComputeHash(), hex.EncodeToString(sum[:]); got != want {
		t.Errorf("ComputeHash() = %s, want %s", got, want)
	}
	// The same vector, computed independently of Go.
	const pinned = "30eb2cdb1529515f16a36987864543eab89cf95f862cdfad193d167d764ce979"
	if got := e.ComputeHash(); got != pinned {
		t.Errorf("ComputeHash() = %s, want the pinned vector %s", got, pinned)
	}
}

// TestComputeHashVectorAnswers pins the encoding of an outcome that names
// the claim it answers: the v1 encoding under the tag carecomms.audit.v2,
// then Answers in decimal. An entry that names none is encoded as v1.
func TestComputeHashVectorAnswers(t *testing.T) {
	e := audit.Entry{
		Seq:           3,
		Time:          time.Date(2025, 3, 1, 10, 30, 0, 0, time.UTC),
		Kind:          audit.KindOutcome,
		Patient:       "9990000018",
		Recipient:     "9990000018",
		RecipientRole: audit.ToPatient,
		Staff:         "staff-101",
		MessageID:     "msg-1",
		Channel:       channel.Email,
		Address:       "pat@example.org",
		Outcome:       audit.DeliveryResult(channel.ResultTemporaryFailure),
		Detail:        "ref-1",
		Prev:          "ab",
		Answers:       12,
	}
	body := "1:3," +
		"30:2025-03-01T10:30:00.000000000Z," +
		"7:outcome," +
		"10:9990000018," + "10:9990000018," + "7:patient," +
		"9:staff-101," + "5:msg-1," + "5:email," + "15:pat@example.org," +
		"0:," +
		"1:0," + "17:temporary_failure," +
		"1:0," +
		"1:0," +
		"5:ref-1," +
		"2:ab,"
	for _, tt := range []struct {
		answers   int
		canonical string
	}{
		{12, "18:carecomms.audit.v2," + body + "2:12,"},
		{0, "18:carecomms.audit.v1," + body},
	} {
		e.Answers = tt.answers
		sum := sha256.Sum256([]byte(tt.canonical))
		if got, want := e.ComputeHash(), hex.EncodeToString(sum[:]); got != want {
			t.Errorf("Answers %d: ComputeHash() = %s, want %s", tt.answers, got, want)
		}
	}
}

// TestComputeHashCoversEveryField changes each field in turn: the hash must
// change, so no field can be altered unnoticed (G29).
func TestComputeHashCoversEveryField(t *testing.T) {
	base := audittest.Entries()[3]
	base.Recipient, base.RecipientRole, base.Channel, base.Address, base.Body = "proxy-1", audit.ToProxy, channel.SMS, "x", "y"
	base.Seq, base.Prev = 4, "prev"
	edits := map[string]func(*audit.Entry){
		"seq":            func(e *audit.Entry) { e.Seq++ },
		"time":           func(e *audit.Entry) { e.Time = e.Time.Add(time.Nanosecond) },
		"kind":           func(e *audit.Entry) { e.Kind = audit.KindOutcome },
		"patient":        func(e *audit.Entry) { e.Patient += "1" },
		"recipient":      func(e *audit.Entry) { e.Recipient += "1" },
		"recipient_role": func(e *audit.Entry) { e.RecipientRole = audit.ToPatient },
		"no role":        func(e *audit.Entry) { e.RecipientRole = 0 },
		"staff":          func(e *audit.Entry) { e.Staff += "1" },
		"message_id":     func(e *audit.Entry) { e.MessageID += "1" },
		"channel":        func(e *audit.Entry) { e.Channel = channel.Email },
		"address":        func(e *audit.Entry) { e.Address += "1" },
		"body":           func(e *audit.Entry) { e.Body += "1" },
		"summary":        func(e *audit.Entry) { e.Summary = !e.Summary },
		"outcome":        func(e *audit.Entry) { e.Outcome = audit.DecisionOutcome(vocab.Hold) },
		"rules":          func(e *audit.Entry) { e.Rules = append(e.Rules, "x") },
		"rules split":    func(e *audit.Entry) { e.Rules = []string{e.Rules[0] + e.Rules[1]} },
		"override":       func(e *audit.Entry) { e.Override = nil },
		"ground":         func(e *audit.Entry) { e.Override.Ground += "1" },
		"decided_by":     func(e *audit.Entry) { e.Override.DecidedBy += "1" },
		"override role":  func(e *audit.Entry) { e.Override.Role += "1" },
		"justification":  func(e *audit.Entry) { e.Override.Justification += "1" },
		"detail":         func(e *audit.Entry) { e.Detail += "1" },
		"prev":           func(e *audit.Entry) { e.Prev += "1" },
		"answers":        func(e *audit.Entry) { e.Answers = 1 },
		"field boundary": func(e *audit.Entry) { e.Staff, e.MessageID = e.Staff+e.MessageID[:1], e.MessageID[1:] },
	}
	want := base.ComputeHash()
	for name, edit := range edits {
		e := base
		o := *base.Override
		e.Override = &o
		e.Rules = append([]string(nil), base.Rules...)
		edit(&e)
		if e.ComputeHash() == want {
			t.Errorf("ComputeHash() unchanged after changing %s", name)
		}
	}
	// The hash is the same in any time zone and is blind to Hash itself.
	e := base
	e.Time = e.Time.In(time.FixedZone("X", -5*3600))
	e.Hash = "anything"
	if got := e.ComputeHash(); got != want {
		t.Errorf("ComputeHash() after changing the zone and Hash = %s, want %s", got, want)
	}
}

func TestEntryStringHidesBodyAndAddress(t *testing.T) {
	e := attempt()
	e.Override = &audit.Override{Ground: "g14.1", DecidedBy: "staff-2"}
	s := e.String()
	for _, secret := range []string{e.Body, e.Address, "900123", "appointment"} {
		if strings.Contains(s, secret) {
			t.Errorf("String() = %q, contains %q", s, secret)
		}
	}
	for _, want := range []string{"attempt", "msg-1", "staff-101", "sms", "*** ***123", "bytes"} {
		if !strings.Contains(s, want) {
			t.Errorf("String() = %q, want it to contain %q", s, want)
		}
	}
}

func TestEntryJSON(t *testing.T) {
	var s audit.MemStore
	for _, in := range audittest.Entries() {
		e, err := s.Append(t.Context(), in)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("Marshal(%v) error = %v", e, err)
		}
		var got audit.Entry
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("Unmarshal(%s) error = %v", b, err)
		}
		if d := cmp.Diff(e, got); d != "" {
			t.Errorf("JSON round trip (-want +got):\n%s", d)
		}
		if got.ComputeHash() != e.Hash {
			t.Errorf("hash after JSON round trip = %s, want %s", got.ComputeHash(), e.Hash)
		}
	}
	e := attempt()
	e.Seq, e.Hash = 1, "h"
	b, _ := json.Marshal(e)
	const want = `{"seq":1,"time":"2025-03-01T09:31:00.123456789Z","kind":"attempt","patient":"9990000018","recipient":"9990000018","recipient_role":"patient","staff":"staff-101","message_id":"msg-1","channel":"sms","address":"07700 900123","body":"Your appointment is on 3 March at 10:00. Reply C to cancel.","hash":"h"}`
	if string(b) != want {
		t.Errorf("Marshal() = %s\nwant %s", b, want)
	}
}

func TestEnumText(t *testing.T) {
	type textEnum interface {
		MarshalText() ([]byte, error)
		String() string
	}
	tests := []struct {
		name  string
		v     textEnum
		text  string
		parse func([]byte) (textEnum, error)
	}{
		{"kind decision", audit.KindDecision, "decision", func(b []byte) (textEnum, error) { var k audit.Kind; err := k.UnmarshalText(b); return k, err }},
		{"kind outcome", audit.KindOutcome, "outcome", func(b []byte) (textEnum, error) { var k audit.Kind; err := k.UnmarshalText(b); return k, err }},
		{"role proxy", audit.ToProxy, "proxy", func(b []byte) (textEnum, error) { var r audit.RecipientRole; err := r.UnmarshalText(b); return r, err }},
		{"problem truncated", audit.ProblemTruncated, "truncated", func(b []byte) (textEnum, error) { var p audit.Problem; err := p.UnmarshalText(b); return p, err }},
		{"format text", audit.FormatText, "text", func(b []byte) (textEnum, error) { var f audit.Format; err := f.UnmarshalText(b); return f, err }},
	}
	for _, tt := range tests {
		b, err := tt.v.MarshalText()
		if string(b) != tt.text || err != nil || tt.v.String() != tt.text {
			t.Errorf("MarshalText(%s) = %q, %v, want %q", tt.name, b, err, tt.text)
		}
		got, err := tt.parse([]byte(tt.text))
		if got != tt.v || err != nil {
			t.Errorf("UnmarshalText(%q) = %v, %v, want %v", tt.text, got, err, tt.v)
		}
		for _, bad := range []string{"", "Decision", "unknown", strings.ToUpper(tt.text)} {
			if _, err := tt.parse([]byte(bad)); err == nil {
				t.Errorf("UnmarshalText(%q) for %s = nil error, want an error", bad, tt.name)
			}
		}
	}
	for _, zero := range []textEnum{audit.Kind(0), audit.RecipientRole(0), audit.Problem(0), audit.Format(0), audit.Kind(9)} {
		if _, err := zero.MarshalText(); err == nil {
			t.Errorf("MarshalText(%v) = nil error, want an error for an invalid value", zero)
		}
	}
}

// TestHashTimeLayout checks the time in the canonical encoding against
// the standard library's formatting, across zones and years.
func TestHashTimeLayout(t *testing.T) {
	times := []time.Time{
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(2025, 3, 30, 1, 30, 0, 1, time.FixedZone("X", 5*3600+1800)),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	for _, tm := range times {
		e := audit.Entry{Time: tm}
		want := audit.Entry{Time: tm.UTC()}
		// Compare against an encoding built with time.Format.
		ref := tm.UTC().Format("2006-01-02T15:04:05.000000000Z")
		got := e.ComputeHash()
		if got != want.ComputeHash() {
			t.Errorf("ComputeHash() depends on the zone for %v", tm)
		}
		canon := "18:carecomms.audit.v1,1:0," + strconv.Itoa(len(ref)) + ":" + ref + ",7:kind(0),0:,0:,0:,0:,0:,0:,0:,0:,1:0,0:,1:0,1:0,0:,0:,"
		sum := sha256.Sum256([]byte(canon))
		if hex.EncodeToString(sum[:]) != got {
			t.Errorf("ComputeHash() for %v does not encode the time as %s", tm, ref)
		}
	}
}
