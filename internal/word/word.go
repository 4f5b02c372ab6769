// Package word reads eight bytes of a string as one 64-bit word, for the
// fast paths that test or count ASCII bytes eight at a time (identifiers,
// NHS numbers, message bodies).
package word

// Byte-wise constants: Ones has 1 in every byte, Highs the high bit of
// every byte. A word w is all ASCII exactly when w&Highs == 0.
const (
	Ones  = 0x0101010101010101
	Highs = 0x8080808080808080
)

// Load64 returns s[0:8] as a little-endian word. The compiler merges the
// eight byte loads into one. The caller ensures len(s) >= 8.
func Load64(s string) uint64 {
	b := s[:8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}
