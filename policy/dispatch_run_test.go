package policy_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
)

// fakeClock is a clock the test moves.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// recorder is a transport safe for concurrent use that answers from a
// script keyed by channel, and records what it was asked to send.
type recorder struct {
	mu      sync.Mutex
	answers map[channel.Kind]func(channel.Envelope) (channel.Receipt, error)
	sent    []channel.Envelope
}

func (s *recorder) Send(_ context.Context, e channel.Envelope) (channel.Receipt, error) {
	s.mu.Lock()
	s.sent = append(s.sent, e)
	f := s.answers[e.Kind]
	n := len(s.sent)
	s.mu.Unlock()
	if f != nil {
		return f(e)
	}
	return channel.Receipt{ID: "ref-" + e.Kind.String() + "-" + string(rune('0'+n)), Kind: e.Kind, Result: channel.ResultAccepted}, nil
}

func (s *recorder) kinds() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, e := range s.sent {
		out = append(out, e.Kind.String())
	}
	return out
}

func newDispatcher(t *testing.T, tr channel.Transport, s audit.Store, c *fakeClock, opts policy.DispatchOptions) *policy.Dispatcher {
	t.Helper()
	d, err := policy.NewDispatcherWith(policy.Default(), tr, s, c.Now, opts)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// sentAnHourAgo sends msg to rec through a Dispatcher on store, checks the
// email went, and moves the clock on an hour, as the tests of receipts
// that arrive later begin.
func sentAnHourAgo(t *testing.T, store audit.Store) (*policy.Dispatcher, *recorder, policy.Sent) {
	t.Helper()
	c := &fakeClock{t: now}
	tr := &recorder{}
	d := newDispatcher(t, tr, store, c, policy.DispatchOptions{})
	rep, err := d.Send(t.Context(), msg(), rec())
	if err != nil || len(rep.Sent) != 1 || rep.Sent[0].Channel != channel.Email {
		t.Fatalf("Send: %v, %+v; want the email sent", err, rep)
	}
	c.Set(now.Add(time.Hour))
	return d, tr, rep.Sent[0]
}

// TestDispatchStaleAtWaitsForWindow: a message decided at 10:00 and sent
// at 23:30 waits for the morning's window; Run sends it then (P2).
func TestDispatchStaleAtWaitsForWindow(t *testing.T) {
	c := &fakeClock{t: now.Add(13*time.Hour + 30*time.Minute)} // Tuesday 23:30
	tr, store := &recorder{}, new(audit.MemStore)
	d := newDispatcher(t, tr, store, c, policy.DispatchOptions{})
	rep, err := d.Send(t.Context(), msg(), rec())
	if err != nil {
		t.Fatal(err)
	}
	morning := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	if len(tr.sent) != 0 || len(rep.Scheduled) != 1 || !rep.Scheduled[0].At.Equal(morning) {
		t.Fatalf("sent %d, scheduled %+v; want nothing sent and the delivery scheduled for %s", len(tr.sent), rep.Scheduled, morning)
	}
	if n, err := d.RunDue(t.Context()); n != 0 || err != nil {
		t.Errorf("RunDue before the window = %d, %v; want 0, nil", n, err)
	}
	c.Set(morning.Add(time.Minute))
	if n, err := d.RunDue(t.Context()); n != 1 || err != nil || len(tr.sent) != 1 {
		t.Fatalf("RunDue in the window = %d, %v, sent %d; want 1 job and 1 send", n, err, len(tr.sent))
	}
	if n, _ := d.RunDue(t.Context()); n != 0 {
		t.Errorf("RunDue again = %d jobs, want 0", n)
	}
	if _, err := d.Send(t.Context(), msg(), rec()); err != nil || len(tr.sent) != 1 {
		t.Errorf("Send after Run: err %v, sent %d in all; want the earlier send and no other", err, len(tr.sent))
	}
}

// TestDispatchUnreadAppFallsBack: an NHS App message still unread after
// its wait moves on to the next channel; one read in time does not (P3).
func TestDispatchUnreadAppFallsBack(t *testing.T) {
	for _, read := range []bool{false, true} {
		c := &fakeClock{t: now}
		tr, store := &recorder{}, new(audit.MemStore)
		d := newDispatcher(t, tr, store, c, policy.DispatchOptions{})
		rep, err := d.Send(t.Context(), msg(), withApp(rec()))
		if err != nil || len(rep.Sent) != 1 || rep.Sent[0].Channel != channel.NHSApp || len(rep.Scheduled) != 1 {
			t.Fatalf("Send: err %v, report %+v; want the NHS App message sent and a fallback scheduled", err, rep)
		}
		if read {
			if _, err := d.RecordOutcome(t.Context(), rep.Sent[0].Receipt, channel.ResultRead); err != nil {
				t.Fatal(err)
			}
		}
		c.Set(now.Add(25 * time.Hour))
		if _, err := d.RunDue(t.Context()); err != nil {
			t.Fatal(err)
		}
		want := "nhs_app " + rep.Final().Deliveries[0].Fallbacks[0].Channel.String()
		if read {
			want = "nhs_app"
		}
		if got := strings.Join(tr.kinds(), " "); got != want {
			t.Errorf("read %v: sent %q, want %q", read, got, want)
		}
		if !read && !strings.Contains(strings.Join(kinds(store), "|"), "outcome nhs_app expired") {
			t.Errorf("unread: audit %q does not record the wait ending", kinds(store))
		}
	}
}

// TestDispatchLateBounceStartsFallback: a bounce that arrives by receipt
// after the message was accepted starts the next channel, and everything
// is recorded in the chain.
func TestDispatchLateBounceStartsFallback(t *testing.T) {
	store := new(audit.MemStore)
	d, tr, sent := sentAnHourAgo(t, store)
	if _, err := d.RecordOutcome(t.Context(), sent.Receipt, channel.ResultDelivered); err != nil {
		t.Fatal(err)
	}
	late, err := d.RecordOutcome(t.Context(), channel.Receipt{ID: sent.Receipt.ID, Kind: channel.Email}, channel.ResultBounced)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tr.kinds(), " "); got != "email sms" || len(late.Sent) != 1 || late.Sent[0].Channel != channel.SMS {
		t.Errorf("after a late bounce: sent %q, report %+v; want the SMS fallback sent", got, late.Sent)
	}
	if !hasStep(late.Final(), policy.RuleContactFailed, policy.Deny) {
		t.Errorf("the decision after the bounce does not record the failed contact")
	}
	want := "decision send|claim email|attempt email|outcome email accepted|outcome email delivered|outcome email bounced|decision send|claim sms|attempt sms|outcome sms accepted"
	if got := strings.Join(kinds(store), "|"); got != want {
		t.Errorf("audit =\n%s\nwant\n%s", got, want)
	}
	entries, _ := store.ByPatient(t.Context(), patientID)
	if err := audit.Verify(entries); err != nil {
		t.Errorf("Verify = %v", err)
	}
	for _, bad := range []struct {
		rc     channel.Receipt
		result channel.Result
	}{
		{channel.Receipt{ID: "no-such-ref"}, channel.ResultDelivered},
		{channel.Receipt{ID: sent.Receipt.ID}, channel.ResultUnknown},
		{channel.Receipt{ID: sent.Receipt.ID, Kind: channel.Letter}, channel.ResultDelivered},
	} {
		if _, err := d.RecordOutcome(t.Context(), bad.rc, bad.result); !errors.Is(err, policy.ErrReceipt) {
			t.Errorf("RecordOutcome(%+v, %s) error = %v, want ErrReceipt", bad.rc, bad.result, err)
		}
	}
}

// TestDispatchManyDispatchersSendOnce: sixteen Dispatchers over one store
// send a message once: the store's claim, not a process's lock, decides.
func TestDispatchManyDispatchersSendOnce(t *testing.T) {
	c := &fakeClock{t: now}
	tr, store := &countingTransport{}, new(audit.MemStore)
	var wg sync.WaitGroup
	for range 16 {
		d := newDispatcher(t, tr, store, c, policy.DispatchOptions{})
		wg.Go(func() {
			if _, err := d.Send(context.Background(), msg(), rec()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if tr.n != 1 {
		t.Fatalf("16 dispatchers sent one message %d times, want 1", tr.n)
	}
}

// TestDispatchWaitWatchesContext: a Send waiting for another on the same
// message returns when its context ends.
func TestDispatchWaitWatchesContext(t *testing.T) {
	block := make(chan struct{})
	started := make(chan struct{})
	tr := channel.TransportFunc(func(ctx context.Context, e channel.Envelope) (channel.Receipt, error) {
		close(started)
		<-block
		return channel.Receipt{Kind: e.Kind, Result: channel.ResultDelivered}, nil
	})
	c := &fakeClock{t: now}
	d := newDispatcher(t, tr, new(audit.MemStore), c, policy.DispatchOptions{})
	go d.Send(context.Background(), msg(), rec())
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := d.Send(ctx, msg(), rec())
	close(block)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Send waiting on the same message: error = %v, want context.DeadlineExceeded", err)
	}
}

// TestDispatchOutcomeOutlivesContext: a result that arrives as the
// caller's context ends is still recorded.
func TestDispatchOutcomeOutlivesContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	tr := channel.TransportFunc(func(_ context.Context, e channel.Envelope) (channel.Receipt, error) {
		cancel() // the caller gives up while the provider answers
		return channel.Receipt{ID: "ref-1", Kind: e.Kind, Result: channel.ResultDelivered}, nil
	})
	store := new(audit.MemStore)
	d := newDispatcher(t, tr, store, &fakeClock{t: now}, policy.DispatchOptions{})
	if _, err := d.Send(ctx, msg(), rec()); err != nil {
		t.Fatal(err)
	}
	if got := kinds(store); len(got) != 4 || got[3] != "outcome email delivered" {
		t.Errorf("audit = %q, want the outcome recorded", got)
	}
}

// TestDispatchTransportHangsErrsPanics: a transport that hangs, errors or
// panics leaves the attempt in doubt, recorded, and never resent.
func TestDispatchTransportHangsErrsPanics(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	cases := map[string]channel.TransportFunc{
		"hangs": func(context.Context, channel.Envelope) (channel.Receipt, error) {
			<-release // ignores its context
			return channel.Receipt{}, nil
		},
		"errs": func(_ context.Context, e channel.Envelope) (channel.Receipt, error) {
			return channel.Receipt{}, errors.New("connection reset talking to the provider about " + e.Address)
		},
		"panics": func(_ context.Context, e channel.Envelope) (channel.Receipt, error) {
			panic("provider client bug with " + e.Address + " and " + e.Body)
		},
	}
	for name, tr := range cases {
		t.Run(name, func(t *testing.T) {
			store := new(audit.MemStore)
			d := newDispatcher(t, tr, store, &fakeClock{t: now}, policy.DispatchOptions{SendTimeout: 50 * time.Millisecond})
			rep, err := d.Send(t.Context(), msg(), rec())
			if err != nil || len(rep.InDoubt) != 1 || len(rep.Sent)+len(rep.Failed) != 0 {
				t.Fatalf("err %v, report %+v; want one attempt in doubt", err, rep)
			}
			if got := kinds(store); len(got) != 4 || got[3] != "outcome email unknown" {
				t.Errorf("audit = %q, want the unknown outcome recorded", got)
			}
			for e := range store.All(t.Context()) {
				if e.Kind == audit.KindOutcome && (strings.Contains(e.Detail, email) || strings.Contains(e.Detail, "appointment")) {
					t.Errorf("outcome detail discloses the address or body: %q", e.Detail)
				}
			}
			again, err := d.Send(t.Context(), msg(), rec())
			if err != nil || len(again.InDoubt) != 1 || !again.InDoubt[0].Earlier {
				t.Errorf("second Send: err %v, report %+v; want the earlier attempt reported in doubt", err, again)
			}
		})
	}
}

// TestDispatchTemporaryFailureRetries: a temporary failure is retried
// after RetryAfter, and after Retries of them the next channel is used.
func TestDispatchTemporaryFailureRetries(t *testing.T) {
	tr := &recorder{answers: map[channel.Kind]func(channel.Envelope) (channel.Receipt, error){
		channel.Email: func(channel.Envelope) (channel.Receipt, error) { return channel.Receipt{}, errTemporary },
	}}
	c := &fakeClock{t: now}
	d := newDispatcher(t, tr, new(audit.MemStore), c, policy.DispatchOptions{RetryAfter: 10 * time.Minute, Retries: 2})
	rep, err := d.Send(t.Context(), msg(), rec())
	if err != nil || len(rep.Failed) != 1 || len(rep.Scheduled) != 1 || !rep.Scheduled[0].At.Equal(c.Now().Add(10*time.Minute)) {
		t.Fatalf("Send: err %v, report %+v; want a failure and a retry in 10 minutes", err, rep)
	}
	c.Set(now.Add(11 * time.Minute))
	if _, err := d.RunDue(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tr.kinds(), " "); got != "email email sms" {
		t.Errorf("sent %q, want email, its retry, then sms", got)
	}
}

var errTemporary = errors.Join(errors.New("rate limited"), channel.ErrTemporary)

// TestDispatchRunUsesCurrentRecord: with Records set, a scheduled delivery
// is decided with the record as it is when it is due: an objection
// registered since is honoured (G10).
func TestDispatchRunUsesCurrentRecord(t *testing.T) {
	current := rec()
	var mu sync.Mutex
	opts := policy.DispatchOptions{Records: func(context.Context, string) (policy.Record, error) {
		mu.Lock()
		defer mu.Unlock()
		return current, nil
	}}
	c := &fakeClock{t: now.Add(13 * time.Hour)} // 23:00
	tr, store := &recorder{}, new(audit.MemStore)
	d := newDispatcher(t, tr, store, c, opts)
	if _, err := d.Send(t.Context(), msg(), rec()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	current.Objections = []objection.Objection{objectTo(objection.ScopeElectronic, 0)}
	mu.Unlock()
	c.Set(now.Add(23 * time.Hour))
	if _, err := d.RunDue(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, k := range tr.kinds() {
		if k != "letter" {
			t.Errorf("sent by %s after an objection to electronic messages, want letters only", k)
		}
	}
}

// TestDispatchKeepsMessageForReceipts: a delivered message with a
// fallback is kept for KeepFor after its send, for a bounce to start the
// fallback; then it is let go, and a later bounce is recorded and starts
// nothing.
func TestDispatchKeepsMessageForReceipts(t *testing.T) {
	c := &fakeClock{t: now}
	tr, store := &recorder{answers: map[channel.Kind]func(channel.Envelope) (channel.Receipt, error){
		channel.Email: func(e channel.Envelope) (channel.Receipt, error) {
			return channel.Receipt{ID: "ref-email", Kind: e.Kind, Result: channel.ResultDelivered}, nil
		},
	}}, new(audit.MemStore)
	d := newDispatcher(t, tr, store, c, policy.DispatchOptions{KeepFor: time.Hour})
	rep, err := d.Send(t.Context(), msg(), rec())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Job(t.Context(), patientID, "msg-1"); err != nil {
		t.Fatalf("the message is not kept for receipts: %v", err)
	}
	c.Set(now.Add(2 * time.Hour))
	if n, err := d.RunDue(t.Context()); n != 1 || err != nil {
		t.Fatalf("RunDue after KeepFor = %d, %v; want the keeping job done", n, err)
	}
	if _, err := store.Job(t.Context(), patientID, "msg-1"); !errors.Is(err, audit.ErrNotFound) {
		t.Errorf("after KeepFor the job is still there: %v", err)
	}
	if n, _ := d.RunDue(t.Context()); n != 0 {
		t.Errorf("RunDue again = %d, want 0", n)
	}
	before := len(kinds(store))
	late, err := d.RecordOutcome(t.Context(), rep.Sent[0].Receipt, channel.ResultBounced)
	if err != nil || len(late.Decisions) != 0 || len(tr.kinds()) != 1 || len(kinds(store)) != before+1 {
		t.Errorf("late bounce: err %v, report %+v, sent %q; want it recorded and nothing sent", err, late, tr.kinds())
	}
}

// TestDispatchFileStoreRunAfterReopen: work scheduled in a FileStore
// survives the process: a store opened again runs it.
func TestDispatchFileStoreRunAfterReopen(t *testing.T) {
	dir := t.TempDir()
	c := &fakeClock{t: now.Add(9 * time.Hour)} // 19:00
	s, err := audit.OpenFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	tr := &recorder{}
	if _, err := newDispatcher(t, tr, s, c, policy.DispatchOptions{}).Send(t.Context(), msg(), rec()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = audit.OpenFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c.Set(now.Add(22 * time.Hour)) // 08:00 the next day
	if n, err := newDispatcher(t, tr, s, c, policy.DispatchOptions{}).RunDue(t.Context()); n != 1 || err != nil || len(tr.kinds()) != 1 {
		t.Errorf("RunDue after reopening = %d, %v, sent %q; want the scheduled message sent", n, err, tr.kinds())
	}
	if _, _, err := audit.VerifySeq(s.All(t.Context())); err != nil {
		t.Errorf("VerifySeq = %v", err)
	}
}

// TestDispatchMovesOnWhenUndelivered: an email accepted by the provider but
// never reported delivered moves on to the next channel when the
// fallback's wait ends (P3), here the message's own two hours.
func TestDispatchMovesOnWhenUndelivered(t *testing.T) {
	c := &fakeClock{t: now}
	tr, store := &recorder{}, new(audit.MemStore) // every send is accepted, never delivered
	d := newDispatcher(t, tr, store, c, policy.DispatchOptions{})
	m := msg()
	m.FallbackAfter = policy.Duration(2 * time.Hour)
	if _, err := d.Send(t.Context(), m, rec()); err != nil {
		t.Fatal(err)
	}
	c.Set(now.Add(time.Hour))
	if _, err := d.RunDue(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := tr.kinds(); len(got) != 1 {
		t.Fatalf("after 1 hour sent %q, want only the email", got)
	}
	c.Set(now.Add(2*time.Hour + time.Minute))
	if n, err := d.RunDue(t.Context()); n != 1 || err != nil {
		t.Fatalf("RunDue after the wait = %d, %v; want the job done", n, err)
	}
	if got := tr.kinds(); len(got) != 2 || got[1] != "sms" {
		t.Fatalf("after the wait sent %q, want email then sms", got)
	}
	found := false
	for e, err := range store.All(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if r, ok := e.Outcome.Result(); ok && e.Channel == channel.Email && r == channel.ResultExpired && strings.Contains(e.Detail, "not delivered within 2 hours") {
			found = true
		}
	}
	if !found {
		t.Errorf("no expired outcome recorded for the undelivered email: %q", kinds(store))
	}
}

// cancelOnCommit is a MemStore that ends a context right after storing a
// commit that claims a delivery: the worker stops (a shutdown, a deploy)
// between the commit and the send.
type cancelOnCommit struct {
	*audit.MemStore
	mu     sync.Mutex
	cancel func()
}

func (s *cancelOnCommit) cancelNext(cancel func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cancel = cancel
}

func (s *cancelOnCommit) Commit(ctx context.Context, b audit.Batch) ([]audit.Entry, error) {
	out, err := s.MemStore.Commit(ctx, b)
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range b.Entries {
		if e.Kind == audit.KindClaim && s.cancel != nil {
			s.cancel()
			s.cancel = nil
		}
	}
	return out, err
}

// TestDispatchCancelledRunKeepsJob: a text message due at 08:00, the only
// channel the record has, that Run takes as its context ends between the
// claim and the send is not lost: the store keeps it, and the next Run
// sends it at once, without using up one of its retries.
func TestDispatchCancelledRunKeepsJob(t *testing.T) {
	c := &fakeClock{t: now.Add(13 * time.Hour)} // 23:00
	r := rec()
	r.Contacts = r.Contacts[:1] // SMS only: no fallback follows
	tr := &recorder{}
	store := &cancelOnCommit{MemStore: new(audit.MemStore)}
	d := newDispatcher(t, tr, store, c, policy.DispatchOptions{Retries: 1})
	rep, err := d.Send(t.Context(), msg(), r)
	if err != nil || len(rep.Scheduled) != 1 || len(tr.kinds()) != 0 {
		t.Fatalf("Send: %v %+v sent %q; want the text message scheduled for the morning", err, rep, tr.kinds())
	}
	c.Set(now.Add(22*time.Hour + time.Minute)) // 08:01 the next day
	ctx, cancel := context.WithCancel(t.Context())
	store.cancelNext(cancel)
	if _, err := d.RunDue(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("RunDue as its context ends = %v, want context.Canceled", err)
	}
	if len(tr.kinds()) != 0 {
		t.Fatalf("sent %q after the context ended", tr.kinds())
	}
	if _, err := store.Job(t.Context(), patientID, "msg-1"); err != nil {
		t.Fatalf("the delivery not sent is not kept for Run: %v\naudit: %q", err, kinds(store))
	}
	if n, err := d.RunDue(t.Context()); n != 1 || err != nil {
		t.Fatalf("RunDue after = %d, %v; want the job done", n, err)
	}
	if got := strings.Join(tr.kinds(), " "); got != "sms" {
		t.Errorf("sent %q, want the text message once\naudit: %q", got, kinds(store))
	}
	want := "claim sms|attempt sms|outcome sms temporary_failure|decision send|claim sms|attempt sms|outcome sms accepted"
	if got := strings.Join(kinds(store), "|"); !strings.HasSuffix(got, want) {
		t.Errorf("audit =\n%s\nwant it to end\n%s", got, want)
	}
}

// TestDispatchCancelledSendKeepsJob: a Send whose context ends between the
// claim and the send leaves the delivery to Run.
func TestDispatchCancelledSendKeepsJob(t *testing.T) {
	c := &fakeClock{t: now}
	tr := &recorder{}
	store := &cancelOnCommit{MemStore: new(audit.MemStore)}
	d := newDispatcher(t, tr, store, c, policy.DispatchOptions{})
	ctx, cancel := context.WithCancel(t.Context())
	store.cancelNext(cancel)
	rep, err := d.Send(ctx, msg(), rec())
	if !errors.Is(err, context.Canceled) || len(tr.kinds()) != 0 {
		t.Fatalf("Send as its context ends: %v, sent %q; want context.Canceled and nothing sent", err, tr.kinds())
	}
	found := false
	for _, s := range rep.Scheduled {
		found = found || s.Channel == channel.Email && s.At.Equal(now)
	}
	if !found {
		t.Errorf("report %+v; want the email scheduled now", rep.Scheduled)
	}
	if n, err := d.RunDue(t.Context()); n != 1 || err != nil || strings.Join(tr.kinds(), " ") != "email" {
		t.Errorf("RunDue = %d, %v, sent %q; want the email sent", n, err, tr.kinds())
	}
}

// TestDispatchCancelledReceiptKeepsJob: a bounce whose webhook request
// ends as its fallback is claimed leaves the fallback to Run.
func TestDispatchCancelledReceiptKeepsJob(t *testing.T) {
	store := &cancelOnCommit{MemStore: new(audit.MemStore)}
	d, tr, sent := sentAnHourAgo(t, store)
	ctx, cancel := context.WithCancel(t.Context())
	store.cancelNext(cancel)
	if _, err := d.RecordOutcome(ctx, sent.Receipt, channel.ResultBounced); !errors.Is(err, context.Canceled) {
		t.Fatalf("RecordOutcome as its context ends = %v, want context.Canceled", err)
	}
	if got := strings.Join(tr.kinds(), " "); got != "email" {
		t.Fatalf("sent %q after the context ended, want the email only", got)
	}
	if n, err := d.RunDue(t.Context()); n != 1 || err != nil {
		t.Fatalf("RunDue after = %d, %v; want the job done", n, err)
	}
	if got := strings.Join(tr.kinds(), " "); got != "email sms" {
		t.Errorf("sent %q, want the email, then the text message\naudit: %q", got, kinds(store))
	}
}

// TestDispatchCancelledAfterFailureKeepsJob: a temporary failure that
// arrives as the worker's context ends is still retried.
func TestDispatchCancelledAfterFailureKeepsJob(t *testing.T) {
	c := &fakeClock{t: now.Add(13 * time.Hour)} // 23:00
	r := rec()
	r.Contacts = r.Contacts[:1] // SMS only: no fallback follows
	ctx, cancel := context.WithCancel(t.Context())
	tr := &recorder{answers: map[channel.Kind]func(channel.Envelope) (channel.Receipt, error){
		channel.SMS: func(channel.Envelope) (channel.Receipt, error) { cancel(); return channel.Receipt{}, errTemporary },
	}}
	store := new(audit.MemStore)
	d := newDispatcher(t, tr, store, c, policy.DispatchOptions{})
	if _, err := d.Send(t.Context(), msg(), r); err != nil {
		t.Fatal(err)
	}
	c.Set(now.Add(22*time.Hour + time.Minute)) // 08:01 the next day
	if _, err := d.RunDue(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("RunDue as its context ends = %v, want context.Canceled", err)
	}
	tr.mu.Lock()
	tr.answers = nil
	tr.mu.Unlock()
	c.Set(now.Add(23 * time.Hour))
	if _, err := d.RunDue(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tr.kinds(), " "); got != "sms sms" {
		t.Errorf("sent %q, want the text message and its retry\naudit: %q", got, kinds(store))
	}
}

// TestDispatchMovesOnAfterRecordChange: an email accepted but never
// delivered moves on when its wait ends (P3) even if the record changed
// during the wait so that the email is no longer in the cascade: a new
// email address is tried next; after an objection to email, the text
// message, now the first choice, goes (G10).
func TestDispatchMovesOnAfterRecordChange(t *testing.T) {
	for _, tc := range []struct {
		change string
		edit   func(r *policy.Record)
		want   string // the second send: channel and address
	}{
		{"new email address", func(r *policy.Record) { r.Contacts[1].Address = "new-address@example.org" }, "email new-address@example.org"},
		{"objection to email", func(r *policy.Record) {
			r.Objections = []objection.Objection{objectTo(objection.ScopeChannel, channel.Email)}
		}, "sms " + mobileE},
	} {
		t.Run(tc.change, func(t *testing.T) {
			current := rec()
			var mu sync.Mutex
			opts := policy.DispatchOptions{Records: func(context.Context, string) (policy.Record, error) {
				mu.Lock()
				defer mu.Unlock()
				return current, nil
			}}
			c := &fakeClock{t: now}
			tr, store := &recorder{}, new(audit.MemStore) // accepted, never delivered
			d := newDispatcher(t, tr, store, c, opts)
			m := msg()
			m.FallbackAfter = policy.Duration(2 * time.Hour)
			if _, err := d.Send(t.Context(), m, rec()); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			tc.edit(&current)
			mu.Unlock()
			c.Set(now.Add(time.Hour))
			if _, err := d.RunDue(t.Context()); err != nil {
				t.Fatal(err)
			}
			if got := tr.kinds(); len(got) != 1 {
				t.Fatalf("before the wait ended sent %q, want the email only", got)
			}
			c.Set(now.Add(2*time.Hour + time.Minute))
			if _, err := d.RunDue(t.Context()); err != nil {
				t.Fatal(err)
			}
			tr.mu.Lock()
			var sent []string
			for _, e := range tr.sent {
				sent = append(sent, e.Kind.String()+" "+e.Address)
			}
			tr.mu.Unlock()
			if len(sent) != 2 || sent[1] != tc.want {
				t.Fatalf("after the wait sent %q, want the email, then %s\naudit: %q", sent, tc.want, kinds(store))
			}
			want := "decision send|claim email|attempt email|outcome email accepted|decision send|outcome email expired|claim "
			if got := strings.Join(kinds(store), "|"); !strings.HasPrefix(got, want) {
				t.Errorf("audit =\n%s\nwant it to start\n%s", got, want)
			}
			if _, err := store.Job(t.Context(), patientID, "msg-1"); err != nil {
				t.Errorf("the message is not kept for what follows: %v", err)
			}
		})
	}
}

// TestDispatchStaleReceiptChangesNothing: a receipt for an attempt that is
// no longer the delivery's latest is recorded against that attempt and
// changes nothing: a provider's repeated temporary failure for an email
// since retried does not send the accepted retry again, and a late
// delivered for it does not stop the retry, never delivered, moving on
// to the next channel when its wait ends (P3). A receipt repeated for the
// same attempt is recorded once.
func TestDispatchStaleReceiptChangesNothing(t *testing.T) {
	tests := []struct {
		name   string
		late   channel.Result
		audits string // the outcome entries for email, in order
	}{
		{"repeated temporary failure", channel.ResultTemporaryFailure, "accepted temporary_failure accepted expired"},
		{"late delivered", channel.ResultDelivered, "accepted temporary_failure accepted delivered expired"},
	}
	stores := []struct {
		name string
		open func(t *testing.T) audit.Outbox
	}{
		{"memory", func(*testing.T) audit.Outbox { return new(audit.MemStore) }},
		{"file", func(t *testing.T) audit.Outbox {
			s, err := audit.OpenFile(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		}},
	}
	for _, tt := range tests {
		for _, st := range stores {
			t.Run(st.name+"/"+tt.name, func(t *testing.T) { staleReceipt(t, st.open(t), tt.late, tt.audits) })
		}
	}
}

// staleReceipt sends an email that is accepted and never delivered, fails
// it for now twice by the same receipt, lets the retry go, gives the first
// attempt a late receipt with result late, and checks that the retry
// alone goes on to the fallbacks when its wait ends.
func staleReceipt(t *testing.T, store audit.Outbox, late channel.Result, audits string) {
	c := &fakeClock{t: now}
	tr := &recorder{} // every send is accepted, never delivered
	d := newDispatcher(t, tr, store, c, policy.DispatchOptions{})
	m := msg()
	m.FallbackAfter = policy.Duration(2 * time.Hour)
	rep, err := d.Send(t.Context(), m, rec())
	if err != nil || len(rep.Sent) != 1 || rep.Sent[0].Channel != channel.Email {
		t.Fatalf("Send: %v %+v", err, rep)
	}
	first := rep.Sent[0].Receipt
	for range 2 { // the provider's webhook repeats itself
		if _, err := d.RecordOutcome(t.Context(), first, channel.ResultTemporaryFailure); err != nil {
			t.Fatal(err)
		}
	}
	c.Set(now.Add(16 * time.Minute))
	if _, err := d.RunDue(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tr.kinds(), " "); got != "email email" {
		t.Fatalf("after the retry sent %q, want email twice", got)
	}
	lrep, err := d.RecordOutcome(t.Context(), first, late)
	if err != nil || len(lrep.Decisions) != 0 {
		t.Fatalf("RecordOutcome(first attempt, %s) = %+v, %v; want nothing done", late, lrep, err)
	}
	steps := []struct {
		at   time.Duration
		sent string
	}{
		{time.Hour, "email email"},                  // the retry is waiting, not sent again
		{3 * time.Hour, "email email sms"},          // its wait ended undelivered: the fallback (P3)
		{100 * time.Hour, "email email sms letter"}, // and the next
	}
	for _, st := range steps {
		c.Set(now.Add(st.at))
		if _, err := d.RunDue(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(tr.kinds(), " "); got != st.sent {
			t.Fatalf("at +%s sent %q, want %q\naudit: %q", st.at, got, st.sent, kinds(store))
		}
	}
	var outs []string
	for e, err := range store.All(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if e.Kind == audit.KindOutcome && e.Channel == channel.Email {
			outs = append(outs, e.Outcome.String())
		}
	}
	if got := strings.Join(outs, " "); got != audits {
		t.Errorf("email outcomes recorded %q, want %q", got, audits)
	}
	if _, _, err := audit.VerifySeq(store.All(t.Context())); err != nil {
		t.Errorf("VerifySeq = %v", err)
	}
}

// TestDispatchStaleReceiptOnEarlierLog: on a log written before outcomes
// named their claims, a late bounce for an email since retried is still
// recorded against the first attempt: the retry's claim stays open, and
// sending the message again sends nothing.
func TestDispatchStaleReceiptOnEarlierLog(t *testing.T) {
	store := new(audit.MemStore)
	base := audit.Entry{Time: now, Patient: patientID, Recipient: patientID, RecipientRole: audit.ToPatient,
		Staff: "staff-42", MessageID: "msg-1", Channel: channel.Email, Address: email}
	entry := func(k audit.Kind, detail string, r channel.Result) audit.Entry {
		e := base
		e.Kind, e.Detail = k, detail
		switch k {
		case audit.KindDecision:
			e.Recipient, e.RecipientRole, e.Channel, e.Address = "", 0, 0, ""
			e.Outcome = audit.DecisionOutcome(policy.Send)
		case audit.KindAttempt:
			e.Body = msg().Body
		case audit.KindOutcome:
			e.Outcome = audit.DeliveryResult(r)
		}
		return e
	}
	log := []audit.Entry{
		entry(audit.KindDecision, "", 0),
		entry(audit.KindClaim, audit.ClaimDetail(1), 0),
		entry(audit.KindAttempt, "", 0),
		entry(audit.KindOutcome, "ref-1", channel.ResultAccepted),
		entry(audit.KindOutcome, "ref-1", channel.ResultTemporaryFailure),
		entry(audit.KindClaim, audit.ClaimDetail(2), 0),
		entry(audit.KindAttempt, "", 0),
		entry(audit.KindOutcome, "ref-2", channel.ResultAccepted),
	}
	if _, err := store.Commit(t.Context(), audit.Batch{Entries: log}); err != nil {
		t.Fatal(err)
	}
	tr := &recorder{}
	d := newDispatcher(t, tr, store, &fakeClock{t: now.Add(time.Hour)}, policy.DispatchOptions{})
	if _, err := d.RecordOutcome(t.Context(), channel.Receipt{ID: "ref-1"}, channel.ResultTemporaryFailure); err != nil {
		t.Fatal(err)
	}
	if _, err := d.RecordOutcome(t.Context(), channel.Receipt{ID: "ref-1"}, channel.ResultBounced); err != nil {
		t.Fatal(err)
	}
	entries, _ := store.ByMessage(t.Context(), patientID, "msg-1")
	if got := entries[len(entries)-1]; len(entries) != len(log)+1 || got.Outcome.String() != "bounced" || got.Answers != 1 {
		t.Fatalf("after a repeated and a late receipt the log ends %v (answers %d), %d entries; want one bounce answering claim 1 added", got, got.Answers, len(entries))
	}
	rep, err := d.Send(t.Context(), msg(), rec())
	if err != nil || len(tr.kinds()) != 0 || len(rep.Sent) != 1 || rep.Sent[0].Receipt.ID != "ref-2" {
		t.Errorf("Send again: sent %q, report %+v, %v; want nothing sent and the retry reported", tr.kinds(), rep, err)
	}
}

// jobFailsOnce is a MemStore whose first Job call fails, as a database
// that is restarting does.
type jobFailsOnce struct {
	*audit.MemStore
	failed bool
}

func (s *jobFailsOnce) Job(ctx context.Context, patient, messageID string) (audit.Job, error) {
	if !s.failed {
		s.failed = true
		return audit.Job{}, errors.New("store restarting")
	}
	return s.MemStore.Job(ctx, patient, messageID)
}

// TestDispatchReceiptRetriedAfterFailedFollowUp: a bounce is recorded but
// what it calls for fails (RecordOutcome returns the error), and the
// provider retries the callback, as webhooks are retried on error. The
// retry is not recorded twice, and it starts the next channel at once; a
// third copy, once that is done, changes nothing (P3, G31).
func TestDispatchReceiptRetriedAfterFailedFollowUp(t *testing.T) {
	store := &jobFailsOnce{MemStore: new(audit.MemStore)}
	d, tr, sent := sentAnHourAgo(t, store)
	if _, err := d.RecordOutcome(t.Context(), sent.Receipt, channel.ResultBounced); err == nil {
		t.Fatal("first RecordOutcome: want the store's error")
	}
	if _, err := d.RecordOutcome(t.Context(), sent.Receipt, channel.ResultBounced); err != nil {
		t.Fatalf("retried RecordOutcome: %v", err)
	}
	if got := strings.Join(tr.kinds(), " "); got != "email sms" {
		t.Errorf("after the provider retried the bounce: sent %q, want the email, then the text message at once", got)
	}
	if _, err := d.RecordOutcome(t.Context(), sent.Receipt, channel.ResultBounced); err != nil {
		t.Fatalf("third RecordOutcome: %v", err)
	}
	if got := strings.Join(tr.kinds(), " "); got != "email sms" {
		t.Errorf("after a third copy of the bounce: sent %q, want nothing more", got)
	}
	bounces := 0
	logged, err := store.ByPatient(t.Context(), patientID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range logged {
		if e.Kind == audit.KindOutcome && e.Outcome == audit.DeliveryResult(channel.ResultBounced) {
			bounces++
		}
	}
	if bounces != 1 {
		t.Errorf("bounce outcomes recorded = %d, want 1", bounces)
	}
}

// TestDispatchNoFallbackAfterAppointment: a reminder's email is accepted
// and never delivered, and its wait ends after the appointment: the
// decision made then refuses, and no text message goes days late (G8, P3).
func TestDispatchNoFallbackAfterAppointment(t *testing.T) {
	c := &fakeClock{t: now}
	tr, store := &recorder{}, new(audit.MemStore)
	d := newDispatcher(t, tr, store, c, policy.DispatchOptions{})
	m := msg()
	m.AppointmentAt = now.Add(30 * time.Hour)
	if rep, err := d.Send(t.Context(), m, rec()); err != nil || len(rep.Sent) != 1 || rep.Sent[0].Channel != channel.Email {
		t.Fatalf("Send: %v %+v; want the email sent", err, rep)
	}
	for _, after := range []time.Duration{100 * time.Hour, 150 * time.Hour} {
		c.Set(now.Add(after))
		if _, err := d.RunDue(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if got := strings.Join(tr.kinds(), " "); got != "email" {
		t.Errorf("sent %q, want the email only: the appointment was past when its wait ended\naudit: %q", got, kinds(store))
	}
	logged, err := store.ByPatient(t.Context(), patientID)
	if err != nil {
		t.Fatal(err)
	}
	if last := logged[len(logged)-1]; last.Kind != audit.KindDecision || last.Outcome.String() != "refuse" {
		t.Errorf("the log ends %v %s, want the refusal decided when the wait ended\naudit: %q", last.Kind, last.Outcome, kinds(store))
	}
}
