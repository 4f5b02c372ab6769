// Command enumgen writes a package's enum name machinery, enums_gen.go,
// from the package's enums.txt. Each package that has one runs it with
//
//	//go:generate go run github.com/carecomms/carecomms/internal/cmd/enumgen
//
// and TestGeneratedEnumsFresh fails when a committed enums_gen.go is not
// what enumgen makes of its enums.txt.
//
// # The spec
//
// enums.txt is read line by line; leading white space is ignored. A line
// starting "#" is a comment about the spec and is dropped. A run of lines
// starting "//" is a doc comment: it is copied, as Go doc comments are, to
// the type, const block or constant on the next line; a blank line after
// it is an error. The file starts with three keys, each given once:
//
//	package objection
//	error-prefix objection
//	encode-error cannot encode {label} {value}: set it to a defined value
//
// package is the package clause. error-prefix starts every error message
// ("objection: unknown scope ..."). encode-error is the rest of the error
// MarshalText returns for a value it cannot encode: {label} is the type's
// label, {value} the value's name or a placeholder such as "scope(0)",
// {names} the names it accepts. With "cannot encode {label} {value}: set
// it to one of {names}", the error of internal/enum.Marshal, the code calls
// enum.Marshal; with any other text it calls a marshalName helper that
// enums_gen.go declares.
//
// Each type follows: its doc comment, a "type Name" line and its keys,
// then the doc comment of its const block, a "const" line and one line a
// value, from 0 upwards. For example:
//
//	// Scope is what an objection covers (G11).
//	type Scope
//	label scope
//	encode-zero no
//	valid nonzero
//	// The scopes of an objection (G11).
//	const
//	_            -
//	ScopeChannel channel    // one channel, such as text or email
//	ScopeCare    care       // processing of their data for their care entirely
//
// The keys of a type are:
//
//   - label (required): the type's word in errors and placeholders.
//   - placeholder: String's prefix for a value with no name, when it is
//     not the label.
//   - encode-zero (required): yes when MarshalText encodes the zero value
//     by its name and UnmarshalText reads it; no when both refuse it.
//   - valid: declare Valid, true for every named value ("all") or every
//     named value but the zero value ("nonzero").
//   - alias NAME CONSTANT (repeatable): another name UnmarshalText reads,
//     such as a name earlier versions wrote.
//   - refs: each value line carries a ref, a requirement such as G14.1 or
//     "-" for none, kept in the table xxxRefs.
//
// A value line is the constant, the value's name (lower-case snake_case),
// with refs its ref, and an optional "//" comment copied beside the
// constant. Value 0 may be "_", no constant (the first constant is then
// iota + 1), and its name "-", no name; every other value has both. A
// blank line among the values is kept in the const block. An unknown key,
// a key given twice, a malformed line, or a constant or name used twice is
// an error.
//
// # The code
//
// For each type enums_gen.go declares the type (a uint8), its constants,
// its names (xxxNames, indexed by value), String (the name, or a
// placeholder such as "scope(9)"), MarshalText (the name; an error for a
// value with no name and, unless encode-zero is yes, for the zero value),
// UnmarshalText (a name or an alias; an error, leaving the receiver
// unchanged, for any other text) and, when asked, Valid and the refs.
// Methods with domain logic stay in the package's own files.
package main

import (
	"fmt"
	"os"
)

// Source and output file names, relative to the package directory.
const (
	specFile = "enums.txt"
	outFile  = "enums_gen.go"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "enumgen:", err)
		os.Exit(1)
	}
}

func run() error {
	src, err := os.ReadFile(specFile)
	if err != nil {
		return err
	}
	sp, err := parse(specFile, src)
	if err != nil {
		return err
	}
	if pkg := os.Getenv("GOPACKAGE"); pkg != "" && pkg != sp.pkg {
		return fmt.Errorf("%s: package %s, but go generate runs in package %s", specFile, sp.pkg, pkg)
	}
	out, err := render(specFile, sp)
	if err != nil {
		return err
	}
	return os.WriteFile(outFile, out, 0o644)
}
