package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/carecomms/carecomms/internal/jsonpos"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/policy/policytest"
)

func readCase(path string, stdin io.Reader) (string, []byte, error) {
	if path == "" || path == "-" {
		data, err := io.ReadAll(stdin)
		return "<stdin>", data, err
	}
	data, err := os.ReadFile(path)
	return path, data, err
}

// caseFile is the shape of a case file; policy/schema/case.schema.json
// describes it, and a test checks the two name the same fields.
type caseFile struct {
	Config  *policy.Config  `json:"config"`
	Message *policy.Message `json:"message"`
	Record  *policy.Record  `json:"record"`
}

// decodedCase is a case file read: the configuration to decide with, the
// case's own config JSON (nil when it has none), the message and record.
type decodedCase struct {
	config    policy.Config
	rawConfig json.RawMessage
	message   policy.Message
	record    policy.Record
}

// parseCase decodes a case file strictly: the configuration is
// policy.DefaultConfig with the case's fields in place. Errors name the
// file, the line and, where known, the field.
func parseCase(name string, data []byte) (decodedCase, error) {
	var c caseFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return decodedCase{}, locate(name, data, err)
	}
	if dec.More() {
		return decodedCase{}, fmt.Errorf("%s:%d: unexpected data after the case object", name, lineOf(data, dec.InputOffset()))
	}
	if c.Message == nil || c.Record == nil {
		return decodedCase{}, fmt.Errorf("%s: a case needs a \"message\" and a \"record\"", name)
	}
	out := decodedCase{config: policy.DefaultConfig(), message: *c.Message, record: *c.Record}
	if c.Config != nil {
		var raw struct {
			Config json.RawMessage `json:"config"`
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(data, &raw); err != nil {
			return decodedCase{}, locate(name, data, err)
		}
		if err := json.Unmarshal(raw.Config, &fields); err != nil {
			return decodedCase{}, locate(name, data, err)
		}
		out.config = policytest.MergeConfig(out.config, *c.Config, fields)
		out.rawConfig = raw.Config
	}
	return out, nil
}

// locate turns a decoding error into one naming the file, line and field:
// from the offset of a syntax or type error, or by finding an unknown
// field's name or a rejected value in the data.
func locate(name string, data []byte, err error) error {
	k, off, field := jsonpos.Locate(string(data), err)
	switch {
	case k == jsonpos.Syntax:
		return fmt.Errorf("%s:%d: %v", name, lineOf(data, off), err)
	case k == jsonpos.Type:
		return fmt.Errorf("%s:%d: field %s: %v", name, lineOf(data, off), field, err)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return fmt.Errorf("%s:%d: the JSON ends early", name, lineOf(data, int64(len(data))))
	case k == jsonpos.UnknownField && off >= 0:
		return fmt.Errorf("%s:%d: unknown field \"%s\"", name, lineOf(data, off), field)
	case k == jsonpos.UnknownField:
		return fmt.Errorf("%s: unknown field \"%s\"", name, field)
	case k == jsonpos.BadValue && off >= 0:
		if field == "" {
			field = "?"
		}
		return fmt.Errorf("%s:%d: field %s: %v", name, lineOf(data, off), field, err)
	}
	return fmt.Errorf("%s: %v", name, err)
}

// lineOf is the 1-based line of byte offset off in data.
func lineOf(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}
