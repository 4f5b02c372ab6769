package minimise

import "strconv"

// Finding is one thing a scan found in a message body. Start and End are
// byte offsets into the original text (text[Start:End] is the matched
// text, on UTF-8 boundaries), whatever normalisation was needed to find
// it. A Finding never holds the matched text itself, and neither String
// nor any error of this package shows it.
type Finding struct {
	Kind     Kind     `json:"kind"`
	Start    int      `json:"start"`
	End      int      `json:"end"`
	Category Category `json:"category"`
	// Service is the sensitive-service code of the matched term (such as
	// "sexual_health"), or "" when the term belongs to no sensitive
	// service. Proxy checks (G21) use it.
	Service string `json:"service,omitempty"`
	// Suggestion is advice for the person editing the message, in plain
	// English. Its wording may change between versions.
	Suggestion string `json:"suggestion,omitempty"`
}

// SeverityOn returns how serious the finding is on a channel. secure is
// true when the channel needs a log-in or password to read the content and
// the org has approved it for confidential information (the NHS App, an
// approved encrypted email service: G6); it is false for any channel whose
// content can show on a locked screen (G22) or that the org has not
// approved for confidential content.
//
//   - Confidential kinds (NHS number, date of birth, the patient's address,
//     health content) are Blocking when not secure and Info when secure.
//   - The patient's name is a Warning when not secure and Info when secure.
//   - Postcodes, phone numbers and email addresses are Info.
//   - Scam features do not depend on the channel: requests to pay, for bank
//     or card details or for credentials, URL shorteners, look-alike
//     domains and links outside nhs.uk and the org's own domains are
//     Blocking (P6); a link to gov.uk or another public-sector domain, and
//     the style features (click here, urgency, shouting, repeated words),
//     are Warnings: advisory, reported without stopping the message
//     (G24, G25). [Scanner.Severity] applies the message class and the
//     org's settings on top.
//   - An invalid kind is Blocking (fail closed).
func (f Finding) SeverityOn(secure bool) Severity {
	switch {
	case f.Kind.Confidential():
		if secure {
			return Info
		}
		return Blocking
	case f.Kind == PatientName:
		if secure {
			return Info
		}
		return Warning
	case f.Kind == Postcode || f.Kind == PhoneNumber || f.Kind == EmailAddress:
		return Info
	case f.Kind.never() || f.Kind == UnapprovedLink:
		return Blocking
	case f.Kind.Scam():
		return Warning
	}
	return Blocking
}

// Refs returns the requirements (G-n, P-n) the finding rests on, as
// Kind.Refs does.
func (f Finding) Refs() []string { return f.Kind.Refs() }

// Valid reports whether the finding has a defined kind and a span that
// fits in a text of n bytes.
func (f Finding) Valid(n int) bool {
	return f.Kind.Valid() && f.Start >= 0 && f.Start < f.End && f.End <= n
}

// String describes the finding without the matched text or the service,
// such as "condition at 12-15 (G6 G22)". The format may change.
func (f Finding) String() string {
	b := make([]byte, 0, 48)
	b = append(b, f.Kind.String()...)
	b = append(b, " at "...)
	b = strconv.AppendInt(b, int64(f.Start), 10)
	b = append(b, '-')
	b = strconv.AppendInt(b, int64(f.End), 10)
	if r := f.Kind.refsText(); r != "" {
		b = append(b, " ("...)
		b = append(b, r...)
		b = append(b, ')')
	}
	return string(b)
}
