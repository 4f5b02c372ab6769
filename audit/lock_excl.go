package audit

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
)

// ErrLocked is wrapped by the error OpenFile returns when another FileStore,
// in this process or another, has the directory open.
var ErrLocked = errors.New("audit: log is locked")

// lockExclusive is the lock for systems without flock: it creates path
// with O_EXCL, writing the process id into it, and removes it on release.
// A process that crashes leaves the file behind; once no process uses the
// log, remove it by hand.
func lockExclusive(path string) (release func() error, err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("%w: %s exists: another FileStore has the log open; if none does (a crash left the file), remove it", ErrLocked, path)
	}
	if err != nil {
		return nil, fmt.Errorf("audit: cannot create lock file: %w", err)
	}
	_, werr := f.WriteString(strconv.Itoa(os.Getpid()) + "\n")
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		return nil, fmt.Errorf("audit: cannot write lock file: %w", werr)
	}
	return func() error { return os.Remove(path) }, nil
}
