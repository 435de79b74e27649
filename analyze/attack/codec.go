package attack

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
)

// embedded is the generated table of ATT&CK data (see gen/): compact JSON,
// one tactic or technique a line so regenerating gives a readable diff.
//
//go:embed attack.json
var embedded []byte

// file is the shape of attack.json.
type file struct {
	Notice  string       `json:"notice"`
	Version string       `json:"version"`
	Domains []fileDomain `json:"domains"`
}

type fileDomain struct {
	Domain     Domain          `json:"domain"`
	Tactics    []fileTactic    `json:"tactics"`    // matrix order, deprecated ones last
	Techniques []fileTechnique `json:"techniques"` // by id
}

type fileTactic struct {
	ID         string `json:"id"`
	ShortName  string `json:"short"`
	Name       string `json:"name"`
	Sentinel   string `json:"sentinel,omitempty"`
	Deprecated bool   `json:"deprecated,omitempty"`
}

type fileTechnique struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Tactics    []string `json:"tactics,omitempty"`
	Platforms  []string `json:"platforms,omitempty"`
	Deprecated bool     `json:"deprecated,omitempty"`
	Revoked    bool     `json:"revoked,omitempty"`
	RevokedBy  string   `json:"revoked_by,omitempty"`
}

// Load returns the ATT&CK data embedded in rulecat. Each call decodes a fresh
// copy.
func Load() (*Data, error) {
	d, err := decode(embedded)
	if err != nil {
		return nil, fmt.Errorf("load embedded ATT&CK data: %w", err)
	}
	return d, nil
}

// LoadFile reads an official ATT&CK STIX bundle (such as a newer
// enterprise-attack.json) and returns the embedded data with the domains the
// bundle holds replaced by the bundle's. Version is the bundle's collection
// version or, when the bundle has no x-mitre-collection object (the
// official per-domain bundles have none), version, which may be "".
func LoadFile(path, version string) (*Data, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load ATT&CK bundle: %w", err)
	}
	fromFile, err := FromSTIX(version, b)
	if err != nil {
		return nil, fmt.Errorf("load ATT&CK bundle %s: %w", path, err)
	}
	base, err := Load()
	if err != nil {
		return nil, err
	}
	d := &Data{version: fromFile.version, tactics: make(map[Domain][]*Tactic)}
	for _, dom := range base.domains {
		if !slices.Contains(fromFile.domains, dom) {
			d.domains = append(d.domains, dom)
			d.tactics[dom] = base.tactics[dom]
			for _, t := range base.techniques {
				if t.Domain == dom {
					d.techniques = append(d.techniques, t)
				}
			}
		}
	}
	for _, dom := range fromFile.domains {
		d.domains = append(d.domains, dom)
		d.tactics[dom] = fromFile.tactics[dom]
	}
	d.techniques = append(d.techniques, fromFile.techniques...)
	slices.SortStableFunc(d.domains, func(a, b Domain) int { return domainRank(a) - domainRank(b) })
	if err := d.index(); err != nil {
		return nil, fmt.Errorf("load ATT&CK bundle %s: %w", path, err)
	}
	return d, nil
}

// decode reads the compact form written by Encode.
func decode(b []byte) (*Data, error) {
	var f file
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	d := &Data{version: f.Version, tactics: make(map[Domain][]*Tactic)}
	for _, fd := range f.Domains {
		d.domains = append(d.domains, fd.Domain)
		for _, ft := range fd.Tactics {
			d.tactics[fd.Domain] = append(d.tactics[fd.Domain], &Tactic{
				ID: ft.ID, ShortName: ft.ShortName, Name: ft.Name, Sentinel: ft.Sentinel,
				Domain: fd.Domain, Deprecated: ft.Deprecated,
			})
		}
		for _, ft := range fd.Techniques {
			d.techniques = append(d.techniques, &Technique{
				ID: ft.ID, Name: ft.Name, Domain: fd.Domain, Tactics: ft.Tactics, Platforms: ft.Platforms,
				Deprecated: ft.Deprecated, Revoked: ft.Revoked, RevokedBy: ft.RevokedBy,
			})
		}
	}
	if err := d.index(); err != nil {
		return nil, err
	}
	return d, nil
}

// Encode writes d in the compact form Load reads: JSON with one tactic or
// technique a line, domains in Domains order, techniques by id. The output
// depends only on the data.
func (d *Data) Encode(w io.Writer) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep "&" readable
	line := func(v any, last bool) error {
		if err := enc.Encode(v); err != nil { // Encode ends the value with "\n"
			return err
		}
		if !last {
			buf.Truncate(buf.Len() - 1)
			buf.WriteString(",\n")
		}
		return nil
	}
	buf.WriteString(`{"notice":`)
	if err := enc.Encode(Notice); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1)
	v, _ := json.Marshal(d.version)
	fmt.Fprintf(&buf, ",\n\"version\":%s,\"domains\":[\n", v)
	for i, dom := range d.domains {
		v, _ := json.Marshal(dom)
		fmt.Fprintf(&buf, "{\"domain\":%s,\"tactics\":[\n", v)
		ts := d.tactics[dom]
		for j, t := range ts {
			ft := fileTactic{ID: t.ID, ShortName: t.ShortName, Name: t.Name, Sentinel: t.Sentinel, Deprecated: t.Deprecated}
			if err := line(ft, j == len(ts)-1); err != nil {
				return err
			}
		}
		buf.WriteString("],\"techniques\":[\n")
		var techs []*Technique
		for _, t := range d.techniques {
			if t.Domain == dom {
				techs = append(techs, t)
			}
		}
		for j, t := range techs {
			ft := fileTechnique{ID: t.ID, Name: t.Name, Tactics: t.Tactics, Platforms: t.Platforms,
				Deprecated: t.Deprecated, Revoked: t.Revoked, RevokedBy: t.RevokedBy}
			if err := line(ft, j == len(techs)-1); err != nil {
				return err
			}
		}
		buf.WriteString("]}")
		if i < len(d.domains)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("]}\n")
	_, err := w.Write(buf.Bytes())
	return err
}
