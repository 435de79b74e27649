// Package attack holds MITRE ATT&CK data (tactics, techniques, revocations)
// generated from the official STIX bundles, and lookups over it.
package attack

// Data is a loaded ATT&CK dataset (enterprise, ics and mobile domains).
type Data struct{}
