package sqlstore_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/audit/audittest"
	"github.com/carecomms/carecomms/audit/sqlstore"
)

func TestPostgresStoreConformance(t *testing.T) {
	db := openDB(t)
	err := audittest.TestStore(func() (audit.Store, error) {
		return sqlstore.Open(context.Background(), db, newSchema(t, db))
	})
	if err != nil {
		t.Error(err)
	}
}

func TestPostgresOutboxConformance(t *testing.T) {
	db := openDB(t)
	err := audittest.TestOutbox(func() (audit.Outbox, error) {
		return sqlstore.Open(context.Background(), db, newSchema(t, db))
	})
	if err != nil {
		t.Error(err)
	}
}

// TestPostgresSchemaVersion: Open refuses a schema Migrate has not
// created, Migrate runs again harmlessly, and a bad schema name is
// refused.
func TestPostgresSchemaVersion(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	if _, err := sqlstore.Open(ctx, db, "t_never_migrated"); !errors.Is(err, sqlstore.ErrSchema) {
		t.Errorf("Open(unmigrated schema) error = %v, want ErrSchema", err)
	}
	name := newSchema(t, db)
	if err := sqlstore.Migrate(ctx, db, name); err != nil {
		t.Errorf("Migrate again: %v", err)
	}
	if _, err := db.Exec("UPDATE " + name + ".version SET version = 99"); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlstore.Open(ctx, db, name); !errors.Is(err, sqlstore.ErrSchema) {
		t.Errorf("Open(schema at version 99) error = %v, want ErrSchema", err)
	}
	if err := sqlstore.Migrate(ctx, db, name); !errors.Is(err, sqlstore.ErrSchema) {
		t.Errorf("Migrate(schema at version 99) error = %v, want ErrSchema", err)
	}
	for _, bad := range []string{"Robert'); DROP TABLE x;--", "1abc", "UPPER"} {
		if err := sqlstore.Migrate(ctx, db, bad); err == nil {
			t.Errorf("Migrate(%q) = nil, want an error", bad)
		}
	}
}

// TestPostgresExportAndVerify: Export and Verify work on the store, and an
// entry changed in the table is reported.
func TestPostgresExportAndVerify(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	schema := newSchema(t, db)
	s, err := sqlstore.Open(ctx, db, schema)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, e := range audittest.Entries() {
		if _, err := s.Append(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	_, head, err := s.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := audit.VerifySeq(s.All(ctx)); err != nil {
		t.Errorf("VerifySeq = %v", err)
	}
	var all []audit.Entry
	for e, err := range s.All(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, e)
	}
	if err := audit.VerifyHead(all, head); err != nil {
		t.Errorf("VerifyHead = %v", err)
	}
	var out, want bytes.Buffer
	if err := audit.Export(ctx, s, "9990000018", &out, audit.FormatJSON); err != nil {
		t.Fatal(err)
	}
	mem := new(audit.MemStore)
	for _, e := range audittest.Entries() {
		mem.Append(ctx, e)
	}
	audit.Export(ctx, mem, "9990000018", &want, audit.FormatJSON)
	if out.String() != want.String() {
		t.Errorf("Export from PostgreSQL differs from Export from memory:\n%s\n%s", out.String(), want.String())
	}
	if _, err := db.Exec("UPDATE " + schema + ".entries SET entry = replace(entry, 'staff-101', 'staff-999') WHERE seq = 2"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ByPatient(ctx, "9990000018"); !errors.Is(err, audit.ErrCorrupt) {
		t.Errorf("ByPatient after tampering: error = %v, want ErrCorrupt", err)
	}
}
