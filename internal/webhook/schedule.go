package webhook

import (
	"math/rand/v2"
	"time"
)

// Schedule is the wait before each retry: after the first attempt fails,
// Schedule[0], and so on; after the last, the delivery has failed. It is
// Svix's schedule (which the Standard Webhooks specification cites)
// stretched to about three days, as issue 15 asks: 3 days 4 hours in all.
var Schedule = []time.Duration{
	5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour,
	10 * time.Hour, 10 * time.Hour, 14 * time.Hour, 14 * time.Hour, 20 * time.Hour,
}

// MaxRetryAfter caps the wait an endpoint may ask for.
const MaxRetryAfter = 24 * time.Hour

// Next returns the wait before the retry that follows attempt number n
// (1 for the first attempt), and false when n was the last. The wait is
// the schedule's with ±20% jitter, so that endpoints that failed together
// are not retried together; an endpoint's Retry-After is honoured when it
// asks for longer.
func Next(n int, retryAfter time.Duration) (time.Duration, bool) {
	if n < 1 || n > len(Schedule) {
		return 0, false
	}
	d := Schedule[n-1]
	d = d - d/5 + time.Duration(rand.Int64N(int64(2*d/5)+1))
	return max(d, min(retryAfter, MaxRetryAfter)), true
}

// Attempts is the most attempts one delivery gets.
var Attempts = len(Schedule) + 1
