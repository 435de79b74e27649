package attack

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// stixObject holds the fields rulecat reads from any STIX object of an ATT&CK
// bundle; the rest (descriptions, references, ...) is skipped by the decoder.
type stixObject struct {
	Type       string `json:"type"`
	ID         string `json:"id"`
	Name       string `json:"name"`
	Revoked    bool   `json:"revoked"`
	Deprecated bool   `json:"x_mitre_deprecated"`
	ExtRefs    []struct {
		SourceName string `json:"source_name"`
		ExternalID string `json:"external_id"`
	} `json:"external_references"`
	KillChain []struct {
		KillChainName string `json:"kill_chain_name"`
		PhaseName     string `json:"phase_name"`
	} `json:"kill_chain_phases"`
	Platforms []string `json:"x_mitre_platforms"`
	Domains   []string `json:"x_mitre_domains"`
	ShortName string   `json:"x_mitre_shortname"`
	Version   string   `json:"x_mitre_version"`
	TacticRef []string `json:"tactic_refs"`
	RelType   string   `json:"relationship_type"`
	SourceRef string   `json:"source_ref"`
	TargetRef string   `json:"target_ref"`
}

// attackID returns the object's ATT&CK id (T1059, TA0001, enterprise-attack).
// Older ICS and mobile objects name their source "mitre-ics-attack" or
// "mitre-mobile-attack".
func (o *stixObject) attackID() string {
	for _, r := range o.ExtRefs {
		switch r.SourceName {
		case "mitre-attack", "mitre-ics-attack", "mitre-mobile-attack":
			return r.ExternalID
		}
	}
	return ""
}

// FromSTIX builds Data from official ATT&CK STIX 2.x bundles, one per domain
// (enterprise-attack.json, ics-attack.json, mobile-attack.json). version is
// the ATT&CK release to record when no bundle holds an x-mitre-collection
// object saying it; a collection's version wins.
func FromSTIX(version string, bundles ...[]byte) (*Data, error) {
	type bundle struct {
		Type    string       `json:"type"`
		Objects []stixObject `json:"objects"`
	}
	var objs []stixObject
	for i, b := range bundles {
		var bu bundle
		if err := json.Unmarshal(b, &bu); err != nil {
			return nil, fmt.Errorf("decode STIX bundle %d: %w", i+1, err)
		}
		if bu.Type != "bundle" {
			return nil, fmt.Errorf("decode STIX bundle %d: type is %q, want \"bundle\"", i+1, bu.Type)
		}
		objs = append(objs, bu.Objects...)
	}
	d := &Data{version: version, tactics: make(map[Domain][]*Tactic)}
	byStix := make(map[string]*stixObject, len(objs))
	for i := range objs {
		o := &objs[i]
		byStix[o.ID] = o
		if o.Type == "x-mitre-collection" && o.Version != "" {
			d.version = o.Version
		}
	}

	// Tactics: a domain's order is that of its live matrix; tactics only in a
	// deprecated matrix (mobile's "Network Effects") follow, marked deprecated.
	tacticDomain := func(o *stixObject) Domain {
		if len(o.Domains) > 0 {
			return Domain(o.Domains[0])
		}
		return ""
	}
	seen := map[string]bool{}
	var matrices []*stixObject
	for i := range objs {
		if objs[i].Type == "x-mitre-matrix" {
			matrices = append(matrices, &objs[i])
		}
	}
	slices.SortStableFunc(matrices, func(a, b *stixObject) int { return boolCmp(a.Deprecated || a.Revoked, b.Deprecated || b.Revoked) })
	for _, m := range matrices {
		for _, ref := range m.TacticRef {
			o := byStix[ref]
			if o == nil || seen[ref] {
				continue
			}
			seen[ref] = true
			dom := tacticDomain(m)
			if dom == "" {
				dom = tacticDomain(o)
			}
			d.addTactic(dom, o, m.Deprecated || m.Revoked || o.Deprecated || o.Revoked)
		}
	}
	for i := range objs { // tactics no matrix lists
		o := &objs[i]
		if o.Type == "x-mitre-tactic" && !seen[o.ID] {
			d.addTactic(tacticDomain(o), o, true)
		}
	}

	revokedBy := map[string]string{} // STIX id → STIX id
	for i := range objs {
		o := &objs[i]
		if o.Type == "relationship" && o.RelType == "revoked-by" {
			revokedBy[o.SourceRef] = o.TargetRef
		}
	}
	for i := range objs {
		o := &objs[i]
		if o.Type != "attack-pattern" {
			continue
		}
		id := o.attackID()
		if id == "" {
			continue
		}
		t := &Technique{ID: id, Name: o.Name, Deprecated: o.Deprecated, Revoked: o.Revoked,
			Platforms: slices.Clone(o.Platforms)}
		for _, k := range o.KillChain {
			if !strings.HasPrefix(k.KillChainName, "mitre-") {
				continue
			}
			// The kill chain names the domain whose matrix the phase is a
			// column of: "mitre-attack" is enterprise, "mitre-ics-attack" ics.
			if t.Domain == "" {
				t.Domain = killChainDomain(k.KillChainName)
			}
			if killChainDomain(k.KillChainName) == t.Domain && !slices.Contains(t.Tactics, k.PhaseName) {
				t.Tactics = append(t.Tactics, k.PhaseName)
			}
		}
		if t.Domain == "" && len(o.Domains) > 0 {
			t.Domain = Domain(o.Domains[0])
		}
		if o.Revoked {
			if r := byStix[revokedBy[o.ID]]; r != nil {
				t.RevokedBy = r.attackID()
			}
		}
		slices.Sort(t.Platforms)
		d.techniques = append(d.techniques, t)
	}
	for dom := range d.tactics {
		d.domains = append(d.domains, dom)
	}
	slices.SortFunc(d.domains, func(a, b Domain) int {
		return cmp.Or(cmp.Compare(domainRank(a), domainRank(b)), cmp.Compare(a, b))
	})
	if len(d.domains) == 0 {
		return nil, errors.New("decode STIX bundles: no ATT&CK tactics found")
	}
	if err := d.index(); err != nil {
		return nil, fmt.Errorf("index STIX bundles: %w", err)
	}
	return d, nil
}

// killChainDomain maps an ATT&CK kill chain name to its domain.
func killChainDomain(name string) Domain {
	if name == "mitre-attack" {
		return Enterprise
	}
	return Domain(strings.TrimPrefix(name, "mitre-"))
}

func (d *Data) addTactic(dom Domain, o *stixObject, deprecated bool) {
	d.tactics[dom] = append(d.tactics[dom], &Tactic{
		ID: o.attackID(), ShortName: o.ShortName, Name: o.Name,
		Sentinel: sentinelName(o.Name), Domain: dom, Deprecated: deprecated,
	})
}
