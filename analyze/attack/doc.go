// Package attack holds MITRE ATT&CK data (tactics, techniques, revocations)
// generated from the official STIX bundles, and lookups over it.
//
// # Data
//
// gen/ reads the enterprise, ics and mobile STIX bundles and writes
// attack.json, which is embedded: per domain, its tactics in matrix order
// (with the names Microsoft Sentinel uses for them) and every technique and
// sub-technique with its tactics, platforms, and deprecated and revoked
// flags, a revoked technique naming its replacement. Run "go generate
// ./analyze/attack" (or "make attack") after updating the bundles;
// TestEmbeddedUpToDate fails while the two disagree.
//
// Load decodes the embedded table. LoadFile reads a newer official bundle at
// run time (rulecat's --attack flag) in place of the embedded domain it
// covers.
//
// # Sentinel's tactic names
//
// Sentinel spells tactics in CamelCase ("CommandAndControl") and knows the
// fourteen enterprise tactics plus ICS's InhibitResponseFunction and
// ImpairProcessControl; ICS's "Evasion" is its DefenseEvasion. The legacy
// "PreAttack" is not an ATT&CK tactic. Tactic accepts Sentinel names,
// display names, short names and ids alike; IsSentinelTactic is strict.
//
// # Notice
//
// ATT&CK data is © The MITRE Corporation, reproduced and distributed with
// its permission under the ATT&CK terms of use; Notice carries the
// attribution, which the embedded table repeats.
package attack

// Notice is the attribution that must accompany copies of ATT&CK data.
const Notice = "ATT&CK data © The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation (https://attack.mitre.org/resources/legal-and-branding/terms-of-use/)."
