package channel

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// normalizeNHSNumberReference is normalizeNHSNumber by nhsDigits and
// nhsCheckOK alone.
func normalizeNHSNumberReference(s string) (string, string) {
	d, ok := nhsDigits(s)
	if !ok {
		return "", "is not an NHS number: write its 10 digits, such as 943 476 5919 or 9434765919"
	}
	if !nhsCheckOK(d) {
		return "", nhsCheckFails
	}
	var b [10]byte
	for i, v := range d {
		b[i] = '0' + v
	}
	return string(b[:]), ""
}

// TestNHSWord: the word-at-a-time reading of 10 digits, together or in
// the 3-3-4 grouping, agrees with nhsDigits and nhsCheckOK on digit
// strings and on strings with a byte just outside the digits or a
// separator out of place.
func TestNHSWord(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	edges := []byte{'/', ':', '0', '9', ' ', '-', 0x80, 0xb0, 0xb9, 0x10, 0x39 + 6, 0x2f + 0x10, '\t'}
	for range 300000 {
		var b strings.Builder
		grouped := rng.IntN(2) == 0
		for i := range 10 {
			if grouped && (i == 3 || i == 6) {
				b.WriteByte(" -"[rng.IntN(2)])
			}
			if rng.IntN(40) == 0 {
				b.WriteByte(edges[rng.IntN(len(edges))])
			} else {
				b.WriteByte(byte('0' + rng.IntN(10)))
			}
		}
		s := b.String()
		d, ok := nhsDigits(s)
		want := ok && nhsCheckOK(d)
		if got := ValidNHSNumber(s); got != want {
			t.Fatalf("ValidNHSNumber(%q) = %v, want %v", s, got, want)
		}
		gotN, gotR := normalizeNHSNumber(s)
		wantN, wantR := normalizeNHSNumberReference(s)
		if gotN != wantN || gotR != wantR {
			t.Fatalf("normalizeNHSNumber(%q) = %q, %q; want %q, %q", s, gotN, gotR, wantN, wantR)
		}
	}
}

// shownIDReference is shownID a byte at a time.
func shownIDReference(id string) (digits int, shown bool) {
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c <= ' ' || c >= 0x7f || c == '@' || i >= maxIDShown {
			return 0, false
		}
		if isDigit(c) {
			digits++
		}
	}
	return digits, true
}

// TestShownID: shownID, which reads eight bytes at a time, agrees with
// shownIDReference on strings of every length from 8 to 70 made of
// digits and the bytes at the edges of its word tests, wherever they
// fall.
func TestShownID(t *testing.T) {
	edges := []byte{' ', '!', '@', '?', 'A', '/', ':', '0', '9', 0x7f, 0x7e, 0x80, 0xff, 0x00, 0x1f, 0xb0, 0xb9, 0xc0}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 200000 {
		var b strings.Builder
		n := rng.IntN(71)
		if rng.IntN(2) == 0 {
			n = 8 + rng.IntN(9) // the shortest it reads
		}
		for range n {
			switch rng.IntN(6) {
			case 0:
				b.WriteByte(edges[rng.IntN(len(edges))])
			case 1, 2:
				b.WriteByte(byte('0' + rng.IntN(10)))
			default:
				b.WriteByte(byte('!' + rng.IntN(94)))
			}
		}
		s := b.String()
		if len(s) < 8 {
			continue
		}
		d, ok := shownID(s)
		wd, wok := shownIDReference(s)
		if ok != wok || (ok && d != wd) {
			t.Fatalf("shownID(%q) = %d, %v; want %d, %v", s, d, ok, wd, wok)
		}
	}
}

// basicPrefixReference is basicPrefix a byte at a time.
func basicPrefixReference(s string) int {
	i := 0
	for i < len(s) && asciiSeptets(s[i]) == 1 && s[i] < 0x80 {
		i++
	}
	return i
}

// TestBasicPrefix: basicPrefix, which reads eight bytes at a time, agrees
// with basicPrefixReference on strings of every length to 40 made of
// printable ASCII, every other byte and the bytes at the edges of the
// basic set, wherever they fall in a block.
func TestBasicPrefix(t *testing.T) {
	var edges []byte
	for c := range 256 {
		edges = append(edges, byte(c))
	}
	const gsmEdges = "@Z[\\]^_`az{|}~\x7f\n\r\f !?09AZ"
	rng := rand.New(rand.NewPCG(9, 10))
	for range 300000 {
		b := make([]byte, rng.IntN(41))
		for i := range b {
			switch rng.IntN(10) {
			case 0:
				b[i] = edges[rng.IntN(len(edges))]
			case 1:
				b[i] = gsmEdges[rng.IntN(len(gsmEdges))]
			default:
				b[i] = byte(' ' + rng.IntN(95))
			}
		}
		s := string(b)
		if got, want := basicPrefix(s), basicPrefixReference(s); got != want {
			t.Fatalf("basicPrefix(%q) = %d, want %d", s, got, want)
		}
	}
}
