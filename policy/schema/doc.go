// Package schema holds the JSON Schemas (draft 2020-12) of carecomms' JSON
// formats, for hosts and test suites not written in Go. Each file stands
// alone, with its types in its own $defs:
//
//   - message.schema.json, record.schema.json, config.schema.json and
//     decision.schema.json: policy.Message, policy.Record, policy.Config
//     and policy.Decision.
//   - case.schema.json: a case to decide, as examples/decide reads it from
//     a file and its service from POST /decide: a message, a record and
//     optionally a config whose fields replace the defaults'.
//   - scenario.schema.json: one file of the scenario corpus as
//     examples/decide -export-corpus writes it (policytest.ScenarioJSON).
//   - decision-line.schema.json: one line of the decisions file that
//     examples/decide -check grades (policytest.DecisionLine).
//   - batch-result.schema.json: one line of the answer to POST
//     /decide-batch from examples/decide -serve: a decision, or a problem.
//
// The files are generated from the Go types by internal/cmd/schemagen
// (run go generate ./policy/schema), and a test fails when they are stale.
// Enum names come from the types' own MarshalText and rule IDs from
// policy.Catalogue, so a schema lists exactly the names the library
// writes; in the documents a host writes, enums also accept the older
// names the library still reads (ig_team, sender).
//
// The schemas are a little stricter than encoding/json, which reads null
// as an empty list and matches keys whatever their case: here a list is
// an array, never null, and a key is spelt as the schema spells it. What
// the schemas cannot express (a valid NHS number, a mobile number in
// Ofcom's ranges, a proxy's authority for the person's age) the library
// checks: a document that matches its schema may still be refused or
// held, with a trail step naming the field.
package schema

import (
	"embed"
	"io/fs"
)

//go:generate go run github.com/carecomms/carecomms/internal/cmd/schemagen

//go:embed *.schema.json
var files embed.FS

// FS returns the schema files, by name, such as "decision.schema.json".
func FS() fs.FS { return files }
