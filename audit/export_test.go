package audit

// OpenFileNoSync is OpenFile without any fsync, so that tests that open
// many logs run quickly. Durability is not what they test.
func OpenFileNoSync(dir string) (*FileStore, error) { return openFile(dir, true) }

// Batches reports how many batches s has written, each with one fsync
// for each 1 MiB piece.
func (s *FileStore) Batches() int64 { return s.syncs.Load() }
