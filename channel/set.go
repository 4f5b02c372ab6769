package channel

import (
	"encoding/json"
	"strings"
)

// Set is a set of kinds, small enough to copy freely.
type Set uint8

// SetOf returns the set holding the given kinds. Invalid kinds are ignored.
func SetOf(kinds ...Kind) Set {
	var s Set
	for _, k := range kinds {
		s = s.Add(k)
	}
	return s
}

// AllKinds is the set of every valid kind.
const AllKinds Set = 1<<NHSApp | 1<<Email | 1<<SMS | 1<<MessagingApp | 1<<Letter

// ElectronicKinds is the set of every electronic kind (all but Letter).
const ElectronicKinds Set = AllKinds &^ (1 << Letter)

// Add returns s with k added. An invalid kind leaves s unchanged.
func (s Set) Add(k Kind) Set {
	if !k.Valid() {
		return s
	}
	return s | 1<<k
}

// Remove returns s without k.
func (s Set) Remove(k Kind) Set {
	if !k.Valid() {
		return s
	}
	return s &^ (1 << k)
}

// Has reports whether k is in s. An invalid kind is in no set, even one
// converted from a number with stray bits: AllKinds masks them off.
func (s Set) Has(k Kind) bool { return s&AllKinds&(1<<k) != 0 }

// Empty reports whether s has no kinds.
func (s Set) Empty() bool { return s&AllKinds == 0 }

// Kinds returns the members of s in the default order of Kinds.
func (s Set) Kinds() []Kind {
	var out []Kind
	for _, k := range Kinds() {
		if s.Has(k) {
			out = append(out, k)
		}
	}
	return out
}

// String lists the members, such as "{email,sms}".
func (s Set) String() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range s.Kinds() {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(k.String())
	}
	b.WriteByte('}')
	return b.String()
}

// MarshalJSON encodes s as an array of kind names in the default order,
// such as ["email","sms"].
func (s Set) MarshalJSON() ([]byte, error) {
	b := []byte{'['}
	for i, k := range s.Kinds() {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, k.String()...)
		b = append(b, '"')
	}
	return append(b, ']'), nil
}

// UnmarshalJSON decodes an array of kind names, rejecting unknown names.
func (s *Set) UnmarshalJSON(b []byte) error {
	var names []Kind
	if err := json.Unmarshal(b, &names); err != nil {
		return err
	}
	*s = SetOf(names...)
	return nil
}
