//go:build ignore

// gen.go writes lexicon_table.go from the lexicon data files in lexicon/.
// Run it with "go generate" in this directory.
package main

import (
	"fmt"
	"os"

	"github.com/carecomms/carecomms/minimise/internal/lexgen"
)

func main() {
	src, err := lexgen.Generate(os.DirFS("lexicon"), "lexicon")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile("lexicon_table.go", src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
