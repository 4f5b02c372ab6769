package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/channel"
)

// queries are the statements on one schema.
type queries struct {
	byPatient, byMessage, byReference, all, head, take, job string
	lock, claims, write                                     string
}

func newQueries(q string) queries {
	return queries{
		byPatient:   "SELECT seq, entry FROM " + q + ".entries WHERE patient = $1 ORDER BY seq",
		byMessage:   "SELECT seq, entry FROM " + q + ".entries WHERE patient = $1 AND message_id = $2 ORDER BY seq",
		byReference: "SELECT seq, entry FROM " + q + ".entries WHERE ref = $1 ORDER BY seq DESC LIMIT 1",
		all:         "SELECT seq, entry FROM " + q + ".entries ORDER BY seq",
		head:        "SELECT seq, hash FROM " + q + ".head",
		take: "UPDATE " + q + ".jobs SET lease = nextval('" + q + ".leases'), leased_until = $2 " +
			"WHERE (patient, message_id) IN (SELECT patient, message_id FROM " + q + ".jobs " +
			"WHERE due <= $1 AND (leased_until IS NULL OR leased_until <= $1) ORDER BY due LIMIT $3 FOR UPDATE SKIP LOCKED) " +
			"RETURNING patient, message_id, due, payload, lease",
		job:  "SELECT patient, message_id, due, payload, lease FROM " + q + ".jobs WHERE patient = $1 AND message_id = $2",
		lock: "SELECT seq, hash FROM " + q + ".head FOR UPDATE",
		// The head, and the claims of the deliveries in $1, from one
		// snapshot; LATERAL looks each delivery up by the primary key,
		// however many rows the planner guesses the JSON holds.
		claims: "SELECT h.seq, h.hash, c.patient, c.message_id, c.role, c.recipient, c.count, c.open, c.channel, c.address " +
			"FROM " + q + ".head h LEFT JOIN (SELECT c.* " +
			"FROM json_to_recordset($1::json) AS r(patient text, message_id text, role text, recipient text) " +
			"CROSS JOIN LATERAL (SELECT * FROM " + q + ".claims c WHERE c.patient = r.patient AND c.message_id = r.message_id " +
			"AND c.role = r.role AND c.recipient = r.recipient) c) c ON true",
		write: strings.ReplaceAll(writeSQL, "{s}", q),
	}
}

// pending is one Append or Commit waiting for the committer.
type pending struct {
	entries []audit.Entry
	put     []audit.Job
	drop    []audit.Job
	done    chan struct{}
	taken   bool
	out     []audit.Entry
	err     error
}

// Append validates e, chains it after the head and commits it. See
// audit.Store.Append and, for failures, Store.
func (s *Store) Append(ctx context.Context, e audit.Entry) (audit.Entry, error) {
	out, err := s.Commit(ctx, audit.Batch{Entries: []audit.Entry{e}})
	if err != nil {
		return audit.Entry{}, err
	}
	return out[0], nil
}

// Commit stores b in one transaction. See audit.Outbox.Commit.
func (s *Store) Commit(ctx context.Context, b audit.Batch) ([]audit.Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := audit.CheckBatch(&b); err != nil {
		return nil, err
	}
	p := &pending{entries: make([]audit.Entry, len(b.Entries)), put: b.Put, drop: b.Done, done: make(chan struct{})}
	for i, e := range b.Entries {
		e.Time = e.Time.UTC()
		e.Rules = append([]string(nil), e.Rules...)
		if len(e.Rules) == 0 {
			e.Rules = nil
		}
		if e.Override != nil {
			o := *e.Override
			e.Override = &o
		}
		p.entries[i] = e
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, audit.ErrClosed
	}
	s.pending = append(s.pending, p)
	s.cond.Signal()
	s.mu.Unlock()
	select {
	case <-p.done:
	case <-ctx.Done():
		s.mu.Lock()
		if !p.taken {
			for i, q := range s.pending {
				if q == p {
					s.pending = append(s.pending[:i], s.pending[i+1:]...)
					break
				}
			}
			s.mu.Unlock()
			return nil, ctx.Err()
		}
		s.mu.Unlock()
		<-p.done
	}
	return p.out, p.err
}

// commitLoop is the committer: it commits each batch of pending appends
// in one transaction, until the store is closed and drained.
func (s *Store) commitLoop() {
	defer close(s.done)
	var batch []*pending
	for {
		s.mu.Lock()
		for len(s.pending) == 0 && !s.closed {
			s.cond.Wait()
		}
		if len(s.pending) == 0 {
			s.mu.Unlock()
			return
		}
		batch, s.pending = s.pending, batch[:0]
		for _, p := range batch {
			p.taken = true
		}
		s.mu.Unlock()
		s.commitBatch(batch)
		for _, p := range batch {
			close(p.done)
		}
		clear(batch)
		// Let the callers just woken append again before the next batch
		// is taken, so that they share its transaction rather than
		// alternate with the appends that waited for this one.
		runtime.Gosched()
	}
}

// commitTimeout bounds one transaction, so that a server that stops
// answering fails the appends waiting rather than holding them for ever.
const commitTimeout = time.Minute

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// optimisticTries is how many times commitBatch tries to write without
// holding the head's lock before it takes it.
const optimisticTries = 4

// commitBatch commits batch and sets each pending's result. It reads the
// head and the claims the batch needs in one query (or uses the head of
// its own last commit, when no claims are needed), then writes everything
// in one statement that does nothing unless the head is still that one:
// no lock is held between the two. When other processes keep moving the
// head, it locks the head in a transaction instead.
func (s *Store) commitBatch(batch []*pending) {
	ctx, cancel := context.WithTimeout(context.Background(), commitTimeout)
	defer cancel()
	var err error
	done, known := false, s.headKnown
	for range optimisticTries {
		done, err = s.write(ctx, s.db, batch, s.headSeq, s.headHash, known)
		if err != nil || done {
			break
		}
		known = false // another process appended: read the head again
	}
	if err == nil && !done {
		err = s.commitLocked(ctx, batch)
	}
	if err != nil {
		s.headKnown = false
		for _, p := range batch {
			if p.err == nil {
				p.err, p.out = err, nil
			}
		}
		return
	}
	s.mu.Lock()
	s.txs++
	s.mu.Unlock()
}

// commitLocked commits batch in a transaction that locks the head first.
func (s *Store) commitLocked(ctx context.Context, batch []*pending) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("audit/sqlstore: cannot begin a transaction, nothing was stored: %w", err)
	}
	defer tx.Rollback()
	var seq int64
	var head string
	if err := tx.QueryRowContext(ctx, s.q.lock).Scan(&seq, &head); err != nil {
		return fmt.Errorf("audit/sqlstore: cannot lock the head, nothing was stored: %w", err)
	}
	done, err := s.write(ctx, tx, batch, seq, head, true)
	if err != nil {
		return err
	}
	if !done {
		return errors.New("audit/sqlstore: the head moved while locked, nothing was stored: report this as a bug")
	}
	if err := tx.Commit(); err != nil {
		return unknown(err, "committing")
	}
	return nil
}

// unknown describes err from the statement that commits: an error the
// server reported means nothing was stored; any other, such as a lost
// connection, leaves it unknown.
func unknown(err error, doing string) error {
	var se interface{ SQLState() string }
	if errors.As(err, &se) {
		return fmt.Errorf("audit/sqlstore: %s failed, nothing was stored: %w", doing, err)
	}
	return fmt.Errorf("%w: %s failed (%v): whether the entries are stored is unknown; find them with ByMessage", audit.ErrFailed, doing, err)
}

// write checks each pending's claims, seals its entries after (seq,
// head) (read afresh with the claims unless known), and writes the entries, claims, jobs and new head in one
// statement that does nothing unless the head is still (seq, head). It
// reports whether it wrote, and on success records the new head.
func (s *Store) write(ctx context.Context, q querier, batch []*pending, seq int64, head string, known bool) (bool, error) {
	stored, err := s.readState(ctx, q, batch, known, &seq, &head)
	if err != nil {
		return false, fmt.Errorf("audit/sqlstore: cannot read the head and claims, nothing was stored: %w", err)
	}
	w := writeSet{claims: map[audit.Delivery]audit.Claim{}}
	get := func(d audit.Delivery) audit.Claim {
		if c, ok := w.claims[d]; ok {
			return c
		}
		return stored[d]
	}
	newSeq, newHead := seq, head
	for _, p := range batch {
		p.err, p.out = nil, nil
		c, err := audit.ApplyClaims(p.entries, get)
		if err != nil {
			p.err = err
			continue
		}
		maps.Copy(w.claims, c)
		p.out = make([]audit.Entry, len(p.entries))
		for i, e := range p.entries {
			e.Seq, e.Prev = uint64(newSeq)+1, newHead
			e.Hash = e.ComputeHash()
			p.out[i] = e
			newSeq, newHead = int64(e.Seq), e.Hash
		}
		w.rows = append(w.rows, p.out...)
		w.add(p)
	}
	if len(w.rows) == 0 && len(w.puts) == 0 && len(w.drops) == 0 {
		return true, nil
	}
	args, err := s.statement(&w, seq, head, newSeq, newHead)
	if err != nil {
		return false, err
	}
	var n int
	if err := q.QueryRowContext(ctx, s.q.write, args...).Scan(&n); err != nil {
		return false, unknown(err, "appending")
	}
	if n == 1 {
		s.headSeq, s.headHash, s.headKnown = newSeq, newHead, true
	}
	return n == 1, nil
}

// writeSet is what one statement writes.
type writeSet struct {
	rows   []audit.Entry
	claims map[audit.Delivery]audit.Claim
	drops  []audit.Job
	puts   []audit.Job // one per message, the last put winning
}

// add adds a pending's job changes: a message's job removed and put in the
// same statement is only put, which replaces it anyway.
func (w *writeSet) add(p *pending) {
	for _, j := range p.put {
		w.drops = slices.DeleteFunc(w.drops, func(d audit.Job) bool { return d.Patient == j.Patient && d.MessageID == j.MessageID })
		w.puts = slices.DeleteFunc(w.puts, func(d audit.Job) bool { return d.Patient == j.Patient && d.MessageID == j.MessageID })
		w.puts = append(w.puts, j)
	}
	for _, j := range p.drop {
		if !slices.ContainsFunc(w.puts, func(d audit.Job) bool { return d.Patient == j.Patient && d.MessageID == j.MessageID }) {
			w.drops = append(w.drops, j)
		}
	}
}

// The one statement that writes a batch. Each part is a common table
// expression that runs only when the head's update matched, so the
// statement writes all or nothing. The rows come as JSON arrays, one
// parameter each, so that the text is the same for every batch: the
// server plans it once per connection.
const writeSQL = `WITH h AS (UPDATE {s}.head SET seq = $1, hash = $2 WHERE seq = $3 AND hash = $4 RETURNING 1),
e AS (INSERT INTO {s}.entries (seq, patient, message_id, ref, entry)
	SELECT r.seq, r.patient, r.message_id, r.ref, r.entry
	FROM json_to_recordset($5::json) AS r(seq bigint, patient text, message_id text, ref text, entry text)
	WHERE EXISTS (SELECT 1 FROM h)),
c AS (INSERT INTO {s}.claims (patient, message_id, role, recipient, count, open, channel, address)
	SELECT r.patient, r.message_id, r.role, r.recipient, r.count, r.open, r.channel, r.address
	FROM json_to_recordset($6::json) AS r(patient text, message_id text, role text, recipient text, count integer, open boolean, channel text, address text)
	WHERE EXISTS (SELECT 1 FROM h)
	ON CONFLICT (patient, message_id, role, recipient) DO UPDATE
	SET count = EXCLUDED.count, open = EXCLUDED.open, channel = EXCLUDED.channel, address = EXCLUDED.address),
jd AS (DELETE FROM {s}.jobs j WHERE EXISTS (SELECT 1 FROM h) AND (j.patient, j.message_id, j.lease) IN (
	SELECT r.patient, r.message_id, r.lease FROM json_to_recordset($7::json) AS r(patient text, message_id text, lease bigint))),
jp AS (INSERT INTO {s}.jobs (patient, message_id, due, payload, lease)
	SELECT r.patient, r.message_id, r.due, decode(r.payload, 'base64'), nextval('{s}.leases')
	FROM json_to_recordset($8::json) AS r(patient text, message_id text, due timestamptz, payload text)
	WHERE EXISTS (SELECT 1 FROM h)
	ON CONFLICT (patient, message_id) DO UPDATE
	SET due = EXCLUDED.due, payload = EXCLUDED.payload, lease = EXCLUDED.lease, leased_until = NULL)
SELECT count(*) FROM h`

// The rows of writeSQL's JSON parameters.
type (
	entryRow struct {
		Seq       int64   `json:"seq"`
		Patient   string  `json:"patient"`
		MessageID string  `json:"message_id"`
		Ref       *string `json:"ref"`
		Entry     string  `json:"entry"`
	}
	claimRow struct {
		Patient   string `json:"patient"`
		MessageID string `json:"message_id"`
		Role      string `json:"role"`
		Recipient string `json:"recipient"`
		Count     int    `json:"count"`
		Open      bool   `json:"open"`
		Channel   string `json:"channel"`
		Address   string `json:"address"`
	}
	jobRow struct {
		Patient   string    `json:"patient"`
		MessageID string    `json:"message_id"`
		Lease     uint64    `json:"lease,omitempty"`
		Due       time.Time `json:"due,omitzero"`
		Payload   []byte    `json:"payload,omitempty"` // base64, as encoding/json writes bytes
	}
)

// statement returns writeSQL's parameters for w if the head is still
// (seq, head).
func (s *Store) statement(w *writeSet, seq int64, head string, newSeq int64, newHead string) ([]any, error) {
	rows := make([]entryRow, len(w.rows))
	for i := range w.rows {
		e := &w.rows[i]
		text, err := json.Marshal(e)
		if err != nil {
			return nil, fmt.Errorf("%w: cannot encode it as JSON: %v", audit.ErrInvalid, err)
		}
		rows[i] = entryRow{Seq: int64(e.Seq), Patient: e.Patient, MessageID: e.MessageID, Entry: string(text)}
		if r, ok := e.Reference(); ok {
			rows[i].Ref = &r
		}
	}
	claims := make([]claimRow, 0, len(w.claims))
	for d, c := range w.claims {
		ch := ""
		if c.Channel != channel.Kind(0) {
			ch = c.Channel.String()
		}
		claims = append(claims, claimRow{Patient: d.Patient, MessageID: d.MessageID, Role: d.Role.String(), Recipient: d.Recipient,
			Count: c.Count, Open: c.Open, Channel: ch, Address: c.Address})
	}
	drops := make([]jobRow, len(w.drops))
	for i, j := range w.drops {
		drops[i] = jobRow{Patient: j.Patient, MessageID: j.MessageID, Lease: j.Lease}
	}
	puts := make([]jobRow, len(w.puts))
	for i, j := range w.puts {
		puts[i] = jobRow{Patient: j.Patient, MessageID: j.MessageID, Due: j.Due.UTC(), Payload: j.Payload}
	}
	args := []any{newSeq, newHead, seq, head}
	for _, v := range []any{rows, claims, drops, puts} {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("%w: cannot encode the batch as JSON: %v", audit.ErrInvalid, err)
		}
		args = append(args, string(b))
	}
	return args, nil
}

// changesClaim reports whether e may change its delivery's claim: a claim,
// or an outcome that closes one. Other entries leave it as it is, so its
// stored value is not needed.
func changesClaim(e *audit.Entry) bool {
	r, _ := e.Outcome.Result()
	return e.Kind == audit.KindClaim || (e.Kind == audit.KindOutcome && audit.Closes(r))
}

// readState reads the stored claims of the deliveries the batch's claims
// and closing outcomes are about, and the head with them in the same
// query (so from the same snapshot) into seq and head. When no claims are
// needed and the head is known, it reads nothing.
func (s *Store) readState(ctx context.Context, q querier, batch []*pending, known bool, seq *int64, head *string) (map[audit.Delivery]audit.Claim, error) {
	seen := map[audit.Delivery]bool{}
	keys := []claimRow{}
	for _, p := range batch {
		for i := range p.entries {
			e := &p.entries[i]
			if d, ok := e.Delivery(); ok && changesClaim(e) && !seen[d] {
				seen[d] = true
				keys = append(keys, claimRow{Patient: d.Patient, MessageID: d.MessageID, Role: d.Role.String(), Recipient: d.Recipient})
			}
		}
	}
	out := make(map[audit.Delivery]audit.Claim, len(keys))
	if len(keys) == 0 && known {
		return out, nil
	}
	b, err := json.Marshal(keys)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, s.q.claims, string(b))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var d audit.Delivery
		var role, ch sql.NullString
		var count sql.NullInt64
		var open sql.NullBool
		var addr, patient, message, recipient sql.NullString
		if err := rows.Scan(seq, head, &patient, &message, &role, &recipient, &count, &open, &ch, &addr); err != nil {
			return nil, err
		}
		if !patient.Valid {
			continue // the head alone: no claim stored for the batch's deliveries
		}
		d.Patient, d.MessageID, d.Recipient = patient.String, message.String, recipient.String
		if err := d.Role.UnmarshalText([]byte(role.String)); err != nil {
			return nil, err
		}
		c := audit.Claim{Count: int(count.Int64), Open: open.Bool, Address: addr.String}
		if ch.String != "" {
			if err := c.Channel.UnmarshalText([]byte(ch.String)); err != nil {
				return nil, err
			}
		}
		out[d] = c
	}
	return out, rows.Err()
}
