package audit

// The enum types Kind, Format and Problem, their constants and their names
// are declared in enums.txt; enums_gen.go is generated from it.

//go:generate go run github.com/carecomms/carecomms/internal/cmd/enumgen
