package printable

import "testing"

// BenchmarkIDs checks the identifiers a policy decision carries.
func BenchmarkIDs(b *testing.B) {
	for _, c := range []struct{ name, in string }{
		{"msg", "msg-override-1"},
		{"staff", "staff-42"},
		{"cg", "cg-01"},
		{"nhs", "9990000018"},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if !ID(c.in) {
					b.Fatal("not an id")
				}
			}
		})
	}
}

func BenchmarkBlankShort(b *testing.B) {
	for _, c := range []struct{ name, in string }{
		{"id", "staff-42"},
		{"empty", ""},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				Blank(c.in)
			}
		})
	}
}
