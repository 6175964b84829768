// Package doccheck holds tests of the documentation: that the README stays a
// front door, that links between the documents resolve, and that every
// GraphQL example runs as written against a server with the --demo data.
//
// An example is a ```graphql block preceded by a hidden comment that says
// whose token it needs and which answers later examples use:
//
//	<!-- example: {"as": "admin", "save": {"partnerToken": "createPartner.token"}} -->
//
// "as" is "admin", "demo" (the demo partner), "none", or "$name" (a value
// saved by an earlier example of the same file). "save" maps names to paths
// in the answer's data: dot-separated fields, list indices, and
// [field=value] to pick a list element. The operation's variables are
// filled from the saved values of the same names. "expect", when set, is
// the extensions.code the example must answer with. Each file runs in
// order on a fresh server.
package doccheck
