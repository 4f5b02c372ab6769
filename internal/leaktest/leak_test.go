// Package leaktest checks that no exported type of the module prints a
// message body, an address or an NHS number: not through String,
// GoString, Format (%v, %+v, %#v, %s, %q), a log value, log/slog's JSON
// and text handlers, nor an error from Validate, UnmarshalText or
// UnmarshalJSON. Hosts log what carecomms
// gives them, and careless or hostile input puts an NHS number or an
// address in any field, so every text field is filled with each secret in
// turn, whatever the field is for.
package leaktest

import (
	"encoding"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// secret is a value put in every text field, and the texts that must not
// appear in anything printed.
type secret struct {
	name, value string
	forbidden   []string
}

var secrets = []secret{
	{"body", "Your HIV test was positive, love from Dr Secretsmith", []string{"HIV test", "Secretsmith"}},
	{"NHS number", "9434765919", windows("9434765919", 6)},
	{"NHS number, spaced", "943 476 5919", []string{"943 476", "476 5919"}},
	{"NHS number, underscored", "943_476_5919", []string{"943_476", "476_5919"}},
	{"NHS number, odd groups", "9434-76-5919", []string{"9434-76", "76-5919"}},
	{"NHS number, colons", "943:476:5919", []string{"943:476", "476:5919"}},
	{"mobile number, bracketed", "(07700)900123", []string{"07700", "900123"}},
	{"mobile number, doubled hyphen", "07700--900123", []string{"07700", "900123"}},
	{"mobile number", "07700 900123", []string{"7700 900", "900123"}},
	{"mobile number, E.164", "+447700900123", windows("447700900123", 6)},
	{"email address", "jane.secret@example.org", []string{"jane.secret", "secret@"}},
	{"postal address", "1 Secret Lane, Nottingham, NG1 1AA", []string{"Secret Lane"}},
}

// windows returns every substring of s of n bytes.
func windows(s string, n int) []string {
	var out []string
	for i := 0; i+n <= len(s); i++ {
		out = append(out, s[i:i+n])
	}
	return out
}

// TestNoTypePrintsPersonalData fills every exported type with each secret
// and checks what it prints and every error it gives.
func TestNoTypePrintsPersonalData(t *testing.T) {
	declared := exportedTypes(t)
	for _, name := range declared {
		_, checked := values[name]
		_, built := builders[name]
		_, exempt := exempt[name]
		if !checked && !built && !exempt {
			t.Errorf("%s is not in leaktest's values, builders or exempt: add it to one", name)
		}
	}
	for name := range values {
		if !slices.Contains(declared, name) {
			t.Errorf("leaktest lists %s, which the module no longer declares", name)
		}
	}
	for _, s := range secrets {
		for name, zero := range values {
			v := reflect.New(reflect.TypeOf(zero)).Elem()
			fill(v, s.value, 0)
			check(t, name, s, v)
		}
		for name, build := range builders {
			check(t, name, s, reflect.ValueOf(build(t, s.value)))
		}
		for name, zero := range values {
			decode(t, name, s, reflect.TypeOf(zero))
		}
	}
}

// check fails when anything v prints or returns as an error shows s.
func check(t *testing.T, name string, s secret, v reflect.Value) {
	t.Helper()
	for what, out := range outputs(v) {
		for _, f := range s.forbidden {
			if strings.Contains(out, f) {
				t.Errorf("%s filled with a %s: %s shows %q: %s", name, s.name, what, f, out)
				break
			}
		}
	}
}

// outputs returns what v (and a pointer to it) prints, by the way it was
// printed.
func outputs(v reflect.Value) map[string]string {
	out := map[string]string{}
	vals := []reflect.Value{v}
	if v.CanAddr() {
		vals = append(vals, v.Addr())
	}
	for _, x := range vals {
		if !x.CanInterface() {
			continue
		}
		i := x.Interface()
		kind := x.Type().String()
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			out[kind+" "+verb] = fmt.Sprintf(verb, i)
		}
		if s, ok := i.(fmt.Stringer); ok {
			out[kind+" String"] = s.String()
		}
		if s, ok := i.(fmt.GoStringer); ok {
			out[kind+" GoString"] = s.GoString()
		}
		if e, ok := i.(error); ok {
			out[kind+" Error"] = e.Error()
		}
		if l, ok := i.(slog.LogValuer); ok {
			out[kind+" LogValue"] = l.LogValue().Resolve().String()
		}
		out[kind+" slog JSON"] = logged(i, true)
		out[kind+" slog text"] = logged(i, false)
		if m := x.MethodByName("Validate"); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() == 1 {
			if err, _ := m.Call(nil)[0].Interface().(error); err != nil {
				out[kind+" Validate"] = err.Error()
				out[kind+" Validate %+v"] = fmt.Sprintf("%+v", err)
			}
		}
	}
	return out
}

// logged returns the line log/slog's JSON or text handler writes for v
// logged as an attribute: hosts log what carecomms gives them, and the
// JSON handler prints any value that is not a [slog.LogValuer] with
// json.Marshal.
func logged(v any, asJSON bool) string {
	var b strings.Builder
	// Without the time, whose digits could match a secret's.
	opts := &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey && len(groups) == 0 {
			return slog.Attr{}
		}
		return a
	}}
	var h slog.Handler = slog.NewTextHandler(&b, opts)
	if asJSON {
		h = slog.NewJSONHandler(&b, opts)
	}
	slog.New(h).Info("logged", "value", v)
	return b.String()
}

// decode checks the errors of t's UnmarshalText and UnmarshalJSON when
// given the secret.
func decode(t *testing.T, name string, s secret, typ reflect.Type) {
	t.Helper()
	p := reflect.New(typ).Interface()
	var errs []error
	if u, ok := p.(encoding.TextUnmarshaler); ok {
		errs = append(errs, u.UnmarshalText([]byte(s.value)))
	}
	if u, ok := p.(json.Unmarshaler); ok {
		q, _ := json.Marshal(s.value)
		errs = append(errs, u.UnmarshalJSON(q), u.UnmarshalJSON([]byte(`{"`+s.value+`": 1}`)))
	}
	for _, err := range errs {
		if err == nil {
			continue
		}
		for _, f := range s.forbidden {
			for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
				if strings.Contains(text, f) {
					t.Errorf("%s decoding a %s: the error shows %q: %s", name, s.name, f, text)
				}
			}
		}
	}
}

// fill puts value in every exported text field of v, recursively; numbers
// become 1 (a defined value of most enums), booleans true, and each slice,
// map and pointer one filled element.
func fill(v reflect.Value, value string, depth int) {
	if depth > 6 || !v.CanSet() {
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(value)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Slice:
		if v.Type().Elem() == reflect.TypeFor[byte]() {
			v.SetBytes([]byte(value))
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), value, depth+1)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k := reflect.New(v.Type().Key()).Elem()
		e := reflect.New(v.Type().Elem()).Elem()
		fill(k, value, depth+1)
		fill(e, value, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), value, depth+1)
		v.Set(p)
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.IsExported() && !libraryText[v.Type().String()+"."+f.Name] {
				fill(v.Field(i), value, depth+1)
			}
		}
	}
}

// exportedTypes lists the exported types of every library package of the
// module, as "dir.Type" ("policy.Message", "audit/sqlstore.Store"): every
// directory but internal/, examples/, bench/ and testdata/, and the
// packages named main.
func exportedTypes(t *testing.T) []string {
	root := moduleRoot(t)
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		switch rel, _ := filepath.Rel(root, p); {
		case rel == ".":
			return nil
		case d.Name() == "internal" || d.Name() == "examples" || d.Name() == "bench" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), "."):
			return filepath.SkipDir
		default:
			out = append(out, typesIn(t, p, filepath.ToSlash(rel))...)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func typesIn(t *testing.T, dir, rel string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name.Name == "main" {
			continue
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, s := range g.Specs {
				if ts := s.(*ast.TypeSpec); ts.Name.IsExported() {
					out = append(out, rel+"."+ts.Name.Name)
				}
			}
		}
	}
	return out
}

func moduleRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}
