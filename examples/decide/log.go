package main

import (
	"context"
	"net/http"
	"time"
)

// requestNote is what a handler tells the log about its request: how many
// decisions it made and, for a failed request, the kind of problem (a
// status text, never the error's own text, which may quote the case).
type requestNote struct {
	decisions int
	problem   string
}

type noteKey struct{}

// note records, for the log, the decisions a request made and its problem.
func note(r *http.Request, decisions int, problem string) {
	if n, ok := r.Context().Value(noteKey{}).(*requestNote); ok {
		n.decisions += decisions
		if problem != "" {
			n.problem = problem
		}
	}
}

// statusWriter remembers a response's status and size for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

// WriteHeader records the status.
func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

// Write records the bytes written.
func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap gives http.ResponseController the connection's own writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logged logs one line a request: the route it matched (not the path,
// which a client could fill with anything), the status, the time taken,
// the bytes answered, the decisions made and the kind of problem. It never
// logs a body, a query, a header or the client's address.
func (s *service) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		n := &requestNote{}
		sw := &statusWriter{ResponseWriter: w}
		r = r.WithContext(context.WithValue(r.Context(), noteKey{}, n))
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		args := []any{"route", route, "status", sw.status, "ms", float64(time.Since(start).Microseconds()) / 1000,
			"bytes_out", sw.bytes, "decisions", n.decisions}
		if n.problem != "" {
			args = append(args, "problem", n.problem)
		}
		s.log.Info("request", args...)
	})
}
