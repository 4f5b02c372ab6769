// Package sqlstore is an audit store on PostgreSQL, for hosts whose
// dispatchers run in more than one process or on more than one machine.
// Its [Store] is an [audit.Outbox]: the hash chain, the claims that let
// each delivery go once, and the work that is due later, in the tables of
// one schema that every Store opened on it shares.
//
// It uses database/sql: the host opens the *sql.DB with the PostgreSQL
// driver it already uses (github.com/jackc/pgx/v5/stdlib, which the tests
// use, or github.com/lib/pq), and this package imports none.
//
// # Start here
//
//	db, err := sql.Open("pgx", url)                    // the host's driver
//	err = sqlstore.Migrate(ctx, db, "")                // on install or upgrade
//	store, err := sqlstore.Open(ctx, db, "")           // in each process
//	disp, err := policy.NewDispatcher(org, transport, store, time.Now)
//	go disp.Run(ctx)                                   // in as many workers as wanted
//
// # What it guarantees
//
//   - Appends from every process form one chain: each transaction locks the
//     chain's head row, so sequence numbers have no gaps and
//     [audit.Verify] passes on [Store.All]. Concurrent appends in one
//     process share a transaction (group commit).
//   - A claim is checked against every claim committed before it, in the
//     same transaction that writes it with its decision and attempt, so a
//     delivery goes once whichever process or machine sends it.
//   - Due work is taken with FOR UPDATE SKIP LOCKED and leased, so workers
//     on many machines share it and work held by a worker that died is
//     taken up when its lease ends.
//   - A server restart fails the transactions in flight (nothing stored,
//     or, when the connection is lost at the commit, an error wrapping
//     audit.ErrFailed); database/sql reconnects, and the next append
//     works.
//
// # Schema
//
// [Migrate] creates the tables in a schema ([DefaultSchema] unless named)
// and records [SchemaVersion]; [Open] refuses a schema at another version.
// The tables are entries (each entry as the JSON a FileStore writes, with
// its patient, message ID and transport reference as columns), head,
// claims and jobs; the layout is this package's, reached only through it.
//
// # What is stable
//
// The entries as stored (the JSON and the canonical encoding of
// package audit), the schema version and the need to migrate, and the
// sentinel errors. The layout of the tables may change with a new
// SchemaVersion, which Migrate brings a database to.
package sqlstore
