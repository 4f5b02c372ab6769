package main

import (
	"bufio"
	"bytes"
	"encoding"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/carecomms/carecomms/policy"
)

// enum returns the schema of enum t: a string, one of the names its
// MarshalText gives, and in a document hosts write its aliases too.
func (g *gen) enum(t reflect.Type) (*schema, error) {
	names, err := enumNames(t)
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: MarshalText encodes no value from 0 to 255", t)
	}
	if g.input {
		aliases, err := g.aliases(t)
		if err != nil {
			return nil, err
		}
		names = append(names, aliases...)
	}
	return &schema{Type: "string", Enum: names}, nil
}

// enumNames lists the names of t's values in order of value: rule IDs in
// the catalogue's order, every other enum by trying each value from 0 to
// 255 with MarshalText. Each name must read back as its value.
func enumNames(t reflect.Type) ([]string, error) {
	if t == ruleType {
		var names []string
		for _, r := range policy.Catalogue() {
			names = append(names, r.ID.String())
		}
		return names, nil
	}
	var names []string
	for v := range 256 {
		x := reflect.New(t).Elem()
		if t.Kind() == reflect.Int8 {
			x.SetInt(int64(int8(v)))
		} else {
			x.SetUint(uint64(v))
		}
		b, err := x.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			continue
		}
		back := reflect.New(t)
		if err := back.Interface().(encoding.TextUnmarshaler).UnmarshalText(b); err != nil || !back.Elem().Equal(x) {
			return nil, fmt.Errorf("%s: the name %q of value %d does not read back as it", t, b, v)
		}
		names = append(names, string(b))
	}
	return names, nil
}

// aliases returns the older names of enum t that its package's enums.txt
// lists ("alias NAME CONSTANT" lines under "type Name"), after checking
// that UnmarshalText reads each. A package without enums.txt has none.
func (g *gen) aliases(t reflect.Type) ([]string, error) {
	rel, ok := strings.CutPrefix(t.PkgPath(), modulePath+"/")
	if !ok {
		return nil, nil
	}
	spec := filepath.Join(g.root, filepath.FromSlash(rel), "enums.txt")
	data, err := os.ReadFile(spec)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	in := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && f[0] == "type":
			in = f[1] == t.Name()
		case in && len(f) == 3 && f[0] == "alias":
			if err := reflect.New(t).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(f[1])); err != nil {
				return nil, fmt.Errorf("%s: %s lists alias %q, which UnmarshalText does not read: %v", t, spec, f[1], err)
			}
			out = append(out, f[1])
		}
	}
	return out, sc.Err()
}
