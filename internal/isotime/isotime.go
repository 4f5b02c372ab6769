// Package isotime formats instants in UTC as RFC 3339 text, as package
// time's AppendFormat does, but without its general layout machinery for
// the years 0 to 9999. The audit log and the decision trail share it.
package isotime

import "time"

// Layouts Append writes.
const (
	Seconds = "2006-01-02T15:04:05Z"           // time.RFC3339 in UTC
	Nanos   = "2006-01-02T15:04:05.000000000Z" // nine fractional digits, always
)

// Append appends t in UTC in the Seconds layout, or in the Nanos layout
// when nanos is set. Years outside 0 to 9999 go through AppendFormat.
func Append(b []byte, t time.Time, nanos bool) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		layout := Seconds
		if nanos {
			layout = Nanos
		}
		return t.AppendFormat(b, layout)
	}
	hour, min, sec := t.Clock()
	var out [len(Nanos)]byte
	r := digits(out[:], year, 4)
	r[0] = '-'
	r = digits(r[1:], int(month), 2)
	r[0] = '-'
	r = digits(r[1:], day, 2)
	r[0] = 'T'
	r = digits(r[1:], hour, 2)
	r[0] = ':'
	r = digits(r[1:], min, 2)
	r[0] = ':'
	r = digits(r[1:], sec, 2)
	if nanos {
		r[0] = '.'
		r = digits(r[1:], t.Nanosecond(), 9)
	}
	r[0] = 'Z'
	return append(b, out[:len(out)-len(r)+1]...)
}

// digits writes v as n decimal digits at the start of b and returns the
// rest of b.
func digits(b []byte, v, n int) []byte {
	for i := n - 1; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return b[n:]
}
