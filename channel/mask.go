package channel

// Mask returns address with all but a few characters hidden, so it can
// appear in logs, errors and explanations without disclosing the contact.
func Mask(k Kind, address string) string {
	if address == "" {
		return "(none)"
	}
	r := []rune(address)
	keep := 3
	if len(r) <= 4 {
		keep = 1
	}
	out := make([]rune, 0, len(r))
	for i, c := range r {
		if i >= len(r)-keep || c == '@' || c == ' ' {
			out = append(out, c)
		} else {
			out = append(out, '*')
		}
	}
	return string(out)
}
