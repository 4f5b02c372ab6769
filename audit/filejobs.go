package audit

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// JobsFile is the name of the file in a FileStore's directory that holds
// its jobs (see Outbox): a journal of JSON lines, each adding or removing
// one job, compacted when most of its lines are spent.
const JobsFile = "jobs.jsonl"

// journalLine is one line of JobsFile: a job added (Put) or removed
// (Done, naming the version it removes).
type journalLine struct {
	Put  *journalJob `json:"put,omitempty"`
	Done *journalJob `json:"done,omitempty"`
}

type journalJob struct {
	Patient   string    `json:"patient"`
	MessageID string    `json:"message_id"`
	Due       time.Time `json:"due,omitzero"`
	Payload   []byte    `json:"payload,omitempty"`
	Version   uint64    `json:"version"`
}

// journal is a FileStore's job file. Only the committer writes it.
type journal struct {
	path  string
	f     *os.File
	size  int64
	lines int // lines in the file, live or spent
}

// openJournal opens dir's job file and replays it into t; versions get
// the version each job was put with. A torn last line, an add or removal
// never reported done, is dropped.
func openJournal(dir string, t *jobTable, versions map[jobKey]uint64) (*journal, error) {
	path := filepath.Join(dir, JobsFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit: cannot open job file: %w", err)
	}
	j := &journal{path: path, f: f}
	r := bufio.NewReader(io.NewSectionReader(f, 0, 1<<62))
	var buf []byte
	for {
		buf, err = readLine(r, buf[:0])
		if err == io.EOF {
			break // a line without its newline was never synced: drop it
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("audit: cannot read job file: %w", err)
		}
		var l journalLine
		if jerr := json.Unmarshal(buf, &l); jerr != nil || (l.Put == nil) == (l.Done == nil) {
			if _, perr := r.Peek(1); perr == io.EOF {
				break // a torn last line
			}
			f.Close()
			return nil, fmt.Errorf("%w: %s line %d is not a job: restore it from a copy you trust, or remove it to drop every job", ErrCorrupt, path, j.lines+1)
		}
		j.replay(&l, t, versions)
		j.lines++
		j.size += int64(len(buf))
	}
	if err := f.Truncate(j.size); err != nil {
		f.Close()
		return nil, fmt.Errorf("audit: cannot truncate job file: %w", err)
	}
	return j, nil
}

// replay applies one journal line to t.
func (j *journal) replay(l *journalLine, t *jobTable, versions map[jobKey]uint64) {
	if p := l.Put; p != nil {
		t.putVersion(Job{Patient: p.Patient, MessageID: p.MessageID, Due: p.Due, Payload: p.Payload}, p.Version)
		versions[jobKey{p.Patient, p.MessageID}] = p.Version
		t.lease = max(t.lease, p.Version)
		return
	}
	d := l.Done
	k := jobKey{d.Patient, d.MessageID}
	if v, ok := versions[k]; ok && v == d.Version {
		delete(t.rows, k)
		delete(versions, k)
	}
}

// appendLines appends the lines to the file and syncs it.
func (j *journal) appendLines(buf []byte, n int, sync func(*os.File) error) error {
	if len(buf) == 0 {
		return nil
	}
	if _, err := j.f.WriteAt(buf, j.size); err != nil {
		return err
	}
	if err := sync(j.f); err != nil {
		return err
	}
	j.size += int64(len(buf))
	j.lines += n
	return nil
}

// line appends l as a JSON line to buf.
func (j *journal) line(buf []byte, l journalLine) []byte {
	b, _ := json.Marshal(l) // cannot fail: strings, a time and bytes
	return append(append(buf, b...), '\n')
}

// spent reports whether most lines are spent, so that compact is worth
// its cost.
func (j *journal) spent(live int) bool { return j.lines > 1024 && j.lines > 4*live }

// compact rewrites the file to hold only the live jobs: written to a new
// file, synced, and renamed over the old one.
func (j *journal) compact(t *jobTable, versions map[jobKey]uint64, sync func(*os.File) error, syncDir func(string) error) error {
	var buf []byte
	for k, r := range t.rows {
		buf = j.line(buf, journalLine{Put: &journalJob{Patient: k.patient, MessageID: k.message,
			Due: r.job.Due, Payload: r.job.Payload, Version: versions[k]}})
	}
	tmp := j.path + ".new"
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("audit: cannot compact job file: %w", err)
	}
	_, err = f.Write(buf)
	if err == nil {
		err = sync(f)
	}
	if err == nil {
		err = os.Rename(tmp, j.path)
	}
	if err == nil {
		err = syncDir(filepath.Dir(j.path))
	}
	if err != nil {
		f.Close()
		return fmt.Errorf("audit: cannot compact job file: %w", err)
	}
	j.f.Close()
	j.f, j.size, j.lines = f, int64(len(buf)), len(t.rows)
	return nil
}

// close closes the file.
func (j *journal) close() error {
	if j == nil || j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	return err
}

// errJournal describes a failed write to the job file.
func errJournal(path string, err error) error {
	return fmt.Errorf("%w: writing %s: %v; whether the last jobs are stored is unknown: close the store and open it again", ErrFailed, path, err)
}
