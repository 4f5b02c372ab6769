package policy_test

import (
	"context"
	"encoding/json"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/strictjson"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/proxy"
)

// refusedFor reports whether d refuses with an input step naming field
// (such as "message body" or "record contacts").
func refusedFor(d policy.Decision, field string) bool {
	if d.Outcome != policy.Refuse {
		return false
	}
	for _, s := range d.Trail {
		if (s.Rule == policy.RuleInputMessage || s.Rule == policy.RuleInputRecord) && s.Effect == policy.Deny &&
			strings.HasPrefix(s.Detail, field+" ") {
			return true
		}
	}
	return false
}

// fieldIn reports whether err holds a *policy.FieldError at path.
func fieldIn(err error, path string) bool {
	for _, e := range flatten(err) {
		var fe *policy.FieldError
		if errors.As(e, &fe) && fe.Path == path {
			return true
		}
	}
	return false
}

func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// TestInvisibleInput: text that is blank once white space, format and
// control characters are removed counts as blank, and identifiers must be
// printable, valid UTF-8 (issue 16, item 1; G26, G28).
func TestInvisibleInput(t *testing.T) {
	invisible := []string{"\u200b", "\u200b\u200c\u200d\ufeff", "   ", "\u00a0\u00a0", "\x00", "\x00\x00\x00", "\u2060\u180e", "\t\r\n"}
	for _, s := range invisible {
		m := msg()
		m.Body = s
		if d := decide(policy.Default(), m, rec()); !refusedFor(d, "message body") {
			t.Errorf("Decide(body %+q) outcome = %v, want refuse naming the body", s, d.Outcome)
		}
		if err := m.Validate(); !fieldIn(err, "body") {
			t.Errorf("Validate(body %+q) = %v, want a body problem", s, err)
		}
	}
	bad := append(invisible, "msg\x00", "\xff\xfe", "id-\xc3", "a\u200bb", "\ufeffmsg-1", "msg-1\n")
	for _, s := range bad {
		m := msg()
		m.ID = s
		if d := decide(policy.Default(), m, rec()); !refusedFor(d, "message id") {
			t.Errorf("Decide(id %+q) outcome = %v, want refuse naming the id", s, d.Outcome)
		}
		m = msg()
		m.Staff.ID = s
		if d := decide(policy.Default(), m, rec()); d.Outcome != policy.Refuse {
			t.Errorf("Decide(staff.id %+q) outcome = %v, want refuse (G28)", s, d.Outcome)
		}
		r := rec()
		r.PatientID = s
		if d := decide(policy.Default(), msg(), r); !refusedFor(d, "record patient_id") {
			t.Errorf("Decide(patient_id %+q) outcome = %v, want refuse naming patient_id", s, d.Outcome)
		}
		if err := r.Validate(); !fieldIn(err, "patient_id") {
			t.Errorf("Record.Validate(patient_id %+q) = %v, want a patient_id problem", s, err)
		}
	}
	// Visible text with invisible characters around it is still text.
	m := msg()
	m.Body = "\u200b" + m.Body + "\u00a0"
	if d := decide(policy.Default(), m, rec()); d.Outcome != policy.Send {
		t.Errorf("Decide(body with zero-width edges) outcome = %v, want send", d.Outcome)
	}
}

// TestInvisibleOverrideAndProxyIDs: a decision-maker of "\u200b" names
// nobody, and a proxy needs a printable id.
func TestInvisibleOverrideAndProxyIDs(t *testing.T) {
	ov := objection.Override{Ground: objection.GroundAppointmentChange48h, DecidedBy: "\u200b", Role: objection.CaldicottGuardian, Justification: "moved", At: now}
	if err := ov.Validate(); err == nil {
		t.Errorf("Override{DecidedBy: ZWSP}.Validate() = nil, want an error")
	}
	o := objection.Objection{Scope: objection.ScopeOrganisation, RecordedAt: now, RecordedBy: "\x00"}
	if err := o.Validate(); err == nil {
		t.Errorf("Objection{RecordedBy: NUL}.Validate() = nil, want an error")
	}
	for _, id := range []string{"\u200b", "p\x00"} {
		p := proxy.Proxy{ID: id, Authority: proxy.Consent, PatientConsented: true, RecordNote: true, From: channel.Date{Year: 2025, Month: 1, Day: 1}, Status: proxy.Active}
		if err := p.Validate(); err == nil {
			t.Errorf("Proxy{ID: %+q}.Validate() = nil, want an error", id)
		}
	}
}

// TestDispatchRefusesInvisibleBody: through the Dispatcher, an invisible
// body or staff id is never sent.
func TestDispatchRefusesInvisibleBody(t *testing.T) {
	for _, set := range []func(*policy.Message){
		func(m *policy.Message) { m.Body = "\u200b\u200b" },
		func(m *policy.Message) { m.Staff.ID = "\u200b" },
	} {
		tr, store := &countingTransport{}, &audit.MemStore{}
		m := msg()
		set(&m)
		rep, err := dispatcher(t, tr, store).Send(context.Background(), m, rec())
		if err != nil {
			t.Fatal(err)
		}
		if tr.n != 0 || len(rep.Sent) != 0 {
			t.Errorf("Dispatcher sent %d messages, want none", tr.n)
		}
	}
}

// TestFutureBirthDate: a birth date after the message's date, or outside
// the years 1900 to 9000, is refused, naming the field (issue 16, item 2).
func TestFutureBirthDate(t *testing.T) {
	for _, b := range []channel.Date{{Year: 9999, Month: 12, Day: 31}, {Year: 2026, Month: 11, Day: 25}, {Year: 1899, Month: 1, Day: 1}} {
		r := rec()
		r.BirthDate = b
		if d := decide(policy.Default(), msg(), r); !refusedFor(d, "record birth_date") {
			t.Errorf("Decide(birth_date %v) outcome = %v, want refuse naming birth_date", b, d.Outcome)
		}
	}
	r := rec()
	r.BirthDate = channel.Date{Year: 9999, Month: 12, Day: 31}
	if err := r.Validate(); !fieldIn(err, "birth_date") {
		t.Errorf("Validate(birth_date 9999-12-31) = %v, want a birth_date problem", err)
	}
	r.BirthDate = channel.DateOf(now) // born today: a newborn's record
	if d := decide(policy.Default(), msg(), r); d.Outcome == policy.Refuse {
		t.Errorf("Decide(born on the message's date) = refuse, want it allowed:\n%s", explain(d))
	}
}

// TestInputLimits: beyond each documented limit, Decide refuses naming
// the field and Validate reports it, except within a proxy's entry, which
// is set aside instead (TestOversizedProxySetAside).
func TestInputLimits(t *testing.T) {
	c := channel.Contact{Kind: channel.Letter, Address: postal, Verified: verified()}
	ob := objection.Objection{Scope: objection.ScopeChannel, Channel: channel.SMS, RecordedAt: now, RecordedBy: "staff-7"}
	px := proxy.Proxy{ID: "p", Authority: proxy.Consent, PatientConsented: true, RecordNote: true, From: channel.Date{Year: 2025, Month: 1, Day: 1}, Status: proxy.Active}
	long := strings.Repeat("x", policy.MaxTextBytes+1)
	for _, tc := range []struct {
		field string
		msg   func(*policy.Message)
		rec   func(*policy.Record)
	}{
		{"message body", func(m *policy.Message) { m.Body = strings.Repeat("a", policy.MaxBodyBytes+1) }, nil},
		{"message id", func(m *policy.Message) { m.ID = strings.Repeat("m", policy.MaxIDBytes+1) }, nil},
		{"message staff.id", func(m *policy.Message) { m.Staff.ID = strings.Repeat("s", policy.MaxIDBytes+1) }, nil},
		{"message staff.name", func(m *policy.Message) { m.Staff.Name = long }, nil},
		{"message attempts", func(m *policy.Message) {
			m.Attempts = make([]channel.Attempt, policy.MaxAttempts+1)
		}, nil},
		{"message approvals", func(m *policy.Message) { m.Approvals = make([]policy.Approval, policy.MaxApprovals+1) }, nil},
		{"message override.justification", func(m *policy.Message) {
			m.Override = &objection.Override{Ground: objection.GroundOther, Justification: long}
		}, nil},
		{"record contacts", nil, func(r *policy.Record) { r.Contacts = repeat(c, policy.MaxContacts+1) }},
		{"record objections", nil, func(r *policy.Record) { r.Objections = repeat(ob, policy.MaxObjections+1) }},
		{"record proxies", nil, func(r *policy.Record) { r.Proxies = repeat(px, policy.MaxProxies+1) }},
		// A proxy's own fields over their limits set that proxy aside
		// instead: see TestOversizedProxySetAside.
		{"record preferences", nil, func(r *policy.Record) { r.Preferences = repeat(channel.SMS, policy.MaxPreferences+1) }},
		{"record needs", nil, func(r *policy.Record) { r.Needs = repeat(policy.LargePrint, policy.MaxNeeds+1) }},
		{"record address", nil, func(r *policy.Record) { r.Address = long }},
		{"record objections[0].reason", nil, func(r *policy.Record) {
			o := ob
			o.Reason = long
			r.Objections = []objection.Objection{o}
		}},
	} {
		m, r := msg(), rec()
		if tc.msg != nil {
			tc.msg(&m)
		}
		if tc.rec != nil {
			tc.rec(&r)
		}
		d := decide(policy.Default(), m, r)
		if !refusedFor(d, tc.field) {
			t.Errorf("Decide(%s over its limit) outcome = %v, want refuse naming it:\n%s", tc.field, d.Outcome, explain(d))
		}
		path := tc.field[strings.IndexByte(tc.field, ' ')+1:]
		if err := errors.Join(m.Validate(), r.Validate()); !fieldIn(err, path) {
			t.Errorf("Validate(%s over its limit) = %v, want a problem at %s", tc.field, err, path)
		}
	}
}

func repeat[T any](v T, n int) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// TestTooManyFindings: a body in which the scan flags more than
// MaxFindings things is refused, and the decision lists MaxFindings.
func TestTooManyFindings(t *testing.T) {
	m := msg()
	m.Body = strings.Repeat("HIV test. ", policy.MaxBodyBytes/10)
	d := decide(policy.Default(), m, rec())
	if !refusedFor(d, "message body") {
		t.Errorf("Decide(a body of %d HIV tests) outcome = %v, want refuse naming the body", policy.MaxBodyBytes/10, d.Outcome)
	}
	if len(d.Findings) != policy.MaxFindings {
		t.Errorf("len(Findings) = %d, want %d", len(d.Findings), policy.MaxFindings)
	}
}

// TestHugeBodyRefusedCheaply: a 10 MB body of "H I V " (7.3 s and 1 GB to
// scan before the limit) is refused without being read: the decision
// allocates a few kilobytes, whatever the body's size. Group decisions
// do not scan it either.
func TestHugeBodyRefusedCheaply(t *testing.T) {
	m := msg()
	m.Body = strings.Repeat("H I V ", 10<<20/6)
	r := rec()
	org := policy.Default()
	_ = org.Decide(msg(), r) // build the default scanner before measuring
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	d := org.Decide(m, r)
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if !refusedFor(d, "message body") {
		t.Fatalf("Decide(10 MB body) outcome = %v, want refuse naming the body", d.Outcome)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 64<<10 {
		t.Errorf("Decide(10 MB body) allocated %d bytes, want under 64 KiB", n)
	}
	t.Logf("refused a 10 MB body in %v", elapsed)
	for _, gd := range org.DecideGroup(m, []policy.Record{r, r}, 1) {
		if !refusedFor(gd, "message body") {
			t.Errorf("DecideGroup(10 MB body) outcome = %v, want refuse naming the body", gd.Outcome)
		}
	}
}

// TestStrictJSON: a record or message decoded from JSON, through
// json.Unmarshal or a json.Decoder, refuses a key given twice (the issue
// 16 case: "status":"deceased","status":"active" read as active and
// decided Send), a key differing from a field only in letter case, and
// invalid UTF-8 (which encoding/json would replace with U+FFFD), naming
// the field's path.
func TestStrictJSON(t *testing.T) {
	for _, tc := range []struct {
		name, json string
		v          any
		cause      error
		path       string
	}{
		{"duplicate status", `{"patient_id": "9990000018", "status": "deceased", "status": "active"}`, new(policy.Record), strictjson.ErrDuplicateKey, "status"},
		{"duplicate nested", `{"patient_id": "p", "contacts": [{"kind": "sms", "address": "07700 900123", "kind": "email"}]}`, new(policy.Record), strictjson.ErrDuplicateKey, "contacts[0].kind"},
		{"ID and id", `{"id": "msg-1", "ID": "msg-2"}`, new(policy.Message), strictjson.ErrKeyCase, "ID"},
		{"Body", `{"Body": "hello"}`, new(policy.Message), strictjson.ErrKeyCase, "Body"},
		{"invalid UTF-8", "{\"id\": \"msg-\xff\"}", new(policy.Message), strictjson.ErrInvalidUTF8, "id"},
		{"lone surrogate", `{"body": "\ud800"}`, new(policy.Message), strictjson.ErrInvalidUTF8, "body"},
		{"unknown field", `{"colour": "red"}`, new(policy.Message), strictjson.ErrUnknownField, "colour"},
		{"config duplicate", `{"name": "A", "name": "B"}`, new(policy.Config), strictjson.ErrDuplicateKey, "name"},
	} {
		err := json.Unmarshal([]byte(tc.json), tc.v)
		var se *strictjson.Error
		if !errors.Is(err, tc.cause) || !errors.As(err, &se) || se.Path != tc.path {
			t.Errorf("%s: json.Unmarshal = %v, want %v at %q", tc.name, err, tc.cause, tc.path)
		}
		dec := json.NewDecoder(strings.NewReader(tc.json))
		if err := dec.Decode(tc.v); !errors.Is(err, tc.cause) {
			t.Errorf("%s: json.Decoder = %v, want %v", tc.name, err, tc.cause)
		}
	}
	// Nested in a case file, the path runs from the root.
	var c struct {
		Record policy.Record `json:"record"`
	}
	err := strictjson.Decode([]byte(`{"record": {"patient_id": "p", "status": "deceased", "status": "active"}}`), &c)
	var se *strictjson.Error
	if !errors.As(err, &se) || se.Path != "record.status" {
		t.Errorf("strictjson.Decode(case) = %v, want a problem at record.status", err)
	}
	// A valid record still decodes, as encoding/json would decode it.
	var r policy.Record
	if err := json.Unmarshal([]byte(`{"patient_id": "9990000018", "birth_date": "1980-06-01", "contacts": [{"kind": "sms", "address": "07700 900123"}]}`), &r); err != nil || r.PatientID != "9990000018" || len(r.Contacts) != 1 {
		t.Errorf("json.Unmarshal(valid record) = %+v, %v", r, err)
	}
}

// TestDispatchRedactsTransportErrors: an error from the transport is
// recorded with every address in it masked, in whatever form the provider
// wrote it (issue 16: "(07700) 900123", "07700.900.123", an email in
// another case).
func TestDispatchRedactsTransportErrors(t *testing.T) {
	for _, text := range []string{
		"provider: (07700) 900123 rejected",
		"provider: 07700.900.123 rejected",
		"provider: +44 7700 900123 rejected",
		"smtp: <PAT@EXAMPLE.ORG> mailbox full",
	} {
		store := &audit.MemStore{}
		tr := channel.TransportFunc(func(context.Context, channel.Envelope) (channel.Receipt, error) {
			return channel.Receipt{}, errors.New(text)
		})
		if _, err := dispatcher(t, tr, store).Send(context.Background(), msg(), rec()); err != nil {
			t.Fatal(err)
		}
		entries, err := store.ByPatient(context.Background(), patientID)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range entries {
			if !strings.Contains(e.Detail, "transport error") {
				continue
			}
			found = true
			for _, s := range []string{"900123", "7700 900", "PAT@", "pat@", "EXAMPLE"} {
				if strings.Contains(e.Detail, s) {
					t.Errorf("transport error %q recorded as %q: shows %q", text, e.Detail, s)
				}
			}
		}
		if !found {
			t.Errorf("transport error %q was not recorded", text)
		}
	}
}
