package attack

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/rulecat/rulecat/catalog"
)

//go:generate go run ./gen -dir ../../../shared/attack -version 18.1 -o attack.json

// Domain is an ATT&CK domain, named as in STIX ("enterprise-attack").
type Domain string

// The three ATT&CK domains, in the order rulecat lists them.
const (
	Enterprise Domain = "enterprise-attack"
	ICS        Domain = "ics-attack"
	Mobile     Domain = "mobile-attack"
)

// Tactic is one column of an ATT&CK matrix.
type Tactic struct {
	ID        string // "TA0001"
	ShortName string // "initial-access", as in techniques' kill chain phases
	Name      string // display name: "Initial Access"
	// Sentinel is the name Microsoft Sentinel rules use ("InitialAccess"),
	// or "" when Sentinel has no name for the tactic.
	Sentinel   string
	Domain     Domain
	Order      int  // 0-based column in the domain's matrix; deprecated tactics come after the matrix
	Deprecated bool // no longer in the domain's matrix
}

// Technique is an ATT&CK technique or sub-technique.
type Technique struct {
	ID        string // "T1059" or "T1059.001"
	Name      string // "PowerShell"
	Domain    Domain
	Tactics   []string // short names of its tactics, in matrix order
	Platforms []string // as ATT&CK spells them: "Windows", "IaaS", ...
	// Deprecated techniques are no longer maintained and have no replacement.
	Deprecated bool
	// Revoked techniques were replaced by RevokedBy (which may itself be revoked;
	// Data.Replacement follows the chain).
	Revoked   bool
	RevokedBy string
}

// IsSub reports whether t is a sub-technique (T1059.001).
func (t *Technique) IsSub() bool { return strings.Contains(t.ID, ".") }

// Parent returns the id of the technique a sub-technique belongs to, or t.ID
// for a technique.
func (t *Technique) Parent() string { return ParentID(t.ID) }

// URL returns the technique's page on attack.mitre.org.
func (t *Technique) URL() string {
	return "https://attack.mitre.org/techniques/" + strings.Replace(t.ID, ".", "/", 1) + "/"
}

// ParentID returns the technique part of a technique or sub-technique id:
// "T1059" for "T1059.001".
func ParentID(id string) string {
	if i := strings.IndexByte(id, '.'); i >= 0 {
		return id[:i]
	}
	return id
}

// Data is a loaded ATT&CK dataset (enterprise, ics and mobile domains). It is
// immutable once loaded and safe for concurrent use.
type Data struct {
	version    string
	domains    []Domain
	tactics    map[Domain][]*Tactic // matrix order, deprecated ones last
	techniques []*Technique         // sorted by ID
	byID       map[string]*Technique
	byTactic   map[Domain]map[string][]*Technique // matrix order: techniques by name
	subs       map[string][]*Technique            // parent id → sub-techniques by name
	tacticKey  map[string][]*Tactic               // folded name → tactics, domain order
}

// Version returns the ATT&CK release the data comes from ("18.1"), or ""
// when the bundle did not say.
func (d *Data) Version() string { return d.version }

// Domains returns the domains the data covers, enterprise first.
func (d *Data) Domains() []Domain { return slices.Clone(d.domains) }

// Tactics returns the tactics of the domain's matrix in matrix order
// (deprecated tactics are left out).
func (d *Data) Tactics(dom Domain) []*Tactic {
	var ts []*Tactic
	for _, t := range d.tactics[dom] {
		if !t.Deprecated {
			ts = append(ts, t)
		}
	}
	return ts
}

// AllTechniques returns every technique and sub-technique, revoked and
// deprecated ones included, sorted by ID.
func (d *Data) AllTechniques() []*Technique { return slices.Clone(d.techniques) }

// Technique looks up a technique or sub-technique by its id ("T1566.002").
// Ids are case-sensitive, as ATT&CK and Sentinel spell them.
func (d *Data) Technique(id string) (*Technique, bool) {
	t, ok := d.byID[id]
	return t, ok
}

// Parent returns the technique a sub-technique belongs to; for a technique
// id it returns the technique itself. ok is false when either is unknown.
func (d *Data) Parent(id string) (*Technique, bool) {
	if _, ok := d.byID[id]; !ok {
		return nil, false
	}
	t, ok := d.byID[ParentID(id)]
	return t, ok
}

// Coverage is the one measure of how much of a domain's matrix a catalog
// covers: total is the number of live techniques of the domain (parents,
// not sub-techniques, not revoked or deprecated), each counted once however
// many tactics it sits under, and covered how many of them ids maps, a
// sub-technique covering its parent. ids are technique or sub-technique ids
// as rules list them; unknown ids and those of other domains are ignored.
func (d *Data) Coverage(dom Domain, ids []string) (covered, total int) {
	mapped := map[string]bool{}
	for _, id := range ids {
		mapped[ParentID(id)] = true
	}
	seen := map[string]bool{}
	for _, tac := range d.Tactics(dom) {
		for _, t := range d.byTactic[dom][tac.ShortName] {
			if seen[t.ID] {
				continue
			}
			seen[t.ID] = true
			total++
			if mapped[t.ID] {
				covered++
			}
		}
	}
	return covered, total
}

// Tactic looks up a tactic by its Sentinel name ("CommandAndControl"), its
// display name ("Command and Control"), its short name
// ("command-and-control") or its id ("TA0011"), ignoring case, spaces, "-" and
// "_". A name shared by several domains resolves to the enterprise tactic
// first, then ics, then mobile.
func (d *Data) Tactic(name string) (*Tactic, bool) {
	ts := d.tacticKey[foldName(name)]
	if len(ts) == 0 {
		return nil, false
	}
	return ts[0], true
}

// TacticsOf returns the tactics a technique belongs to, in matrix order; nil
// when the technique is unknown.
func (d *Data) TacticsOf(id string) []*Tactic {
	t, ok := d.byID[id]
	if !ok {
		return nil
	}
	var out []*Tactic
	for _, short := range t.Tactics {
		for _, ta := range d.tactics[t.Domain] {
			if ta.ShortName == short {
				out = append(out, ta)
				break
			}
		}
	}
	return out
}

// Replacement returns the id of the technique that replaces a revoked one,
// following chains of revocations. ok is false when id is not revoked or
// ATT&CK names no replacement.
func (d *Data) Replacement(id string) (repl string, ok bool) {
	t, found := d.byID[id]
	for range 10 { // chains are short; the bound guards against a cycle in a hand-made bundle
		if !found || !t.Revoked || t.RevokedBy == "" {
			break
		}
		repl = t.RevokedBy
		t, found = d.byID[repl]
	}
	return repl, repl != ""
}

// Deprecated reports whether the technique is deprecated in ATT&CK.
func (d *Data) Deprecated(id string) bool {
	t, ok := d.byID[id]
	return ok && t.Deprecated
}

// Techniques returns the techniques (not sub-techniques) of a tactic of a
// domain in matrix order, as the ATT&CK site lists them: by name, leaving out
// revoked and deprecated ones. tactic is the tactic's short name.
func (d *Data) Techniques(dom Domain, tactic string) []*Technique {
	return slices.Clone(d.byTactic[dom][tactic])
}

// Subtechniques returns the live sub-techniques of a technique, by name.
func (d *Data) Subtechniques(id string) []*Technique {
	return slices.Clone(d.subs[id])
}

// SentinelTactics returns the tactic names Microsoft Sentinel accepts in the
// tactics of an analytic rule, in enterprise matrix order then ICS.
func SentinelTactics() []string { return slices.Clone(sentinelTactics[:]) }

// sentinelTactics is Sentinel's AttackTactic enum as its content CI validates it.
var sentinelTactics = [...]string{
	"Reconnaissance", "ResourceDevelopment", "InitialAccess", "Execution", "Persistence",
	"PrivilegeEscalation", "DefenseEvasion", "CredentialAccess", "Discovery", "LateralMovement",
	"Collection", "CommandAndControl", "Exfiltration", "Impact",
	"InhibitResponseFunction", "ImpairProcessControl",
}

// IsSentinelTactic reports whether name is spelled exactly as one of the
// tactic names Sentinel accepts.
func IsSentinelTactic(name string) bool { return slices.Contains(sentinelTactics[:], name) }

// sentinelName gives the Sentinel name of an ATT&CK tactic display name:
// CamelCase of its words, except ICS "Evasion", which Sentinel files under
// DefenseEvasion; "" for tactics Sentinel has no name for.
func sentinelName(display string) string {
	var b strings.Builder
	for w := range strings.FieldsSeq(display) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	s := b.String()
	if s == "Evasion" {
		s = "DefenseEvasion"
	}
	if !IsSentinelTactic(s) {
		return ""
	}
	return s
}

// foldName reduces a tactic name to the key lookups compare: lower case,
// without spaces, "-" and "_".
func foldName(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_', '\t':
			return -1
		}
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// SuggestTactic returns the valid tactic name closest to name: with
// sentinelOnly, one of SentinelTactics; otherwise also the ATT&CK display
// names. ok is false when nothing is close enough to be a likely typo.
func (d *Data) SuggestTactic(name string, sentinelOnly bool) (string, bool) {
	cands := SentinelTactics()
	if !sentinelOnly {
		for _, dom := range d.domains {
			for _, t := range d.Tactics(dom) {
				cands = append(cands, t.Name)
			}
		}
	}
	key := foldName(name)
	best, bestDist := "", -1
	for _, c := range cands {
		dist := catalog.EditDistance(key, foldName(c))
		if bestDist < 0 || dist < bestDist {
			best, bestDist = c, dist
		}
	}
	// Accept about one typo in three letters: "CommanAndControl", "InitialAcces".
	if bestDist < 0 || bestDist > max(1, len(key)/4) {
		return "", false
	}
	return best, true
}

// index fills the lookup maps from d.tactics and d.techniques.
func (d *Data) index() error {
	d.byID = make(map[string]*Technique, len(d.techniques))
	d.byTactic = make(map[Domain]map[string][]*Technique)
	d.subs = make(map[string][]*Technique)
	d.tacticKey = make(map[string][]*Tactic)
	slices.SortFunc(d.techniques, func(a, b *Technique) int {
		return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(domainRank(a.Domain), domainRank(b.Domain)))
	})
	for _, dom := range d.domains {
		for i, ta := range d.tactics[dom] {
			ta.Order, ta.Domain = i, dom
			for _, k := range []string{ta.Name, ta.ShortName, ta.ID, ta.Sentinel} {
				if k == "" {
					continue
				}
				k = foldName(k)
				if !slices.Contains(d.tacticKey[k], ta) {
					d.tacticKey[k] = append(d.tacticKey[k], ta)
				}
			}
		}
	}
	for _, ts := range d.tacticKey { // enterprise first, live before deprecated
		slices.SortStableFunc(ts, func(a, b *Tactic) int {
			return cmp.Or(cmp.Compare(domainRank(a.Domain), domainRank(b.Domain)), boolCmp(a.Deprecated, b.Deprecated))
		})
	}
	orders := make(map[Domain]map[string]int, len(d.domains))
	for _, dom := range d.domains {
		orders[dom] = make(map[string]int)
		for _, ta := range d.tactics[dom] {
			orders[dom][ta.ShortName] = ta.Order
		}
	}
	for _, t := range d.techniques {
		if _, dup := d.byID[t.ID]; dup {
			continue // the same id in two domains: the first domain wins
		}
		d.byID[t.ID] = t
		order := orders[t.Domain]
		for _, s := range t.Tactics {
			if _, ok := order[s]; !ok {
				return fmt.Errorf("technique %s has tactic %q, which is not in the %s matrix", t.ID, s, t.Domain)
			}
		}
		slices.SortFunc(t.Tactics, func(a, b string) int { return cmp.Compare(order[a], order[b]) })
		if t.Revoked || t.Deprecated {
			continue
		}
		if t.IsSub() {
			d.subs[t.Parent()] = append(d.subs[t.Parent()], t)
			continue
		}
		if d.byTactic[t.Domain] == nil {
			d.byTactic[t.Domain] = make(map[string][]*Technique)
		}
		for _, s := range t.Tactics {
			d.byTactic[t.Domain][s] = append(d.byTactic[t.Domain][s], t)
		}
	}
	byName := func(a, b *Technique) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) }
	for _, m := range d.byTactic {
		for _, ts := range m {
			slices.SortFunc(ts, byName)
		}
	}
	for _, ts := range d.subs {
		slices.SortFunc(ts, byName)
	}
	return nil
}

func domainRank(d Domain) int {
	switch d {
	case Enterprise:
		return 0
	case ICS:
		return 1
	case Mobile:
		return 2
	}
	return 3
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}
