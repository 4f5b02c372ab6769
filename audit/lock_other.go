//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package audit

import "os"

// lockFile falls back to an exclusive lock file where flock is not
// available. See lockExclusive.
func lockFile(path string) (release func() error, err error) { return lockExclusive(path) }

// syncDir fsyncs a directory where the system allows it; elsewhere (such
// as Windows, where directories cannot be opened for sync) creating a file
// is durable once the file itself is synced.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	d.Sync()
	d.Close()
	return nil
}
