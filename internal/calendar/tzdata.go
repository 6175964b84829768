package calendar

// Embed the timezone database so that a machine without tzdata still knows
// every partner's timezone.
import _ "time/tzdata"
