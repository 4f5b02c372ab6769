package audit

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/carecomms/carecomms/internal/vocab"
)

// Export writes every entry s holds about patient, in sequence order, to
// w, for a subject access request (G27). It includes messages sent to the
// patient's proxies, which carry the patient's id.
//
// The export includes message bodies: what was sent about a patient is
// their own data. FormatJSON writes {"patient": ..., "entries": [...]}
// with each entry exactly as stored, so each entry's Hash can be checked
// with ComputeHash; it includes proxies' addresses, which are a third
// party's data that the host reviews before disclosure. FormatText writes
// a readable record (date, kind, channel, recipient role, staff, outcome,
// body) with proxies' addresses masked; its layout may change between
// versions and is not for parsing.
func Export(ctx context.Context, s Store, patient string, w io.Writer, format Format) error {
	if format != FormatJSON && format != FormatText {
		return fmt.Errorf("audit: unknown export format %s: use FormatJSON or FormatText", format)
	}
	if patient == "" {
		return errors.New("audit: export needs a patient id")
	}
	entries, err := s.ByPatient(ctx, patient)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	if format == FormatJSON {
		if entries == nil {
			entries = []Entry{}
		}
		enc := json.NewEncoder(bw)
		enc.SetIndent("", "  ")
		err = enc.Encode(struct {
			Patient string  `json:"patient"`
			Entries []Entry `json:"entries"`
		}{patient, entries})
	} else {
		writeText(bw, patient, entries)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return fmt.Errorf("audit: writing export: %w", err)
	}
	return nil
}

// writeText renders entries for a person to read.
func writeText(w *bufio.Writer, patient string, entries []Entry) {
	fmt.Fprintf(w, "Messaging record for patient %s\n", patient)
	switch len(entries) {
	case 0:
		fmt.Fprintf(w, "No entries.\n")
		return
	case 1:
		fmt.Fprintf(w, "1 entry. Times are UTC.\n")
	default:
		fmt.Fprintf(w, "%d entries, oldest first. Times are UTC.\n", len(entries))
	}
	field := func(name, v string) {
		if v != "" {
			fmt.Fprintf(w, "    %-10s %s\n", name+":", v)
		}
	}
	for _, e := range entries {
		fmt.Fprintf(w, "\n%s  %s", e.Time.UTC().Format("2006-01-02 15:04:05"), e.Kind)
		if e.Channel != 0 {
			fmt.Fprintf(w, " by %s", e.Channel)
		}
		if e.RecipientRole != 0 {
			fmt.Fprintf(w, " to the %s", e.RecipientRole)
		}
		fmt.Fprintf(w, "  (entry %d)\n", e.Seq)
		field("message", e.MessageID)
		if e.RecipientRole == ToProxy {
			field("proxy", e.Recipient)
		}
		address := e.Address
		if e.RecipientRole == ToProxy && address != "" {
			address = mask(address)
		}
		field("address", address)
		field("staff", e.Staff)
		field("outcome", e.Outcome.String())
		field("rules", strings.Join(e.Rules, ", "))
		if o := e.Override; o != nil {
			by := o.DecidedBy
			if o.Role != "" {
				by += " (" + o.Role + ")"
			}
			field("override", o.Ground+", decided by "+by)
			field("because", o.Justification)
		}
		field("detail", e.Detail)
		if e.Answers > 0 {
			field("answers", ClaimDetail(e.Answers))
		}
		if e.Body != "" {
			fmt.Fprintf(w, "    %s:\n", bodyLabel(&e))
			for line := range strings.Lines(strings.ReplaceAll(e.Body, "\r\n", "\n")) {
				fmt.Fprintf(w, "        %s\n", strings.TrimRight(line, "\n"))
			}
		}
	}
}

// bodyLabel says what an entry's body is (G26, G27): only an attempt's
// body is the message as sent; a decision's is the draft it decided on,
// and a draft held or refused was not sent.
func bodyLabel(e *Entry) string {
	if e.Kind == KindAttempt {
		if e.Summary {
			return "summary of the message"
		}
		return "message as sent"
	}
	what := "draft decided on"
	if o, ok := e.Outcome.Decision(); ok && o != vocab.Send && o != vocab.Revise {
		what = "draft, not sent (" + o.String() + ")"
	}
	if e.Summary {
		return "summary of the " + what
	}
	return what
}
