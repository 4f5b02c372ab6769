package audit_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/carecomms/carecomms/audit"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// writeLog makes a log of n entries in a new directory and returns its
// bytes, its entries and the offset where each line ends.
func writeLog(t *testing.T, n int) (data []byte, entries []audit.Entry, ends []int) {
	t.Helper()
	dir := t.TempDir()
	s, err := audit.OpenFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range chain(t, n) {
		if _, err := s.Append(t.Context(), e); err != nil {
			t.Fatal(err)
		}
	}
	entries = collect(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	data, err = os.ReadFile(filepath.Join(dir, audit.LogFile))
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range data {
		if b == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) != n {
		t.Fatalf("log has %d lines, want %d", len(ends), n)
	}
	return data, entries, ends
}

// openBytes writes data as the log of a new directory and opens it.
func openBytes(t *testing.T, data []byte) (string, *audit.FileStore, error) {
	return openBytesWith(t, audit.OpenFile, data)
}

// openBytesWith is openBytes with the given open function.
func openBytesWith(t *testing.T, open func(string) (*audit.FileStore, error), data []byte) (string, *audit.FileStore, error) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, audit.LogFile), data, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := open(dir)
	if err == nil {
		t.Cleanup(func() { s.Close() })
	}
	return dir, s, err
}

// checkRecovered opens data with open, in dir or, when dir is "", in a new
// directory, and checks that every complete entry is kept and verifies,
// and that the torn rest is reported and set aside intact (G29). It then
// appends, which must chain from the last kept entry, and reopens.
func checkRecovered(t *testing.T, open func(string) (*audit.FileStore, error), dir, name string, data []byte, entries []audit.Entry, ends []int) {
	t.Helper()
	kept, keptEnd := 0, 0
	for _, end := range ends {
		if end <= len(data) {
			kept, keptEnd = kept+1, end
		}
	}
	if dir == "" {
		dir = t.TempDir()
	} else if old, _ := filepath.Glob(filepath.Join(dir, "audit.torn-*")); len(old) > 0 {
		for _, f := range old {
			os.Remove(f)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, audit.LogFile), data, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := open(dir)
	if err != nil {
		t.Fatalf("OpenFile(%s) error = %v", name, err)
	}
	got := collect(t, s)
	if d := cmp.Diff(entries[:kept], got, cmpopts.EquateEmpty()); d != "" {
		t.Fatalf("OpenFile(%s) kept entries (-want +got):\n%s", name, d)
	}
	if err := audit.Verify(got); err != nil {
		t.Errorf("OpenFile(%s): Verify(kept) = %v", name, err)
	}
	rec := s.Recovered()
	if keptEnd == len(data) {
		if rec != nil {
			t.Errorf("OpenFile(%s) Recovered() = %+v, want nil", name, rec)
		}
	} else {
		want := audit.Recovery{Offset: int64(keptEnd), Length: int64(len(data) - keptEnd), Line: kept + 1}
		if rec == nil {
			t.Fatalf("OpenFile(%s) Recovered() = nil, want %+v", name, want)
		}
		gotRec := *rec
		gotRec.SetAside, gotRec.Reason = "", ""
		if gotRec != want {
			t.Errorf("OpenFile(%s) Recovered() = %+v, want %+v", name, gotRec, want)
		}
		side, err := os.ReadFile(rec.SetAside)
		if err != nil || !bytes.Equal(side, data[keptEnd:]) {
			t.Errorf("OpenFile(%s) set aside %q, %v, want the torn bytes %q", name, side, err, data[keptEnd:])
		}
		if filepath.Dir(rec.SetAside) != dir || rec.Reason == "" {
			t.Errorf("OpenFile(%s) Recovered() = %+v, want a side file in %s and a reason", name, rec, dir)
		}
	}
	main, err := os.ReadFile(filepath.Join(dir, audit.LogFile))
	if err != nil || !bytes.Equal(main, data[:keptEnd]) {
		t.Errorf("OpenFile(%s) left the log as %d bytes, %v, want the first %d bytes", name, len(main), err, keptEnd)
	}
	e, err := s.Append(t.Context(), attempt())
	if err != nil {
		t.Fatalf("OpenFile(%s): Append() error = %v", name, err)
	}
	wantPrev := ""
	if kept > 0 {
		wantPrev = entries[kept-1].Hash
	}
	if e.Seq != uint64(kept+1) || e.Prev != wantPrev {
		t.Errorf("OpenFile(%s): Append() = seq %d prev %s, want seq %d prev %s", name, e.Seq, e.Prev, kept+1, wantPrev)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = open(dir)
	if err != nil {
		t.Fatalf("reopening %s: %v", name, err)
	}
	defer s.Close()
	if rec := s.Recovered(); rec != nil {
		t.Errorf("reopening %s: Recovered() = %+v, want nil", name, rec)
	}
	all := collect(t, s)
	if len(all) != kept+1 || audit.Verify(all) != nil {
		t.Errorf("reopening %s: %d entries, Verify = %v, want %d entries that verify", name, len(all), audit.Verify(all), kept+1)
	}
}

// TestOpenFileTornTail cuts the log at every byte of its last three
// entries and at random points: opening keeps every complete entry and
// sets the rest aside.
func TestOpenFileTornTail(t *testing.T) {
	data, entries, ends := writeLog(t, 8)
	scratch := t.TempDir()
	start := ends[len(ends)-4]
	for cut := start; cut <= len(data); cut++ {
		// Creating files and syncing are slow on some file systems: most
		// cuts reuse one directory and skip fsync, which is not what they
		// test; a sample, with each line boundary, runs as in production.
		if (cut-start)%29 == 0 || slices.Contains(ends, cut) {
			checkRecovered(t, audit.OpenFile, "", "cut at byte "+itoa(cut), data[:cut], entries, ends)
		} else {
			checkRecovered(t, audit.OpenFileNoSync, scratch, "cut at byte "+itoa(cut), data[:cut], entries, ends)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 40 {
		cut := r.IntN(len(data) + 1)
		checkRecovered(t, audit.OpenFileNoSync, scratch, "random cut at byte "+itoa(cut), data[:cut], entries, ends)
	}
}

// TestOpenFileTornGarbage covers tails a crash can leave besides a cut:
// zeros where a batch's blocks were never written, and whole lines that
// do not decode or verify.
func TestOpenFileTornGarbage(t *testing.T) {
	data, entries, ends := writeLog(t, 4)
	last := data[ends[2]:]
	tails := []struct {
		name string
		g    string
		tail []byte
	}{
		{"zeros", "G29", make([]byte, 4096)},
		{"zeros after part of a line", "G29", append(append([]byte(nil), last[:50]...), make([]byte, 600)...)},
		{"empty line", "G29", []byte("\n")},
		{"invalid JSON line", "G29", []byte("{\"seq\":5,\"ti\n")},
		{"entry whose hash fails", "G29", bytes.Replace(last, []byte("entry 3"), []byte("entry X"), 1)},
		{"unknown field", "G29", bytes.Replace(last, []byte(`{"seq"`), []byte(`{"extra":1,"seq"`), 1)},
	}
	for _, tt := range tails {
		checkRecovered(t, audit.OpenFile, "", tt.name, append(append([]byte(nil), data...), tt.tail...), entries, ends)
	}
}

// TestOpenFileCorrupt checks that damage that is not the torn end of the
// last write is reported with ErrCorrupt naming the first bad line, and
// the files are left alone.
func TestOpenFileCorrupt(t *testing.T) {
	data, _, ends := writeLog(t, 5)
	line := func(i int) []byte { // line i, 1-based, with its newline
		start := 0
		if i > 1 {
			start = ends[i-2]
		}
		return data[start:ends[i-1]]
	}
	join := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	tests := []struct {
		name     string
		g        string
		data     []byte
		wantLine int
		chain    bool // the cause is a broken chain
	}{
		{"modified middle line", "G29", join(line(1), line(2), bytes.Replace(line(3), []byte("entry 2"), []byte("entry Z"), 1), line(4), line(5)), 3, true},
		{"garbage middle line", "G29", join(line(1), []byte("garbage\n"), line(3)), 2, false},
		{"empty middle line", "G29", join(line(1), []byte("\n"), line(2)), 2, false},
		{"missing middle line", "G29", join(line(1), line(2), line(4), line(5)), 3, true},
		{"swapped lines", "G29", join(line(1), line(3), line(2), line(4)), 2, true},
		{"duplicated line", "G29", join(line(1), line(2), line(2), line(3)), 3, true},
		{"valid last line that does not link", "G29", join(line(1), line(2), line(4)), 3, true},
		{"torn line before the last", "G29", join(line(1), line(2)[:40], line(3), line(4)), 2, false},
		{"first line does not start the chain", "G29", join(line(2), line(3)), 1, true},
		{"zeroed line before entries that continue the chain", "G29", join(line(1), zeroed(line(2)), line(2), line(3)), 2, false},
		{"zeroed line, then entries out of order", "G29", join(line(1), zeroed(line(2)), line(4), line(3)), 2, false},
		{"zeroed line, then an entry that goes back", "G29", join(line(1), line(2), zeroed(line(3)), line(2)), 3, false},
		{"zeroed line, then garbage before the last line", "G29", join(line(1), zeroed(line(2)), line(3), []byte("garbage\n"), line(5)), 2, false},
	}
	for _, tt := range tests {
		dir, _, err := openBytes(t, tt.data)
		var ce *audit.CorruptError
		if !errors.Is(err, audit.ErrCorrupt) || !errors.As(err, &ce) || ce.Line != tt.wantLine {
			t.Errorf("OpenFile(%s) [%s] = %v, want a *CorruptError for line %d", tt.name, tt.g, err, tt.wantLine)
			continue
		}
		if errors.Is(err, audit.ErrChainBroken) != tt.chain {
			t.Errorf("OpenFile(%s) = %v, ErrChainBroken %v, want %v", tt.name, err, !tt.chain, tt.chain)
		}
		if got, _ := os.ReadFile(filepath.Join(dir, audit.LogFile)); !bytes.Equal(got, tt.data) {
			t.Errorf("OpenFile(%s) changed the log", tt.name)
		}
		if m, _ := filepath.Glob(filepath.Join(dir, "audit.torn-*")); len(m) != 0 {
			t.Errorf("OpenFile(%s) set aside %v, want nothing", tt.name, m)
		}
		if strings.Contains(err.Error(), "Your appointment") {
			t.Errorf("OpenFile(%s) error %q contains a message body", tt.name, err)
		}
		// The lock was released: opening again fails the same way.
		if _, err := audit.OpenFile(dir); !errors.Is(err, audit.ErrCorrupt) {
			t.Errorf("OpenFile(%s) again = %v, want ErrCorrupt, not a held lock", tt.name, err)
		}
	}
}

// zeroed returns line with every byte but its newline zero, as a block a
// write never reached reads after a crash.
func zeroed(line []byte) []byte {
	z := make([]byte, len(line))
	z[len(z)-1] = '\n'
	return z
}

// TestOpenFileTornWrite damages the last group-commit write of a log as a
// crash before its fsync can: blocks of it read as zeros, blocks after them
// reached the disk, and the file may end early. Opening keeps every entry
// before the first damaged line and sets aside the rest of the write.
func TestOpenFileTornWrite(t *testing.T) {
	data, entries, ends := writeLog(t, 40)
	start := func(i int) int { // where 0-based line i starts
		if i == 0 {
			return 0
		}
		return ends[i-1]
	}
	// k is the first line that crosses a 4 KiB block boundary.
	k, boundary := -1, 0
	for i := 1; i < len(ends)-6; i++ {
		if b := (start(i)/4096 + 1) * 4096; b < ends[i] {
			k, boundary = i, b
			break
		}
	}
	if k < 0 {
		t.Fatal("no line crosses a block boundary")
	}
	zero := func(img []byte, from, to int) []byte {
		img = append([]byte(nil), img...)
		clear(img[from:to])
		return img
	}
	tests := []struct {
		name string
		g    string
		img  []byte
		kept int // entries before the first damaged line
	}{
		{"two-line write, first block lost", "G29", zero(data[:ends[k+1]], start(k), boundary), k},
		{"five-line write, first line lost with its newline", "G29", zero(data[:ends[k+4]], start(k), ends[k]), k},
		{"five-line write, first line lost but its newline", "G29", zero(data[:ends[k+4]], start(k), ends[k]-1), k},
		{"six-line write, its middle lines lost", "G29", zero(data[:ends[k+5]], start(k+1)+10, start(k+3)+10), k + 1},
		{"five-line write, first line lost, end cut", "G29", zero(data[:start(k+4)+30], start(k)+5, start(k)+20), k},
		{"four-line write, all but its last line lost", "G29", zero(data[:ends[k+3]], start(k), ends[k+2]), k},
		{"four-line write, first and third lines lost", "G29", zero(zero(data[:ends[k+3]], start(k), ends[k]-1), start(k+2)+40, start(k+2)+80), k},
	}
	for _, tt := range tests {
		checkRecovered(t, audit.OpenFile, "", tt.name, tt.img, entries, ends[:tt.kept])
	}
}

// TestOpenFileTornWriteTooLong checks that damage followed by more than a
// write's worth of entries that chain is corruption, not a torn write: no
// write the store makes is longer than 1 MiB.
func TestOpenFileTornWriteTooLong(t *testing.T) {
	dir := t.TempDir()
	s, err := audit.OpenFileNoSync(dir)
	if err != nil {
		t.Fatal(err)
	}
	var entries []audit.Entry
	for i := range 6 {
		e := attempt()
		e.Detail = strings.Repeat("x", 300<<10) + itoa(i)
		if e, err = s.Append(t.Context(), e); err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
	s.Close()
	data, err := os.ReadFile(filepath.Join(dir, audit.LogFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	ends := make([]int, 6)
	for i := range ends {
		ends[i] = len(bytes.Join(lines[:i+1], nil))
	}
	// Damage at line 4 leaves 900 KiB to set aside: a torn write.
	img := bytes.Join([][]byte{lines[0], lines[1], lines[2], zeroed(lines[3]), lines[4], lines[5]}, nil)
	checkRecovered(t, audit.OpenFileNoSync, "", "damage 900 KiB from the end", img, entries, ends[:3])
	// Damage at line 2 leaves 1.5 MiB: corrupt.
	img = bytes.Join([][]byte{lines[0], zeroed(lines[1]), lines[2], lines[3], lines[4], lines[5]}, nil)
	dir, _, err = openBytesWith(t, audit.OpenFileNoSync, img)
	var ce *audit.CorruptError
	if !errors.As(err, &ce) || ce.Line != 2 {
		t.Fatalf("OpenFile(damage 1.5 MiB from the end) = %v, want a *CorruptError for line 2", err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, audit.LogFile)); !bytes.Equal(got, img) {
		t.Errorf("OpenFile(damage 1.5 MiB from the end) changed the log")
	}
}

// TestOpenFileSetAsideAgain covers a crash after the torn line was copied
// aside but before the log was truncated: opening again reuses the copy,
// and a different file of the same name is never overwritten.
func TestOpenFileSetAsideAgain(t *testing.T) {
	data, _, ends := writeLog(t, 3)
	torn := data[:ends[1]+30]
	tests := []struct {
		name     string
		existing []byte // already at audit.torn-OFFSET.jsonl
		wantName string
	}{
		{"same bytes already aside", torn[ends[1]:], "audit.torn-" + itoa(ends[1]) + ".jsonl"},
		{"other bytes under the name", []byte("other"), "audit.torn-" + itoa(ends[1]) + "-1.jsonl"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, audit.LogFile), torn, 0o600)
		first := filepath.Join(dir, "audit.torn-"+itoa(ends[1])+".jsonl")
		os.WriteFile(first, tt.existing, 0o600)
		s, err := audit.OpenFile(dir)
		if err != nil {
			t.Fatalf("OpenFile(%s) error = %v", tt.name, err)
		}
		rec := s.Recovered()
		s.Close()
		if rec == nil || filepath.Base(rec.SetAside) != tt.wantName {
			t.Errorf("OpenFile(%s) Recovered() = %+v, want set aside as %s", tt.name, rec, tt.wantName)
			continue
		}
		if got, _ := os.ReadFile(first); !bytes.Equal(got, tt.existing) {
			t.Errorf("OpenFile(%s) overwrote %s", tt.name, first)
		}
		if got, _ := os.ReadFile(rec.SetAside); !bytes.Equal(got, torn[ends[1]:]) {
			t.Errorf("OpenFile(%s) side file = %q, want %q", tt.name, got, torn[ends[1]:])
		}
	}
}

func TestOpenFileLocked(t *testing.T) {
	dir := t.TempDir()
	s, err := audit.OpenFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s2, err := audit.OpenFile(dir); !errors.Is(err, audit.ErrLocked) {
		if s2 != nil {
			s2.Close()
		}
		t.Fatalf("second OpenFile() error = %v, want ErrLocked", err)
	}
	if code := lockHelper(t, dir); code != 3 {
		t.Errorf("OpenFile() in another process exited %d, want 3 (ErrLocked)", code)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if code := lockHelper(t, dir); code != 0 {
		t.Errorf("OpenFile() in another process after Close exited %d, want 0", code)
	}
	s, err = audit.OpenFile(dir)
	if err != nil {
		t.Fatalf("OpenFile() after Close error = %v", err)
	}
	s.Close()
}

// lockHelper runs OpenFile on dir in a child process: exit 0 on success, 3
// for ErrLocked.
func lockHelper(t *testing.T, dir string) int {
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelperProcess$")
	cmd.Env = append(os.Environ(), "AUDIT_LOCK_HELPER_DIR="+dir)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		t.Fatalf("running helper: %v\n%s", err, out)
	}
	return 0
}

func TestLockHelperProcess(t *testing.T) {
	dir := os.Getenv("AUDIT_LOCK_HELPER_DIR")
	if dir == "" {
		t.Skip("run by TestOpenFileLocked")
	}
	s, err := audit.OpenFile(dir)
	if errors.Is(err, audit.ErrLocked) {
		os.Exit(3)
	}
	if err != nil {
		os.Exit(4)
	}
	s.Close()
	os.Exit(0)
}

func TestFileStoreClosed(t *testing.T) {
	s, err := audit.OpenFile(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(t.Context(), attempt()); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close() = %v, want nil", err)
	}
	if _, err := s.Append(t.Context(), attempt()); !errors.Is(err, audit.ErrClosed) {
		t.Errorf("Append() after Close = %v, want ErrClosed", err)
	}
	if _, err := s.ByPatient(t.Context(), attempt().Patient); !errors.Is(err, audit.ErrClosed) {
		t.Errorf("ByPatient() after Close = %v, want ErrClosed", err)
	}
	if _, _, err := s.Head(t.Context()); !errors.Is(err, audit.ErrClosed) {
		t.Errorf("Head() after Close = %v, want ErrClosed", err)
	}
	for _, err := range s.All(t.Context()) {
		if !errors.Is(err, audit.ErrClosed) {
			t.Errorf("All() after Close = %v, want ErrClosed", err)
		}
	}
}

// TestFileStoreDetectsLaterTampering changes the log under an open store:
// reads check each entry's hash.
func TestFileStoreDetectsLaterTampering(t *testing.T) {
	dir := t.TempDir()
	s, err := audit.OpenFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e, err := s.Append(t.Context(), attempt())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, audit.LogFile)
	data, _ := os.ReadFile(path)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt(bytes.Replace(data, []byte("Reply C"), []byte("Reply X"), 1), 0)
	f.Close()
	if _, err := s.ByPatient(t.Context(), e.Patient); !errors.Is(err, audit.ErrCorrupt) {
		t.Errorf("ByPatient() after tampering = %v, want ErrCorrupt", err)
	}
	for _, err := range s.All(t.Context()) {
		if !errors.Is(err, audit.ErrCorrupt) {
			t.Errorf("All() after tampering = %v, want ErrCorrupt", err)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
