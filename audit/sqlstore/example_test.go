package sqlstore_test

import (
	"context"
	"database/sql"
	"log"
	"os"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/carecomms/carecomms/audit/sqlstore"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
)

// A worker process: the host opens the database with its own driver,
// migrates once at install, opens the store, and runs dispatchers that
// share it with every other process.
func Example() {
	ctx := context.Background()
	db, err := sql.Open("pgx", os.Getenv("CARECOMMS_POSTGRES_URL"))
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if err := sqlstore.Migrate(ctx, db, ""); err != nil { // at install or upgrade
		log.Fatal(err)
	}
	store, err := sqlstore.Open(ctx, db, "")
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	transport := channel.TransportFunc(func(ctx context.Context, e channel.Envelope) (channel.Receipt, error) {
		return channel.Receipt{}, channel.ErrTemporary // the host's provider goes here
	})
	d, err := policy.NewDispatcherWith(policy.Default(), transport, store, time.Now, policy.DispatchOptions{
		OnError: func(err error) { log.Print(err) },
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	d.Run(ctx) // due work from any process, until ctx is done
}
