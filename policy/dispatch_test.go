package policy_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
)

// scripted is a fake transport that answers each send from a script keyed
// by channel, and records what it was asked to send.
type scripted struct {
	answers map[channel.Kind]func(channel.Envelope) (channel.Receipt, error)
	sent    []channel.Envelope
}

func (s *scripted) Send(_ context.Context, e channel.Envelope) (channel.Receipt, error) {
	s.sent = append(s.sent, e)
	if f, ok := s.answers[e.Kind]; ok {
		return f(e)
	}
	return channel.Receipt{ID: "rcpt-" + e.Kind.String(), Kind: e.Kind, Result: channel.ResultDelivered}, nil
}

func outcome(o channel.Result) func(channel.Envelope) (channel.Receipt, error) {
	return func(e channel.Envelope) (channel.Receipt, error) {
		return channel.Receipt{Kind: e.Kind, Result: o}, nil
	}
}

// failingStore is a plain Store, not an Outbox, that fails every append
// after the first ok appends.
type failingStore struct {
	audit.Store
	ok int
}

func (f *failingStore) Append(ctx context.Context, e audit.Entry) (audit.Entry, error) {
	if f.ok <= 0 {
		return audit.Entry{}, errors.New("disk full")
	}
	f.ok--
	return f.Store.Append(ctx, e)
}

// failingOutbox is an Outbox whose commits fail.
type failingOutbox struct{ audit.MemStore }

func (f *failingOutbox) Commit(context.Context, audit.Batch) ([]audit.Entry, error) {
	return nil, errors.New("disk full")
}

func clock() func() time.Time {
	t := now
	return func() time.Time { t = t.Add(time.Second); return t }
}

func kinds(s audit.Store) []string {
	var out []string
	for e, err := range s.All(context.Background()) {
		if err != nil {
			return append(out, "error: "+err.Error())
		}
		k := e.Kind.String()
		if e.Channel != 0 {
			k += " " + e.Channel.String()
		}
		if !e.Outcome.IsZero() {
			k += " " + e.Outcome.String()
		}
		out = append(out, k)
	}
	return out
}

func dispatcher(t *testing.T, tr channel.Transport, s audit.Store) *policy.Dispatcher {
	t.Helper()
	d, err := policy.NewDispatcher(policy.Default(), tr, s, clock())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDispatchSendsAndRecords(t *testing.T) {
	tr, store := &scripted{}, &audit.MemStore{}
	rep, err := dispatcher(t, tr, store).Send(context.Background(), msg(), rec())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"decision send", "claim email", "attempt email", "outcome email delivered"}
	if got := kinds(store); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("audit = %q, want %q", got, want)
	}
	if len(rep.Sent) != 1 || rep.Sent[0].Channel != channel.Email || len(tr.sent) != 1 {
		t.Errorf("report = %+v, sent %d", rep, len(tr.sent))
	}
	entries, _ := store.ByPatient(context.Background(), patientID)
	if err := audit.Verify(entries); err != nil {
		t.Errorf("Verify = %v", err)
	}
	if entries[2].Body != msg().Body || entries[2].Staff != "staff-42" {
		t.Errorf("attempt entry lacks the body or staff (G26, G28): %+v", entries[2])
	}
}

func TestDispatchFallsBackOnPermanentFailure(t *testing.T) {
	for _, o := range []channel.Result{channel.ResultBounced, channel.ResultNotRecognised} {
		t.Run(o.String(), func(t *testing.T) {
			tr := &scripted{answers: map[channel.Kind]func(channel.Envelope) (channel.Receipt, error){channel.Email: outcome(o)}}
			store := &audit.MemStore{}
			rep, err := dispatcher(t, tr, store).Send(context.Background(), msg(), rec())
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"decision send", "claim email", "attempt email", "outcome email " + o.String(),
				"decision send", "claim sms", "attempt sms", "outcome sms delivered"}
			if got := kinds(store); strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("audit = %q, want %q", got, want)
			}
			if len(rep.Decisions) != 2 || len(rep.Failed) != 1 || len(rep.Sent) != 1 || rep.Sent[0].Channel != channel.SMS {
				t.Errorf("report = %+v", rep)
			}
			if !hasStep(rep.Final(), policy.RuleContactFailed, policy.Deny) {
				t.Errorf("the second decision does not record the failed contact")
			}
		})
	}
}

func TestDispatchTransportErrors(t *testing.T) {
	perm := func(e channel.Envelope) (channel.Receipt, error) {
		return channel.Receipt{}, fmt.Errorf("provider rejected %s: %w", e.Address, channel.ErrPermanent)
	}
	temp := func(channel.Envelope) (channel.Receipt, error) {
		return channel.Receipt{}, fmt.Errorf("rate limited: %w", channel.ErrTemporary)
	}
	timeout := func(e channel.Envelope) (channel.Receipt, error) {
		return channel.Receipt{}, fmt.Errorf("timeout talking to provider about %s", e.Address)
	}
	cases := []struct {
		name          string
		answer        func(channel.Envelope) (channel.Receipt, error)
		sent          int
		failed, doubt int
	}{
		{"permanent error falls back", perm, 1, 1, 0},
		{"temporary error is not resent now", temp, 0, 1, 0},
		{"timeout is in doubt", timeout, 0, 0, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tr := &scripted{answers: map[channel.Kind]func(channel.Envelope) (channel.Receipt, error){channel.Email: tc.answer}}
			store := &audit.MemStore{}
			rep, err := dispatcher(t, tr, store).Send(context.Background(), msg(), rec())
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Sent) != tc.sent || len(rep.Failed) != tc.failed || len(rep.InDoubt) != tc.doubt {
				t.Errorf("report sent/failed/in doubt = %d/%d/%d, want %d/%d/%d", len(rep.Sent), len(rep.Failed), len(rep.InDoubt), tc.sent, tc.failed, tc.doubt)
			}
			for e := range store.All(context.Background()) {
				if strings.Contains(e.Detail, email) {
					t.Errorf("audit detail holds the full address: %q", e.Detail)
				}
			}
		})
	}
}

func TestDispatchNeverSendsTwice(t *testing.T) {
	tr, store := &scripted{}, &audit.MemStore{}
	d := dispatcher(t, tr, store)
	if _, err := d.Send(context.Background(), msg(), rec()); err != nil {
		t.Fatal(err)
	}
	rep, err := d.Send(context.Background(), msg(), rec())
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.sent) != 1 || len(rep.Sent) != 1 || !rep.Sent[0].Earlier || rep.Sent[0].Receipt.ID != "rcpt-email" {
		t.Errorf("second call sent %d in all, report %+v; want the earlier receipt and no resend", len(tr.sent), rep.Sent)
	}

	// An attempt with no outcome (a crash between send and record) is in doubt.
	store2 := &audit.MemStore{}
	_, _ = store2.Append(context.Background(), audit.Entry{Time: now, Kind: audit.KindAttempt, Patient: patientID, Recipient: patientID,
		RecipientRole: audit.ToPatient, Staff: "staff-42", MessageID: "msg-1", Channel: channel.Email, Body: "x"})
	tr2 := &scripted{}
	rep, err = dispatcher(t, tr2, store2).Send(context.Background(), msg(), rec())
	if err != nil {
		t.Fatal(err)
	}
	if len(tr2.sent) != 0 || len(rep.InDoubt) != 1 {
		t.Errorf("an attempt in doubt was resent (%d sends) or not reported: %+v", len(tr2.sent), rep)
	}
}

func TestDispatchNothingSentWithoutRecord(t *testing.T) {
	for ok := 0; ok < 3; ok++ {
		tr := &scripted{}
		store := &failingStore{Store: new(audit.MemStore), ok: ok}
		_, err := dispatcher(t, tr, store).Send(context.Background(), msg(), rec())
		if err == nil || len(tr.sent) != 0 {
			t.Errorf("with %d good appends: err = %v, sent %d; want an error and nothing sent", ok, err, len(tr.sent))
		}
	}
	tr := &scripted{}
	_, err := dispatcher(t, tr, &failingOutbox{}).Send(context.Background(), msg(), rec())
	if err == nil || len(tr.sent) != 0 {
		t.Errorf("with an Outbox whose commits fail: err = %v, sent %d; want an error and nothing sent", err, len(tr.sent))
	}
}

func TestDispatchStopsAtHoldAndCancel(t *testing.T) {
	r := rec()
	r.Status = policy.Restricted
	tr, store := &scripted{}, &audit.MemStore{}
	rep, err := dispatcher(t, tr, store).Send(context.Background(), msg(), r)
	if err != nil || len(tr.sent) != 0 || rep.Final().Outcome != policy.Hold {
		t.Errorf("restricted record: err %v, sent %d, outcome %v; want hold and nothing sent", err, len(tr.sent), rep.Final().Outcome)
	}
	if got := kinds(store); len(got) != 1 || got[0] != "decision hold" {
		t.Errorf("audit = %q, want the held decision recorded", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tr = &scripted{}
	if _, err := dispatcher(t, tr, &audit.MemStore{}).Send(ctx, msg(), rec()); !errors.Is(err, context.Canceled) || len(tr.sent) != 0 {
		t.Errorf("cancelled: err %v, sent %d", err, len(tr.sent))
	}
	if _, err := policy.NewDispatcher(nil, tr, store, time.Now); !errors.Is(err, policy.ErrDispatcher) {
		t.Errorf("NewDispatcher(nil org) = %v, want ErrDispatcher", err)
	}
}

// TestDispatchRecordsClaimWithoutDecisionMaker: a claimed override with
// nobody named is still recorded with its held decision.
func TestDispatchRecordsClaimWithoutDecisionMaker(t *testing.T) {
	m := msg()
	m.Class, m.Urgency, m.AppointmentAt = channel.AppointmentChange, policy.Urgent, now.Add(30*time.Hour)
	m.Override = &objection.Override{Ground: objection.GroundAppointmentChange48h}
	r := rec()
	r.Contacts = r.Contacts[:1]
	r.Objections = []objection.Objection{objectTo(objection.ScopeChannel, channel.SMS)}
	tr, store := &scripted{}, &audit.MemStore{}
	rep, err := dispatcher(t, tr, store).Send(context.Background(), m, r)
	if err != nil || rep.Final().Outcome != policy.Hold || len(tr.sent) != 0 {
		t.Fatalf("err %v, outcome %v, sent %d; want a recorded hold", err, rep.Final().Outcome, len(tr.sent))
	}
	if got := kinds(store); len(got) != 1 || got[0] != "decision hold" {
		t.Errorf("audit = %q", got)
	}
}

// countingTransport counts sends; it is safe for concurrent use.
type countingTransport struct {
	mu sync.Mutex
	n  int
}

func (c *countingTransport) Send(_ context.Context, e channel.Envelope) (channel.Receipt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return channel.Receipt{ID: "r", Kind: e.Kind, Result: channel.ResultDelivered}, nil
}

// TestDispatchConcurrentCallsSendOnce: concurrent calls for one message
// send it once.
func TestDispatchConcurrentCallsSendOnce(t *testing.T) {
	tr, store := &countingTransport{}, &audit.MemStore{}
	d := dispatcher(t, tr, store)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := d.Send(context.Background(), msg(), rec()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if tr.n != 1 {
		t.Fatalf("the transport was called %d times for one message, want 1", tr.n)
	}
}

// TestDispatchOutcomeContract: an error that is neither permanent nor
// temporary means in doubt, whatever the receipt says.
func TestDispatchOutcomeContract(t *testing.T) {
	tr := &scripted{answers: map[channel.Kind]func(channel.Envelope) (channel.Receipt, error){
		channel.Email: func(e channel.Envelope) (channel.Receipt, error) {
			return channel.Receipt{Kind: e.Kind, Result: channel.ResultBounced}, errors.New("i/o timeout after 07700 900123 and " + e.Address)
		},
	}}
	store := &audit.MemStore{}
	rep, err := dispatcher(t, tr, store).Send(context.Background(), msg(), rec())
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.InDoubt) != 1 || len(rep.Failed) != 0 || len(tr.sent) != 1 {
		t.Fatalf("report %+v with %d sends, want one attempt in doubt and no fallback", rep, len(tr.sent))
	}
	for e := range store.All(context.Background()) {
		if strings.Contains(e.Detail, "900123") || strings.Contains(e.Detail, email) {
			t.Errorf("outcome detail discloses an address: %q", e.Detail)
		}
	}
}

// listStore is a host's own plain Store, not an Outbox, that checks no
// claims: a slice behind a mutex, whose appends take a while, as a
// database's round trips do.
type listStore struct {
	mu sync.Mutex
	es []audit.Entry
}

func (s *listStore) Append(ctx context.Context, e audit.Entry) (audit.Entry, error) {
	if err := e.Validate(); err != nil {
		return audit.Entry{}, err
	}
	time.Sleep(5 * time.Millisecond)
	s.mu.Lock()
	defer s.mu.Unlock()
	e.Time, e.Seq, e.Prev = e.Time.UTC(), uint64(len(s.es))+1, ""
	if len(s.es) > 0 {
		e.Prev = s.es[len(s.es)-1].Hash
	}
	e.Hash = e.ComputeHash()
	s.es = append(s.es, e)
	return e, nil
}

func (s *listStore) ByPatient(ctx context.Context, p string) ([]audit.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []audit.Entry
	for _, e := range s.es {
		if e.Patient == p {
			out = append(out, e)
		}
	}
	return out, nil
}

func (s *listStore) All(ctx context.Context) iter.Seq2[audit.Entry, error] {
	s.mu.Lock()
	es := slices.Clone(s.es)
	s.mu.Unlock()
	return func(yield func(audit.Entry, error) bool) {
		for _, e := range es {
			if !yield(e, nil) {
				return
			}
		}
	}
}

func (s *listStore) Head(ctx context.Context) (uint64, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.es) == 0 {
		return 0, "", nil
	}
	return s.es[len(s.es)-1].Seq, s.es[len(s.es)-1].Hash, nil
}

// TestDispatchDispatchersShareStoreSendOnce: Dispatchers in one process
// that share a store that is not an Outbox send one message once.
func TestDispatchDispatchersShareStoreSendOnce(t *testing.T) {
	tr, store := &countingTransport{}, &listStore{}
	var wg sync.WaitGroup
	for range 4 {
		d := dispatcher(t, tr, store)
		wg.Go(func() {
			if _, err := d.Send(context.Background(), msg(), rec()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if tr.n != 1 {
		t.Fatalf("the transport was called %d times for one message by dispatchers sharing a store, want 1", tr.n)
	}
}
