package delivery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
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
	recorded  time.Time  // the last group commit ended, read by the caller committing

	attempts, failed atomic.Uint64 // recorded attempts, and those not 2xx

	mu       sync.Mutex
	busy     map[int]int // endpoint → attempts in flight here
	inflight int         // attempts in flight here
	turn     int         // where the next claim starts in the endpoints
	none     atomic.Bool // the last claim found no enabled endpoint
	wg       sync.WaitGroup
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
		o.Concurrency = 256
	}
	if o.PerEndpoint <= 0 {
		o.PerEndpoint = 16
	}
	if o.DisableAfter <= 0 {
		o.DisableAfter = 5 * 24 * time.Hour
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return &Worker{db: db, client: client, codec: codec, o: o, wake: make(chan struct{}, 1), changed: make(chan struct{}, 1),
		busy: map[int]int{}}
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

// stepGap is the least time between two steps of Run: wakes that come
// faster (each append, each attempt's end) wait for the rest of it, so that
// a step fans out and claims what gathered meanwhile, in one transaction
// each, instead of one transaction per event and per delivery (decision
// 0099). It is also the most it adds to a delivery's latency.
const stepGap = 10 * time.Millisecond

// recordGap is the least time between two commits of attempts' outcomes.
// What waits for it is only the delivery log, not the delivery, so it is
// longer than stepGap: fewer, larger transactions take less of SQLite's
// one writer from the clicks (decision 0105).
const recordGap = 100 * time.Millisecond

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
		if idle {
			select {
			case <-ctx.Done():
				return
			case <-w.changed:
			case <-time.After(idleCheck):
			}
			continue
		}
		if err := w.Step(ctx); err != nil && ctx.Err() == nil {
			w.o.Logger.Warn("webhook delivery", "err", err)
		}
		last := time.Now()
		if w.none.Load() {
			// The last endpoint was deleted or disabled: idle at once,
			// not at the next check, so that signups wake nothing.
			idle, checked = true, last
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-w.changed:
		case <-w.wake:
		case <-t.C:
		}
		if d := stepGap - time.Since(last); d > 0 {
			select {
			case <-ctx.Done():
				return
			case <-time.After(d):
			}
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

// Step fans out new events and starts the due deliveries it has room for.
func (w *Worker) Step(ctx context.Context) error {
	if err := w.FanOut(ctx); err != nil {
		return err
	}
	drained := map[int]bool{} // endpoints found with nothing more due
	for {
		n, err := w.claimAndSend(ctx, drained)
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
	for {
		more, err := w.fanOutOnce(ctx)
		if err != nil || !more {
			return err
		}
	}
}

// insertBatch bounds the rows of one INSERT: SQLite takes at most 32,766
// parameters in a statement.
const insertBatch = 1000

// fanOutOnce fans out, in one transaction, at most fanOutBatch events to
// every enabled endpoint that is behind the log, and reports whether some
// endpoint has more.
func (w *Worker) fanOutOnce(ctx context.Context) (more bool, err error) {
	sys := store.System(ctx)
	last, err := lastSeq(ctx, w.db.Client)
	if err != nil {
		return false, err
	}
	ids, err := w.db.WebhookEndpoint.Query().
		Where(webhookendpoint.DisabledAtIsNil(), webhookendpoint.CursorLT(last)).IDs(sys)
	if err != nil || len(ids) == 0 {
		return false, err
	}
	if w.db.Dialect != dialect.Postgres {
		// One instance on SQLite: read outside the write transaction,
		// which the clicks wait for, and write only if no cursor moved.
		eps, err := w.db.WebhookEndpoint.Query().Where(webhookendpoint.IDIn(ids...), webhookendpoint.DisabledAtIsNil(),
			webhookendpoint.CursorLT(last)).All(sys)
		if err != nil {
			return false, err
		}
		plan, err := planFanOut(ctx, w.db.Client, eps, last)
		if err != nil || len(plan.groups) == 0 {
			return false, err
		}
		err = store.WithTx(ctx, w.db.Client, func(ctx context.Context, tx *ent.Tx) error {
			return w.writeFanOut(ctx, tx, plan)
		})
		if errors.Is(err, errMoved) {
			return false, nil // the next step plans again
		}
		return plan.more, err
	}
	err = store.WithTx(ctx, w.db.Client, func(ctx context.Context, tx *ent.Tx) error {
		// Another instance fanning an endpoint out holds its row: skip
		// it rather than wait, it is doing the work.
		eps, err := tx.WebhookEndpoint.Query().Where(webhookendpoint.IDIn(ids...), webhookendpoint.DisabledAtIsNil(),
			webhookendpoint.CursorLT(last)).
			Where(func(s *entsql.Selector) { s.ForUpdate(entsql.WithLockAction(entsql.SkipLocked)) }).All(sys)
		if err != nil {
			return err
		}
		plan, err := planFanOut(ctx, tx.Client(), eps, last)
		if err != nil {
			return err
		}
		more = plan.more
		return w.writeFanOut(ctx, tx, plan)
	})
	return more, err
}

// errMoved is a fan-out that found a cursor moved since it read it.
var errMoved = errors.New("an endpoint's cursor moved")

// fanOutPlan is what a fan-out writes: each group's cursor moves from
// where it was read to its new place, and a delivery per endpoint and event.
type fanOutPlan struct {
	groups []fanOutGroup
	rows   []fanOutRow
	more   bool // some group read a full batch
}

type fanOutGroup struct {
	ids      []int
	from, to int64
}

type fanOutRow struct {
	ep    *ent.WebhookEndpoint
	event int
}

// planFanOut reads the events after each endpoint's cursor as its owner.
// Endpoints of one owner at one cursor (the admin's, typically) read the
// log once and move their cursors in one statement.
func planFanOut(ctx context.Context, client *ent.Client, eps []*ent.WebhookEndpoint, last int64) (fanOutPlan, error) {
	type key struct {
		partner int // 0: the admin's
		cursor  int64
	}
	type group struct {
		owner *ent.WebhookEndpoint // whose viewer reads
		eps   []*ent.WebhookEndpoint
	}
	var order []key
	groups := map[key]*group{}
	for _, ep := range eps {
		k := key{cursor: ep.Cursor}
		if ep.PartnerID != nil {
			k.partner = *ep.PartnerID
		}
		if groups[k] == nil {
			groups[k] = &group{owner: ep}
			order = append(order, k)
		}
		groups[k].eps = append(groups[k].eps, ep)
	}
	var plan fanOutPlan
	for _, k := range order {
		g := groups[k]
		evs, err := client.Event.Query().Where(event.SeqGT(k.cursor)).Order(ent.Asc(event.FieldSeq)).
			Limit(fanOutBatch).All(ownerContext(ctx, g.owner))
		if err != nil {
			return plan, err
		}
		to := k.cursor
		if len(evs) > 0 {
			to = evs[len(evs)-1].Seq
		}
		if len(evs) == fanOutBatch {
			plan.more = true
		} else {
			// The owner read every event it may see up to now, and every
			// seq up to last was visible before (0090): the cursor passes
			// the others' events too, so that an endpoint whose owner has
			// none is not read again at every step.
			to = max(to, last)
		}
		fg := fanOutGroup{from: k.cursor, to: to}
		for _, ep := range g.eps {
			fg.ids = append(fg.ids, ep.ID)
			for _, ev := range evs {
				if (len(ep.EventTypes) == 0 || slices.Contains(ep.EventTypes, ev.Type)) && !aboutItself(ep, ev) {
					plan.rows = append(plan.rows, fanOutRow{ep, ev.ID})
				}
			}
		}
		plan.groups = append(plan.groups, fg)
	}
	return plan, nil
}

// writeFanOut moves the plan's cursors, each only from where it was read
// (errMoved otherwise), and creates its deliveries, in tx.
func (w *Worker) writeFanOut(ctx context.Context, tx *ent.Tx, plan fanOutPlan) error {
	sys := store.System(ctx)
	for _, g := range plan.groups {
		n, err := tx.WebhookEndpoint.Update().Where(webhookendpoint.IDIn(g.ids...), webhookendpoint.CursorEQ(g.from),
			webhookendpoint.DisabledAtIsNil()).SetCursor(g.to).Save(sys)
		if err != nil {
			return err
		}
		if n != len(g.ids) {
			return errMoved
		}
	}
	now := w.now()
	creates := make([]*ent.WebhookDeliveryCreate, 0, len(plan.rows))
	for _, r := range plan.rows {
		creates = append(creates, tx.WebhookDelivery.Create().SetNillablePartnerID(r.ep.PartnerID).
			SetEndpointID(r.ep.ID).SetEventID(r.event).SetNextAttemptAt(now))
	}
	for len(creates) > 0 {
		n := min(len(creates), insertBatch)
		if err := tx.WebhookDelivery.CreateBulk(creates[:n]...).Exec(sys); err != nil {
			return err
		}
		creates = creates[n:]
	}
	return nil
}

// A claimed delivery, with what sending it needs.
type claimed struct {
	d  *ent.WebhookDelivery
	ep *ent.WebhookEndpoint
	ev *ent.Event
	// body is the event's message, the same to every endpoint: built once
	// per claim. keys are the endpoint's signing keys.
	body []byte
	keys [][]byte
	err  error // building body or keys failed
}

// claimAndSend claims due deliveries, as many as there is room for here,
// each endpoint at most its share, and starts sending them; it returns how
// many it started. Endpoints in drained had nothing more due in this step
// and are not asked again; the ones it finds so are added.
func (w *Worker) claimAndSend(ctx context.Context, drained map[int]bool) (int, error) {
	w.mu.Lock()
	free := w.o.Concurrency - w.inflight
	busy := maps.Clone(w.busy)
	turn := w.turn
	w.turn++
	w.mu.Unlock()
	if free <= 0 {
		return 0, nil
	}
	sys := store.System(ctx)
	eps, err := w.db.WebhookEndpoint.Query().Where(webhookendpoint.DisabledAtIsNil()).
		Order(ent.Asc(webhookendpoint.FieldID)).All(sys)
	if err != nil {
		return 0, err
	}
	w.none.Store(len(eps) == 0)
	if len(eps) == 0 {
		return 0, nil
	}
	// Endpoints with room, from a turn that moves at every claim: when
	// there is less room than work, each endpoint gets its turn first.
	start := turn % len(eps)
	var roomy []*ent.WebhookEndpoint
	var roomyIDs []int
	for i := range eps {
		ep := eps[(start+i)%len(eps)]
		if !drained[ep.ID] && busy[ep.ID] < w.o.PerEndpoint {
			roomy = append(roomy, ep)
			roomyIDs = append(roomyIDs, ep.ID)
		}
	}
	if len(roomy) == 0 {
		return 0, nil
	}
	now := w.now()
	if w.db.Dialect == dialect.Postgres {
		// A read first: most steps find nothing due, and the claim is a
		// transaction that locks.
		due, err := w.db.WebhookDelivery.Query().Where(webhookdelivery.EndpointIDIn(roomyIDs...),
			webhookdelivery.StatusEQ(webhookdelivery.StatusPending), webhookdelivery.NextAttemptAtLTE(now)).Exist(sys)
		if err != nil || !due {
			for _, id := range roomyIDs {
				drained[id] = true
			}
			return 0, err
		}
	}
	epByID := map[int]*ent.WebhookEndpoint{}
	for _, ep := range roomy {
		epByID[ep.ID] = ep
	}
	var work []claimed
	take := func(ctx context.Context, client *ent.Client, lock bool) error {
		ds, err := w.pick(ctx, client, roomy, busy, free, now, drained, lock)
		if err != nil || len(ds) == 0 {
			return err
		}
		if lock {
			ds, err = w.lease(ctx, client, ds, now, false)
		} else {
			// In a transaction all the same: on SQLite only transactions
			// queue for the writer (store.sqliteConn); a lone statement
			// would wait in SQLite's busy handler, sleeping.
			err = store.WithTx(ctx, w.db.Client, func(ctx context.Context, tx *ent.Tx) error {
				ds, err = w.lease(ctx, tx.Client(), ds, now, true)
				return err
			})
		}
		if err != nil || len(ds) == 0 {
			return err
		}
		evIDs := make([]int, 0, len(ds))
		for _, d := range ds {
			evIDs = append(evIDs, d.EventID)
		}
		slices.Sort(evIDs)
		evs, err := client.Event.Query().Where(event.IDIn(slices.Compact(evIDs)...)).All(store.System(ctx))
		if err != nil {
			return err
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
	}
	if w.db.Dialect == dialect.Postgres {
		// Each delivery is claimed by one instance: the others skip the
		// rows this one holds until it commits the lease.
		err = store.WithTx(ctx, w.db.Client, func(ctx context.Context, tx *ent.Tx) error {
			return take(ctx, tx.Client(), true)
		})
	} else {
		// One instance on SQLite: the reads need no transaction, and the
		// lease takes only the rows still due, so the writer that the
		// clicks wait for is held for that statement alone.
		err = take(ctx, w.db.Client, false)
	}
	if err != nil {
		return 0, err
	}
	w.prepare(work, now)
	w.mu.Lock()
	for _, c := range work {
		w.inflight++
		w.busy[c.ep.ID]++
	}
	w.mu.Unlock()
	for _, c := range work {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			// The attempt outlives a shutdown that begins meanwhile: its
			// outcome is recorded rather than left to the lease.
			if err := w.attempt(context.WithoutCancel(ctx), c); err != nil {
				w.o.Logger.Warn("webhook attempt", "delivery", c.d.ID, "err", err)
			}
		}()
	}
	return len(work), nil
}

// pick reads the due deliveries of the endpoints with room, each up to its
// room, at most free in all; lock takes them FOR UPDATE SKIP LOCKED.
// Endpoints found with nothing more due are added to drained.
func (w *Worker) pick(ctx context.Context, client *ent.Client, roomy []*ent.WebhookEndpoint, busy map[int]int,
	free int, now time.Time, drained map[int]bool, lock bool) ([]*ent.WebhookDelivery, error) {
	sys := store.System(ctx)
	var ds []*ent.WebhookDelivery
	for _, ep := range roomy {
		n := min(w.o.PerEndpoint-busy[ep.ID], free-len(ds))
		if n <= 0 {
			break
		}
		// One query per endpoint, on its index: a backlog of one endpoint
		// never fills the claim of the others.
		q := client.WebhookDelivery.Query().Where(webhookdelivery.EndpointID(ep.ID),
			webhookdelivery.StatusEQ(webhookdelivery.StatusPending), webhookdelivery.NextAttemptAtLTE(now)).
			Order(ent.Asc(webhookdelivery.FieldNextAttemptAt)).Limit(n)
		if lock {
			q.Where(func(s *entsql.Selector) { s.ForUpdate(entsql.WithLockAction(entsql.SkipLocked)) })
		}
		got, err := q.All(sys)
		if err != nil {
			return nil, err
		}
		if len(got) < n {
			drained[ep.ID] = true
		}
		ds = append(ds, got...)
	}
	return ds, nil
}

// lease moves the deliveries' next attempt past the lease and counts the
// attempt. With guard, only those still pending and due are leased (others
// changed since they were read: an endpoint enabled, deleted...), and
// those are returned.
func (w *Worker) lease(ctx context.Context, client *ent.Client, ds []*ent.WebhookDelivery, now time.Time, guard bool) ([]*ent.WebhookDelivery, error) {
	sys := store.System(ctx)
	ids := make([]int, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	until := now.Add(w.o.Lease)
	u := client.WebhookDelivery.Update().Where(webhookdelivery.IDIn(ids...))
	if guard {
		u.Where(webhookdelivery.StatusEQ(webhookdelivery.StatusPending), webhookdelivery.NextAttemptAtLTE(now))
	}
	n, err := u.SetNextAttemptAt(until).AddAttempts(1).Save(sys)
	if err != nil || n == len(ds) {
		return ds, err
	}
	leased, err := client.WebhookDelivery.Query().Where(webhookdelivery.IDIn(ids...),
		webhookdelivery.StatusEQ(webhookdelivery.StatusPending), webhookdelivery.NextAttemptAtEQ(until)).IDs(sys)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(ds, func(d *ent.WebhookDelivery) bool { return !slices.Contains(leased, d.ID) }), nil
}

// prepare builds each event's body once and each endpoint's keys once for
// the claimed deliveries.
func (w *Worker) prepare(work []claimed, now time.Time) {
	type built struct {
		b   []byte
		err error
	}
	bodies := map[int]built{}
	keys := map[int]built{}
	keyList := map[int][][]byte{}
	for i := range work {
		c := &work[i]
		if c.ev == nil {
			continue
		}
		b, ok := bodies[c.ev.ID]
		if !ok {
			b.b, b.err = w.body(c.ev)
			bodies[c.ev.ID] = b
		}
		k, ok := keys[c.ep.ID]
		if !ok {
			keyList[c.ep.ID], k.err = signingKeys(c.ep, now)
			keys[c.ep.ID] = k
		}
		c.body, c.keys, c.err = b.b, keyList[c.ep.ID], errors.Join(b.err, k.err)
	}
}

// Body is a delivery's JSON body, as the Standard Webhooks specification
// shapes it.
type Body struct {
	Type      string          `json:"type"`
	Timestamp time.Time       `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}

// body builds the message body of an event, the same for every endpoint.
func (w *Worker) body(ev *ent.Event) ([]byte, error) {
	data, err := eventlog.Render(w.codec, ev)
	if err != nil {
		return nil, err
	}
	return json.Marshal(Body{Type: ev.Type, Timestamp: ev.OccurredAt.UTC(), Data: data})
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
	if c.ev == nil {
		// The event was pruned: nothing can be sent any more.
		w.release(c)
		return w.db.WebhookDelivery.UpdateOneID(c.d.ID).SetStatus(webhookdelivery.StatusFailed).Exec(store.System(ctx))
	}
	if c.err != nil {
		w.release(c)
		return c.err
	}
	res := w.client.Send(ctx, webhook.Message{URL: c.ep.URL, ID: c.ev.PublicID, Time: w.now(), Body: c.body, Keys: c.keys})
	// The slot bounds requests in flight, so it is free once the answer
	// came; the delivery stays leased until its outcome is recorded.
	w.release(c)
	if err := w.record(ctx, c, res); err != nil {
		return err
	}
	w.attempts.Add(1)
	if !res.OK() {
		w.failed.Add(1)
	}
	return nil
}

// release frees c's slot and wakes the worker to fill it.
func (w *Worker) release(c claimed) {
	w.mu.Lock()
	w.inflight--
	if w.busy[c.ep.ID]--; w.busy[c.ep.ID] <= 0 {
		delete(w.busy, c.ep.ID)
	}
	w.mu.Unlock()
	w.Wake()
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
			// One commit per recordGap at most: each is a write transaction
			// (on SQLite, the writer the clicks wait for).
			if d := recordGap - time.Since(w.recorded); d > 0 {
				time.Sleep(d)
			}
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
				return w.recordIn(ctx, tx, batch, w.now())
			})
			w.recorded = time.Now()
			for _, o := range batch {
				o.done <- err
			}
		}
	}
	return <-o.done
}

// recordIn records outcomes in tx: the attempts in one statement, the
// deliveries that succeeded in another, each failure on its own (they are
// few when endpoints are healthy).
func (w *Worker) recordIn(ctx context.Context, tx *ent.Tx, batch []*outcome, now time.Time) error {
	sys := store.System(ctx)
	batch, err := w.liveOutcomes(sys, tx, batch)
	if err != nil {
		return err
	}
	var disabled []eventlog.Event // the events of endpoints it disables
	creates := make([]*ent.WebhookAttemptCreate, 0, len(batch))
	var delivered []int
	recovered := map[int]bool{}
	for _, o := range batch {
		c, res := o.c, o.res
		creates = append(creates, tx.WebhookAttempt.Create().SetNillablePartnerID(c.ep.PartnerID).SetEndpointID(c.ep.ID).
			SetEventID(c.ev.PublicID).SetEventType(c.ev.Type).SetStatusCode(res.Status).SetOk(res.OK()).
			SetLatencyMs(int(res.Latency.Milliseconds())).SetResponse(responseText(res.Response)))
		if res.OK() {
			delivered = append(delivered, c.d.ID)
			if c.ep.FailingSince != nil && !recovered[c.ep.ID] {
				recovered[c.ep.ID] = true
				if err := tx.WebhookEndpoint.UpdateOneID(c.ep.ID).ClearFailingSince().Exec(sys); err != nil {
					return err
				}
			}
			continue
		}
		if err := w.recordFailure(ctx, tx, c, res, now, &disabled); err != nil {
			return err
		}
	}
	for len(creates) > 0 {
		n := min(len(creates), insertBatch/2) // an attempt has twice a delivery's columns
		if err := tx.WebhookAttempt.CreateBulk(creates[:n]...).Exec(sys); err != nil {
			return err
		}
		creates = creates[n:]
	}
	for len(delivered) > 0 {
		n := min(len(delivered), insertBatch)
		if err := tx.WebhookDelivery.Update().Where(webhookdelivery.IDIn(delivered[:n]...)).
			SetStatus(webhookdelivery.StatusDelivered).Exec(sys); err != nil {
			return err
		}
		delivered = delivered[n:]
	}
	// Appended last, after every other write (eventlog's rule).
	for _, e := range disabled {
		if _, err := eventlog.Append(ctx, tx.Client(), e); err != nil {
			return err
		}
	}
	return nil
}

// liveOutcomes leaves out the outcomes of endpoints deleted since their
// claim. On PostgreSQL it locks the others against deletion until tx ends
// (a delete in progress is waited for), so that no insert below refers to
// an endpoint that is gone; on SQLite tx is the only writer.
func (w *Worker) liveOutcomes(ctx context.Context, tx *ent.Tx, batch []*outcome) ([]*outcome, error) {
	ids := make([]int, 0, len(batch))
	for _, o := range batch {
		ids = append(ids, o.c.ep.ID)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	q := tx.WebhookEndpoint.Query().Where(webhookendpoint.IDIn(ids...))
	if w.db.Dialect == dialect.Postgres {
		q.Where(func(s *entsql.Selector) { s.For(entsql.LockKeyShare) })
	}
	live, err := q.IDs(ctx)
	if err != nil {
		return nil, err
	}
	if len(live) == len(ids) {
		return batch, nil
	}
	kept := make([]*outcome, 0, len(batch)) // batch is the caller's: not filtered in place
	for _, o := range batch {
		if slices.Contains(live, o.c.ep.ID) {
			kept = append(kept, o)
		}
	}
	return kept, nil
}

// recordFailure records what follows from an attempt that failed; an
// endpoint it disables adds its event to disabled.
func (w *Worker) recordFailure(ctx context.Context, tx *ent.Tx, c claimed, res webhook.Result, now time.Time, disabled *[]eventlog.Event) error {
	sys := store.System(ctx)
	upd := tx.WebhookDelivery.UpdateOneID(c.d.ID)
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
