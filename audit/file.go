package audit

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

var (
	_ Store  = (*FileStore)(nil)
	_ Outbox = (*FileStore)(nil)
)

// File names inside a FileStore's directory.
const (
	LogFile  = "audit.jsonl" // the log: one JSON entry per line, in sequence order
	LockFile = "audit.lock"  // the lock that keeps one writer at a time
)

// ErrCorrupt is wrapped by the errors a FileStore returns when a complete
// line of its log is not an entry that verifies.
var ErrCorrupt = errors.New("audit: log is corrupt")

// CorruptError names the line of a FileStore's log that is corrupt. It
// wraps ErrCorrupt and the cause, which may be a *VerifyError.
type CorruptError struct {
	Path   string // the log file
	Line   int    // 1-based line number; 0 when read by offset after opening
	Offset int64  // byte offset of the line's start
	Err    error  // what is wrong with it
}

// Error names the file, the line and what is wrong with it.
func (e *CorruptError) Error() string {
	where := "line " + strconv.Itoa(e.Line)
	if e.Line == 0 {
		where = "the line"
	}
	return fmt.Sprintf("audit: %s %s at byte %d is corrupt: %v; it is not the torn end of the last write, so it was left in place: restore the log from a copy you trust",
		e.Path, where, e.Offset, e.Err)
}

// Unwrap returns ErrCorrupt and the cause.
func (e *CorruptError) Unwrap() []error { return []error{ErrCorrupt, e.Err} }

// Recovery describes the torn end of the log that OpenFile set aside: a
// torn last line, or the rest of a torn last write from its first damaged
// line (see FileStore), the trace of appends that a crash interrupted
// before they were synced, and so were never reported as stored.
type Recovery struct {
	Offset   int64  // byte offset in the log where the first torn line began; the log now ends here
	Length   int64  // how many bytes were set aside
	Line     int    // 1-based line number of the first torn line
	SetAside string // path of the file that holds the torn bytes, unchanged
	Reason   string // why the first torn line is not a complete entry, and why the lines after it were set aside too
}

// FileStore is a durable Store: an append-only file of JSON lines in one
// directory, LogFile, with a lock file, LockFile, that keeps one FileStore
// at a time on the directory, across processes.
//
// It is an Outbox within one host: the claims are read from the log, and
// the jobs are kept in JobsFile in the same directory. Leases are kept in
// memory, since one process at a time has the store.
//
// # Durability
//
// Append returns once the entry is written and fsynced. Concurrent appends
// share one write and one fsync (group commit): a committer goroutine takes
// every append waiting, assigns their sequence numbers in arrival order,
// writes them, fsyncs once and wakes their callers. A batch of more than
// 1 MiB is written in pieces of whole lines of at most 1 MiB (or one line,
// when a line is longer), each fsynced before the next is written, so the
// log never has more than 1 MiB, or one line, written and not yet synced.
//
// If a write or fsync fails, Append reports an error wrapping ErrFailed.
// The entries in that batch may or may not be on disk, and since the
// system may have dropped the unsynced data, the store refuses every later
// append with the same error. Close it and open it again: OpenFile then
// finds each entry either complete in the log or in the torn end it sets
// aside. A host that needs to know looks for the message ID with
// ByPatient.
//
// # Recovery
//
// OpenFile reads and verifies the whole log, and sets aside its torn end,
// if it has one: it copies the bytes from the first torn line to the end
// of the log to a file named audit.torn-OFFSET.jsonl in the directory,
// syncs it, and only then truncates the log to the last complete entry
// before them; Recovered reports it. Nothing is dropped (G29).
//
// A crash before the fsync of a write can leave that write cut short, and
// blocks of it that never reached the disk read as zeros (as on ext4 and
// XFS) while later blocks of it did. So the torn end is either
//
//   - a last line that has no newline, is not valid JSON, or fails its
//     hash: a torn append; or
//   - a bad line (not an entry whose hash matches) that holds a zero byte,
//     and everything after it, when all of these hold: it starts at most
//     1 MiB from the end of the log, the most the store writes without an
//     fsync; every other bad line after it but the last also holds a zero
//     byte; and every complete line after it that is an entry is one the
//     same write could have held: it directly follows the entry on the
//     line before, or, when a bad line comes between, its sequence number
//     is at least two past that of the last entry before the bad line.
//     This is a torn last write: its first damaged line, and the rest of
//     it, which was never reported stored either.
//
// Any other problem makes OpenFile fail with a *CorruptError naming the
// first bad line, leaving the files untouched: a bad line without a zero
// byte before the last; damage followed by entries that continue the chain
// from the last good entry, or that do not chain among themselves; damage
// further than 1 MiB from the end; or a last line that is a valid entry
// but does not follow the chain. So no entry more than 1 MiB from the end
// is ever set aside, nor one that continues the chain from the entries
// kept; and a torn write left by a file system that shows stale bytes
// rather than zeros where a write did not reach the disk is reported as
// corruption, not recovered.
//
// A crash cannot tear an append that was reported stored, so a host
// should treat a non-nil Recovered as worth a look, and keep the head
// (Head) elsewhere: VerifyHead then shows whether the lines set aside held
// an entry reported stored, damaged since.
//
// # Locking
//
// On Linux, macOS and the BSDs the lock is an flock on LockFile, which the
// system releases if the process dies. Elsewhere LockFile is created
// exclusively and removed by Close; a crash leaves it behind, and it must
// be removed by hand once no process uses the log.
//
// Files are created with mode 0600 and the directory with 0700: the log
// holds patients' data.
type FileStore struct {
	path     string
	f        *os.File
	release  func() error
	recovery *Recovery
	noSync   bool // tests only: skip fsync

	mu      sync.Mutex
	cond    *sync.Cond // signals the committer: pending appends, or closing
	pending []*pendingAppend
	closed  bool
	failed  error
	seq     uint64
	head    string
	size    int64
	index   map[string][]span
	done    chan struct{} // closed when the committer exits

	// The Outbox's state. claims is written by the committer only;
	// messages, refs and jobs are guarded by mu.
	claims   map[Delivery]Claim
	messages map[jobKey][]span
	refs     map[string]span
	jobs     jobTable
	versions map[jobKey]uint64 // the version each job was put with, as JobsFile names it
	journal  *journal

	fileMu sync.RWMutex // held for reading around reads of f, for writing to close it
	syncs  atomic.Int64 // batches written, for tests and benchmarks

	pendingSeq  uint64 // the committer's head after the batch it is writing
	pendingHead string
}

// span locates one line of the log.
type span struct {
	off int64
	n   int
}

// pendingAppend is one Append or Commit waiting for the committer.
type pendingAppend struct {
	entries  []Entry
	put      []Job
	versions []uint64 // the version each of put gets
	drop     []Job
	done     chan struct{}
	taken    bool // the committer has it; it can no longer be withdrawn
	out      []Entry
	err      error
	at       []span
}

// OpenFile opens the log in dir, creating dir and the log if needed, takes
// its lock, and reads and verifies every entry, setting aside the torn end
// a crash can leave (see FileStore and Recovered). It fails with an error
// wrapping ErrLocked when another FileStore has dir open, and with a
// *CorruptError when the log is corrupt otherwise. Close the store to
// release the lock.
func OpenFile(dir string) (*FileStore, error) { return openFile(dir, false) }

// openFile is OpenFile; with noSync, which only tests use, it skips every
// fsync.
func openFile(dir string, noSync bool) (*FileStore, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("audit: cannot create log directory: %w", err)
	}
	release, err := lockFile(filepath.Join(dir, LockFile))
	if err != nil {
		return nil, err
	}
	s := &FileStore{path: filepath.Join(dir, LogFile), release: release, index: make(map[string][]span), noSync: noSync,
		claims: make(map[Delivery]Claim), messages: make(map[jobKey][]span), refs: make(map[string]span), versions: make(map[jobKey]uint64)}
	if err := s.open(dir); err != nil {
		if s.f != nil {
			s.f.Close()
		}
		s.journal.close()
		release()
		return nil, err
	}
	s.cond = sync.NewCond(&s.mu)
	s.done = make(chan struct{})
	go s.commitLoop()
	return s, nil
}

// open opens and scans the log, recovering its torn end.
func (s *FileStore) open(dir string) error {
	// Not O_APPEND: the store is the only writer, writes at the offset
	// it tracks, and must be able to truncate a torn line everywhere.
	f, err := os.OpenFile(s.path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("audit: cannot open log: %w", err)
	}
	s.f = f
	if err := s.syncDir(dir); err != nil {
		return fmt.Errorf("audit: cannot sync log directory: %w", err)
	}
	torn, err := s.scan()
	if err != nil {
		return err
	}
	if torn != nil {
		if err := s.setAside(dir, torn); err != nil {
			return err
		}
	}
	if s.journal, err = openJournal(dir, &s.jobs, s.versions); err != nil {
		return err
	}
	if s.journal.spent(len(s.jobs.rows)) {
		return s.journal.compact(&s.jobs, s.versions, s.sync, s.syncDir)
	}
	return nil
}

// scan reads the log from the start, indexing and verifying every entry.
// It returns the log's torn end, if it has one.
func (s *FileStore) scan() (*Recovery, error) {
	r := bufio.NewReaderSize(io.NewSectionReader(s.f, 0, 1<<62), 64<<10)
	var (
		off  int64
		buf  []byte
		line int
	)
	for {
		var err error
		buf, err = readLine(r, buf[:0])
		if len(buf) == 0 && err == io.EOF {
			return nil, nil
		}
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("audit: cannot read log: %w", err)
		}
		line++
		torn := func(reason string) (*Recovery, error) {
			return &Recovery{Offset: off, Length: int64(len(buf)), Line: line, Reason: reason}, nil
		}
		if err == io.EOF {
			return torn("no newline at its end")
		}
		e, derr := decodeLine(buf)
		if derr != nil {
			if _, perr := r.Peek(1); perr == io.EOF {
				return torn(derr.Error())
			}
			return s.tornWrite(r, off, line, buf, derr)
		}
		if e.Seq != s.seq+1 || e.Prev != s.head {
			return nil, &CorruptError{Path: s.path, Line: line, Offset: off, Err: linkError(s.seq, s.head, e, line-1)}
		}
		s.indexEntry(&e, span{off, len(buf)})
		s.seq, s.head = e.Seq, e.Hash
		off += int64(len(buf))
		s.size = off
	}
}

// maxWrite is the most the committer writes to the log before an fsync,
// unless one line is longer: a crash can damage no more than this of the
// log's end, and only a bad line this close to the end can be the start of
// a torn write.
const maxWrite = 1 << 20

// tornWrite decides whether the bad line at off, which is not the last
// line, starts the torn end of the log's last write, read on from r. It is
// when the rest of the log from off is at most maxWrite bytes; every bad
// line in it but the last holds a zero byte, as a block a write never
// reached reads; and every complete line in it that is an entry follows
// the chain as an entry of the same write would: linked to the entry
// before it, or, after a bad line, with a sequence number at least two
// past the last entry before that line. Otherwise the bad line is
// corruption.
func (s *FileStore) tornWrite(r *bufio.Reader, off int64, line int, first []byte, cause error) (*Recovery, error) {
	corrupt := &CorruptError{Path: s.path, Line: line, Offset: off, Err: cause}
	if bytes.IndexByte(first, 0) < 0 {
		return nil, corrupt
	}
	var (
		seq, head = s.seq, s.head
		linked    bool // the line before is an entry that follows the chain
		size      = int64(len(first))
		lines     int
		buf       []byte
	)
	for {
		var err error
		buf, err = readLine(r, buf[:0])
		if len(buf) == 0 && err == io.EOF {
			break
		}
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("audit: cannot read log: %w", err)
		}
		if size += int64(len(buf)); size > maxWrite {
			return nil, corrupt
		}
		lines++
		if err == io.EOF { // a last line cut short
			break
		}
		e, derr := decodeLine(buf)
		_, perr := r.Peek(1)
		switch {
		case derr != nil:
			if perr != io.EOF && bytes.IndexByte(buf, 0) < 0 {
				return nil, corrupt
			}
			linked = false
		case linked && (e.Seq != seq+1 || e.Prev != head), !linked && e.Seq < seq+2:
			return nil, corrupt
		default:
			seq, head, linked = e.Seq, e.Hash, true
		}
	}
	return &Recovery{Offset: off, Line: line, Reason: fmt.Sprintf(
		"%v, and it holds zero bytes, as a block a write never reached reads; the %d lines after it are the rest of the same write", cause, lines)}, nil
}

// linkError describes why e, at index, does not follow the entry with
// sequence number seq and hash head.
func linkError(seq uint64, head string, e Entry, index int) *VerifyError {
	ve := &VerifyError{Seq: e.Seq, Index: index, Problem: ProblemInserted, detail: "it does not link to the entry before it"}
	switch {
	case e.Seq > seq+1:
		ve.Problem = ProblemMissing
		ve.detail = missingDetail(seq+1, e.Seq)
	case e.Seq <= seq:
		ve.detail = fmt.Sprintf("it repeats sequence number %d or goes back", e.Seq)
	}
	return ve
}

// readLine appends the next line of r, with its newline, to buf. At the
// end of r it returns the bytes left with io.EOF.
func readLine(r *bufio.Reader, buf []byte) ([]byte, error) {
	for {
		chunk, err := r.ReadSlice('\n')
		buf = append(buf, chunk...)
		if err != bufio.ErrBufferFull {
			return buf, err
		}
	}
}

// decodeLine decodes one line of the log and checks that it is a valid
// entry whose hash matches.
func decodeLine(line []byte) (Entry, error) {
	var e Entry
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		return Entry{}, fmt.Errorf("not a JSON entry: %v", err)
	}
	if len(bytes.TrimSpace(line[dec.InputOffset():])) != 0 {
		return Entry{}, errors.New("not a JSON entry: text follows the entry")
	}
	if err := e.Validate(); err != nil {
		return Entry{}, err
	}
	if !e.hashMatches() {
		return Entry{}, &VerifyError{Seq: e.Seq, Problem: ProblemModified, detail: "its hash does not match its contents"}
	}
	e.Time = e.Time.UTC()
	return e, nil
}

// setAside copies the torn tail to its own file, syncs it, and then
// truncates the log before it.
func (s *FileStore) setAside(dir string, t *Recovery) error {
	st, err := s.f.Stat()
	if err != nil {
		return fmt.Errorf("audit: cannot stat log: %w", err)
	}
	t.Length = st.Size() - t.Offset
	tail := io.NewSectionReader(s.f, t.Offset, t.Length)
	name, err := s.writeAside(dir, t.Offset, tail)
	if err != nil {
		return err
	}
	t.SetAside = name
	if err := s.syncDir(dir); err != nil {
		return fmt.Errorf("audit: cannot sync log directory: %w", err)
	}
	if err := s.f.Truncate(t.Offset); err != nil {
		return fmt.Errorf("audit: cannot truncate the torn end from the log: %w", err)
	}
	if err := s.sync(s.f); err != nil {
		return fmt.Errorf("audit: cannot sync log: %w", err)
	}
	s.recovery = t
	return nil
}

// writeAside writes tail to a new file named for offset, or reuses one
// left by an earlier recovery that holds the same bytes.
func (s *FileStore) writeAside(dir string, offset int64, tail *io.SectionReader) (string, error) {
	for n := 0; ; n++ {
		name := filepath.Join(dir, fmt.Sprintf("audit.torn-%d.jsonl", offset))
		if n > 0 {
			name = filepath.Join(dir, fmt.Sprintf("audit.torn-%d-%d.jsonl", offset, n))
		}
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			if same, _ := sameContent(name, tail); same {
				return name, nil
			}
			continue
		}
		if err != nil {
			return "", fmt.Errorf("audit: cannot create file for the torn end of the log: %w", err)
		}
		_, err = io.Copy(f, io.NewSectionReader(tail, 0, tail.Size()))
		if err == nil {
			err = s.sync(f)
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return "", fmt.Errorf("audit: cannot write the torn end of the log to %s: %w", name, err)
		}
		return name, nil
	}
}

// sync fsyncs f.
func (s *FileStore) sync(f *os.File) error {
	if s.noSync {
		return nil
	}
	return f.Sync()
}

// syncDir fsyncs dir.
func (s *FileStore) syncDir(dir string) error {
	if s.noSync {
		return nil
	}
	return syncDir(dir)
}

// sameContent reports whether the file name holds exactly the bytes of r.
func sameContent(name string, r *io.SectionReader) (bool, error) {
	got, err := os.ReadFile(name)
	if err != nil || int64(len(got)) != r.Size() {
		return false, err
	}
	want := make([]byte, r.Size())
	if _, err := r.ReadAt(want, 0); err != nil && err != io.EOF {
		return false, err
	}
	return bytes.Equal(got, want), nil
}

// Recovered reports the torn end of the log that OpenFile set aside, or
// nil if the log ended cleanly.
func (s *FileStore) Recovered() *Recovery {
	if s.recovery == nil {
		return nil
	}
	r := *s.recovery
	return &r
}

// Append validates e, chains it after the current head, and returns once
// it is written and fsynced; concurrent appends share the fsync. If ctx is
// done before the committer takes the entry up, nothing is stored and
// ctx.Err() is returned; once taken up, Append waits for the write. See
// Store.Append and, for write failures, FileStore. A claim entry is
// checked as Outbox describes.
func (s *FileStore) Append(ctx context.Context, e Entry) (Entry, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, err
	}
	if err := e.Validate(); err != nil {
		return Entry{}, err
	}
	e.detach()
	p := &pendingAppend{entries: []Entry{e}, done: make(chan struct{})}
	if err := s.submit(ctx, p); err != nil {
		return Entry{}, err
	}
	return p.out[0], nil
}

// Commit stores b in one step: its new jobs and its entries written and
// fsynced, then its removed jobs. See Outbox.Commit.
func (s *FileStore) Commit(ctx context.Context, b Batch) ([]Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := CheckBatch(&b); err != nil {
		return nil, err
	}
	p := &pendingAppend{entries: make([]Entry, len(b.Entries)), put: b.Put, drop: b.Done, done: make(chan struct{})}
	for i, e := range b.Entries {
		e.detach()
		p.entries[i] = e
	}
	if err := s.submit(ctx, p); err != nil {
		return nil, err
	}
	return p.out, nil
}

// submit hands p to the committer and waits for it, or for ctx to be done
// before the committer takes p up.
func (s *FileStore) submit(ctx context.Context, p *pendingAppend) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	if s.failed != nil {
		s.mu.Unlock()
		return s.failed
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
			return ctx.Err()
		}
		s.mu.Unlock()
		<-p.done
	}
	return p.err
}

// commitLoop is the committer: it writes each batch of pending appends
// with one write and one fsync, until the store is closed and drained.
func (s *FileStore) commitLoop() {
	defer close(s.done)
	var (
		batch []*pendingAppend
		buf   []byte
	)
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
			for range p.put {
				s.jobs.lease++
				p.versions = append(p.versions, s.jobs.lease)
			}
		}
		s.mu.Unlock()
		buf = s.commit(batch, buf[:0])
		clear(batch)
		// Let the callers just woken append again before the next batch
		// is taken, so that they share its fsync rather than wait for
		// one more.
		runtime.Gosched()
	}
}

// commit writes one batch and wakes its callers: new jobs and entries
// written and synced, then the batch applied under mu, then removed jobs
// written. Only the committer changes seq, head, size, the indexes and
// the claims, under mu.
func (s *FileStore) commit(batch []*pendingAppend, buf []byte) []byte {
	s.mu.Lock()
	failed := s.failed
	seq, head, size := s.seq, s.head, s.size
	s.mu.Unlock()
	if failed == nil {
		buf = s.encode(batch, buf, seq, head, size)
		failed = s.write(batch, buf, size)
	}
	s.mu.Lock()
	if failed != nil {
		s.failed = failed
		for _, p := range batch {
			if p.err == nil {
				p.err = failed
			}
		}
	} else {
		s.apply(batch, size+int64(len(buf)))
	}
	s.mu.Unlock()
	for _, p := range batch {
		close(p.done)
	}
	return buf
}

// encode seals and encodes each pending append's entries after (seq,
// head), checking its claims; a refused claim or an entry that cannot be
// encoded fails that append alone. It returns the bytes to write, and
// sets the // committer's head after them.
func (s *FileStore) encode(batch []*pendingAppend, buf []byte, seq uint64, head string, size int64) []byte {
	claims := map[Delivery]Claim{}
	get := func(d Delivery) Claim {
		if c, ok := claims[d]; ok {
			return c
		}
		return s.claims[d]
	}
	for _, p := range batch {
		changed, err := ApplyClaims(p.entries, get)
		if err != nil {
			p.err = err
			continue
		}
		start, seq0, head0 := len(buf), seq, head
		p.out, p.at = make([]Entry, len(p.entries)), make([]span, len(p.entries))
		for i, e := range p.entries {
			e.seal(seq, head)
			line, err := json.Marshal(&e)
			if err != nil {
				p.err = fmt.Errorf("%w: cannot encode it as JSON: %v", ErrInvalid, err)
				break
			}
			p.at[i] = span{size + int64(len(buf)), len(line) + 1}
			buf = append(append(buf, line...), '\n')
			p.out[i] = e
			seq, head = e.Seq, e.Hash
		}
		if p.err != nil {
			buf, seq, head = buf[:start], seq0, head0
			continue
		}
		maps.Copy(claims, changed)
	}
	s.pendingSeq, s.pendingHead = seq, head
	return buf
}

// write writes the batch's new jobs and its entries and syncs both. It
// returns an error wrapping ErrFailed if either fails.
func (s *FileStore) write(batch []*pendingAppend, buf []byte, size int64) error {
	var jobs []byte
	n := 0
	for _, p := range batch {
		if p.err != nil {
			continue
		}
		for i, j := range p.put {
			jobs = s.journal.line(jobs, journalLine{Put: &journalJob{Patient: j.Patient, MessageID: j.MessageID,
				Due: j.Due.UTC(), Payload: j.Payload, Version: p.versions[i]}})
			n++
		}
	}
	if err := s.journal.appendLines(jobs, n, s.sync); err != nil {
		return errJournal(s.journal.path, err)
	}
	if len(buf) == 0 {
		return nil
	}
	err := s.writeLog(buf, size)
	s.syncs.Add(1)
	if err != nil {
		return fmt.Errorf("%w: writing %s: %v; whether the last entries are stored is unknown: close the store and open it again", ErrFailed, s.path, err)
	}
	return nil
}

// writeLog writes buf to the log at off and syncs it, in pieces of at
// most maxWrite bytes that end at a line's end, each synced before the next
// is written, so that a crash can tear only the last maxWrite bytes of the
// log, or its last line when that is longer.
func (s *FileStore) writeLog(buf []byte, off int64) error {
	for len(buf) > 0 {
		n := pieceLen(buf)
		if _, err := s.f.WriteAt(buf[:n], off); err != nil {
			return err
		}
		if err := s.sync(s.f); err != nil {
			return err
		}
		buf, off = buf[n:], off+int64(n)
	}
	return nil
}

// pieceLen returns the length of the first piece of buf that writeLog
// writes: as many whole lines as fit in maxWrite bytes, or the first line
// when it does not fit.
func pieceLen(buf []byte) int {
	if len(buf) <= maxWrite {
		return len(buf)
	}
	if i := bytes.LastIndexByte(buf[:maxWrite], '\n'); i >= 0 {
		return i + 1
	}
	if i := bytes.IndexByte(buf, '\n'); i >= 0 {
		return i + 1
	}
	return len(buf)
}

// apply makes a written batch visible: the entries indexed, the claims
// and jobs changed, and the jobs removed written to the job file; mu is
// held.
func (s *FileStore) apply(batch []*pendingAppend, size int64) {
	var drops []byte
	n := 0
	for _, p := range batch {
		if p.err != nil {
			continue
		}
		for i := range p.out {
			s.indexEntry(&p.out[i], p.at[i])
		}
		for _, j := range p.drop {
			k := jobKey{j.Patient, j.MessageID}
			if v := s.versions[k]; s.jobs.done(j) {
				drops = s.journal.line(drops, journalLine{Done: &journalJob{Patient: j.Patient, MessageID: j.MessageID, Version: v}})
				delete(s.versions, k)
				n++
			}
		}
		for i, j := range p.put {
			s.jobs.putVersion(j, p.versions[i])
			s.versions[jobKey{j.Patient, j.MessageID}] = p.versions[i]
		}
	}
	s.seq, s.head, s.size = s.pendingSeq, s.pendingHead, size
	// Removals need not be synced: a job that comes back after a crash
	// finds its work done, and is removed again.
	if err := s.journal.appendLines(drops, n, func(*os.File) error { return nil }); err != nil {
		s.failed = errJournal(s.journal.path, err)
	} else if s.journal.spent(len(s.jobs.rows)) {
		if err := s.journal.compact(&s.jobs, s.versions, s.sync, s.syncDir); err != nil {
			s.failed = fmt.Errorf("%w: %v", ErrFailed, err)
		}
	}
}

// indexEntry indexes a stored entry at sp for ByPatient, ByMessage and
// ByReference, and applies it to its delivery's claim.
func (s *FileStore) indexEntry(e *Entry, sp span) {
	s.index[e.Patient] = append(s.index[e.Patient], sp)
	k := jobKey{e.Patient, e.MessageID}
	s.messages[k] = append(s.messages[k], sp)
	if ref, ok := e.Reference(); ok {
		s.refs[ref] = sp
	}
	if d, ok := e.Delivery(); ok && (e.Kind == KindClaim || e.Kind == KindOutcome) {
		if c, err := s.claims[d].Apply(e); err == nil {
			s.claims[d] = c
		}
	}
}

// ByPatient reads the patient's entries from the log, checking each one's
// hash. See Store.ByPatient.
func (s *FileStore) ByPatient(ctx context.Context, patient string) ([]Entry, error) {
	return s.read(ctx, func() []span { return s.index[patient] }, func(e *Entry) bool { return e.Patient == patient })
}

// ByMessage reads the entries about one message to one patient, checking
// each one's hash. See Outbox.ByMessage.
func (s *FileStore) ByMessage(ctx context.Context, patient, messageID string) ([]Entry, error) {
	k := jobKey{patient, messageID}
	return s.read(ctx, func() []span { return s.messages[k] }, func(e *Entry) bool { return e.Patient == patient && e.MessageID == messageID })
}

// ByReference reads the latest succeeded outcome entry with the
// transport's reference ref. See Outbox.ByReference.
func (s *FileStore) ByReference(ctx context.Context, ref string) (Entry, error) {
	got, err := s.read(ctx, func() []span {
		if sp, ok := s.refs[ref]; ok && ref != "" {
			return []span{sp}
		}
		return nil
	}, func(e *Entry) bool { r, ok := e.Reference(); return ok && r == ref })
	if err != nil {
		return Entry{}, err
	}
	if len(got) == 0 {
		return Entry{}, notFoundRef(ref)
	}
	return got[0], nil
}

// read reads and checks the entries at the spans index returns under mu;
// belongs reports whether an entry is one the index should name.
func (s *FileStore) read(ctx context.Context, index func() []span, belongs func(*Entry) bool) ([]Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil, ErrClosed
	}
	spans := index()
	spans = spans[:len(spans):len(spans)]
	s.mu.Unlock()
	out := make([]Entry, 0, len(spans))
	var buf []byte
	for _, sp := range spans {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if cap(buf) < sp.n {
			buf = make([]byte, sp.n)
		}
		buf = buf[:sp.n]
		if _, err := s.readAt(buf, sp.off); err != nil {
			return nil, err
		}
		e, err := decodeLine(buf)
		if err == nil && !belongs(&e) {
			err = errors.New("the entry is not the one the index names")
		}
		if err != nil {
			return nil, &CorruptError{Path: s.path, Offset: sp.off, Err: err}
		}
		out = append(out, e)
	}
	return out, nil
}

// Take leases due jobs; leases are kept in memory. See Outbox.Take.
func (s *FileStore) Take(ctx context.Context, now time.Time, max int, lease time.Duration) ([]Job, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	return s.jobs.take(now, max, lease), nil
}

// Job returns the message's job. See Outbox.Job.
func (s *FileStore) Job(ctx context.Context, patient, messageID string) (Job, error) {
	if err := ctx.Err(); err != nil {
		return Job{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return Job{}, ErrClosed
	}
	j, ok := s.jobs.get(patient, messageID)
	if !ok {
		return Job{}, notFoundJob(patient, messageID)
	}
	return j, nil
}

// readAt reads from the log unless the store is closed.
func (s *FileStore) readAt(b []byte, off int64) (int, error) {
	s.fileMu.RLock()
	defer s.fileMu.RUnlock()
	if s.f == nil {
		return 0, ErrClosed
	}
	n, err := s.f.ReadAt(b, off)
	if err != nil && !(err == io.EOF && n == len(b)) {
		return n, fmt.Errorf("audit: cannot read log: %w", err)
	}
	return n, nil
}

// All reads the log from the start up to the entries stored when it is
// called. It checks each entry's hash; VerifySeq checks the chain. See
// Store.All.
func (s *FileStore) All(ctx context.Context) iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(Entry{}, err)
			return
		}
		s.mu.Lock()
		closed, size := s.closed, s.size
		s.mu.Unlock()
		if closed {
			yield(Entry{}, ErrClosed)
			return
		}
		r := bufio.NewReaderSize(io.NewSectionReader(readerAtFunc(s.readAt), 0, size), 64<<10)
		var (
			off int64
			buf []byte
		)
		for off < size {
			if err := ctx.Err(); err != nil {
				yield(Entry{}, err)
				return
			}
			var err error
			buf, err = readLine(r, buf[:0])
			if err != nil && !(err == io.EOF && len(buf) > 0 && buf[len(buf)-1] == '\n') {
				if err == io.EOF {
					err = &CorruptError{Path: s.path, Offset: off, Err: errors.New("the log is shorter than the entries stored")}
				}
				yield(Entry{}, err)
				return
			}
			e, err := decodeLine(buf)
			if err != nil {
				yield(Entry{}, &CorruptError{Path: s.path, Offset: off, Err: err})
				return
			}
			if !yield(e, nil) {
				return
			}
			off += int64(len(buf))
		}
	}
}

type readerAtFunc func([]byte, int64) (int, error)

func (f readerAtFunc) ReadAt(b []byte, off int64) (int, error) { return f(b, off) }

// Head returns the last stored entry's sequence number and hash. See
// Store.Head.
func (s *FileStore) Head(ctx context.Context) (uint64, string, error) {
	if err := ctx.Err(); err != nil {
		return 0, "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, "", ErrClosed
	}
	return s.seq, s.head, nil
}

// Close waits for pending appends to be written, closes the log and
// releases the lock. Later calls to the store's methods return ErrClosed;
// closing again returns nil.
func (s *FileStore) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.cond.Signal()
	s.mu.Unlock()
	<-s.done
	s.fileMu.Lock()
	defer s.fileMu.Unlock()
	err := s.sync(s.journal.f) // removals were written unsynced
	if cerr := s.journal.close(); err == nil {
		err = cerr
	}
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	s.f = nil
	if rerr := s.release(); err == nil {
		err = rerr
	}
	if err != nil {
		return fmt.Errorf("audit: closing log: %w", err)
	}
	return nil
}
