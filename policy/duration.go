package policy

import (
	"strconv"
	"time"

	"github.com/carecomms/carecomms/internal/enum"
)

// Duration is a time.Duration that encodes in JSON as a Go duration string
// such as "72h0m0s", and decodes from one ("72h", "30m"). It prints in
// words, such as "72 hours".
type Duration time.Duration

// String returns the duration as people read it: "72 hours", "4 hours",
// "7 days" (whole days from a week), "1 hour 30 minutes", "45 minutes".
// A duration with seconds left over, or a negative one, is given in Go
// syntax. MarshalText gives Go syntax always.
func (d Duration) String() string {
	t := time.Duration(d)
	if t < 0 || t%time.Minute != 0 {
		return t.String()
	}
	const day = 24 * time.Hour
	if t >= 7*day && t%day == 0 {
		return count(int64(t/day), "day")
	}
	h, m := int64(t/time.Hour), int64(t%time.Hour/time.Minute)
	switch {
	case h == 0:
		return count(m, "minute")
	case m == 0:
		return count(h, "hour")
	}
	return count(h, "hour") + " " + count(m, "minute")
}

// count writes n with the unit, plural unless n is 1.
func count(n int64, unit string) string {
	s := strconv.FormatInt(n, 10) + " " + unit
	if n != 1 {
		s += "s"
	}
	return s
}

// MarshalText encodes d as a Go duration string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// UnmarshalText decodes a Go duration string; a negative duration is an error.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil || v < 0 {
		return enum.Reject(b, "policy: a duration must be a non-negative Go duration such as \"72h\"")
	}
	*d = Duration(v)
	return nil
}

func clip(s string) string {
	if len(s) > 32 {
		return s[:32] + "…"
	}
	return s
}
