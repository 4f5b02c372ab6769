package policy_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/proxy"
	"github.com/google/go-cmp/cmp"
)

// fieldPaths lists the paths of the *FieldError values joined in err, and
// fails if any is not one or misses a sentinel it should wrap.
func fieldPaths(t *testing.T, err error, sentinels ...error) []string {
	t.Helper()
	var paths []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *policy.FieldError
		if !errors.As(e, &fe) {
			t.Errorf("%v is not a *FieldError", e)
			continue
		}
		for _, s := range sentinels {
			if !errors.Is(e, s) {
				t.Errorf("%v does not wrap %v", e, s)
			}
		}
		paths = append(paths, fe.Path)
	}
	return paths
}

// TestNestedFieldErrors checks that a bad proxy or objection in a record
// is reported at its full path, as the same *FieldError type every package
// uses, wrapping both the record's and the nested package's sentinel.
func TestNestedFieldErrors(t *testing.T) {
	_, r := minimal()
	r.Proxies = []proxy.Proxy{{ID: "proxy-1", Authority: proxy.Consent, PatientConsented: true, RecordNote: true, From: channel.Date{Year: 2025, Month: 1, Day: 1}}}
	err := r.Validate()
	if diff := cmp.Diff([]string{"proxies[0].status"}, fieldPaths(t, err, policy.ErrInvalidRecord, proxy.ErrInvalid)); diff != "" {
		t.Errorf("Record.Validate paths (-want +got):\n%s", diff)
	}
	var pe *proxy.FieldError
	if !errors.As(err, &pe) || pe.Path != "proxies[0].status" {
		t.Errorf("errors.As(err, *proxy.FieldError) = %v, want the proxy's status at its full path", pe)
	}
	if strings.Count(err.Error(), "proxy:") > 0 || !strings.HasPrefix(err.Error(), "policy: proxies[0].status: ") {
		t.Errorf("Record.Validate() = %q, want one prefix, the record's", err)
	}

	_, r = minimal()
	r.Objections = []objection.Objection{{Scope: objection.ScopeChannel}}
	err = r.Validate()
	if diff := cmp.Diff([]string{"objections[0].channel", "objections[0].recorded_by", "objections[0].recorded_at"}, fieldPaths(t, err, policy.ErrInvalidRecord, objection.ErrInvalid)); diff != "" {
		t.Errorf("Record.Validate paths (-want +got):\n%s", diff)
	}
}

// TestConfigFieldErrors checks the configuration's problems: each a
// *FieldError at its path wrapping ErrConfig, and a bad sender id cited
// once (P5).
func TestConfigFieldErrors(t *testing.T) {
	c := policy.DefaultConfig()
	c.Platforms[1].DPIA = false
	c.SenderID = "bank"
	_, err := policy.New(c)
	if !errors.Is(err, policy.ErrConfig) {
		t.Fatalf("New error %v does not wrap ErrConfig", err)
	}
	inner := err.(interface{ Unwrap() []error }).Unwrap()[1] // ErrConfig, then the problems
	if diff := cmp.Diff([]string{"platforms[1].dpia", "sender_id"}, fieldPaths(t, inner, policy.ErrConfig)); diff != "" {
		t.Errorf("New problems (-want +got):\n%s", diff)
	}
	if n := strings.Count(err.Error(), "(P5)"); n != 1 {
		t.Errorf("New error cites P5 %d times, want once: %q", n, err)
	}
}

// TestAuditFieldErrorIsShared checks that the audit log's field error is the
// same type as policy's.
func TestAuditFieldErrorIsShared(t *testing.T) {
	err := (&audit.Entry{}).Validate()
	var fe *policy.FieldError
	if !errors.As(err, &fe) || fe.Path != "kind" || !errors.Is(err, audit.ErrInvalid) {
		t.Errorf("audit Entry.Validate() = %v, want a *policy.FieldError for kind wrapping audit.ErrInvalid", err)
	}
}
