// Command rulegen writes policy/catalogue_gen.go, the rule catalogue's
// RuleID constants, their stable names and the catalogue table, from
// policy/rules.txt. The policy package runs it with
//
//	//go:generate go run github.com/carecomms/carecomms/internal/cmd/rulegen
//
// and TestGeneratedCatalogueFresh fails when the committed
// catalogue_gen.go is not what rulegen makes of rules.txt.
//
// # The source
//
// rules.txt holds one rule a line, in RuleID order (the first is 1):
//
//	RuleObjectionScope objection.scope G11,G10,G17 A channel covered by an objection is not used
//
// that is the constant, the rule's stable name (area.rule, lower-case
// snake_case), the requirements it rests on (G-n and P-n, comma-separated,
// no spaces) and its title, the rest of the line. Columns may be padded
// with spaces. A line starting "#" is a comment about the file and is
// dropped. A run of "//" lines is copied as a Go comment: before the first
// rule it documents the const block (and is required); before a later rule
// it starts a group of constants, after a blank line. A blank line after a
// "//" comment, a malformed line, or a constant or name used twice is an
// error.
//
// catalogue_gen.go declares the constants (each commented with its stable
// name), ruleNames (the names, indexed by RuleID) and catalogue (the
// rules, sorted by name). RuleID's methods, CatalogueVersion and the
// functions that read the tables stay in catalogue.go.
package main

import (
	"fmt"
	"os"
)

// Source and output file names, relative to the policy directory.
const (
	sourceFile = "rules.txt"
	outFile    = "catalogue_gen.go"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "rulegen:", err)
		os.Exit(1)
	}
}

func run() error {
	if pkg := os.Getenv("GOPACKAGE"); pkg != "" && pkg != "policy" {
		return fmt.Errorf("go generate runs rulegen in package %s: it writes the policy package's catalogue", pkg)
	}
	src, err := os.ReadFile(sourceFile)
	if err != nil {
		return err
	}
	out, err := generate(sourceFile, src)
	if err != nil {
		return err
	}
	return os.WriteFile(outFile, out, 0o644)
}
