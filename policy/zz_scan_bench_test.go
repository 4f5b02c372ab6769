package policy_test

import (
	"testing"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/minimise"
)

func BenchmarkZZParts(b *testing.B) {
	body := "Your appointment is on Thursday at 09:40."
	s := minimise.Default()
	b.Run("scan", func(b *testing.B) {
		for b.Loop() {
			_ = s.Scan(body, &minimise.Subject{})
		}
	})
	b.Run("countsms", func(b *testing.B) {
		for b.Loop() {
			_ = channel.CountSMS(body)
		}
	})
	b.Run("normalize", func(b *testing.B) {
		for b.Loop() {
			_, _ = channel.NormalizeAddress(channel.SMS, "+447700900123", channel.AddressRules{})
		}
	})
}
