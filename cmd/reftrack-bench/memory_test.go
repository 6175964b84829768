package main

import (
	"math"
	"testing"
)

func TestSlope(t *testing.T) {
	const mib = 1 << 20
	tests := []struct {
		name    string
		samples []memSample
		want    float64 // bytes per visitor
	}{
		{"two points", []memSample{{visitors: 0, rss: 0}, {visitors: 1000, rss: 10_000}}, 10},
		{"steady growth", []memSample{{visitors: 1e6, rss: 10e6}, {visitors: 1.5e6, rss: 15e6}, {visitors: 2e6, rss: 20e6}}, 10},
		// A run whose VmRSS dipped at the middle sample: the last step alone
		// reads 10.5 B per visitor.
		{"dip in the middle", []memSample{{visitors: 1e6, rss: 80 * mib}, {visitors: 1.5e6, rss: 74 * mib}, {visitors: 2e6, rss: 79 * mib}}, -1 * mib / 1e6},
		{"one point", []memSample{{visitors: 1e6, rss: 80 * mib}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := slope(tt.samples, func(s memSample) float64 { return float64(s.rss) })
			if math.Abs(got-tt.want) > 1e-9 {
				t.Fatalf("slope = %v B per visitor, want %v", got, tt.want)
			}
		})
	}
}
