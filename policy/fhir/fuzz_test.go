package fhir_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/carecomms/carecomms/policy/fhir"
)

// FuzzRead checks that Read never panics, keeps its report bounded, and
// that every record it accepts either validates or comes with a report
// naming why (a closed or ignored entry).
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"resourceType":"Patient","telecom":[{"system":"phone","value":"07700 900001","rank":-3}]}`))
	f.Add([]byte(`{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Patient","deceasedBoolean":"yes"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Half the inputs are read as for a person registered for the NHS App.
		rec, rep, err := fhir.Reader{MaxBytes: 1 << 20, NHSApp: len(data)%2 == 0}.Read(data)
		if len(rep.Entries) > 1001 {
			t.Fatalf("report has %d entries, want at most 1001", len(rep.Entries))
		}
		if err != nil {
			return
		}
		if verr := rec.Validate(); verr != nil && rep.Worst() < fhir.Ignored {
			t.Fatalf("record does not validate (%v) and the report names no reason:\n%s", verr, rep)
		}
	})
}
