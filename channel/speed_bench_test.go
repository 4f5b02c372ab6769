package channel

import "testing"

// The inputs one policy decision checks: a UK mobile number as typed, an
// NHS number, a short GSM-7 body and identifiers for the trail.

func BenchmarkValidNHSNumber(b *testing.B) {
	for _, c := range []struct{ name, in string }{
		{"plain", "9990000018"},
		{"grouped", "943 476 5919"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if !ValidNHSNumber(c.in) {
					b.Fatal("not valid")
				}
			}
		})
	}
}

func BenchmarkCountSMSShort(b *testing.B) {
	body := "Your appointment is on Monday at 10:00. Reply"
	if len(body) != 45 {
		b.Fatal(len(body))
	}
	b.ReportAllocs()
	for b.Loop() {
		CountSMS(body)
	}
}

func BenchmarkMaskID(b *testing.B) {
	for _, c := range []struct{ name, in string }{
		{"msg", "msg-override-1"},
		{"staff", "staff-42"},
		{"cg", "cg-01"},
		{"nhs", "9990000018"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				MaskID(c.in)
			}
		})
	}
}
