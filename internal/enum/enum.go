// Package enum holds the text encoding shared by the module's small named
// enum types: lower-case snake_case names, unknown names rejected.
package enum

import "fmt"

// Name returns names[v], or a placeholder such as "kind(9)" for a value
// outside the table. Index 0 is the zero value's name.
func Name(typ string, names []string, v int) string {
	if v >= 0 && v < len(names) && names[v] != "" {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, v)
}

// Parse finds text among names, starting at index first (1 when the zero
// value has no valid name). It reports an error naming the package, the type
// and the accepted names.
func Parse(pkg, typ string, names []string, first int, text []byte) (int, error) {
	for i := first; i < len(names); i++ {
		if names[i] != "" && string(text) == names[i] {
			return i, nil
		}
	}
	return 0, fmt.Errorf("%s: unknown %s %q: use one of %v", pkg, typ, clip(text), names[first:])
}

// clip keeps error messages short when a caller passes a long string.
func clip(b []byte) string {
	const max = 32
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

// Marshal encodes v by name, rejecting values outside names[first:] and
// values whose name is empty.
func Marshal(pkg, typ string, names []string, v, first int) ([]byte, error) {
	if v < first || v >= len(names) || names[v] == "" {
		return nil, fmt.Errorf("%s: cannot encode %s %s: set it to one of %v", pkg, typ, Name(typ, names, v), names[first:])
	}
	return []byte(names[v]), nil
}
