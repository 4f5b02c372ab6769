package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
)

// SchemaVersion is the version of the tables this package reads and
// writes. Migrate brings a database to it; Open refuses any other.
const SchemaVersion = 1

// ErrSchema is wrapped by the errors Open returns when the database's
// tables are missing or at another version than SchemaVersion.
var ErrSchema = errors.New("audit/sqlstore: schema is not at this version")

// migrations[i] brings the schema from version i to version i+1. Each
// runs in the transaction Migrate holds; {s} is the quoted schema name.
var migrations = [...]string{
	`CREATE TABLE {s}.entries (
		seq        bigint PRIMARY KEY,
		patient    text   NOT NULL,
		message_id text   NOT NULL,
		ref        text,
		entry      text   NOT NULL
	);
	CREATE INDEX entries_patient ON {s}.entries (patient, seq);
	CREATE INDEX entries_message ON {s}.entries (patient, message_id, seq);
	CREATE INDEX entries_ref ON {s}.entries (ref, seq) WHERE ref IS NOT NULL;
	CREATE TABLE {s}.head (
		one  boolean PRIMARY KEY DEFAULT true CHECK (one),
		seq  bigint  NOT NULL,
		hash text    NOT NULL
	);
	INSERT INTO {s}.head (seq, hash) VALUES (0, '');
	CREATE TABLE {s}.claims (
		patient    text    NOT NULL,
		message_id text    NOT NULL,
		role       text    NOT NULL,
		recipient  text    NOT NULL,
		count      integer NOT NULL,
		open       boolean NOT NULL,
		channel    text    NOT NULL,
		address    text    NOT NULL,
		PRIMARY KEY (patient, message_id, role, recipient)
	);
	CREATE TABLE {s}.jobs (
		patient      text        NOT NULL,
		message_id   text        NOT NULL,
		due          timestamptz NOT NULL,
		payload      bytea       NOT NULL,
		lease        bigint      NOT NULL,
		leased_until timestamptz,
		PRIMARY KEY (patient, message_id)
	);
	CREATE INDEX jobs_due ON {s}.jobs (due);
	CREATE SEQUENCE {s}.leases;`,
}

// Migrate creates the tables of an audit store in the PostgreSQL schema
// named schema ("" for DefaultSchema), or brings them to SchemaVersion,
// and records the version. It is safe to run from several processes at
// once and again on a database already at SchemaVersion. The database
// user needs the right to create the schema, or to create tables in it.
//
// Run it when the host installs or upgrades, not on every start: Open
// checks the version and refuses a database that Migrate has not brought
// to SchemaVersion.
func Migrate(ctx context.Context, db *sql.DB, schema string) error {
	q, err := quoteSchema(schema)
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("audit/sqlstore: migrate: %w", err)
	}
	defer tx.Rollback()
	h := fnv.New64a()
	h.Write([]byte("carecomms/audit/sqlstore " + q))
	steps := []string{
		fmt.Sprintf("SELECT pg_advisory_xact_lock(%d)", int64(h.Sum64())),
		"CREATE SCHEMA IF NOT EXISTS " + q,
		"CREATE TABLE IF NOT EXISTS " + q + ".version (version integer NOT NULL)",
	}
	for _, st := range steps {
		if _, err := tx.ExecContext(ctx, st); err != nil {
			return fmt.Errorf("audit/sqlstore: migrate schema %s: %w", q, err)
		}
	}
	v, err := version(ctx, tx, q)
	if err != nil {
		return err
	}
	if v > SchemaVersion {
		return fmt.Errorf("%w: schema %s is at version %d, newer than this package's %d: upgrade carecomms", ErrSchema, q, v, SchemaVersion)
	}
	for ; v < SchemaVersion; v++ {
		if _, err := tx.ExecContext(ctx, strings.ReplaceAll(migrations[v], "{s}", q)); err != nil {
			return fmt.Errorf("audit/sqlstore: migrate schema %s to version %d: %w", q, v+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM "+q+".version"); err != nil {
		return fmt.Errorf("audit/sqlstore: migrate: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO "+q+".version (version) VALUES ($1)", SchemaVersion); err != nil {
		return fmt.Errorf("audit/sqlstore: migrate: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("audit/sqlstore: migrate: %w", err)
	}
	return nil
}

// version reads the schema's version: 0 when it has none yet.
func version(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, schema string) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM "+schema+".version").Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("%w: cannot read the version of schema %s (%v): run sqlstore.Migrate", ErrSchema, schema, err)
	}
	return v, nil
}

// DefaultSchema is the PostgreSQL schema that holds the tables when none
// is named.
const DefaultSchema = "carecomms_audit"

// quoteSchema checks a schema name and returns it quoted for SQL.
func quoteSchema(schema string) (string, error) {
	if schema == "" {
		schema = DefaultSchema
	}
	if len(schema) > 63 {
		return "", fmt.Errorf("audit/sqlstore: schema name %q is longer than 63 bytes: use a shorter name", schema)
	}
	for i, c := range schema {
		if !(c == '_' || 'a' <= c && c <= 'z' || i > 0 && '0' <= c && c <= '9') {
			return "", fmt.Errorf("audit/sqlstore: schema name %q: use lower-case letters, digits and underscores, starting with a letter", schema)
		}
	}
	return `"` + schema + `"`, nil
}
