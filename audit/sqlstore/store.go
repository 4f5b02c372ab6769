package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"sort"
	"sync"
	"time"

	"github.com/carecomms/carecomms/audit"
)

var (
	_ audit.Store  = (*Store)(nil)
	_ audit.Outbox = (*Store)(nil)
)

// Store is an audit.Outbox on PostgreSQL: the hash chain, the claims and
// the jobs in tables of one schema, shared by every Store opened on it in
// any number of processes and machines.
//
// # Appends
//
// Append and Commit return once their transaction has committed, so the
// entries are as durable as the server makes a commit (synchronous_commit
// on: flushed to its write-ahead log). Concurrent appends in one process
// share a transaction (group commit), as FileStore's share an fsync. Each
// transaction locks the chain's head row, so appends from all processes
// are ordered, sequence numbers have no gaps, and claims are checked
// against every claim committed before.
//
// If a transaction fails before it commits, nothing was stored and the
// error says so. If the commit itself fails (the connection is lost as
// the server answers), whether the entries are stored is unknown: the
// error wraps audit.ErrFailed. Unlike FileStore, the store goes on
// accepting appends after either: each transaction reads the head afresh.
// database/sql replaces connections the server closed, so a restarted
// server is used again without reopening the Store.
//
// # Reads
//
// ByPatient, ByMessage, ByReference and All decode each entry and check
// its hash, reporting an entry that does not match as a *CorruptError.
// Take leases jobs with FOR UPDATE SKIP LOCKED, so that workers on many
// machines share them. Times of jobs are kept to the microsecond.
type Store struct {
	db     *sql.DB
	schema string // quoted
	q      queries

	mu      sync.Mutex
	cond    *sync.Cond
	pending []*pending
	closed  bool
	done    chan struct{}
	txs     int64 // transactions committed, for benchmarks

	// The head as the committer last wrote it; only the committer uses
	// these.
	headKnown bool
	headSeq   int64
	headHash  string
}

// Open returns a Store on the tables in schema ("" for DefaultSchema),
// which Migrate must have brought to SchemaVersion; otherwise it fails
// with an error wrapping ErrSchema. db is the host's, opened with its
// PostgreSQL driver (for example github.com/jackc/pgx/v5/stdlib or
// github.com/lib/pq); Close does not close it. Give db at least two
// connections: the committer holds one while readers use others.
func Open(ctx context.Context, db *sql.DB, schema string) (*Store, error) {
	if db == nil {
		return nil, errors.New("audit/sqlstore: db is nil: pass a *sql.DB opened with a PostgreSQL driver")
	}
	q, err := quoteSchema(schema)
	if err != nil {
		return nil, err
	}
	v, err := version(ctx, db, q)
	if err != nil {
		return nil, err
	}
	if v != SchemaVersion {
		return nil, fmt.Errorf("%w: schema %s is at version %d, this package needs %d: run sqlstore.Migrate", ErrSchema, q, v, SchemaVersion)
	}
	s := &Store{db: db, schema: q, q: newQueries(q), done: make(chan struct{})}
	s.cond = sync.NewCond(&s.mu)
	go s.commitLoop()
	return s, nil
}

// Close waits for pending appends to commit and stops the store. Later
// calls to its methods return audit.ErrClosed; closing again returns nil.
// It does not close the *sql.DB.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.cond.Signal()
	s.mu.Unlock()
	<-s.done
	return nil
}

// usable returns ctx's error, or audit.ErrClosed once the store is closed.
func (s *Store) usable(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return audit.ErrClosed
	}
	return nil
}

// CorruptError names a stored entry that is not an entry whose hash
// matches its contents. It wraps audit.ErrCorrupt and the cause.
type CorruptError struct {
	Seq uint64 // the row's sequence number
	Err error  // what is wrong with it
}

// Error names the row and what is wrong with it.
func (e *CorruptError) Error() string {
	return fmt.Sprintf("audit/sqlstore: entry %d is corrupt: %v; restore the table from a backup you trust", e.Seq, e.Err)
}

// Unwrap returns audit.ErrCorrupt and the cause.
func (e *CorruptError) Unwrap() []error { return []error{audit.ErrCorrupt, e.Err} }

// decode decodes a stored entry and checks it.
func decode(seq uint64, text []byte) (audit.Entry, error) {
	var e audit.Entry
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	err := dec.Decode(&e)
	if err == nil {
		err = e.Validate()
	}
	if err == nil && (e.Seq != seq || e.Hash != e.ComputeHash()) {
		err = errors.New("its hash or sequence number does not match its contents")
	}
	if err != nil {
		return audit.Entry{}, &CorruptError{Seq: seq, Err: err}
	}
	e.Time = e.Time.UTC()
	return e, nil
}

// query reads entries with one query whose rows are (seq, entry).
func (s *Store) query(ctx context.Context, query string, args ...any) ([]audit.Entry, error) {
	if err := s.usable(ctx); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("audit/sqlstore: reading entries: %w", err)
	}
	defer rows.Close()
	out := []audit.Entry{}
	var text []byte
	for rows.Next() {
		var seq int64
		if err := rows.Scan(&seq, &text); err != nil {
			return nil, fmt.Errorf("audit/sqlstore: reading entries: %w", err)
		}
		e, err := decode(uint64(seq), text)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit/sqlstore: reading entries: %w", err)
	}
	return out, nil
}

// ByPatient returns the patient's entries in sequence order. See
// audit.Store.ByPatient.
func (s *Store) ByPatient(ctx context.Context, patient string) ([]audit.Entry, error) {
	return s.query(ctx, s.q.byPatient, patient)
}

// ByMessage returns the entries about one message to one patient. See
// audit.Outbox.ByMessage.
func (s *Store) ByMessage(ctx context.Context, patient, messageID string) ([]audit.Entry, error) {
	return s.query(ctx, s.q.byMessage, patient, messageID)
}

// ByReference returns the latest succeeded outcome entry with the
// transport's reference ref. See audit.Outbox.ByReference.
func (s *Store) ByReference(ctx context.Context, ref string) (audit.Entry, error) {
	got, err := s.query(ctx, s.q.byReference, ref)
	if err != nil {
		return audit.Entry{}, err
	}
	if len(got) == 0 || ref == "" {
		return audit.Entry{}, fmt.Errorf("%w: no succeeded outcome has the reference %q: check the transport's reference, or that the send was recorded", audit.ErrNotFound, ref)
	}
	return got[0], nil
}

// All yields the entries stored when it is called, in sequence order,
// reading them in one query. See audit.Store.All.
func (s *Store) All(ctx context.Context) iter.Seq2[audit.Entry, error] {
	return func(yield func(audit.Entry, error) bool) {
		if err := s.usable(ctx); err != nil {
			yield(audit.Entry{}, err)
			return
		}
		rows, err := s.db.QueryContext(ctx, s.q.all)
		if err != nil {
			yield(audit.Entry{}, fmt.Errorf("audit/sqlstore: reading entries: %w", err))
			return
		}
		defer rows.Close()
		var text []byte
		for rows.Next() {
			var seq int64
			if err := rows.Scan(&seq, &text); err != nil {
				yield(audit.Entry{}, fmt.Errorf("audit/sqlstore: reading entries: %w", err))
				return
			}
			e, err := decode(uint64(seq), text)
			if !yield(e, err) || err != nil {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(audit.Entry{}, fmt.Errorf("audit/sqlstore: reading entries: %w", err))
		}
	}
}

// Head returns the last entry's sequence number and hash. See
// audit.Store.Head.
func (s *Store) Head(ctx context.Context) (uint64, string, error) {
	if err := s.usable(ctx); err != nil {
		return 0, "", err
	}
	var seq int64
	var hash string
	if err := s.db.QueryRowContext(ctx, s.q.head).Scan(&seq, &hash); err != nil {
		return 0, "", fmt.Errorf("audit/sqlstore: reading the head: %w", err)
	}
	return uint64(seq), hash, nil
}

// Take leases due jobs with FOR UPDATE SKIP LOCKED: a job another worker
// is taking at the same moment is left to it. See audit.Outbox.Take.
func (s *Store) Take(ctx context.Context, now time.Time, max int, lease time.Duration) ([]audit.Job, error) {
	if err := s.usable(ctx); err != nil {
		return nil, err
	}
	if max <= 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, s.q.take, now.UTC(), now.Add(lease).UTC(), max)
	if err != nil {
		return nil, fmt.Errorf("audit/sqlstore: taking jobs: %w", err)
	}
	jobs, err := scanJobs(rows)
	if err != nil {
		return nil, fmt.Errorf("audit/sqlstore: taking jobs: %w", err)
	}
	sort.Slice(jobs, func(i, j int) bool {
		if !jobs[i].Due.Equal(jobs[j].Due) {
			return jobs[i].Due.Before(jobs[j].Due)
		}
		return jobs[i].Lease < jobs[j].Lease
	})
	return jobs, nil
}

// Job returns the message's job. See audit.Outbox.Job.
func (s *Store) Job(ctx context.Context, patient, messageID string) (audit.Job, error) {
	if err := s.usable(ctx); err != nil {
		return audit.Job{}, err
	}
	rows, err := s.db.QueryContext(ctx, s.q.job, patient, messageID)
	if err != nil {
		return audit.Job{}, fmt.Errorf("audit/sqlstore: reading a job: %w", err)
	}
	jobs, err := scanJobs(rows)
	if err != nil {
		return audit.Job{}, fmt.Errorf("audit/sqlstore: reading a job: %w", err)
	}
	if len(jobs) == 0 {
		return audit.Job{}, fmt.Errorf("%w: no job for message %q to patient %q", audit.ErrNotFound, messageID, patient)
	}
	return jobs[0], nil
}

// scanJobs reads rows of (patient, message_id, due, payload, lease) and
// closes them.
func scanJobs(rows *sql.Rows) ([]audit.Job, error) {
	defer rows.Close()
	var jobs []audit.Job
	for rows.Next() {
		var j audit.Job
		var lease int64
		if err := rows.Scan(&j.Patient, &j.MessageID, &j.Due, &j.Payload, &lease); err != nil {
			return nil, err
		}
		j.Due, j.Lease = j.Due.UTC(), uint64(lease)
		jobs = append(jobs, j)
	}
	return jobs, rows.Err()
}
