package strictjson

import (
	"reflect"
	"strings"
	"sync"
	"unicode"
)

// field is one JSON field of a struct type.
type field struct {
	typ    reflect.Type
	depth  int  // how deeply embedded
	tagged bool // named by a json tag
}

var fieldCache sync.Map // reflect.Type -> map[string]field

// fieldsOf returns the JSON fields of struct type t by name, as
// encoding/json finds them: exported fields, named by their json tag or
// their Go name, "-" left out, the fields of embedded structs promoted,
// and of several fields with one name the least embedded kept (a tagged
// one before an untagged one), or none when that leaves more than one.
func fieldsOf(t reflect.Type) map[string]field {
	if f, ok := fieldCache.Load(t); ok {
		return f.(map[string]field)
	}
	all := map[string][]field{}
	collect(t, 0, all, map[reflect.Type]bool{})
	out := make(map[string]field, len(all))
	for name, fs := range all {
		if f, ok := dominant(fs); ok {
			out[name] = f
		}
	}
	fieldCache.Store(t, out)
	return out
}

func collect(t reflect.Type, depth int, all map[string][]field, visiting map[reflect.Type]bool) {
	if visiting[t] {
		return
	}
	visiting[t] = true
	defer delete(visiting, t)
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := sf.Type
		if sf.Anonymous {
			et := ft
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if name == "" && et.Kind() == reflect.Struct {
				collect(et, depth+1, all, visiting)
				continue
			}
			if !sf.IsExported() && et.Kind() != reflect.Struct {
				continue
			}
		} else if !sf.IsExported() {
			continue
		}
		tagged := name != "" && validTagName(name)
		if !tagged {
			name = sf.Name
		}
		all[name] = append(all[name], field{typ: ft, depth: depth, tagged: tagged})
	}
}

// dominant picks the field encoding/json uses among those with one name.
func dominant(fs []field) (field, bool) {
	best := fs[0].depth
	for _, f := range fs {
		best = min(best, f.depth)
	}
	var at []field
	for _, f := range fs {
		if f.depth == best {
			at = append(at, f)
		}
	}
	if len(at) == 1 {
		return at[0], true
	}
	var tagged []field
	for _, f := range at {
		if f.tagged {
			tagged = append(tagged, f)
		}
	}
	if len(tagged) == 1 {
		return tagged[0], true
	}
	return field{}, false
}

// validTagName is encoding/json's test of a tag's name.
func validTagName(s string) bool {
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

// equalFold reports whether a key matches a field name as encoding/json
// matches them, ignoring letter case (Unicode simple folding, so the
// Kelvin sign matches k).
func equalFold(name, key string) bool { return strings.EqualFold(name, key) }
