package audit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/audit/audittest"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// sampleStore holds audittest.Entries.
func sampleStore(t *testing.T) *audit.MemStore {
	t.Helper()
	var s audit.MemStore
	for _, e := range audittest.Entries() {
		if _, err := s.Append(t.Context(), e); err != nil {
			t.Fatal(err)
		}
	}
	return &s
}

// TestExportText compares the text export with golden files; run with
// -update to rewrite them after a deliberate change of layout (G27).
func TestExportText(t *testing.T) {
	s := sampleStore(t)
	for _, patient := range []string{"9990000018", "9990000026", "9990000999"} {
		var buf bytes.Buffer
		if err := audit.Export(t.Context(), s, patient, &buf, audit.FormatText); err != nil {
			t.Fatalf("Export(%s) error = %v", patient, err)
		}
		golden := filepath.Join("testdata", "export-"+patient+".txt")
		if *update {
			if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(string(want), buf.String()); d != "" {
			t.Errorf("Export(%s, text) (-want +got):\n%s", patient, d)
		}
	}
}

// TestExportProxy checks that a message sent to a proxy is in the
// patient's export with its body, and that the text masks the proxy's
// address (G27).
func TestExportProxy(t *testing.T) {
	s := sampleStore(t)
	var buf bytes.Buffer
	if err := audit.Export(t.Context(), s, "9990000026", &buf, audit.FormatText); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	for _, want := range []string{"attempt by email to the proxy", "proxy-7", "Summary: safety information about medication", "staff-202", "bounced", "Caldicott Guardian"} {
		if !strings.Contains(text, want) {
			t.Errorf("Export(9990000026, text) lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "carer@example.org") {
		t.Errorf("Export(9990000026, text) shows the proxy's address in full:\n%s", text)
	}
}

func TestExportJSON(t *testing.T) {
	s := sampleStore(t)
	want, err := s.ByPatient(t.Context(), "9990000018")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := audit.Export(t.Context(), s, "9990000018", &buf, audit.FormatJSON); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Patient string        `json:"patient"`
		Entries []audit.Entry `json:"entries"`
	}
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("decoding the JSON export: %v", err)
	}
	if got.Patient != "9990000018" {
		t.Errorf("export patient = %q, want 9990000018", got.Patient)
	}
	if d := cmp.Diff(want, got.Entries); d != "" {
		t.Errorf("Export(json) entries (-want +got):\n%s", d)
	}
	for _, e := range got.Entries {
		if e.ComputeHash() != e.Hash {
			t.Errorf("exported entry %d does not match its hash", e.Seq)
		}
	}
	buf.Reset()
	if err := audit.Export(t.Context(), s, "9990000999", &buf, audit.FormatJSON); err != nil || !strings.Contains(buf.String(), `"entries": []`) {
		t.Errorf("Export(unknown patient, json) = %q, %v, want an empty entries list", buf.String(), err)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestExportErrors(t *testing.T) {
	s := sampleStore(t)
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	tests := []struct {
		name    string
		ctx     context.Context
		patient string
		w       *bytes.Buffer
		format  audit.Format
		is      error
	}{
		{"no format", t.Context(), "9990000018", new(bytes.Buffer), 0, nil},
		{"unknown format", t.Context(), "9990000018", new(bytes.Buffer), 9, nil},
		{"no patient", t.Context(), "", new(bytes.Buffer), audit.FormatText, nil},
		{"cancelled", cancelled, "9990000018", new(bytes.Buffer), audit.FormatText, context.Canceled},
	}
	for _, tt := range tests {
		err := audit.Export(tt.ctx, s, tt.patient, tt.w, tt.format)
		if err == nil || (tt.is != nil && !errors.Is(err, tt.is)) || tt.w.Len() != 0 {
			t.Errorf("Export(%s) = %v, wrote %d bytes; want an error and nothing written", tt.name, err, tt.w.Len())
		}
	}
	if err := audit.Export(t.Context(), s, "9990000018", failingWriter{}, audit.FormatText); err == nil {
		t.Errorf("Export(to a failing writer) = nil, want an error")
	}
}
