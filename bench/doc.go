// Package bench compares carecomms with general-purpose policy engines
// (cedar-go and OPA) on one rule: may a message go by a channel the person
// objected to, when an override on a fitting ground was decided by someone
// who may decide it? It is a separate module so that the library's go.mod
// gains no dependency; everything in it is in the _test.go files.
package bench
