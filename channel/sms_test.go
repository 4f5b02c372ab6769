package channel

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// gsmDefaultAlphabet is the GSM 03.38 default alphabet in code order, 0x00
// to 0x7F, with the escape (0x1B) left out.
const gsmDefaultAlphabet = "@£$¥èéùìòÇ\nØø\rÅå" +
	"Δ_ΦΓΛΩΠΨΣΘΞ" + /* ESC */ "ÆæßÉ" +
	" !\"#¤%&'()*+,-./" +
	"0123456789:;<=>?" +
	"¡ABCDEFGHIJKLMNO" +
	"PQRSTUVWXYZÄÖÑÜ§" +
	"¿abcdefghijklmno" +
	"pqrstuvwxyzäöñüà"

// gsmExtension is the GSM 03.38 extension table: each is sent as the
// escape and one septet.
const gsmExtension = "\f^{}\\[~]|€"

// TestGSMTables checks the encoder's tables against the alphabet as
// written in GSM 03.38, for every code point up to U+2FFF (P4).
func TestGSMTables(t *testing.T) {
	if n := utf8.RuneCountInString(gsmDefaultAlphabet); n != 127 {
		t.Fatalf("gsmDefaultAlphabet has %d characters, want 127", n)
	}
	for r := rune(0); r < 0x3000; r++ {
		want := 0
		switch {
		case strings.ContainsRune(gsmDefaultAlphabet, r):
			want = 1
		case strings.ContainsRune(gsmExtension, r):
			want = 2
		}
		if got := gsmSeptets(r); got != want {
			t.Errorf("gsmSeptets(%U %q) = %d, want %d (P4)", r, r, got, want)
		}
	}
	for _, r := range []rune{0x1F600, 0x10000, utf8.RuneError} {
		if got := gsmSeptets(r); got != 0 {
			t.Errorf("gsmSeptets(%U) = %d, want 0", r, got)
		}
	}
}

func TestGSMReplacementsAreGSM(t *testing.T) {
	for r := rune(0); r < 0x10000; r++ {
		with, ok := gsmReplacement(r)
		if !ok {
			continue
		}
		if gsmSeptets(r) != 0 {
			t.Errorf("gsmReplacement(%U) offered for a GSM character", r)
		}
		for _, c := range with {
			if gsmSeptets(c) == 0 {
				t.Errorf("gsmReplacement(%U) = %q, which is not GSM", r, with)
			}
		}
	}
}

func TestCountSMS(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	w := func(n int) string { return strings.Repeat("ŵ", n) } // Welsh w-circumflex: not GSM
	const emoji = "😀"                                         // a surrogate pair in UTF-16
	cases := []struct {
		name string
		body string
		want SMSInfo
	}{
		{"empty", "", SMSInfo{Encoding: GSM7, Units: 0, Segments: 1}},
		{"one", "a", SMSInfo{Encoding: GSM7, Units: 1, Segments: 1}},
		{"gsm 160", a(160), SMSInfo{Encoding: GSM7, Units: 160, Segments: 1}},
		{"gsm 161", a(161), SMSInfo{Encoding: GSM7, Units: 161, Segments: 2}},
		{"gsm 306 is 2×153", a(306), SMSInfo{Encoding: GSM7, Units: 306, Segments: 2}},
		{"gsm 307", a(307), SMSInfo{Encoding: GSM7, Units: 307, Segments: 3}},
		{"gsm 459 is 3×153", a(459), SMSInfo{Encoding: GSM7, Units: 459, Segments: 3}},
		{"gsm 460", a(460), SMSInfo{Encoding: GSM7, Units: 460, Segments: 4}},
		{"gsm 918 is 6×153", a(918), SMSInfo{Encoding: GSM7, Units: 918, Segments: 6}},
		{"gsm 919 too long", a(919), SMSInfo{Encoding: GSM7, Units: 919, Segments: 7, TooLong: true}},
		{"gsm basic non-ASCII", "£¥èΔß", SMSInfo{Encoding: GSM7, Units: 5, Segments: 1}},
		{"extension counts 2", gsmExtension, SMSInfo{Encoding: GSM7, Units: 20, Segments: 1}},
		{"escape fits single", a(158) + "€", SMSInfo{Encoding: GSM7, Units: 160, Segments: 1}},
		{"escape over single", a(159) + "€", SMSInfo{Encoding: GSM7, Units: 161, Segments: 2}},
		{"escape ends segment exactly", a(151) + "€" + a(153), SMSInfo{Encoding: GSM7, Units: 306, Segments: 2}},
		{"escape at boundary moves", a(152) + "€" + a(151), SMSInfo{Encoding: GSM7, Units: 305, Segments: 2}},
		{"escape at boundary adds segment", a(152) + "€" + a(152), SMSInfo{Encoding: GSM7, Units: 306, Segments: 3}},
		{"escape at second boundary", a(305) + "{" + a(100), SMSInfo{Encoding: GSM7, Units: 407, Segments: 3}},
		{"918 septets with a split escape", a(152) + "€" + a(764), SMSInfo{Encoding: GSM7, Units: 918, Segments: 7}},
		{"ucs2 70", w(70), SMSInfo{Encoding: UCS2, Units: 70, Segments: 1}},
		{"ucs2 71", w(71), SMSInfo{Encoding: UCS2, Units: 71, Segments: 2}},
		{"ucs2 134 is 2×67", w(134), SMSInfo{Encoding: UCS2, Units: 134, Segments: 2}},
		{"ucs2 135", w(135), SMSInfo{Encoding: UCS2, Units: 135, Segments: 3}},
		{"ucs2 201 is 3×67", w(201), SMSInfo{Encoding: UCS2, Units: 201, Segments: 3}},
		{"one non-GSM switches all", a(69) + "ŵ", SMSInfo{Encoding: UCS2, Units: 70, Segments: 1}},
		{"one non-GSM over single", a(70) + "ŵ", SMSInfo{Encoding: UCS2, Units: 71, Segments: 2}},
		{"extension counts 1 in ucs2", "€ŵ", SMSInfo{Encoding: UCS2, Units: 2, Segments: 1}},
		{"emoji counts 2", emoji, SMSInfo{Encoding: UCS2, Units: 2, Segments: 1}},
		{"emoji fills single", a(68) + emoji, SMSInfo{Encoding: UCS2, Units: 70, Segments: 1}},
		{"emoji over single", a(69) + emoji, SMSInfo{Encoding: UCS2, Units: 71, Segments: 2}},
		{"surrogate pair ends segment exactly", a(65) + emoji + a(67), SMSInfo{Encoding: UCS2, Units: 134, Segments: 2}},
		{"surrogate pair at boundary moves", a(66) + emoji + a(65), SMSInfo{Encoding: UCS2, Units: 133, Segments: 2}},
		{"surrogate pair at boundary adds segment", a(66) + emoji + a(66), SMSInfo{Encoding: UCS2, Units: 134, Segments: 3}},
		{"ucs2 918", w(918), SMSInfo{Encoding: UCS2, Units: 918, Segments: 14}},
		{"ucs2 919 too long", w(919), SMSInfo{Encoding: UCS2, Units: 919, Segments: 14, TooLong: true}},
		{"ucs2 918 in emoji units", strings.Repeat(emoji, 459), SMSInfo{Encoding: UCS2, Units: 918, Segments: 14}},
		{"invalid utf-8", "a\xffb", SMSInfo{Encoding: UCS2, Units: 3, Segments: 1}},
		{"backtick is not gsm", "a`b", SMSInfo{Encoding: UCS2, Units: 3, Segments: 1,
			Replacements: []Replacement{{Start: 1, End: 2, Char: "`", With: "'"}}}},
		{"typographic", "It’s ready – see you…", SMSInfo{Encoding: UCS2, Units: 21, Segments: 1,
			Replacements: []Replacement{
				{Start: 2, End: 5, Char: "’", With: "'"},
				{Start: 13, End: 16, Char: "–", With: "-"},
				{Start: 24, End: 27, Char: "…", With: "..."},
			}}},
		{"invisible spaces", "a\u00a0b\u200bc\td", SMSInfo{Encoding: UCS2, Units: 7, Segments: 1,
			Replacements: []Replacement{
				{Start: 1, End: 3, Char: "\u00a0", With: " "},
				{Start: 4, End: 7, Char: "\u200b", With: ""},
				{Start: 8, End: 9, Char: "\t", With: " "},
			}}},
	}
	for _, tc := range cases {
		got := CountSMS(tc.body)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("CountSMS(%s) mismatch (-want +got) (P4):\n%s", tc.name, diff)
		}
	}
}

func TestSuggestGSM(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want string
	}{
		{"plain", "See you at 10:00", "See you at 10:00"},
		{"quotes", "‘a’ “b” „c‟", `'a' "b" "c"`},
		{"dashes", "a – b — c − d", "a - b - c - d"},
		{"ellipsis", "wait…", "wait..."},
		{"spaces", "a\u00a0b\u2009c\u202fd\u3000e", "a b c d e"},
		{"invisible removed", "\ufeffa\u200bb\u00adc", "abc"},
		{"line separator", "a\u2028b", "a\nb"},
		{"other characters kept", "ŵ’😀", "ŵ'😀"},
		{"at start and end", "“hi”", `"hi"`},
	}
	for _, tc := range cases {
		if got := SuggestGSM(tc.in); got != tc.want {
			t.Errorf("SuggestGSM(%s) = %q, want %q (P4)", tc.name, got, tc.want)
		}
	}
	// Applying every suggestion leaves a body that is GSM when only
	// replaceable characters forced UCS-2.
	body := "Your appointment’s on Monday – please arrive 10 minutes early…"
	if got := CountSMS(SuggestGSM(body)); got.Encoding != GSM7 || len(got.Replacements) != 0 {
		t.Errorf("CountSMS(SuggestGSM(typographic)) = %+v, want GSM7 with no replacements", got)
	}
}

func TestEncodingText(t *testing.T) {
	for _, e := range []Encoding{GSM7, UCS2} {
		b, err := e.MarshalText()
		if err != nil {
			t.Fatalf("Encoding(%d).MarshalText() error = %v", e, err)
		}
		var back Encoding
		if err := back.UnmarshalText(b); err != nil || back != e {
			t.Errorf("UnmarshalText(%q) = %v, %v, want %v", b, back, err, e)
		}
	}
	if got := GSM7.String() + "," + UCS2.String(); got != "gsm7,ucs2" {
		t.Errorf("Encoding names = %q, want \"gsm7,ucs2\"", got)
	}
	if _, err := Encoding(0).MarshalText(); err == nil {
		t.Errorf("Encoding(0).MarshalText() error = nil, want an error")
	}
	var e Encoding
	for _, bad := range []string{"", "GSM7", "utf8", "gsm"} {
		if err := e.UnmarshalText([]byte(bad)); err == nil {
			t.Errorf("Encoding.UnmarshalText(%q) error = nil, want an error", bad)
		}
	}
}

func TestValidateSenderID(t *testing.T) {
	cases := []struct {
		name string
		id   string
		ok   bool
	}{
		{"trust", "NHSTrust", true},
		{"surgery", "GPSurgery", true},
		{"one letter", "A", true},
		{"eleven", "LeedsHealth", true},
		{"digits and letters", "NHS111", true},
		{"lower case", "leedsgp", true},
		{"place starting pin, mixed case", "PinnerGP", true},
		{"word containing pin", "Pinderfield", true},
		{"term inside a one-case word", "SPINE", true},
		{"word starting bank, mixed case", "Bankside", true},
		{"empty", "", false},
		{"twelve", "LeedsHealth1", false},
		{"space", "NHS Trust", false},
		{"hyphen", "NHS-Trust", false},
		{"underscore", "NHS_Trust", false},
		{"non-ASCII letter", "Llanelé", false},
		{"digits only", "12345", false},
		{"pay", "Pay", false},
		{"PAY", "PAY", false},
		{"pay lower", "pay", false},
		{"payment", "Payment", false},
		{"camel case part", "NHSPay", false},
		{"leading part", "PayNHS", false},
		{"one case suffix", "NHSPAY", false},
		{"one case prefix", "PAYNHS", false},
		{"one case place", "PINNERGP", false},
		{"digit boundary", "Pay4NHS", false},
		{"bank part", "MyBankUK", false},
		{"fraud", "FraudTeam", false},
		{"otp", "OTP", false},
		{"otp with digits", "OTP123", false},
		{"otp suffix", "NHSOTP", false},
		{"pin", "PIN", false},
		{"code", "YourCode", false},
		{"login", "LoginNHS", false},
		{"secure", "SecureMsg", false},
		{"rebate", "TaxRebate", false},
		{"payment part", "NHSPayment", false},
	}
	for _, tc := range cases {
		err := ValidateSenderID(tc.id)
		switch {
		case tc.ok && err != nil:
			t.Errorf("ValidateSenderID(%s) = %v, want nil (P5)", tc.name, err)
		case !tc.ok && !errors.Is(err, ErrInvalidSenderID):
			t.Errorf("ValidateSenderID(%s) = %v, want ErrInvalidSenderID (P5)", tc.name, err)
		case err != nil && !strings.HasPrefix(err.Error(), "channel: "):
			t.Errorf("ValidateSenderID(%s) error %q does not start with \"channel: \"", tc.name, err)
		}
	}
}

func BenchmarkCountSMS(b *testing.B) {
	gsm160 := strings.Repeat("Your appointment is on Monday at 10:00. Reply STOP to opt out. ", 3)[:160]
	if info := CountSMS(gsm160); info.Encoding != GSM7 || info.Units != 160 {
		b.Fatalf("CountSMS(gsm160) = %+v, want GSM7, 160 units", info)
	}
	cases := []struct{ name, body string }{
		{"gsm160", gsm160},
		{"ucs2", "Mae eich apwyntiad ddydd Llun am 10:00 yn Ysbyty Gŵyr. Ffoniwch ni os na allwch ddod. Diolch 😀"},
		{"replacements", "Your appointment’s on Monday – please arrive 10 minutes early…"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.body)))
			for b.Loop() {
				CountSMS(c.body)
			}
		})
	}
}

func TestCountSMSAllocs(t *testing.T) {
	body := strings.Repeat("Reply £5 {ok} ", 12)
	if n := testing.AllocsPerRun(100, func() { CountSMS(body) }); n != 0 {
		t.Errorf("CountSMS(gsm) allocates %v times, want 0", n)
	}
	ucs := strings.Repeat("Gŵyr 😀 ", 12)
	if n := testing.AllocsPerRun(100, func() { CountSMS(ucs) }); n != 0 {
		t.Errorf("CountSMS(ucs2 without replacements) allocates %v times, want 0", n)
	}
}
