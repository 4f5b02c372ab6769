package channel_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/carecomms/carecomms/channel"
)

func TestShows(t *testing.T) {
	long := strings.Repeat("a", channel.PreviewRunes) + " results"
	tests := []struct {
		name  string
		k     channel.Kind
		body  string
		start int
		login bool
		want  channel.Placement
	}{
		{"a text message shows whole (G22)", channel.SMS, "a\nb\nc", 4, false, channel.LockScreen},
		{"another messaging app shows whole (G22)", channel.MessagingApp, "a\nb", 2, true, channel.LockScreen},
		{"an email's first line shows (G22)", channel.Email, "Your results\nare in.", 5, false, channel.LockScreen},
		{"an email's second line shows too: previews join lines (G22)", channel.Email, "Dear Jo,\nYour HIV test result is positive.", 9, false, channel.LockScreen},
		{"an email's preview skips blank lines", channel.Email, "\n\n  Your results\nmore", 4, false, channel.LockScreen},
		{"an email's preview skips Unicode white space", channel.Email, "\u00a0\n\u2003" + strings.Repeat("a", channel.PreviewRunes), channel.PreviewRunes, false, channel.LockScreen},
		{"an email's preview ends at 140 characters", channel.Email, long, channel.PreviewRunes + 1, false, channel.InMessage},
		{"an email's preview counts characters, not bytes", channel.Email, strings.Repeat("é", 100) + " x", 201, false, channel.LockScreen},
		{"an encrypted email shows only a prompt to log in (G6)", channel.Email, "Your results", 0, true, channel.InMessage},
		{"the NHS App's notification is its own prompt (G6)", channel.NHSApp, "Your results", 0, true, channel.InMessage},
		{"a letter is on paper", channel.Letter, "Your results", 0, false, channel.OnPaper},
		{"an unset kind shows, failing closed", 0, "Your results", 5, true, channel.LockScreen},
	}
	for _, tt := range tests {
		if got := tt.k.Shows(tt.body, tt.start, tt.login); got != tt.want {
			t.Errorf("%v.Shows(%q..., %d, %v) = %v, want %v (%s)", tt.k, tt.body[:min(len(tt.body), 12)], tt.start, tt.login, got, tt.want, tt.name)
		}
	}
}

func TestPreviewEnd(t *testing.T) {
	for _, tt := range []struct {
		body string
		want int
	}{
		{"", 0},
		{"one line", 8},
		{"first\r\nsecond", 13},
		{"\n\nfirst\nsecond", 14},
		{"\u00a0\n" + strings.Repeat("a", 200), 3 + channel.PreviewRunes},
		{strings.Repeat("é", 200), 2 * channel.PreviewRunes},
	} {
		if got := channel.PreviewEnd(tt.body); got != tt.want {
			t.Errorf("PreviewEnd(%q) = %d, want %d", tt.body[:min(len(tt.body), 12)], got, tt.want)
		}
	}
}

func ExampleKind_Shows() {
	body := "Riverside Surgery\nYour results are ready: log in to read them.\n" + strings.Repeat("More about the practice. ", 6) + "Your result was normal."
	start := strings.LastIndex(body, "Your result")
	for _, k := range []channel.Kind{channel.SMS, channel.Email, channel.NHSApp} {
		fmt.Println(k, k.Shows(body, 18, false), k.Shows(body, start, false))
	}
	// Output:
	// sms lock_screen lock_screen
	// email lock_screen in_message
	// nhs_app in_message in_message
}
