package main

import (
	"io"
	"os"
	"strings"
	"testing"
)

// TestQuickstart runs the program and checks each decision it prints.
func TestQuickstart(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	main()
	w.Close()
	os.Stdout = stdout
	out := <-done
	for _, want := range []string{
		"Decision for message msg-001: SEND",
		"Decision for message msg-002: REVISE",
		"Decision for message msg-003: SEND",
		"objection overridden: ground appointment_change_48h",
		"Decision for message msg-004: HOLD",
		"Decision for message msg-005: REFUSE",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("quickstart output lacks %q", want)
		}
	}
	for _, secret := range []string{"07700 900123", "asha@example.org", "Your HIV test"} {
		if strings.Contains(out, secret) {
			t.Errorf("quickstart output discloses %q", secret)
		}
	}
}
