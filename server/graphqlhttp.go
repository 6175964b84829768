package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/graph"
	"github.com/reftrack/reftrack/internal/idempotency"
	"github.com/reftrack/reftrack/internal/viewer"
)

// graphQLHTTP is the GET and POST transport of GraphQL over HTTP
// (graphql.github.io/graphql-over-http). A malformed request (a body that is
// not one JSON object, a parameter of the wrong type) is answered 400, one
// too large 413, both with an extensions.code. A request that fails before
// it runs (it does not parse or validate, its variables do not coerce, it is
// over a limit) is answered 200 in application/json, as clients of that
// type expect, and with the status of its code and no data entry in
// application/graphql-response+json.
//
// A mutation sent over POST with an Idempotency-Key runs once per key and
// credential (internal/idempotency, decision 0098).
type graphQLHTTP struct {
	keys   *idempotency.Keys
	logger *slog.Logger
}

var _ graphql.Transport = graphQLHTTP{}

const (
	mediaJSON     = "application/json"
	mediaResponse = "application/graphql-response+json"
	// maxJSONDepth bounds the nesting of a request body: no variables of
	// this schema nest deeper, and decoding deeper nesting costs stack.
	maxJSONDepth = 32
)

// Supports every request the transports before it left: it is the last,
// and answers what it does not serve with a code too.
func (graphQLHTTP) Supports(*http.Request) bool { return true }

func (t graphQLHTTP) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	media := responseMedia(r.Header.Get("Accept"))
	switch {
	case r.Method != http.MethodGet && r.Method != http.MethodPost:
		w.Header().Set("Allow", "GET, POST, OPTIONS")
		writeResponse(w, media, http.StatusMethodNotAllowed, &graphql.Response{Errors: gqlerror.List{
			graph.NewError(reftrack.Invalid, "use GET or POST")}}, false)
		return
	case r.Header.Get("Upgrade") != "":
		writeResponse(w, media, http.StatusBadRequest, &graphql.Response{Errors: gqlerror.List{
			graph.NewError(reftrack.Invalid, "a websocket must use the graphql-transport-ws subprotocol")}}, false)
		return
	}
	params, err := readParams(r)
	if err != nil {
		status := http.StatusBadRequest
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			status = http.StatusRequestEntityTooLarge
			err = graph.NewError(reftrack.Limit, fmt.Sprintf("request body is larger than %d bytes (--max-body-bytes)", tooLarge.Limit))
		}
		var gerr *gqlerror.Error
		if !errors.As(err, &gerr) {
			gerr = graph.NewError(reftrack.Invalid, err.Error())
		}
		writeResponse(w, media, status, &graphql.Response{Errors: gqlerror.List{gerr}}, false)
		return
	}
	// A malformed key is refused whatever the operation, so that a client
	// learns of it on its first request.
	key, hasKey, err := idempotency.Parse(r.Header.Values(idempotency.Header))
	if err != nil {
		writeResponse(w, media, http.StatusBadRequest, &graphql.Response{Errors: gqlerror.List{
			graph.NewError(reftrack.KindOf(err), err.Error())}}, false)
		return
	}
	params.Headers = r.Header
	params.ReadTime.End = graphql.Now()

	ctx := r.Context()
	rc, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs)
		status := http.StatusOK
		if media == mediaResponse {
			status = graph.Status(firstCode(resp.Errors))
		}
		writeResponse(w, media, status, resp, false)
		return
	}
	if r.Method == http.MethodGet && rc.Operation != nil && rc.Operation.Operation != ast.Query {
		w.Header().Set("Allow", http.MethodPost)
		err := graph.NewError(reftrack.Invalid, fmt.Sprintf("a %s must be sent with POST", rc.Operation.Operation))
		writeResponse(w, media, http.StatusMethodNotAllowed, &graphql.Response{Errors: gqlerror.List{err}}, false)
		return
	}
	ctx = graphql.WithOperationContext(ctx, rc)
	var claim *idempotency.Claim
	if v := viewer.FromContext(ctx); hasKey && v != nil && t.keys != nil && rc.Operation != nil && rc.Operation.Operation == ast.Mutation {
		var replay []byte
		claim, replay, err = t.keys.Begin(ctx, idempotency.Scope(v), key, idempotency.Fingerprint(rc.RawQuery, rc.OperationName, params.Variables))
		switch {
		case err != nil:
			kind, msg := reftrack.KindOf(err), err.Error()
			if kind == reftrack.Internal {
				t.logger.ErrorContext(ctx, "idempotency key", "err", err)
				msg = "internal error"
			}
			// Answered with the code's status in either media type: the
			// header is HTTP's, as a malformed parameter is.
			writeResponse(w, media, graph.Status(graph.Code(kind)), &graphql.Response{Errors: gqlerror.List{graph.NewError(kind, msg)}}, false)
			return
		case claim == nil:
			w.Header().Set("Idempotent-Replayed", "true")
			writeRaw(w, media, http.StatusOK, replay)
			return
		}
		ctx = graph.WithBeforeCommit(ctx, func(ctx context.Context, resp *graphql.Response) error {
			b, err := json.Marshal(resp)
			if err == nil {
				err = t.keys.Complete(ctx, ent.FromContext(ctx), claim, b)
			}
			if err != nil && reftrack.KindOf(err) == reftrack.Internal {
				t.logger.ErrorContext(ctx, "keep idempotent response", "err", err)
			}
			return err
		})
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	resp := responses(ctx)
	if claim != nil && (resp == nil || len(resp.Errors) > 0) {
		// Rolled back: nothing was done, and a retry may run it again.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		if err := t.keys.Release(ctx, claim); err != nil {
			t.logger.WarnContext(ctx, "release idempotency key: it is held until its lease lapses", "err", err)
		}
		cancel()
	}
	writeResponse(w, media, http.StatusOK, resp, true)
}

// responseMedia picks the response's media type from Accept: the GraphQL
// response type when the client asks for it by name, else JSON (also when
// it accepts anything, or sends no Accept at all).
func responseMedia(accept string) string {
	for part := range strings.SplitSeq(accept, ",") {
		t, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err == nil && t == mediaResponse && params["q"] != "0" {
			return mediaResponse
		}
	}
	return mediaJSON
}

func firstCode(errs gqlerror.List) string {
	if len(errs) > 0 {
		if c, ok := errs[0].Extensions["code"].(string); ok {
			return c
		}
	}
	return graph.CodeInternal
}

// writeRaw writes a response kept as JSON.
func writeRaw(w http.ResponseWriter, media string, status int, body []byte) {
	if media == mediaResponse {
		w.Header().Set("Content-Type", mediaResponse+"; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", mediaJSON)
	}
	w.WriteHeader(status)
	w.Write(body) //nolint:errcheck // the client may be gone
}

// writeResponse writes resp; withData keeps its data entry, which a
// request that did not run has none of.
func writeResponse(w http.ResponseWriter, media string, status int, resp *graphql.Response, withData bool) {
	if media == mediaResponse {
		w.Header().Set("Content-Type", mediaResponse+"; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", mediaJSON)
	}
	w.WriteHeader(status)
	if resp == nil {
		resp = &graphql.Response{Errors: gqlerror.List{graph.NewError(reftrack.Internal, "no response")}}
	}
	var b []byte
	var err error
	if withData {
		b, err = json.Marshal(resp)
	} else {
		b, err = json.Marshal(struct {
			Errors     gqlerror.List  `json:"errors"`
			Extensions map[string]any `json:"extensions,omitempty"`
		}{resp.Errors, resp.Extensions})
	}
	if err != nil {
		b = []byte(`{"errors":[{"message":"internal error","extensions":{"code":"` + graph.CodeInternal + `"}}]}`)
	}
	w.Write(b) //nolint:errcheck // the client may be gone
}

// readParams reads the request's parameters from the query string of a GET
// or the JSON body of a POST, checking the type of each.
func readParams(r *http.Request) (*graphql.RawParams, error) {
	start := graphql.Now()
	var raw map[string]json.RawMessage
	if r.Method == http.MethodGet {
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			return nil, errors.New("the query string is malformed")
		}
		raw = map[string]json.RawMessage{}
		if q.Has("query") {
			raw["query"], _ = json.Marshal(q.Get("query"))
		}
		if q.Has("operationName") {
			raw["operationName"], _ = json.Marshal(q.Get("operationName"))
		}
		for _, name := range []string{"variables", "extensions"} {
			if v := q.Get(name); v != "" {
				if err := checkDepth([]byte(v)); err != nil {
					return nil, err
				}
				if !json.Valid([]byte(v)) {
					return nil, fmt.Errorf("%s must be a JSON object", name)
				}
				raw[name] = json.RawMessage(v)
			}
		}
	} else {
		media, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if media != mediaJSON {
			return nil, errors.New("the body must be JSON, with Content-Type: application/json")
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		body = bytes.TrimSpace(body)
		switch {
		case len(body) == 0:
			return nil, errors.New("the body is empty: send a JSON object with a query")
		case body[0] == '[':
			return nil, errors.New("batched requests are not supported: send one JSON object")
		}
		if err := checkDepth(body); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(body, &raw); err != nil {
			return nil, errors.New("the body is not a JSON object")
		}
	}
	p := &graphql.RawParams{}
	p.ReadTime.Start = start
	if err := stringParam(raw, "query", &p.Query); err != nil {
		return nil, err
	}
	if err := stringParam(raw, "operationName", &p.OperationName); err != nil {
		return nil, err
	}
	if err := objectParam(raw, "variables", &p.Variables); err != nil {
		return nil, err
	}
	if err := objectParam(raw, "extensions", &p.Extensions); err != nil {
		return nil, err
	}
	if p.Query == "" && p.Extensions["persistedQuery"] == nil {
		return nil, errors.New("the query parameter is missing")
	}
	return p, nil
}

func isNull(v json.RawMessage) bool { return string(v) == "null" }

func stringParam(raw map[string]json.RawMessage, name string, out *string) error {
	v, ok := raw[name]
	if !ok || isNull(v) {
		return nil
	}
	if err := json.Unmarshal(v, out); err != nil {
		return fmt.Errorf("%s must be a string", name)
	}
	return nil
}

func objectParam(raw map[string]json.RawMessage, name string, out *map[string]any) error {
	v, ok := raw[name]
	if !ok || isNull(v) {
		return nil
	}
	if len(v) == 0 || v[0] != '{' {
		return fmt.Errorf("%s must be a JSON object", name)
	}
	dec := json.NewDecoder(bytes.NewReader(v))
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("%s must be a JSON object", name)
	}
	return nil
}

// checkDepth refuses JSON nested deeper than maxJSONDepth, before it is
// decoded.
func checkDepth(b []byte) error {
	depth, inString, escaped := 0, false, false
	for _, c := range b {
		switch {
		case escaped:
			escaped = false
		case inString:
			switch c {
			case '\\':
				escaped = true
			case '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			if depth > maxJSONDepth {
				return fmt.Errorf("the JSON nests more than %d levels deep", maxJSONDepth)
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return nil
}
