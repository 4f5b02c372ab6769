package sqlstore_test

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/audit/sqlstore"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
)

// base is the dispatchers' clock at the start of a test: a Tuesday
// morning, inside every sending window, whenever the test runs.
var base = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

// testClock runs from base at the speed of the wall clock.
func testClock() func() time.Time {
	start := time.Now()
	return func() time.Time { return base.Add(time.Since(start)) }
}

// fixture returns message i and its patient's record: an appointment
// reminder by email with an SMS fallback. Every tenth patient's email
// address bounces.
func fixture(i int) (policy.Message, policy.Record) {
	id := fmt.Sprintf("p-%05d", i/4)
	m := policy.Message{
		ID: fmt.Sprintf("msg-%05d", i), At: base, Purpose: policy.IndividualCare, Class: channel.AppointmentReminder,
		Body:  "Riverside Surgery: your appointment is on Thursday 26 November at 09:40. To cancel, call 0115 496 0000.",
		Staff: policy.Staff{ID: "staff-42"},
	}
	addr := fmt.Sprintf("p%05d@example.org", i/4)
	if (i/4)%10 == 0 {
		addr = fmt.Sprintf("bounce%05d@example.org", i/4)
	}
	r := policy.Record{PatientID: id, BirthDate: channel.Date{Year: 1980, Month: 6, Day: 1},
		Contacts: []channel.Contact{
			{Kind: channel.Email, Address: addr, Verified: base.AddDate(0, -1, 0)},
			{Kind: channel.SMS, Address: fmt.Sprintf("07700 900%03d", i%1000), Verified: base.AddDate(0, -1, 0)},
		}}
	return m, r
}

// fileTransport records each send as a line in a file, written before Send
// returns, so that a process killed after sending leaves the line. An
// address starting "bounce" bounces. delay, when set, is how long a send
// takes.
type fileTransport struct {
	mu    sync.Mutex
	f     *os.File
	delay func() time.Duration
}

func (t *fileTransport) Send(_ context.Context, e channel.Envelope) (channel.Receipt, error) {
	if t.delay != nil {
		time.Sleep(t.delay())
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, err := fmt.Fprintf(t.f, "%s %s %s\n", e.MessageID, e.Recipient, e.Kind); err != nil {
		return channel.Receipt{}, err
	}
	if strings.HasPrefix(e.Address, "bounce") {
		return channel.Receipt{Kind: e.Kind, Result: channel.ResultBounced}, nil
	}
	return channel.Receipt{ID: e.MessageID + "/" + e.Kind.String(), Kind: e.Kind, Result: channel.ResultDelivered}, nil
}

// readSends counts the lines "message recipient channel" in the files.
func readSends(tb testing.TB, files ...string) map[string]int {
	tb.Helper()
	n := map[string]int{}
	for _, name := range files {
		f, err := os.Open(name)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if line := sc.Text(); strings.Count(line, " ") == 2 {
				n[line]++ // a line cut short by a kill has fewer fields
			}
		}
		f.Close()
	}
	return n
}

// TestHelperProcess is a dispatcher process that the tests below start.
// It does nothing in a normal test run.
func TestHelperProcess(t *testing.T) {
	switch os.Getenv("CARECOMMS_HELPER") {
	case "":
		return
	case "dispatch":
		helperDispatch(t)
	}
	os.Exit(0)
}

// helperDispatch runs CARECOMMS_WORKERS workers, each sending messages 0
// to CARECOMMS_MESSAGES-1 in its own order, recording sends in
// CARECOMMS_SENDS and, after each Send returns, the report in
// CARECOMMS_ACKS.
func helperDispatch(t *testing.T) {
	db, err := sql.Open("pgx", os.Getenv("CARECOMMS_POSTGRES_URL"))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(8)
	s, err := sqlstore.Open(context.Background(), db, os.Getenv("CARECOMMS_SCHEMA"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(); err != nil {
		t.Fatal(err)
	}
	fmt.Println("ready")
	sends, err := os.OpenFile(os.Getenv("CARECOMMS_SENDS"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	acks, err := os.OpenFile(os.Getenv("CARECOMMS_ACKS"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	tr := &fileTransport{f: sends}
	if os.Getenv("CARECOMMS_SLOW") != "" {
		tr.delay = func() time.Duration { return time.Duration(rand.IntN(5_000)) * time.Microsecond }
	}
	wall := testClock()
	clock := wall
	if os.Getenv("CARECOMMS_MORNING") != "" {
		clock = func() time.Time { return morning.Add(wall().Sub(base)) }
	}
	d, err := policy.NewDispatcher(policy.Default(), tr, s, clock)
	if err != nil {
		t.Fatal(err)
	}
	workers, _ := strconv.Atoi(os.Getenv("CARECOMMS_WORKERS"))
	n, _ := strconv.Atoi(os.Getenv("CARECOMMS_MESSAGES"))
	seed, _ := strconv.Atoi(os.Getenv("CARECOMMS_SEED"))
	split := os.Getenv("CARECOMMS_SPLIT") != ""
	ctx, stopRun := context.WithCancel(context.Background())
	var running sync.WaitGroup
	if os.Getenv("CARECOMMS_RUN") != "" {
		running.Go(func() { d.Run(ctx) })
	}
	var wg sync.WaitGroup
	var ackMu sync.Mutex
	for w := range workers {
		order := rand.New(rand.NewPCG(uint64(seed), uint64(w))).Perm(n)
		wg.Go(func() {
			for _, i := range order {
				if split && i%workers != w {
					continue
				}
				m, r := fixture(i)
				rep := sendUntilDone(d, m, r)
				ackMu.Lock()
				fmt.Fprintf(acks, "%s sent=%d failed=%d doubt=%d\n", m.ID, len(rep.Sent), len(rep.Failed), len(rep.InDoubt))
				ackMu.Unlock()
			}
		})
	}
	wg.Wait()
	stopRun()
	running.Wait()
	for {
		if n, err := d.RunDue(context.Background()); n == 0 && err == nil {
			break
		}
	}
}

// morning is the clock's start for work scheduled the evening before:
// Wednesday at 08:00, when the email and SMS windows open.
var morning = time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)

// sendUntilDone calls Send until it returns without an error, as a host
// whose database is restarting would.
func sendUntilDone(d *policy.Dispatcher, m policy.Message, r policy.Record) policy.Report {
	for pause := 10 * time.Millisecond; ; pause = min(2*pause, time.Second) {
		rep, err := d.Send(context.Background(), m, r)
		if err == nil {
			return rep
		}
		time.Sleep(pause)
	}
}

// helper returns a command that runs the helper process with env.
func helper(tb testing.TB, env ...string) *exec.Cmd {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), "CARECOMMS_HELPER=dispatch"), env...)
	cmd.Stderr = os.Stderr
	return cmd
}

// outcomes reads the log: the chain must verify; it returns, for each
// message, the attempts with a succeeded outcome and those with no
// outcome or an unknown one.
func outcomes(tb testing.TB, s *sqlstore.Store) (sent, doubt map[string]int, entries int) {
	tb.Helper()
	ctx := context.Background()
	if _, _, err := audit.VerifySeq(s.All(ctx)); err != nil {
		tb.Fatalf("VerifySeq = %v", err)
	}
	sent, doubt = map[string]int{}, map[string]int{}
	open := map[string]int{}
	for e, err := range s.All(ctx) {
		if err != nil {
			tb.Fatal(err)
		}
		entries++
		k := e.MessageID + " " + e.Recipient + " " + e.Channel.String()
		switch e.Kind {
		case audit.KindAttempt:
			open[k]++
		case audit.KindOutcome:
			if r, _ := e.Outcome.Result(); r == channel.ResultUnknown {
				continue
			} else if r.Succeeded() {
				sent[k]++
			}
			open[k]--
		}
	}
	for k, n := range open {
		if n > 0 {
			doubt[k] = n
		}
	}
	return sent, doubt, entries
}

// checkOnce checks that no delivery was sent twice and that every message
// reached its patient, by email or, where the email bounced, by SMS; or
// has an attempt in doubt, which is never resent (nor moved on from).
func checkOnce(t *testing.T, sends map[string]int, sent, doubt map[string]int, n int) {
	t.Helper()
	for k, c := range sends {
		if c > 1 {
			t.Errorf("%s was sent %d times", k, c)
		}
	}
	missing := 0
	for i := range n {
		m, r := fixture(i)
		ch := "email"
		if strings.HasPrefix(r.Contacts[0].Address, "bounce") {
			ch = "sms"
		}
		k := m.ID + " " + r.PatientID + " " + ch
		inDoubt := doubt[m.ID+" "+r.PatientID+" email"]+doubt[m.ID+" "+r.PatientID+" sms"] > 0
		if sent[k] != 1 && !inDoubt {
			if missing++; missing <= 5 {
				t.Errorf("%s: %d succeeded outcomes and none in doubt, %d sends; want one delivered", k, sent[k], sends[k])
			}
		}
	}
	if missing > 5 {
		t.Errorf("%d messages in all were not delivered", missing)
	}
}

// TestPostgresDispatchProcesses: 4 processes with 2 workers each dispatch
// the same 10,000 messages, half of them scheduled the evening before for
// the morning's window: each process's workers share out all 10,000
// messages and call Send, while Run in each takes the scheduled ones from
// the queue. Each (message, recipient) is sent once, and the chain
// verifies.
func TestPostgresDispatchProcesses(t *testing.T) {
	const procs, workers, messages = 4, 2, 10_000
	db := openDB(t)
	schema := newSchema(t, db)
	start := time.Now()
	scheduled := scheduleEvening(t, db, schema, messages)
	t.Logf("scheduled %d messages in %s", scheduled, time.Since(start).Round(time.Millisecond))
	dir := t.TempDir()
	var cmds []*exec.Cmd
	var files []string
	for p := range procs {
		files = append(files, filepath.Join(dir, fmt.Sprintf("sends-%d", p)))
		cmd := helper(t, "CARECOMMS_SCHEMA="+schema, "CARECOMMS_SENDS="+files[p], "CARECOMMS_ACKS="+filepath.Join(dir, "acks"),
			"CARECOMMS_WORKERS="+strconv.Itoa(workers), "CARECOMMS_MESSAGES="+strconv.Itoa(messages), "CARECOMMS_SEED="+strconv.Itoa(p),
			"CARECOMMS_SPLIT=1", "CARECOMMS_RUN=1", "CARECOMMS_MORNING=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("a dispatcher process failed: %v", err)
		}
	}
	elapsed := time.Since(start)
	s, err := sqlstore.Open(context.Background(), db, schema)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sends := readSends(t, files...)
	sent, doubt, entries := outcomes(t, s)
	checkOnce(t, sends, sent, doubt, messages)
	if len(doubt) != 0 {
		t.Errorf("%d deliveries in doubt, want none: no process failed", len(doubt))
	}
	total := 0
	for _, c := range sends {
		total += c
	}
	t.Logf("%d processes × %d workers, %d messages (%d scheduled the evening before): %d sends, %d entries, %s",
		procs, workers, messages, scheduled, total, entries, elapsed.Round(time.Millisecond))
}

// scheduleEvening sends the even-numbered messages at 19:00 the evening
// before, outside the email and SMS windows: each is scheduled for the
// morning, and nothing is sent. It returns how many it scheduled.
func scheduleEvening(t *testing.T, db *sql.DB, schema string, messages int) int {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), db, schema)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	evening := func() time.Time { return base.Add(9 * time.Hour) }
	d, err := policy.NewDispatcher(policy.Default(), nopTransport{}, s, evening)
	if err != nil {
		t.Fatal(err)
	}
	var next, scheduled atomic.Int64
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for i := next.Add(2) - 2; i < int64(messages); i = next.Add(2) - 2 {
				m, r := fixture(int(i))
				rep, err := d.Send(context.Background(), m, r)
				if err != nil || len(rep.Sent) != 0 || len(rep.Scheduled) != 1 {
					t.Errorf("Send(%s) at 19:00 = %v, %+v; want it scheduled for the morning", m.ID, err, rep)
					return
				}
				scheduled.Add(1)
			}
		})
	}
	wg.Wait()
	return int(scheduled.Load())
}

// readAcks reads the lines "message sent=N failed=N doubt=N" that
// helpers wrote after Send returned, and returns the most recent for each
// message.
func readAcks(tb testing.TB, name string) map[string][3]int {
	tb.Helper()
	out := map[string][3]int{}
	f, err := os.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		return out
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var id string
		var c [3]int
		if n, _ := fmt.Sscanf(sc.Text(), "%s sent=%d failed=%d doubt=%d", &id, &c[0], &c[1], &c[2]); n == 4 {
			out[id] = c
		}
	}
	return out
}

// TestPostgresDispatchSIGKILL: a dispatcher process killed with SIGKILL 50
// times mid-send, then run to the end: attempts in doubt are reported and
// never resent, nothing acknowledged is lost, and the chain verifies.
func TestPostgresDispatchSIGKILL(t *testing.T) {
	const kills, messages = 50, 600
	db := openDB(t)
	schema := newSchema(t, db)
	dir := t.TempDir()
	sends, acks := filepath.Join(dir, "sends"), filepath.Join(dir, "acks")
	env := []string{"CARECOMMS_SCHEMA=" + schema, "CARECOMMS_SENDS=" + sends, "CARECOMMS_ACKS=" + acks,
		"CARECOMMS_WORKERS=2", "CARECOMMS_MESSAGES=" + strconv.Itoa(messages)}
	rng := rand.New(rand.NewPCG(1, 2))
	for k := range kills {
		cmd := helper(t, append(env, "CARECOMMS_SLOW=1", "CARECOMMS_SEED="+strconv.Itoa(k))...)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		bufio.NewReader(out).ReadString('\n') // "ready": connected, about to send
		time.Sleep(time.Duration(20+rng.IntN(200)) * time.Millisecond)
		cmd.Process.Kill() // SIGKILL
		cmd.Wait()
	}
	acked := readAcks(t, acks) // what the killed processes were told
	final := filepath.Join(dir, "final-acks")
	cmd := helper(t, append(env, "CARECOMMS_SEED=99", "CARECOMMS_ACKS="+final, "CARECOMMS_WORKERS=1")...)
	if err := cmd.Run(); err != nil {
		t.Fatalf("the last dispatcher process failed: %v", err)
	}
	s, err := sqlstore.Open(context.Background(), db, schema)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sent, doubt, entries := outcomes(t, s) // VerifySeq passes, or this fails
	counts := readSends(t, sends)
	checkOnce(t, counts, sent, doubt, messages)
	reported := readAcks(t, final)
	for k := range doubt {
		id := strings.Fields(k)[0]
		if reported[id][2] == 0 {
			t.Errorf("%s is in doubt in the log, but the last Send of it reported none in doubt", k)
		}
	}
	for id, c := range acked {
		if c[0] == 0 {
			continue
		}
		found := false
		for k := range sent {
			found = found || strings.HasPrefix(k, id+" ")
		}
		if !found {
			t.Errorf("%s was acknowledged as sent, but the log has no delivered outcome for it", id)
		}
	}
	t.Logf("%d kills, %d messages: %d acknowledged before the last run, %d sends, %d deliveries in doubt, %d entries",
		kills, messages, len(acked), len(counts), len(doubt), entries)
}

// restartServer restarts the PostgreSQL server: with pg_ctl when
// CARECOMMS_POSTGRES_DIR names the cluster .ci/postgres started, else by
// ending every other connection to the database, as a restart does to its
// clients.
func restartServer(t *testing.T, db *sql.DB) {
	t.Helper()
	if dir := os.Getenv("CARECOMMS_POSTGRES_DIR"); dir != "" {
		pgCtl := filepath.Join(envOr("PGBIN", "/usr/lib/postgresql/15/bin"), "pg_ctl")
		// The server's output goes to its log: a pipe here would be held
		// open by the server pg_ctl starts.
		args := []string{pgCtl, "-D", filepath.Join(dir, "data"), "-l", filepath.Join(dir, "server.log"), "-w", "-m", "fast", "restart"}
		if os.Geteuid() == 0 {
			args = append([]string{"runuser", "-u", "postgres", "--"}, args...)
		}
		if err := exec.Command(args[0], args[1:]...).Run(); err != nil {
			t.Fatalf("restarting PostgreSQL: %v; see %s", err, filepath.Join(dir, "server.log"))
		}
		return
	}
	t.Log("CARECOMMS_POSTGRES_DIR is not set: ending every connection instead of restarting the server")
	if _, err := db.Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"); err != nil {
		t.Fatal(err)
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// TestPostgresDispatchRestart: the database restarts while 4 workers
// dispatch 2,000 messages; they reconnect, and nothing is lost or sent
// twice.
func TestPostgresDispatchRestart(t *testing.T) {
	const workers, messages = 4, 2000
	db := openDB(t)
	schema := newSchema(t, db)
	s, err := sqlstore.Open(context.Background(), db, schema)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sendsFile := filepath.Join(t.TempDir(), "sends")
	f, err := os.Create(sendsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := policy.NewDispatcher(policy.Default(), &fileTransport{f: f}, s, testClock())
	if err != nil {
		t.Fatal(err)
	}
	var done sync.WaitGroup
	var progress, inDoubt sync.Map
	var count atomic.Int64
	for w := range workers {
		done.Go(func() {
			for i := w; i < messages; i += workers {
				m, r := fixture(i)
				rep := sendUntilDone(d, m, r)
				if len(rep.InDoubt) > 0 {
					inDoubt.Store(m.ID, true)
				}
				progress.Store(m.ID, true)
				count.Add(1)
			}
		})
	}
	for count.Load() < messages/4 {
		time.Sleep(5 * time.Millisecond)
	}
	restartServer(t, db)
	at := count.Load()
	done.Wait()
	sent, doubt, entries := outcomes(t, s)
	counts := readSends(t, sendsFile)
	checkOnce(t, counts, sent, doubt, messages)
	for k := range doubt {
		if _, ok := inDoubt.Load(strings.Fields(k)[0]); !ok {
			t.Errorf("%s is in doubt in the log but Send did not report it", k)
		}
	}
	t.Logf("restarted after %d of %d messages: %d in doubt, %d entries", at, messages, len(doubt), entries)
}
