package audit

import (
	"context"
	"errors"
	"iter"
)

// Store is an append-only, hash-chained audit log. MemStore and FileStore
// implement it; a host may supply its own (a database table, say) and
// check it with audittest.TestStore.
//
// A Store that is not an [Outbox] checks no claims: a policy.Dispatcher
// using one sends each message once only among the Dispatchers of one
// process that share the same Store value.
//
// Implementations are safe for concurrent use. Every method returns an
// error matching ctx.Err() (with errors.Is) when ctx is already done when
// it is called.
type Store interface {
	// Append validates e (see Entry.Validate), assigns its Seq, Prev and
	// Hash so that it follows the current head, and stores it, as one
	// atomic step: concurrent appends are ordered, and sequence numbers
	// have no gaps. Any Seq, Prev or Hash in e is ignored. It returns the
	// entry as stored: its Time in UTC, and sharing no memory with e.
	//
	// A nil error means the entry is stored (for FileStore: written and
	// fsynced). An error means nothing was stored: invalid entries give an
	// error wrapping ErrInvalid (a *FieldError naming the field), a closed
	// store ErrClosed, and a context done before the entry was taken up
	// ctx.Err(). The one exception is a write or sync failure, reported
	// as an error wrapping ErrFailed: the entry may or may not be stored,
	// and the store refuses further appends; see FileStore.
	Append(ctx context.Context, e Entry) (Entry, error)

	// ByPatient returns every stored entry whose Patient is patient, in
	// sequence order, including entries about messages sent to the
	// patient's proxies (they carry the patient's id). No entries is an
	// empty result and a nil error.
	ByPatient(ctx context.Context, patient string) ([]Entry, error)

	// All yields every entry stored when it is called, in sequence order,
	// with a nil error. On failure it yields one zero Entry with the error
	// and stops. Entries appended during the iteration are not yielded.
	// The iterator may be run more than once; each run reads the store
	// afresh.
	All(ctx context.Context) iter.Seq2[Entry, error]

	// Head returns the sequence number and hash of the last stored entry,
	// or 0 and "" when the store is empty. A host that keeps the hash
	// somewhere else can detect a truncated log with VerifyHead.
	Head(ctx context.Context) (seq uint64, hash string, err error)
}

// ErrClosed is returned by a store's methods after it is closed.
var ErrClosed = errors.New("audit: store is closed")

// ErrFailed is wrapped by the errors a store returns after a write or sync
// failed: whether the entries being written are stored is unknown.
var ErrFailed = errors.New("audit: store failed")
