// Package channel describes the ways a health or care organisation can reach
// a person: the channel kinds and their properties, contact details and
// their validation, content classes, delivery outcomes, SMS encoding and
// segment counting, and the Transport interface the host implements.
//
// It is the leaf of carecomms: the objection, proxy, minimise and policy
// packages build on its types.
package channel
