package proxy

import (
	"testing"
	"time"

	"github.com/carecomms/carecomms/channel"
)

// benchRecord is a record with three proxies: a parent (valid), an expired
// consent and a deputy (invalid: the child has no recorded lack of capacity).
func benchRecord() ([]Proxy, Patient, channel.Date) {
	a := active(ParentalResponsibility)
	a.Mode = Instead
	b := active(Consent)
	b.Until = d(2025, time.December, 31)
	c := active(CourtAppointedDeputy)
	return []Proxy{a, b, c}, Patient{BirthDate: d(2016, time.February, 29)}, d(2026, time.March, 10)
}

// BenchmarkCheck checks every proxy of a three-proxy record per iteration.
func BenchmarkCheck(b *testing.B) {
	ps, pt, on := benchRecord()
	b.ReportAllocs()
	valid := 0
	for b.Loop() {
		for i := range ps {
			if Check(&ps[i], pt, on).Valid {
				valid++
			}
		}
	}
	if valid == 0 {
		b.Fatal("no valid proxies")
	}
}

func BenchmarkRecipients(b *testing.B) {
	ps, pt, on := benchRecord()
	b.ReportAllocs()
	for b.Loop() {
		_ = Recipients(ps, pt, on)
	}
}

func BenchmarkServicesHas(b *testing.B) {
	s := DefaultServices()
	b.ReportAllocs()
	for b.Loop() {
		if !s.Has("Substance_Misuse") || s.Has("screening") {
			b.Fatal("wrong answer")
		}
	}
}

func BenchmarkAge(b *testing.B) {
	birth, on := d(2008, time.February, 29), d(2026, time.March, 1)
	b.ReportAllocs()
	for b.Loop() {
		_ = Age(birth, on)
	}
}
