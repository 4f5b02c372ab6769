// Command schemagen writes the JSON Schemas (draft 2020-12) of carecomms'
// JSON formats from the Go types themselves, so they cannot drift from
// what encoding/json reads and writes. Package policy/schema runs it with
//
//	//go:generate go run github.com/carecomms/carecomms/internal/cmd/schemagen
//
// and TestSchemasFresh fails when a committed *.schema.json is not what
// schemagen makes now.
//
// # The documents
//
// message, record, config and decision describe policy.Message,
// policy.Record, policy.Config and policy.Decision; case is the case file
// that examples/decide and its service read (a message, a record and
// optionally a config whose fields replace those of policy.DefaultConfig);
// scenario is one file of the exported corpus (policytest.ScenarioJSON),
// whose message and record are any objects, as a scenario about bad input
// gives bad input;
// decision-line is one line of a decisions file that examples/decide
// -check grades (policytest.DecisionLine); batch-result is one line of the
// answer to the service's POST /decide-batch. Each file stands alone: its
// types are in its own $defs.
//
// # How Go types map
//
//   - A struct is an object whose properties are its JSON fields in field
//     order (embedded structs flattened, as encoding/json does), with
//     additionalProperties false. A field without omitempty or omitzero is
//     required, as encoding/json always writes it.
//   - string, bool, integers and floats are string, boolean, integer and
//     number; a slice is an array of its element; a pointer is its element
//     (every pointer field is omitempty, so null is never written).
//   - An enum, an integer type with MarshalText, is a string with an enum
//     of the names MarshalText gives for the values 0 to 255; rule IDs take
//     theirs from policy.Catalogue. In documents a host writes (all but
//     decision and decision-line) an enum also accepts the older names its
//     package's enums.txt lists as aliases, which UnmarshalText still reads.
//   - time.Time is a date-time, channel.Date a date, policy.Duration and
//     policy.Clock strings with a pattern, channel.Set and proxy.Services
//     arrays.
//
// Any other type (a map, an interface, or a type with its own JSON or text
// encoding not listed above) is an error naming it, so a new field cannot
// go without a schema.
package main

import (
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}

// run writes every document into the current directory, which go generate
// makes the directory of package policy/schema.
func run() error {
	if pkg := os.Getenv("GOPACKAGE"); pkg != "" && pkg != "schema" {
		return fmt.Errorf("go generate runs schemagen in package %s: run it from policy/schema", pkg)
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	files, err := generate(root)
	if err != nil {
		return err
	}
	old, _ := filepath.Glob("*.schema.json")
	for _, name := range old {
		if _, keep := files[name]; !keep {
			if err := os.Remove(name); err != nil {
				return err
			}
		}
	}
	for name, data := range files {
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// moduleRoot returns the directory of the carecomms go.mod at or above
// the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && len(b) > 0 && string(b[:min(len(b), len(modulePrefix))]) == modulePrefix {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod of %s above %s", modulePath, dir)
		}
		dir = parent
	}
}

const (
	modulePath   = "github.com/carecomms/carecomms"
	modulePrefix = "module " + modulePath + "\n"
)
