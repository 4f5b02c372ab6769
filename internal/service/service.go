// Package service holds the one rule for service codes, shared by the
// packages that name services: proxy (sensitive services), minimise
// (lexicon terms) and policy (the service a message is about).
package service

// MaxLen is the longest service code.
const MaxLen = 64

// Valid reports whether code is a service code: lower-case letters, digits
// and single underscores, starting with a letter and not ending with an
// underscore, at most MaxLen bytes, such as "sexual_health".
func Valid(code string) bool {
	if code == "" || len(code) > MaxLen || code[0] < 'a' || code[0] > 'z' || code[len(code)-1] == '_' {
		return false
	}
	for i := 0; i < len(code); i++ {
		switch b := code[i]; {
		case b >= 'a' && b <= 'z', b >= '0' && b <= '9':
		case b == '_' && code[i-1] != '_':
		default:
			return false
		}
	}
	return true
}

// ValidFold is Valid without regard to case: "Sexual_Health" is a service
// code written in capitals. It allocates nothing.
func ValidFold(code string) bool {
	if code == "" || len(code) > MaxLen || code[len(code)-1] == '_' {
		return false
	}
	for i := 0; i < len(code); i++ {
		switch b := code[i] | 0x20; {
		case b >= 'a' && b <= 'z':
		case i == 0:
			return false
		case code[i] >= '0' && code[i] <= '9':
		case code[i] == '_' && code[i-1] != '_':
		default:
			return false
		}
	}
	return true
}
