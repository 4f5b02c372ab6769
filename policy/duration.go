package policy

import (
	"fmt"
	"time"
)

// Duration is a time.Duration that encodes in JSON as a Go duration string
// such as "72h0m0s", and decodes from one ("72h", "30m").
type Duration time.Duration

// String returns the duration in Go syntax.
func (d Duration) String() string { return time.Duration(d).String() }

// MarshalText encodes d as a Go duration string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// UnmarshalText decodes a Go duration string; a negative duration is an error.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil || v < 0 {
		return fmt.Errorf("policy: duration %q is not a non-negative Go duration such as \"72h\"", clip(string(b)))
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
