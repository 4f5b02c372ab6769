package audit

import "fmt"

// The package keeps its own enum text helpers so that it imports nothing
// else of the module. Names are lower-case snake_case; index 0 is the zero
// value, which has no valid name.

// enumName returns names[v], or a placeholder such as "kind(9)" for a
// value outside the table.
func enumName(typ string, names []string, v int) string {
	if v > 0 && v < len(names) {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, v)
}

// enumMarshal encodes v by name, rejecting the zero value and unknown
// values.
func enumMarshal(typ string, names []string, v int) ([]byte, error) {
	if v <= 0 || v >= len(names) {
		return nil, fmt.Errorf("audit: invalid %s %s: set it to one of %v", typ, enumName(typ, names, v), names[1:])
	}
	return []byte(names[v]), nil
}

// enumParse finds text among names[1:], rejecting unknown names.
func enumParse(typ string, names []string, text []byte) (int, error) {
	for i := 1; i < len(names); i++ {
		if string(text) == names[i] {
			return i, nil
		}
	}
	return 0, fmt.Errorf("audit: unknown %s %q: use one of %v", typ, clip(text), names[1:])
}

// clip keeps error messages short when a caller passes a long string.
func clip(b []byte) string {
	const max = 32
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}
