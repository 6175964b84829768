package delivery

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/event"
	"github.com/reftrack/reftrack/ent/webhookdelivery"
	"github.com/reftrack/reftrack/ent/webhookendpoint"
	"github.com/reftrack/reftrack/internal/eventlog"
	"github.com/reftrack/reftrack/internal/publicid"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/webhook"
)

// Options configure a Worker.
type Options struct {
	// Poll is how often the worker looks for work when nothing woke it.
	Poll time.Duration
	// Lease is how long a claimed delivery is the claimer's: longer than
	// an attempt (webhook.Timeout), so that two instances never attempt
	// one delivery at once, and the time after which a delivery whose
	// claimer died is claimed again.
	Lease time.Duration
	// Concurrency bounds the attempts in flight; PerEndpoint bounds those
	// to one endpoint, so that a slow endpoint holds at most that many.
	Concurrency, PerEndpoint int
	// DisableAfter disables an endpoint that has failed without a success
	// for this long.
	DisableAfter time.Duration
	Logger       *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Worker fans the log out to endpoints and sends due deliveries. Several
// instances may run one each on the same PostgreSQL database.
type Worker struct {
	db     *store.DB
	client *webhook.Client
	codec  *publicid.Codec
	o      Options
	wake   chan struct{}
	// changed is signalled when endpoints are created or enabled.
	changed chan struct{}

	rmu       sync.Mutex
	pending   []*outcome // outcomes waiting for the next group commit
	recording bool       // a caller is committing outcomes

	attempts, failed atomic.Uint64 // recorded attempts, and those not 2xx

	mu   sync.Mutex
	busy map[int]int // endpoint → attempts in flight here
	sem  chan struct{}
	wg   sync.WaitGroup
}

// NewWorker returns a worker; Run starts it.
func NewWorker(db *store.DB, client *webhook.Client, codec *publicid.Codec, o Options) *Worker {
	if o.Poll <= 0 {
		o.Poll = 250 * time.Millisecond
	}
	if o.Lease <= 0 {
		o.Lease = webhook.Timeout + 45*time.Second
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 64
	}
	if o.PerEndpoint <= 0 {
		o.PerEndpoint = 8
	}
	if o.DisableAfter <= 0 {
		o.DisableAfter = 5 * 24 * time.Hour
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &Worker{db: db, client: client, codec: codec, o: o, wake: make(chan struct{}, 1), changed: make(chan struct{}, 1),
		busy: map[int]int{}, sem: make(chan struct{}, o.Concurrency)}
}

func (w *Worker) now() time.Time {
	if w.o.Now != nil {
		return w.o.Now().UTC()
	}
	return time.Now().UTC()
}

// Wake tells the worker that events were appended: it looks at once.
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// idleCheck is how often a worker without endpoints looks for one that
// another instance registered. Without endpoints it asks the database
// nothing else, so an instance with no webhooks does no webhook work.
const idleCheck = 30 * time.Second

// Run works until ctx ends, then waits for the attempts in flight.
func (w *Worker) Run(ctx context.Context) {
	defer w.wg.Wait()
	t := time.NewTicker(w.o.Poll)
	defer t.Stop()
	idle, checked := true, time.Time{}
	for {
		if idle || time.Since(checked) > idleCheck {
			idle, checked = w.noEndpoints(ctx), time.Now()
		}
		if !idle {
			if err := w.Step(ctx); err != nil && ctx.Err() == nil {
				w.o.Logger.Warn("webhook delivery", "err", err)
			}
		}
		if idle {
			select {
			case <-ctx.Done():
				return
			case <-w.changed:
			case <-time.After(idleCheck):
			}
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-w.changed:
		case <-w.wake:
		case <-t.C:
		}
	}
}

func (w *Worker) noEndpoints(ctx context.Context) bool {
	n, err := w.db.WebhookEndpoint.Query().Where(webhookendpoint.DisabledAtIsNil()).Count(store.System(ctx))
	return err == nil && n == 0
}

// EndpointsChanged tells the worker that an endpoint was created or
// enabled: a worker that had none starts working.
func (w *Worker) EndpointsChanged() {
	select {
	case w.changed <- struct{}{}:
	default:
	}
}

// Step fans out new events and starts the due deliveries it can.
func (w *Worker) Step(ctx context.Context) error {
	if err := w.FanOut(ctx); err != nil {
		return err
	}
	for {
		n, err := w.claimAndSend(ctx)
		if err != nil || n == 0 {
			return err
		}
	}
}

// fanOutBatch bounds the events one endpoint's fan-out reads at a time.
const fanOutBatch = 500

// FanOut creates the deliveries of the events appended since each enabled
// endpoint's cursor.
func (w *Worker) FanOut(ctx context.Context) error {
	sys := store.System(ctx)
	last, err := lastSeq(ctx, w.db.Client)
	if err != nil {
		return err
	}
	ids, err := w.db.WebhookEndpoint.Query().
		Where(webhookendpoint.DisabledAtIsNil(), webhookendpoint.CursorLT(last)).IDs(sys)
	if err != nil {
		return err
	}
	for _, id := range ids {
		for {
			more, err := w.fanOutEndpoint(ctx, id)
			if err != nil {
				return err
			}
			if !more {
				break
			}
		}
	}
	return nil
}

func (w *Worker) fanOutEndpoint(ctx context.Context, id int) (more bool, err error) {
	err = store.WithTx(ctx, w.db.Client, func(ctx context.Context, tx *ent.Tx) error {
		sys := store.System(ctx)
		q := tx.WebhookEndpoint.Query().Where(webhookendpoint.ID(id), webhookendpoint.DisabledAtIsNil())
		if w.db.Dialect == dialect.Postgres {
			// Another instance fanning this endpoint out holds the row:
			// skip it rather than wait, it is doing the work.
			q.Where(func(s *entsql.Selector) { s.ForUpdate(entsql.WithLockAction(entsql.SkipLocked)) })
		}
		ep, err := q.Only(sys)
		if ent.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		evs, err := tx.Event.Query().Where(event.SeqGT(ep.Cursor)).Order(ent.Asc(event.FieldSeq)).
			Limit(fanOutBatch).All(ownerContext(ctx, ep))
		if err != nil || len(evs) == 0 {
			return err
		}
		now := w.now()
		var creates []*ent.WebhookDeliveryCreate
		for _, ev := range evs {
			if (len(ep.EventTypes) > 0 && !slices.Contains(ep.EventTypes, ev.Type)) || aboutItself(ep, ev) {
				continue
			}
			creates = append(creates, tx.WebhookDelivery.Create().SetNillablePartnerID(ep.PartnerID).
				SetEndpointID(ep.ID).SetEventID(ev.ID).SetNextAttemptAt(now))
		}
		if len(creates) > 0 {
			if err := tx.WebhookDelivery.CreateBulk(creates...).Exec(sys); err != nil {
				return err
			}
		}
		more = len(evs) == fanOutBatch
		return tx.WebhookEndpoint.UpdateOneID(ep.ID).SetCursor(evs[len(evs)-1].Seq).Exec(sys)
	})
	return more, err
}

// A claimed delivery, with what sending it needs.
type claimed struct {
	d  *ent.WebhookDelivery
	ep *ent.WebhookEndpoint
	ev *ent.Event
}

// claimAndSend claims due deliveries of endpoints that have room here and
// starts sending them; it returns how many it started.
func (w *Worker) claimAndSend(ctx context.Context) (int, error) {
	free := w.o.Concurrency - len(w.sem)
	if free <= 0 {
		return 0, nil
	}
	w.mu.Lock()
	var full []int
	for id, n := range w.busy {
		if n >= w.o.PerEndpoint {
			full = append(full, id)
		}
	}
	w.mu.Unlock()
	var work []claimed
	err := store.WithTx(ctx, w.db.Client, func(ctx context.Context, tx *ent.Tx) error {
		sys := store.System(ctx)
		now := w.now()
		q := tx.WebhookDelivery.Query().
			Where(webhookdelivery.StatusEQ(webhookdelivery.StatusPending), webhookdelivery.NextAttemptAtLTE(now),
				webhookdelivery.HasEndpointWith(webhookendpoint.DisabledAtIsNil()))
		if len(full) > 0 {
			q.Where(webhookdelivery.EndpointIDNotIn(full...))
		}
		q.Order(ent.Asc(webhookdelivery.FieldNextAttemptAt)).Limit(free)
		if w.db.Dialect == dialect.Postgres {
			// Each delivery is claimed by one instance: the others skip
			// the rows this one holds until it commits the lease.
			q.Where(func(s *entsql.Selector) {
				s.ForUpdate(entsql.WithLockAction(entsql.SkipLocked), entsql.WithLockTables(webhookdelivery.Table))
			})
		}
		all, err := q.All(sys)
		if err != nil || len(all) == 0 {
			return err
		}
		// No endpoint gets more than its share here; the rows left out stay
		// due, for the next claim.
		w.mu.Lock()
		taken := map[int]int{}
		var ds []*ent.WebhookDelivery
		for _, d := range all {
			if w.busy[d.EndpointID]+taken[d.EndpointID] < w.o.PerEndpoint {
				taken[d.EndpointID]++
				ds = append(ds, d)
			}
		}
		w.mu.Unlock()
		ids := make([]int, len(ds))
		epIDs := make([]int, 0, len(ds))
		evIDs := make([]int, 0, len(ds))
		for i, d := range ds {
			ids[i] = d.ID
			epIDs = append(epIDs, d.EndpointID)
			evIDs = append(evIDs, d.EventID)
		}
		if err := tx.WebhookDelivery.Update().Where(webhookdelivery.IDIn(ids...)).
			SetNextAttemptAt(now.Add(w.o.Lease)).AddAttempts(1).Exec(sys); err != nil {
			return err
		}
		eps, err := tx.WebhookEndpoint.Query().Where(webhookendpoint.IDIn(epIDs...)).All(sys)
		if err != nil {
			return err
		}
		evs, err := tx.Event.Query().Where(event.IDIn(evIDs...)).All(sys)
		if err != nil {
			return err
		}
		epByID := map[int]*ent.WebhookEndpoint{}
		for _, ep := range eps {
			epByID[ep.ID] = ep
		}
		evByID := map[int]*ent.Event{}
		for _, ev := range evs {
			evByID[ev.ID] = ev
		}
		for _, d := range ds {
			d.Attempts++
			work = append(work, claimed{d: d, ep: epByID[d.EndpointID], ev: evByID[d.EventID]})
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	for _, c := range work {
		w.sem <- struct{}{}
		w.mu.Lock()
		w.busy[c.ep.ID]++
		w.mu.Unlock()
		w.wg.Add(1)
		go func() {
			defer func() {
				w.mu.Lock()
				if w.busy[c.ep.ID]--; w.busy[c.ep.ID] <= 0 {
					delete(w.busy, c.ep.ID)
				}
				w.mu.Unlock()
				<-w.sem
				w.wg.Done()
				w.Wake()
			}()
			// The attempt outlives a shutdown that begins meanwhile: its
			// outcome is recorded rather than left to the lease.
			if err := w.attempt(context.WithoutCancel(ctx), c); err != nil {
				w.o.Logger.Warn("webhook attempt", "delivery", c.d.ID, "err", err)
			}
		}()
	}
	return len(work), nil
}

// Body is a delivery's JSON body, as the Standard Webhooks specification
// shapes it.
type Body struct {
	Type      string          `json:"type"`
	Timestamp time.Time       `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}

// message builds the signed message of an event to an endpoint.
func (w *Worker) message(ep *ent.WebhookEndpoint, ev *ent.Event, now time.Time) (webhook.Message, error) {
	data, err := eventlog.Render(w.codec, ev)
	if err != nil {
		return webhook.Message{}, err
	}
	body, err := json.Marshal(Body{Type: ev.Type, Timestamp: ev.OccurredAt.UTC(), Data: data})
	if err != nil {
		return webhook.Message{}, err
	}
	keys, err := signingKeys(ep, now)
	if err != nil {
		return webhook.Message{}, err
	}
	return webhook.Message{URL: ep.URL, ID: ev.PublicID, Time: now, Body: body, Keys: keys}, nil
}

// signingKeys are the endpoint's current key and, during a rotation, its
// previous one.
func signingKeys(ep *ent.WebhookEndpoint, now time.Time) ([][]byte, error) {
	k, err := webhook.SecretKey(ep.Secret)
	if err != nil {
		return nil, err
	}
	keys := [][]byte{k}
	if ep.PreviousSecret != nil && ep.PreviousSecretUntil != nil && now.Before(*ep.PreviousSecretUntil) {
		if old, err := webhook.SecretKey(*ep.PreviousSecret); err == nil {
			keys = append(keys, old)
		}
	}
	return keys, nil
}

// attempt sends one claimed delivery and records the outcome.
func (w *Worker) attempt(ctx context.Context, c claimed) error {
	if c.ep == nil || c.ev == nil {
		// The event was pruned: nothing can be sent any more.
		return w.db.WebhookDelivery.UpdateOneID(c.d.ID).SetStatus(webhookdelivery.StatusFailed).Exec(store.System(ctx))
	}
	m, err := w.message(c.ep, c.ev, w.now())
	if err != nil {
		return err
	}
	res := w.client.Send(ctx, m)
	if err := w.record(ctx, c, res); err != nil {
		return err
	}
	w.attempts.Add(1)
	if !res.OK() {
		w.failed.Add(1)
	}
	return nil
}

// Attempts returns how many deliveries this worker attempted and how many
// of those failed, counting those whose outcome was recorded.
func (w *Worker) Attempts() (all, failed uint64) {
	return w.attempts.Load(), w.failed.Load()
}

// outcome is an attempt to record.
type outcome struct {
	c    claimed
	res  webhook.Result
	done chan error
}

// record stores an attempt and what follows from it. Outcomes are
// committed in groups: the first caller to find no commit running commits
// what has gathered meanwhile, until none is left, so many deliveries
// cost one transaction, not one each.
func (w *Worker) record(ctx context.Context, c claimed, res webhook.Result) error {
	o := &outcome{c: c, res: res, done: make(chan error, 1)}
	w.rmu.Lock()
	w.pending = append(w.pending, o)
	leader := !w.recording
	w.recording = true
	w.rmu.Unlock()
	if leader {
		for {
			w.rmu.Lock()
			batch := w.pending
			w.pending = nil
			if len(batch) == 0 {
				w.recording = false
				w.rmu.Unlock()
				break
			}
			w.rmu.Unlock()
			err := store.WithTx(ctx, w.db.Client, func(ctx context.Context, tx *ent.Tx) error {
				now := w.now()
				var disabled []eventlog.Event
				for _, o := range batch {
					if err := w.recordIn(ctx, tx, o.c, o.res, now, &disabled); err != nil {
						return err
					}
				}
				// Appended last, after every other write (eventlog's rule).
				for _, e := range disabled {
					if _, err := eventlog.Append(ctx, tx.Client(), e); err != nil {
						return err
					}
				}
				return nil
			})
			for _, o := range batch {
				o.done <- err
			}
		}
	}
	return <-o.done
}

// recordIn records one outcome in tx; an endpoint it disables adds its
// event to disabled.
func (w *Worker) recordIn(ctx context.Context, tx *ent.Tx, c claimed, res webhook.Result, now time.Time, disabled *[]eventlog.Event) error {
	sys := store.System(ctx)
	if err := tx.WebhookAttempt.Create().SetNillablePartnerID(c.ep.PartnerID).SetEndpointID(c.ep.ID).
		SetEventID(c.ev.PublicID).SetEventType(c.ev.Type).SetStatusCode(res.Status).SetOk(res.OK()).
		SetLatencyMs(int(res.Latency.Milliseconds())).SetResponse(responseText(res.Response)).Exec(sys); err != nil {
		return err
	}
	upd := tx.WebhookDelivery.UpdateOneID(c.d.ID)
	if res.OK() {
		if c.ep.FailingSince != nil {
			if err := tx.WebhookEndpoint.UpdateOneID(c.ep.ID).ClearFailingSince().Exec(sys); err != nil {
				return err
			}
		}
		return upd.SetStatus(webhookdelivery.StatusDelivered).Exec(sys)
	}
	if res.Gone() {
		if err := w.disable(ctx, tx, c.ep, eventlog.CauseGone, "the endpoint answered 410 Gone", now, disabled); err != nil {
			return err
		}
		// The delivery waits for the endpoint to be enabled again.
		return upd.SetAttempts(c.d.Attempts - 1).SetNextAttemptAt(now).Exec(sys)
	}
	since := now
	if c.ep.FailingSince != nil {
		since = *c.ep.FailingSince
	} else if err := tx.WebhookEndpoint.UpdateOneID(c.ep.ID).SetFailingSince(now).Exec(sys); err != nil {
		return err
	}
	if now.Sub(since) >= w.o.DisableAfter {
		if err := w.disable(ctx, tx, c.ep, eventlog.CauseFailing, fmt.Sprintf("failing since %s", since.Format(time.RFC3339)), now, disabled); err != nil {
			return err
		}
	}
	wait, ok := webhook.Next(c.d.Attempts, res.RetryAfter)
	if !ok {
		return upd.SetStatus(webhookdelivery.StatusFailed).Exec(sys)
	}
	return upd.SetNextAttemptAt(now.Add(wait)).Exec(sys)
}

// disable disables an endpoint that the worker gave up on, and adds the
// event that tells its owner to disabled.
func (w *Worker) disable(ctx context.Context, tx *ent.Tx, ep *ent.WebhookEndpoint, cause, reason string, now time.Time, disabled *[]eventlog.Event) error {
	sys := store.System(ctx)
	n, err := tx.WebhookEndpoint.Update().Where(webhookendpoint.ID(ep.ID), webhookendpoint.DisabledAtIsNil()).
		SetDisabledAt(now).SetDisabledReason(reason).Save(sys)
	if err != nil || n == 0 {
		return err
	}
	after, err := tx.WebhookEndpoint.Get(sys, ep.ID)
	if err != nil {
		return err
	}
	*disabled = append(*disabled, eventlog.EndpointDisabled(after, cause))
	w.o.Logger.Warn("webhook endpoint disabled", "endpoint", ep.ID, "reason", reason)
	return nil
}

func responseText(b []byte) string {
	return string([]rune(string(b))) // invalid UTF-8 becomes U+FFFD: the column is text
}

// TestType is the type of a test send's message.
const TestType = "webhook.test"

// TestSend sends the endpoint a signed webhook.test message now, records
// the attempt in its log through client and returns it. The viewer must
// see the endpoint. client must not be in a transaction on SQLite: the
// send waits up to webhook.Timeout, and the transaction would hold the
// write lock meanwhile.
func (w *Worker) TestSend(ctx context.Context, client *ent.Client, id int) (*ent.WebhookAttempt, error) {
	ep, err := get(ctx, client, id)
	if err != nil {
		return nil, err
	}
	now := w.now()
	data, _ := json.Marshal(map[string]string{"endpoint": w.codec.Encode(ep.ID)})
	body, _ := json.Marshal(Body{Type: TestType, Timestamp: now, Data: data})
	keys, err := signingKeys(ep, now)
	if err != nil {
		return nil, err
	}
	msgID := "msg_test_" + webhook.NewSecret()[6:22]
	res := w.client.Send(ctx, webhook.Message{URL: ep.URL, ID: msgID, Time: now, Body: body, Keys: keys})
	return client.WebhookAttempt.Create().SetNillablePartnerID(ep.PartnerID).SetEndpointID(ep.ID).
		SetEventID(msgID).SetEventType(TestType).SetStatusCode(res.Status).SetOk(res.OK()).
		SetLatencyMs(int(res.Latency.Milliseconds())).SetResponse(responseText(res.Response)).Save(store.System(ctx))
}

// Wait waits for the attempts in flight.
func (w *Worker) Wait() { w.wg.Wait() }
