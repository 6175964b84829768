package track

// Exported for the tests in package track_test.
var (
	ParseRef        = parseRef
	ParseVisitorID  = parseVisitorID
	ParseBeacon     = parseBeacon
	ScanBeacon      = scanBeacon
	UnmarshalBeacon = unmarshalBeacon
	IsBot           = isBot
	ErrMalformed    = errMalformed
)

type Beacon = beacon
