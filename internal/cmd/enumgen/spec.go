package main

import (
	"fmt"
	"regexp"
	"strings"
)

// spec is one package's enums.txt.
type spec struct {
	pkg         string // package clause
	prefix      string // starts every error message
	encodeError string // MarshalText's error after the prefix, with {label}, {value}, {names}
	types       []*enumType
}

// enumType is one enum type of a spec.
type enumType struct {
	line        int
	doc         []string // doc comment lines, without "//"
	name        string
	label       string // the type's word in errors
	placeholder string // String's placeholder prefix; the label when empty
	encodeZero  bool   // MarshalText encodes the zero value, UnmarshalText reads its name
	valid       string // "", "all" or "nonzero"
	aliases     []alias
	refs        bool
	constDoc    []string
	values      []value // by value, from 0
	keys        map[string]bool
	inValues    bool
}

// alias is a further name UnmarshalText reads as a constant.
type alias struct {
	name, constant string
	line           int
}

// value is one value of an enum type.
type value struct {
	line     int
	doc      []string
	constant string // "_" when value 0 has no constant
	name     string // "" when value 0 has no name
	ref      string
	comment  string // beside the constant
	gap      bool   // a blank line before it in the const block
}

var (
	goName    = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)
	textName  = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	labelText = regexp.MustCompile(`^[a-z][a-z0-9_ ]*[a-z0-9]$`)
	refText   = regexp.MustCompile(`^[A-Z][A-Za-z0-9.]*$`)
	pkgName   = regexp.MustCompile(`^[a-z][a-z0-9]*$`)
	holes     = regexp.MustCompile(`\{[^}]*\}`)
)

// The placeholders encode-error may use.
var placeholders = map[string]bool{"{label}": true, "{value}": true, "{names}": true}

// parser reads a spec line by line.
type parser struct {
	file    string
	line    int
	sp      spec
	doc     []string // the pending doc comment
	docLine int
	header  map[string]bool
	consts  map[string]int // constant or type name -> line declared
	cur     *enumType
}

// parse reads the spec src, named file in errors.
func parse(file string, src []byte) (*spec, error) {
	p := &parser{file: file, header: map[string]bool{}, consts: map[string]int{}}
	for i, raw := range strings.Split(strings.TrimSuffix(string(src), "\n"), "\n") {
		p.line = i + 1
		if err := p.parseLine(strings.TrimSpace(raw)); err != nil {
			return nil, err
		}
	}
	p.line++
	if err := p.endType(); err != nil {
		return nil, err
	}
	if len(p.doc) > 0 {
		return nil, p.errorf("doc comment at line %d comes before no declaration", p.docLine)
	}
	if len(p.sp.types) == 0 {
		if err := p.checkHeader(); err != nil {
			return nil, err
		}
		return nil, p.errorf("no types")
	}
	return &p.sp, nil
}

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", p.file, p.line, fmt.Sprintf(format, args...))
}

func (p *parser) parseLine(l string) error {
	switch {
	case l == "":
		if len(p.doc) > 0 {
			return p.errorf("blank line after a doc comment: a doc comment belongs to the line after it")
		}
		if p.cur != nil && p.cur.inValues && len(p.cur.values) > 0 {
			p.cur.values = append(p.cur.values, value{gap: true}) // marker, folded in endType
		}
		return nil
	case strings.HasPrefix(l, "#"):
		return nil
	case strings.HasPrefix(l, "//"):
		if len(p.doc) == 0 {
			p.docLine = p.line
		}
		p.doc = append(p.doc, l[2:])
		return nil
	}
	key, rest, _ := strings.Cut(l, " ")
	rest = strings.TrimSpace(rest)
	if key == "type" {
		return p.startType(rest)
	}
	if p.cur == nil {
		return p.headerKey(key, rest)
	}
	if p.cur.inValues {
		return p.valueLine(l)
	}
	return p.typeKey(key, rest)
}

// takeDoc returns the pending doc comment, which what names must have.
func (p *parser) takeDoc(what string) ([]string, error) {
	doc := p.doc
	p.doc = nil
	if len(doc) == 0 {
		return nil, p.errorf("%s has no doc comment: put // lines before it", what)
	}
	return doc, nil
}

// noDoc rejects a doc comment before a line that cannot carry one.
func (p *parser) noDoc() error {
	if len(p.doc) > 0 {
		return p.errorf("a doc comment (line %d) belongs before a type, a const or a value", p.docLine)
	}
	return nil
}

func (p *parser) headerKey(key, rest string) error {
	if err := p.noDoc(); err != nil {
		return err
	}
	switch key {
	case "package", "error-prefix", "encode-error":
	default:
		return p.errorf("unknown key %q before the first type: use package, error-prefix or encode-error", key)
	}
	if p.header[key] {
		return p.errorf("%s given twice", key)
	}
	p.header[key] = true
	switch key {
	case "package":
		if !pkgName.MatchString(rest) {
			return p.errorf("package %q is not a package name", rest)
		}
		p.sp.pkg = rest
	case "error-prefix":
		if !pkgName.MatchString(rest) {
			return p.errorf("error-prefix %q is not a lower-case word", rest)
		}
		p.sp.prefix = rest
	case "encode-error":
		if rest == "" {
			return p.errorf("encode-error is empty")
		}
		for _, h := range holes.FindAllString(rest, -1) {
			if !placeholders[h] {
				return p.errorf("encode-error has %s: use {label}, {value} or {names}", h)
			}
		}
		if !strings.Contains(rest, "{value}") {
			return p.errorf("encode-error does not name the {value}")
		}
		p.sp.encodeError = rest
	}
	return nil
}

func (p *parser) checkHeader() error {
	for _, k := range []string{"package", "error-prefix", "encode-error"} {
		if !p.header[k] {
			return p.errorf("missing %s before the first type", k)
		}
	}
	return nil
}

func (p *parser) declare(name string) error {
	if prev, ok := p.consts[name]; ok {
		return p.errorf("%s already declared at line %d", name, prev)
	}
	p.consts[name] = p.line
	return nil
}

func (p *parser) startType(name string) error {
	if err := p.checkHeader(); err != nil {
		return err
	}
	if err := p.endType(); err != nil {
		return err
	}
	if !goName.MatchString(name) {
		return p.errorf("type %q is not an exported Go name", name)
	}
	if err := p.declare(name); err != nil {
		return err
	}
	doc, err := p.takeDoc("type " + name)
	if err != nil {
		return err
	}
	p.cur = &enumType{line: p.line, doc: doc, name: name, keys: map[string]bool{}}
	return nil
}

func (p *parser) typeKey(key, rest string) error {
	t := p.cur
	if key == "const" {
		if rest != "" {
			return p.errorf("const takes nothing after it; the values follow, one a line")
		}
		doc, err := p.takeDoc("const block of " + t.name)
		if err != nil {
			return err
		}
		t.constDoc, t.inValues = doc, true
		return nil
	}
	if err := p.noDoc(); err != nil {
		return err
	}
	if t.keys[key] && key != "alias" {
		return p.errorf("%s given twice for %s", key, t.name)
	}
	t.keys[key] = true
	switch key {
	case "label", "placeholder":
		if !labelText.MatchString(rest) {
			return p.errorf("%s %q is not lower-case words", key, rest)
		}
		if key == "label" {
			t.label = rest
		} else {
			t.placeholder = rest
		}
	case "encode-zero":
		if rest != "yes" && rest != "no" {
			return p.errorf("encode-zero %q: use yes or no", rest)
		}
		t.encodeZero = rest == "yes"
	case "valid":
		if rest != "all" && rest != "nonzero" {
			return p.errorf("valid %q: use all or nonzero", rest)
		}
		t.valid = rest
	case "alias":
		f := strings.Fields(rest)
		if len(f) != 2 || !textName.MatchString(f[0]) || !goName.MatchString(f[1]) {
			return p.errorf("alias wants a name and a constant, such as \"alias sender TheSender\"")
		}
		t.aliases = append(t.aliases, alias{f[0], f[1], p.line})
	case "refs":
		if rest != "" {
			return p.errorf("refs takes nothing after it")
		}
		t.refs = true
	default:
		return p.errorf("unknown key %q for type %s: use label, placeholder, encode-zero, valid, alias, refs or const", key, t.name)
	}
	return nil
}

func (p *parser) valueLine(l string) error {
	t := p.cur
	v := value{line: p.line}
	if i := strings.Index(l, "//"); i >= 0 {
		v.comment = strings.TrimSpace(l[i+2:])
		l = strings.TrimSpace(l[:i])
		if v.comment == "" {
			return p.errorf("empty // comment")
		}
	}
	f := strings.Fields(l)
	want := 2
	if t.refs {
		want = 3
	}
	if len(f) != want {
		if t.refs {
			return p.errorf("a value of %s is a constant, a name and a ref (\"-\" for none); got %q", t.name, l)
		}
		return p.errorf("a value of %s is a constant and a name; got %q", t.name, l)
	}
	v.constant, v.name = f[0], f[1]
	v.doc, p.doc = p.doc, nil
	index := 0
	for _, w := range t.values {
		if !w.gap {
			index++
		}
	}
	switch {
	case v.constant == "_" && index == 0:
		if v.doc != nil || v.comment != "" {
			return p.errorf("value 0 has no constant (_), so it takes no comment")
		}
	case !goName.MatchString(v.constant):
		return p.errorf("constant %q is not an exported Go name (only value 0 may be _)", v.constant)
	default:
		if err := p.declare(v.constant); err != nil {
			return err
		}
	}
	switch {
	case v.name == "-" && index == 0:
		v.name = ""
	case !textName.MatchString(v.name):
		return p.errorf("name %q is not lower-case snake_case (only value 0 may be -)", v.name)
	}
	if t.refs {
		v.ref = f[2]
		if v.ref == "-" {
			v.ref = ""
		} else if !refText.MatchString(v.ref) {
			return p.errorf("ref %q is not a requirement such as G14.1", v.ref)
		}
	}
	t.values = append(t.values, v)
	return nil
}

// endType checks the type being read and adds it to the spec.
func (p *parser) endType() error {
	t := p.cur
	if t == nil {
		return nil
	}
	p.cur = nil
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%s:%d: type %s: %s", p.file, t.line, t.name, fmt.Sprintf(format, args...))
	}
	for _, k := range []string{"label", "encode-zero"} {
		if !t.keys[k] {
			return fail("missing %s", k)
		}
	}
	if !t.inValues {
		return fail("no const block")
	}
	// Fold the blank-line markers into the value after them.
	var vals []value
	gap := false
	for _, v := range t.values {
		if v.gap {
			gap = true
			continue
		}
		v.gap = gap
		gap = false
		vals = append(vals, v)
	}
	t.values = vals
	if len(vals) < 2 {
		return fail("fewer than two values")
	}
	zero := vals[0]
	if t.encodeZero && (zero.constant == "_" || zero.name == "") {
		return fail("encode-zero yes, but value 0 has no constant or no name")
	}
	if t.valid == "all" && (zero.constant == "_" || zero.name == "") {
		return fail("valid all, but value 0 has no constant or no name")
	}
	if len(vals) > 256 {
		return fail("more than 256 values")
	}
	names := map[string]int{}
	for _, v := range vals {
		if v.name == "" {
			continue
		}
		if prev, ok := names[v.name]; ok {
			return fmt.Errorf("%s:%d: name %q already used at line %d", p.file, v.line, v.name, prev)
		}
		names[v.name] = v.line
	}
	for _, a := range t.aliases {
		if prev, ok := names[a.name]; ok {
			return fmt.Errorf("%s:%d: alias %q already used at line %d", p.file, a.line, a.name, prev)
		}
		names[a.name] = a.line
		i := t.index(a.constant)
		if i < 0 {
			return fmt.Errorf("%s:%d: alias %q: %s is not a constant of %s", p.file, a.line, a.name, a.constant, t.name)
		}
		if i < t.first() {
			return fmt.Errorf("%s:%d: alias %q names %s, which does not encode", p.file, a.line, a.name, a.constant)
		}
	}
	p.sp.types = append(p.sp.types, t)
	return nil
}

// index returns the value of the constant c, or -1.
func (t *enumType) index(c string) int {
	for i, v := range t.values {
		if v.constant == c {
			return i
		}
	}
	return -1
}

// first is the lowest value that encodes.
func (t *enumType) first() int {
	if t.encodeZero {
		return 0
	}
	return 1
}
