package service

// The default sensitive service codes (G21): the one list proxy
// re-exports (proxy.SexualHealth, ...) and minimise's default lexicon
// tags its terms with.
const (
	SexualHealth           = "sexual_health"            // sexual and reproductive health, including STIs and contraception
	HIV                    = "hiv"                      // HIV testing, treatment and PrEP
	TerminationOfPregnancy = "termination_of_pregnancy" // abortion care
	AssistedConception     = "assisted_conception"      // fertility treatment, including IVF
	GenderIdentity         = "gender_identity"          // gender identity services
	MentalHealth           = "mental_health"            // mental health services
	SubstanceMisuse        = "substance_misuse"         // drug and alcohol services, including tests for alcohol-related harm
	Safeguarding           = "safeguarding"             // safeguarding, including domestic abuse
	SexualAssault          = "sexual_assault"           // care after sexual assault, including follow-up vaccination
)

// Sensitive returns the default sensitive service codes, sorted; each call
// returns a new slice.
func Sensitive() []string {
	return []string{
		AssistedConception, GenderIdentity, HIV, MentalHealth, Safeguarding,
		SexualAssault, SexualHealth, SubstanceMisuse, TerminationOfPregnancy,
	}
}
