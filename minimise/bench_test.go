package minimise

import (
	"regexp"
	"sort"
	"strings"
	"testing"
)

// benchShort is a clean 45-byte message: the commonest kind of body.
const benchShort = "Your appointment tomorrow has moved to 16:00."

// benchSMS is a clean 160-character text message.
const benchSMS = "Hello, this is a reminder of your appointment at the surgery on Monday 14 July at 10:30. " +
	"If you cannot come, please reply CANCEL or call us. Thank you. Leeds Rd"

// benchLetter is a 10 KB letter: ordinary prose with a few findings.
var benchLetter = func() string {
	para := "Dear patient, thank you for coming to see us at the practice last week. We have looked at " +
		"the notes from your visit and would like to invite you back for a follow-up appointment with the " +
		"nurse. Please bring a list of any questions you have, and arrive ten minutes early so that we can " +
		"check your details. Parking is available behind the building, and the entrance is step free. If the " +
		"time we have offered does not suit you, please call reception on 0113 496 0000 between 8am and 6pm, " +
		"or use the NHS App to choose another time. You can read more at https://www.nhs.uk/ about what to " +
		"expect. "
	var b strings.Builder
	for b.Len() < 10*1024-len(para) {
		b.WriteString(para)
	}
	b.WriteString("Your diabetes review is due. ")
	for b.Len() < 10*1024 {
		b.WriteString("x ")
	}
	return b.String()[:10*1024]
}()

func BenchmarkScan(b *testing.B) {
	s := Default()
	for _, in := range []struct{ name, text string }{
		{"short45", benchShort}, {"sms160", benchSMS}, {"letter10k", benchLetter},
	} {
		b.Run(in.name, func(b *testing.B) {
			dst := make([]Finding, 0, 64)
			b.SetBytes(int64(len(in.text)))
			b.ReportAllocs()
			for b.Loop() {
				dst = s.ScanAppend(dst[:0], in.text, nil)
			}
		})
	}
}

// BenchmarkRegexpBaseline matches the same default terms with one
// case-insensitive regexp alternation on word boundaries: the
// straightforward alternative, without normalisation or identifiers.
func BenchmarkRegexpBaseline(b *testing.B) {
	var alts []string
	for _, t := range defaultTerms() {
		alts = append(alts, regexp.QuoteMeta(t.Text))
	}
	sort.Slice(alts, func(i, j int) bool { return len(alts[i]) > len(alts[j]) })
	re := regexp.MustCompile(`(?i)\b(?:` + strings.Join(alts, "|") + `)\b`)
	for _, in := range []struct{ name, text string }{{"sms160", benchSMS}, {"letter10k", benchLetter}} {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.text)))
			b.ReportAllocs()
			for b.Loop() {
				re.FindAllStringIndex(in.text, -1)
			}
		})
	}
}
