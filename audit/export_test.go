package audit

// OpenFileNoSync is OpenFile without any fsync, so that tests that open
// many logs run quickly. Durability is not what they test.
func OpenFileNoSync(dir string) (*FileStore, error) { return openFile(dir, true) }
