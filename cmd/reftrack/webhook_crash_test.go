package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/reftrack/reftrack/ent"
	entevent "github.com/reftrack/reftrack/ent/event"
	"github.com/reftrack/reftrack/internal/apitest"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

const crashAdminToken = "rt_crash-test-admin-token-0123456789"

// gql posts one GraphQL request and decodes its data into out.
func gql(t *testing.T, addr, token, query string, vars map[string]any, out any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/graphql", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		Data   json.RawMessage
		Errors []any
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || len(r.Errors) > 0 {
		t.Fatalf("%s: %v %v", query, err, r.Errors)
	}
	if out != nil {
		json.Unmarshal(r.Data, out)
	}
}

// The receiver hangs while Reftrack is killed with kill -9 in the middle
// of its deliveries; after a restart every event reaches the receiver,
// verified by the Standard Webhooks library.
func TestWebhooksSurviveKill9(t *testing.T) {
	bin := builtBinary(t)
	dsn := storetest.DSN(t)
	addr := freeAddr(t)
	start := func() *exec.Cmd {
		cmd := exec.Command(bin, "serve", "--addr", addr, "--db", dsn, "--webhook-allow-private", "--log-level", "error")
		cmd.Env = append(os.Environ(), "REFTRACK_ADMIN_TOKEN="+crashAdminToken)
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill() })
		apitest.WaitHealthy(t, addr, 20*time.Second)
		return cmd
	}

	var (
		mu       sync.Mutex
		secret   string
		up       bool
		hung     int
		received []string
		bad      int
	)
	release := make(chan struct{})
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		if !up {
			hung++
			mu.Unlock()
			<-release // down: no answer until Reftrack is dead
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		defer mu.Unlock()
		wh, _ := standardwebhooks.NewWebhook(secret)
		if wh.Verify(body, r.Header) != nil {
			bad++
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		received = append(received, r.Header.Get("webhook-id"))
	}))
	defer recv.Close()

	server := start()
	var ep struct {
		CreateWebhookEndpoint struct{ Secret string }
	}
	gql(t, addr, crashAdminToken, `mutation($u: String!) { createWebhookEndpoint(input: {url: $u}) { secret } }`, map[string]any{"u": recv.URL}, &ep)
	mu.Lock()
	secret = ep.CreateWebhookEndpoint.Secret
	mu.Unlock()
	var p struct {
		CreatePartner struct{ Token string }
	}
	gql(t, addr, crashAdminToken, `mutation { createPartner(input: {name: "A", email: "a@example.com", timezone: "UTC"}) { token } }`, nil, &p)
	const events = 20
	for i := range events {
		gql(t, addr, p.CreatePartner.Token, `mutation($n: String!) { createRefTag(input: {name: $n}) { id } }`, map[string]any{"n": "tag" + string(rune('a'+i))}, nil)
	}
	apitest.WaitFor(t, 20*time.Second, "deliveries in flight", func() bool { mu.Lock(); defer mu.Unlock(); return hung > 0 })
	if err := server.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	server.Wait()
	mu.Lock()
	up = true
	mu.Unlock()
	close(release)

	server = start()
	ctx := store.System(context.Background())
	db, err := database.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var want []string
	for _, ev := range db.Event.Query().Where(entevent.Type("ref_tag.created")).Order(ent.Asc(entevent.FieldSeq)).AllX(ctx) {
		want = append(want, ev.PublicID)
	}
	if len(want) != events {
		t.Fatalf("%d events in the log, want %d", len(want), events)
	}
	// Deliveries leased by the killed instance are due again when their
	// lease (a minute) ends.
	apitest.WaitFor(t, 120*time.Second, "every event at the receiver", func() bool {
		mu.Lock()
		defer mu.Unlock()
		for _, id := range want {
			if !slices.Contains(received, id) {
				return false
			}
		}
		return true
	})
	server.Process.Signal(syscall.SIGTERM)
	server.Wait()
	mu.Lock()
	defer mu.Unlock()
	if bad != 0 {
		t.Fatalf("%d deliveries refused by the library", bad)
	}
	t.Logf("%d deliveries hung when killed; %d received after the restart for %d events", hung, len(received), events)
}
