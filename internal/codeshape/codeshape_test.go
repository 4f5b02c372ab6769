// Package codeshape checks the shape of the module's own code: no function
// in non-test, non-generated code is longer than a screen, and every
// exported name of a library package has a doc comment.
package codeshape

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// maxLines is the longest function allowed, in lines from its signature
// to its closing brace.
const maxLines = 80

// moduleRoot is the directory holding the module's go.mod.
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
			t.Fatal("go.mod not found above the test's directory")
		}
		dir = parent
	}
}

// sources parses every non-test, non-generated Go file of the module,
// leaving out bench/, which is a module of its own.
func sources(t *testing.T) (*token.FileSet, map[string]*ast.File) {
	root := moduleRoot(t)
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != root && (d.Name() == "bench" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(fset, p, src, parser.ParseComments)
		if err != nil {
			return err
		}
		if ast.IsGenerated(f) {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		files[rel] = f
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 50 {
		t.Fatalf("found only %d source files under %s: the walk is wrong", len(files), root)
	}
	return fset, files
}

// TestFunctionLength fails for any function over maxLines lines: split it
// by the stage or step it serves. With -v it logs the five longest.
func TestFunctionLength(t *testing.T) {
	fset, files := sources(t)
	type fn struct {
		where string
		lines int
	}
	var all []fn
	defer func() {
		sort.Slice(all, func(i, j int) bool {
			return all[i].lines > all[j].lines || all[i].lines == all[j].lines && all[i].where < all[j].where
		})
		for _, f := range all[:min(5, len(all))] {
			t.Logf("%4d lines  %s", f.lines, f.where)
		}
	}()
	for name, f := range files {
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			a, b := fset.Position(fd.Pos()), fset.Position(fd.End())
			n := b.Line - a.Line + 1
			all = append(all, fn{fmt.Sprintf("%s:%d %s", name, a.Line, fd.Name.Name), n})
			if n > maxLines {
				t.Errorf("%s:%d: %s is %d lines, over %d: split it by what each part does", name, a.Line, fd.Name.Name, n, maxLines)
			}
		}
	}
}

// TestExportedDocs fails for an exported name of a library package (not a
// command) with no doc comment.
func TestExportedDocs(t *testing.T) {
	_, files := sources(t)
	for name, f := range files {
		if f.Name.Name == "main" {
			continue
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Name.IsExported() && d.Doc == nil && exportedRecv(d) {
					t.Errorf("%s: func %s has no doc comment", name, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					checkSpec(t, name, d, s)
				}
			}
		}
	}
}

// exportedRecv reports whether a method's receiver type is exported (or d
// is a plain function).
func exportedRecv(d *ast.FuncDecl) bool {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return true
	}
	t := d.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if ix, ok := t.(*ast.IndexExpr); ok {
		t = ix.X
	}
	id, ok := t.(*ast.Ident)
	return ok && id.IsExported()
}

// checkSpec reports an exported type, constant or variable with no doc
// comment of its own, its group's, or a line comment.
func checkSpec(t *testing.T, file string, d *ast.GenDecl, s ast.Spec) {
	t.Helper()
	switch s := s.(type) {
	case *ast.TypeSpec:
		if s.Name.IsExported() && s.Doc == nil && d.Doc == nil {
			t.Errorf("%s: type %s has no doc comment", file, s.Name.Name)
		}
	case *ast.ValueSpec:
		for _, n := range s.Names {
			if n.IsExported() && s.Doc == nil && d.Doc == nil && s.Comment == nil {
				t.Errorf("%s: %s has no doc comment", file, n.Name)
			}
		}
	}
}
