package sqlstore

// Transactions reports how many transactions s has committed.
func (s *Store) Transactions() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.txs
}
