package policy

// The enum types Effect, Purpose, Urgency, Need, ObligationCode and Days,
// their constants and their names are declared in enums.txt; enums_gen.go
// is generated from it. The rule IDs are generated from rules.txt.

//go:generate go run github.com/carecomms/carecomms/internal/cmd/enumgen
