package word

import (
	"encoding/binary"
	"testing"
)

func TestLoad64(t *testing.T) {
	for _, s := range []string{"01234567", "9990000018", "\x80\xff\x00abcde", "msg-override-1"} {
		if got, want := Load64(s), binary.LittleEndian.Uint64([]byte(s)); got != want {
			t.Errorf("Load64(%q) = %#x, want %#x", s, got, want)
		}
	}
	if Load64("abcdefgh")&Highs != 0 || Load64("abc\xc3\xa9fgh")&Highs == 0 {
		t.Error("Highs does not tell ASCII words from others")
	}
}
