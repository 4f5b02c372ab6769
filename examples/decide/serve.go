package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/carecomms/carecomms/policy"
)

// limits bound what one request may cost the service.
type limits struct {
	maxBody      int64         // a case, or one line of a batch, in bytes
	maxBatch     int64         // a whole batch, in bytes
	timeout      time.Duration // reading and answering a /decide request
	batchTimeout time.Duration // reading and answering a /decide-batch request
}

var defaultLimits = limits{
	maxBody:      1 << 20,
	maxBatch:     256 << 20,
	timeout:      10 * time.Second,
	batchTimeout: 5 * time.Minute,
}

// runService serves on addr until ctx ends, logging to stderr.
func runService(ctx context.Context, addr string, lim limits, stderr io.Writer) int {
	log := slog.New(slog.NewTextHandler(stderr, nil))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(stderr, "decide: %v\n", err)
		return exitBad
	}
	log.Info("serving", "addr", ln.Addr().String())
	if err := serve(ctx, ln, newService(lim, log), log); err != nil {
		log.Error("stopped", "problem", err.Error())
		return exitFailed
	}
	log.Info("stopped")
	return exitSend
}

// serve answers on ln until ctx ends, then shuts down gracefully: it stops
// accepting connections, tells running batches to stop after the line in
// hand, and waits up to shutdownGrace for requests to finish.
func serve(ctx context.Context, ln net.Listener, s *service, log *slog.Logger) error {
	srv := &http.Server{
		Handler:           s.handler(),
		ReadHeaderTimeout: 5 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(redacted{log.Handler()}, slog.LevelWarn),
	}
	srv.RegisterOnShutdown(s.stop)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", shutdownGrace.String())
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if err != nil {
		srv.Close()
	}
	<-errc // http.ErrServerClosed
	return err
}

// redacted is a slog handler for net/http's own messages that keeps their
// text out of the log: they can name a client's address.
type redacted struct{ slog.Handler }

// Handle logs that the server had a problem, without its text.
func (h redacted) Handle(ctx context.Context, r slog.Record) error {
	return h.Handler.Handle(ctx, slog.NewRecord(r.Time, r.Level, "http server problem (text withheld: it may name a client)", r.PC))
}

// service answers decisions over HTTP. Each org it builds for a case's
// own config is kept, up to maxOrgs.
type service struct {
	lim      limits
	log      *slog.Logger
	mu       sync.Mutex
	orgs     map[string]orgOrErr // by the case's config JSON, as sent
	batches  map[*http.ResponseController]bool
	stopping chan struct{}
	once     sync.Once
}

type orgOrErr struct {
	org *policy.Org
	err error
}

// maxOrgs bounds the orgs kept for cases' own configs; past it the cache
// starts again.
const maxOrgs = 64

func newService(lim limits, log *slog.Logger) *service {
	return &service{lim: lim, log: log, orgs: map[string]orgOrErr{}, batches: map[*http.ResponseController]bool{}, stopping: make(chan struct{})}
}

// stop tells running batches to finish after the line in hand, waking
// those waiting for their next line.
func (s *service) stop() {
	s.once.Do(func() { close(s.stopping) })
	s.mu.Lock()
	defer s.mu.Unlock()
	for rc := range s.batches {
		_ = rc.SetReadDeadline(time.Now())
	}
}

// track registers a running batch, so stop can wake it, until the
// returned function is called.
func (s *service) track(rc *http.ResponseController) (untrack func()) {
	s.mu.Lock()
	s.batches[rc] = true
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		delete(s.batches, rc)
		s.mu.Unlock()
	}
}

// isStopping reports whether the service is shutting down.
func (s *service) isStopping() bool {
	select {
	case <-s.stopping:
		return true
	default:
		return false
	}
}

// handler routes the service's endpoints, logging each request.
func (s *service) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /decide", s.decide)
	mux.HandleFunc("POST /decide-batch", s.decideBatch)
	mux.HandleFunc("GET /catalogue", s.catalogue)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	return s.logged(mux)
}

// org returns the org to decide a case with: the default one, or one
// built from the case's configuration.
func (s *service) org(c *decodedCase) (*policy.Org, error) {
	if c.rawConfig == nil {
		return policy.Default(), nil
	}
	key := string(c.rawConfig)
	s.mu.Lock()
	o, ok := s.orgs[key]
	s.mu.Unlock()
	if ok {
		return o.org, o.err
	}
	org, err := policy.New(c.config)
	s.mu.Lock()
	if len(s.orgs) >= maxOrgs {
		clear(s.orgs)
	}
	s.orgs[key] = orgOrErr{org, err}
	s.mu.Unlock()
	return org, err
}

// decideOne decodes a case and decides it. The error's text is for the
// client: it may quote the case.
func (s *service) decideOne(name string, data []byte) (policy.Decision, error) {
	c, err := parseCase(name, data)
	if err != nil {
		return policy.Decision{}, err
	}
	org, err := s.org(&c)
	if err != nil {
		return policy.Decision{}, &configError{fmt.Errorf("%s: config: %w", name, err)}
	}
	return org.Decide(c.message, c.record), nil
}

// decide answers POST /decide: one case in, one decision out.
func (s *service) decide(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(s.lim.timeout))
	_ = rc.SetWriteDeadline(time.Now().Add(s.lim.timeout))
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.lim.maxBody))
	if err != nil {
		status, msg := readProblem(err, s.lim.maxBody, "a case")
		s.fail(w, r, status, msg)
		return
	}
	d, err := s.decideOne("request", data)
	var refused *configError
	switch {
	case errors.As(err, &refused):
		s.fail(w, r, http.StatusUnprocessableEntity, err.Error())
		return
	case err != nil:
		s.fail(w, r, http.StatusBadRequest, err.Error())
		return
	}
	note(r, 1, "")
	writeJSON(w, http.StatusOK, d)
}

// configError is a case whose configuration policy.New refused: the case
// is well formed, but the service will not decide with it.
type configError struct{ err error }

func (e *configError) Error() string { return e.err.Error() }
func (e *configError) Unwrap() error { return e.err }

// limitBody limits r's body to max bytes. It gives http.MaxBytesReader
// the connection's own ResponseWriter, under any wrappers, so that past
// the limit the server closes the connection after answering. A full
// duplex handler needs this: otherwise the server reads what is left of
// the body after the handler returns, which can race its read of the next
// request (golang.org/issue/68560). Other handlers need not: the server
// reads a small remainder, and closes the connection on a large one.
func limitBody(w http.ResponseWriter, r *http.Request, max int64) io.ReadCloser {
	for {
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			break
		}
		w = u.Unwrap()
	}
	return http.MaxBytesReader(w, r.Body, max)
}

// readProblem turns an error reading a body into a status and a message.
func readProblem(err error, max int64, what string) (int, string) {
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("%s is over %d bytes: send less, or start the service with a larger limit", what, max)
	case errors.Is(err, os.ErrDeadlineExceeded):
		return http.StatusRequestTimeout, "the request took too long to arrive"
	}
	return http.StatusBadRequest, "reading the request: " + err.Error()
}

// fail answers with an error, and notes for the log its status only.
func (s *service) fail(w http.ResponseWriter, r *http.Request, status int, msg string) {
	note(r, 0, http.StatusText(status))
	writeJSON(w, status, map[string]string{"error": msg})
}

// catalogue answers GET /catalogue: the rules and the catalogue's version.
func (s *service) catalogue(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, struct {
		Version string        `json:"version"`
		Rules   []policy.Rule `json:"rules"`
	}{policy.CatalogueVersion, policy.Catalogue()})
}

// writeJSON writes v as a JSON response.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"encoding the answer failed"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
