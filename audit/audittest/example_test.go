package audittest_test

import (
	"fmt"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/audit/audittest"
)

// A host checks its own store the same way; here the in-memory reference
// store passes.
func ExampleTestStore() {
	err := audittest.TestStore(func() (audit.Store, error) { return new(audit.MemStore), nil })
	fmt.Println(err)
	// Output:
	// <nil>
}
