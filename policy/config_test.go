package policy_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
)

func TestDefaultConfigValid(t *testing.T) {
	if _, err := policy.New(policy.DefaultConfig()); err != nil {
		t.Fatalf("New(DefaultConfig()) = %v", err)
	}
	if policy.Default() == nil {
		t.Fatal("Default is nil")
	}
}

func TestNewRefusesUnsafeConfig(t *testing.T) {
	cases := []struct {
		name, refs string
		mod        func(*policy.Config)
		want       string // a fragment of the error
	}{
		{"no name", "G35", func(c *policy.Config) { c.Name = "" }, "name: is empty"},
		{"no platforms", "G3", func(c *policy.Config) { c.Platforms = nil }, "approve at least one"},
		{"no DPIA", "G35", func(c *policy.Config) { c.Platforms[1].DPIA = false }, "no DPIA"},
		{"text approved for confidential content", "G6", func(c *policy.Config) { c.Platforms[2].Confidential = true }, "without a log-in"},
		{"NHS App not first", "G4", func(c *policy.Config) {
			c.Order = []channel.Kind{channel.SMS, channel.NHSApp}
		}, "NHS App is approved but not first"},
		{"test results by text", "G5 G6", func(c *policy.Config) {
			c.UseCases = []policy.UseCase{{Class: channel.TestResults, Channels: []channel.Kind{channel.SMS}}}
		}, "shows on locked screens"},
		{"sender id with a scam term", "P5", func(c *policy.Config) { c.SenderID = "NHSPAY" }, "sender_id"},
		{"sender id too long", "P5", func(c *policy.Config) { c.SenderID = "RiversideSurgery" }, "sender_id"},
		{"bad window", "P2", func(c *policy.Config) {
			c.Windows = []policy.Window{{Channel: channel.SMS, Start: policy.ClockOf(18, 0), End: policy.ClockOf(8, 0)}}
		}, "must be before end"},
		{"bad language", "G33", func(c *policy.Config) { c.Languages = []string{"not a tag!"} }, "BCP 47"},
		{"bad sensitive service code", "G21", func(c *policy.Config) { c.SensitiveServices = []string{"Sexual Health"} }, "sensitive_services"},
		{"duplicate platform", "G3", func(c *policy.Config) { c.Platforms = append(c.Platforms, c.Platforms[0]) }, "approved twice"},
	}
	for _, tc := range cases {
		t.Run(tc.refs+" "+tc.name, func(t *testing.T) {
			c := policy.DefaultConfig()
			tc.mod(&c)
			_, err := policy.New(c)
			if err == nil || !errors.Is(err, policy.ErrConfig) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("New(%s) = %v, want an ErrConfig error containing %q", tc.name, err, tc.want)
			}
		})
	}
}

func TestNewNamesEveryProblem(t *testing.T) {
	c := policy.DefaultConfig()
	c.Name = ""
	c.Platforms[1].DPIA = false
	c.SenderID = "bank"
	_, err := policy.New(c)
	for _, want := range []string{"name: is empty", "no DPIA", "sender_id"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("New error %v lacks %q", err, want)
		}
	}
}
