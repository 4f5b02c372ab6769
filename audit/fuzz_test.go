package audit_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/carecomms/carecomms/audit"
)

// FuzzOpenFile feeds arbitrary bytes to OpenFile as the log. It must not
// panic; it either fails with ErrCorrupt, leaving the log untouched, or
// opens with entries that verify, the log and the set-aside file together
// holding exactly the original bytes (G29). Seeds are in
// testdata/fuzz/FuzzOpenFile.
func FuzzOpenFile(f *testing.F) {
	f.Add([]byte(""))
	f.Add([]byte("\n"))
	f.Add([]byte("{}\n{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, audit.LogFile)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := audit.OpenFileNoSync(dir)
		if err != nil {
			if !errors.Is(err, audit.ErrCorrupt) {
				t.Fatalf("OpenFile() error = %v, want nil or ErrCorrupt", err)
			}
			if got, _ := os.ReadFile(path); !bytes.Equal(got, data) {
				t.Fatalf("OpenFile() failed and changed the log")
			}
			return
		}
		defer s.Close()
		var all []audit.Entry
		for e, err := range s.All(t.Context()) {
			if err != nil {
				t.Fatalf("All() error = %v", err)
			}
			all = append(all, e)
		}
		_, head, _ := s.Head(t.Context())
		if err := audit.VerifyHead(all, head); err != nil {
			t.Fatalf("VerifyHead(All(), Head()) = %v", err)
		}
		kept, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if r := s.Recovered(); r != nil {
			aside, err := os.ReadFile(r.SetAside)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(append(kept, aside...), data) || r.Offset != int64(len(kept)) || r.Length != int64(len(aside)) {
				t.Fatalf("log %d bytes and set aside %d bytes (Recovered %+v) do not make up the original %d bytes", len(kept), len(aside), r, len(data))
			}
		} else if !bytes.Equal(kept, data) {
			t.Fatalf("OpenFile() changed the log without reporting a recovery")
		}
	})
}
