package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the driver the tests bring, as a host would

	"github.com/carecomms/carecomms/audit/sqlstore"
)

// postgresURL returns CARECOMMS_POSTGRES_URL. Without it the test is
// skipped, with how to start a server, except under CI (CI=true), where
// it fails: CI must run these tests.
func postgresURL(tb testing.TB) string {
	tb.Helper()
	url := os.Getenv("CARECOMMS_POSTGRES_URL")
	if url != "" {
		return url
	}
	const how = "CARECOMMS_POSTGRES_URL is not set: start a throwaway server with " +
		"`export CARECOMMS_POSTGRES_URL=$(.ci/postgres start /tmp/carecomms-pg)` " +
		"(stop it with `.ci/postgres stop /tmp/carecomms-pg`), or point it at an empty PostgreSQL database"
	if os.Getenv("CI") == "true" {
		tb.Fatal(how)
	}
	tb.Skip(how)
	return ""
}

// openDB opens the test database, closed when the test ends.
func openDB(tb testing.TB) *sql.DB {
	tb.Helper()
	db, err := sql.Open("pgx", postgresURL(tb))
	if err != nil {
		tb.Fatal(err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	tb.Cleanup(func() { db.Close() })
	if err := db.PingContext(context.Background()); err != nil {
		tb.Fatalf("cannot reach the PostgreSQL server in CARECOMMS_POSTGRES_URL: %v", err)
	}
	return db
}

// newSchema migrates a new, randomly named schema, dropped when the test
// ends, and returns its name.
func newSchema(tb testing.TB, db *sql.DB) string {
	tb.Helper()
	var b [6]byte
	rand.Read(b[:])
	name := "t_" + hex.EncodeToString(b[:])
	if err := sqlstore.Migrate(context.Background(), db, name); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Exec("DROP SCHEMA " + name + " CASCADE") })
	return name
}

// newStore opens a store on a new schema, closed when the test ends.
func newStore(tb testing.TB, db *sql.DB) *sqlstore.Store {
	tb.Helper()
	s, err := sqlstore.Open(context.Background(), db, newSchema(tb, db))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}
