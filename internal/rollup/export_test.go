package rollup

// SetPruneBatch lowers the rows deleted per prune transaction so tests can
// cover several batches; it returns a function that restores the default.
func SetPruneBatch(n int) (restore func()) {
	old := pruneBatch
	pruneBatch = n
	return func() { pruneBatch = old }
}
