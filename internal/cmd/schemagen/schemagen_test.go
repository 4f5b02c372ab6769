package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/jsonschema"
	"github.com/carecomms/carecomms/policy"
)

// TestSchemasFresh fails when a committed schema in policy/schema is not
// what schemagen makes now, or when one is missing or left over.
func TestSchemasFresh(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	want, err := generate(root)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "policy", "schema")
	committed, _ := filepath.Glob(filepath.Join(dir, "*.schema.json"))
	for _, path := range committed {
		if _, ok := want[filepath.Base(path)]; !ok {
			t.Errorf("policy/schema/%s is not generated: delete it, or run go generate ./policy/schema", filepath.Base(path))
		}
	}
	for name, data := range want {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("policy/schema/%s is missing: run go generate ./policy/schema", name)
			continue
		}
		if !bytes.Equal(got, data) {
			t.Errorf("policy/schema/%s is stale: run go generate ./policy/schema\n%s", name, cmp.Diff(string(data), string(got)))
		}
		if _, err := jsonschema.Compile(data); err != nil {
			t.Errorf("%s does not compile: %v", name, err)
		}
	}
	if src, err := os.ReadFile(filepath.Join(dir, "doc.go")); err != nil || !bytes.Contains(src, []byte("\n//go:generate go run github.com/carecomms/carecomms/internal/cmd/schemagen\n")) {
		t.Errorf("policy/schema/doc.go does not run schemagen from go generate (%v)", err)
	}
}

// TestUnsupportedTypes checks schemagen refuses a type it cannot describe
// rather than guessing.
func TestUnsupportedTypes(t *testing.T) {
	type withMap struct {
		M map[string]int `json:"m"`
	}
	type withAny struct {
		A any `json:"a"`
	}
	type withMarshaler struct {
		D time.Duration `json:"d"` // an int64 without MarshalText: an integer
		S channel.Set   `json:"s"` // special
		U unknownText   `json:"u"` // its own encoding
	}
	type withOption struct {
		X int `json:"x,string"` // a tag option that changes the encoding
	}
	twice := reflect.StructOf([]reflect.StructField{ // built, as vet rightly flags a literal one
		{Name: "A", Type: reflect.TypeFor[string](), Tag: `json:"a"`},
		{Name: "B", Type: reflect.TypeFor[string](), Tag: `json:"a"`},
	})
	tests := []struct {
		typ  reflect.Type
		want string
	}{
		{reflect.TypeFor[withMap](), "is a map"},
		{reflect.TypeFor[withAny](), "is a interface"},
		{reflect.TypeFor[withMarshaler](), "unknownText has its own JSON encoding"},
		{reflect.TypeFor[withOption](), `does not support the json tag option in "x,string"`},
		{twice, `two fields are named "a"`},
	}
	for _, tt := range tests {
		_, err := newGen(".", true).use(tt.typ)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("use(%s) = %v, want an error containing %q", tt.typ, err, tt.want)
		}
	}
}

// unknownText is a string type with its own text encoding.
type unknownText string

func (u unknownText) MarshalText() ([]byte, error) { return []byte(u), nil }

// TestFields checks embedded structs are flattened as encoding/json does:
// in place, and shadowed by the outer struct's own fields.
func TestFields(t *testing.T) {
	type inner struct {
		A string `json:"a"`
		B string `json:"b,omitempty"`
	}
	type outer struct {
		inner
		B      int    `json:"b"`
		C      string `json:"-"`
		D      string
		hidden string //lint:ignore U1000 an unexported field the generator must leave out
	}
	fs, err := jsonFields(reflect.TypeFor[outer]())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.name+":"+f.typ.Kind().String()+":"+map[bool]string{true: "required", false: "optional"}[f.required])
	}
	want := []string{"a:string:required", "b:int:required", "D:string:required"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("jsonFields(outer) (-want +got):\n%s", diff)
	}
}

// TestEnumNames checks enum names come from the types, aliases from
// enums.txt only in documents hosts write, and rule IDs from the catalogue.
func TestEnumNames(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	in, err := newGen(root, true).enum(reflect.TypeFor[policy.Role]())
	if err != nil {
		t.Fatal(err)
	}
	out, err := newGen(root, false).enum(reflect.TypeFor[policy.Role]())
	if err != nil {
		t.Fatal(err)
	}
	var roles []string
	for _, r := range append([]policy.Role{policy.Nobody}, policy.Roles()...) {
		roles = append(roles, r.String())
	}
	roles = slices.Compact(roles)
	if diff := cmp.Diff(roles, out.Enum); diff != "" {
		t.Errorf("role names in a decision (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(append(roles, "ig_team", "sender"), in.Enum); diff != "" {
		t.Errorf("role names in a message (-want +got):\n%s", diff)
	}
	rules, err := enumNames(ruleType)
	if err != nil || len(rules) != len(policy.Catalogue()) || rules[0] != policy.Catalogue()[0].ID.String() {
		t.Errorf("enumNames(RuleID) = %v, %v; want the catalogue's %d IDs", rules, err, len(policy.Catalogue()))
	}
	kinds, _ := enumNames(reflect.TypeFor[channel.Kind]())
	var want []string
	for _, k := range channel.Kinds() {
		want = append(want, k.String())
	}
	if diff := cmp.Diff(want, kinds); diff != "" {
		t.Errorf("enumNames(channel.Kind) (-want +got):\n%s", diff)
	}
}
