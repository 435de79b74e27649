package attack

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// sharedDir is where the official bundles live next to the checkout.
const sharedDir = "../../../shared/attack"

func load(t testing.TB) *Data {
	t.Helper()
	d, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestLoadTechniques(t *testing.T) {
	t.Parallel()
	d := load(t)
	tests := []struct {
		id, name   string
		dom        Domain
		tactics    []string
		deprecated bool
		revokedBy  string
	}{
		{"T1059", "Command and Scripting Interpreter", Enterprise, []string{"execution"}, false, ""},
		{"T1059.001", "PowerShell", Enterprise, []string{"execution"}, false, ""},
		{"T1566.002", "Spearphishing Link", Enterprise, []string{"initial-access"}, false, ""},
		{"T1078", "Valid Accounts", Enterprise, []string{"initial-access", "persistence", "privilege-escalation", "defense-evasion"}, false, ""},
		{"T1086", "PowerShell", Enterprise, []string{"execution"}, false, "T1059.001"},
		{"T1064", "Scripting", Enterprise, []string{"execution", "defense-evasion"}, true, ""},
		{"T0800", "Activate Firmware Update Mode", ICS, []string{"inhibit-response-function"}, false, ""},
		{"T1398", "Boot or Logon Initialization Scripts", Mobile, []string{"persistence"}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			tech, ok := d.Technique(tt.id)
			if !ok {
				t.Fatalf("Technique(%q) not found", tt.id)
			}
			if tech.Name != tt.name || tech.Domain != tt.dom || !slices.Equal(tech.Tactics, tt.tactics) {
				t.Errorf("Technique(%q) = %q %s %v, want %q %s %v", tt.id, tech.Name, tech.Domain, tech.Tactics, tt.name, tt.dom, tt.tactics)
			}
			if got := d.Deprecated(tt.id); got != tt.deprecated {
				t.Errorf("Deprecated(%q) = %v, want %v", tt.id, got, tt.deprecated)
			}
			repl, ok := d.Replacement(tt.id)
			if repl != tt.revokedBy || ok != (tt.revokedBy != "") {
				t.Errorf("Replacement(%q) = %q, %v, want %q", tt.id, repl, ok, tt.revokedBy)
			}
		})
	}
	for _, id := range []string{"T9999", "t1059", "T1059.999", "", "TA0001"} {
		if _, ok := d.Technique(id); ok {
			t.Errorf("Technique(%q) found, want not found", id)
		}
	}
	if p, ok := d.Parent("T1566.002"); !ok || p.ID != "T1566" || p.Name != "Phishing" {
		t.Errorf("Parent(T1566.002) = %+v, %v, want T1566 Phishing", p, ok)
	}
	if p, ok := d.Parent("T1566"); !ok || p.ID != "T1566" {
		t.Errorf("Parent(T1566) = %+v, %v, want itself", p, ok)
	}
	if _, ok := d.Parent("T1566.999"); ok {
		t.Error("Parent(T1566.999) found, want not found")
	}
	sub, _ := d.Technique("T1566.002")
	if !sub.IsSub() || sub.Parent() != "T1566" || sub.URL() != "https://attack.mitre.org/techniques/T1566/002/" {
		t.Errorf("T1566.002: IsSub %v, Parent %q, URL %q", sub.IsSub(), sub.Parent(), sub.URL())
	}
}

func TestLoadCounts(t *testing.T) {
	t.Parallel()
	d := load(t)
	if d.Version() != "18.1" {
		t.Errorf("Version() = %q, want 18.1", d.Version())
	}
	if got := d.Domains(); !slices.Equal(got, []Domain{Enterprise, ICS, Mobile}) {
		t.Errorf("Domains() = %v", got)
	}
	type counts struct{ all, revoked, deprecated int }
	got := map[Domain]counts{}
	for _, tech := range d.AllTechniques() {
		c := got[tech.Domain]
		c.all++
		if tech.Revoked {
			c.revoked++
		}
		if tech.Deprecated {
			c.deprecated++
		}
		got[tech.Domain] = c
	}
	// The figures of the v18.1 bundles in shared/attack.
	want := map[Domain]counts{Enterprise: {835, 132, 12}, ICS: {95, 0, 12}, Mobile: {190, 53, 13}}
	for dom, w := range want {
		if got[dom] != w {
			t.Errorf("%s: %+v techniques, want %+v", dom, got[dom], w)
		}
	}
}

func TestTactics(t *testing.T) {
	t.Parallel()
	d := load(t)
	short := func(ts []*Tactic) []string {
		var s []string
		for _, t := range ts {
			s = append(s, t.Sentinel)
		}
		return s
	}
	wantEnterprise := []string{"Reconnaissance", "ResourceDevelopment", "InitialAccess", "Execution", "Persistence",
		"PrivilegeEscalation", "DefenseEvasion", "CredentialAccess", "Discovery", "LateralMovement", "Collection",
		"CommandAndControl", "Exfiltration", "Impact"}
	if got := short(d.Tactics(Enterprise)); !slices.Equal(got, wantEnterprise) {
		t.Errorf("Tactics(Enterprise) = %v, want %v", got, wantEnterprise)
	}
	wantICS := []string{"InitialAccess", "Execution", "Persistence", "PrivilegeEscalation", "DefenseEvasion",
		"Discovery", "LateralMovement", "Collection", "CommandAndControl", "InhibitResponseFunction",
		"ImpairProcessControl", "Impact"}
	if got := short(d.Tactics(ICS)); !slices.Equal(got, wantICS) {
		t.Errorf("Tactics(ICS) = %v, want %v", got, wantICS)
	}
	if n := len(d.Tactics(Mobile)); n != 12 {
		t.Errorf("len(Tactics(Mobile)) = %d, want 12 (deprecated ones left out)", n)
	}

	lookups := []struct {
		name, id string
		dom      Domain
	}{
		{"InitialAccess", "TA0001", Enterprise},
		{"Initial Access", "TA0001", Enterprise},
		{"initial access", "TA0001", Enterprise},
		{"initial-access", "TA0001", Enterprise},
		{"CommandAndControl", "TA0011", Enterprise},
		{"Command and Control", "TA0011", Enterprise},
		{"TA0043", "TA0043", Enterprise},
		{"ImpairProcessControl", "TA0106", ICS},
		{"Inhibit Response Function", "TA0107", ICS},
		{"Evasion", "TA0103", ICS},
		{"Network Effects", "TA0038", Mobile},
	}
	for _, tt := range lookups {
		ta, ok := d.Tactic(tt.name)
		if !ok || ta.ID != tt.id || ta.Domain != tt.dom {
			t.Errorf("Tactic(%q) = %+v, %v, want %s in %s", tt.name, ta, ok, tt.id, tt.dom)
		}
	}
	for _, name := range []string{"Ransomware", "PreAttack", "", "Initial"} {
		if ta, ok := d.Tactic(name); ok {
			t.Errorf("Tactic(%q) = %+v, want not found", name, ta)
		}
	}

	var names []string
	for _, ta := range d.TacticsOf("T1078") {
		names = append(names, ta.Sentinel)
	}
	if want := []string{"InitialAccess", "Persistence", "PrivilegeEscalation", "DefenseEvasion"}; !slices.Equal(names, want) {
		t.Errorf("TacticsOf(T1078) = %v, want %v", names, want)
	}
	if ts := d.TacticsOf("T0858"); len(ts) == 0 || ts[0].Domain != ICS {
		t.Errorf("TacticsOf(T0858) = %v, want ICS tactics", ts)
	}
}

func TestSentinelTactics(t *testing.T) {
	t.Parallel()
	d := load(t)
	for _, name := range SentinelTactics() {
		ta, ok := d.Tactic(name)
		if !ok || ta.Sentinel != name {
			t.Errorf("Tactic(%q) = %+v, %v; every Sentinel name must resolve to itself", name, ta, ok)
		}
	}
	if !IsSentinelTactic("InitialAccess") || IsSentinelTactic("initialaccess") || IsSentinelTactic("Initial Access") {
		t.Error("IsSentinelTactic must accept exactly Sentinel's spelling")
	}
}

func TestSuggestTactic(t *testing.T) {
	t.Parallel()
	d := load(t)
	tests := []struct {
		name         string
		sentinelOnly bool
		want         string
		ok           bool
	}{
		{"CommanAndControl", true, "CommandAndControl", true},
		{"InitialAcces", true, "InitialAccess", true},
		{"CommandandControl", true, "CommandAndControl", true},
		{"Initial access", true, "InitialAccess", true},
		{"Privilege escalation", false, "PrivilegeEscalation", true},
		{"Evasion", false, "Evasion", true},
		{"Ransomware", true, "", false},
		{"Creates Poetry", false, "", false},
	}
	for _, tt := range tests {
		got, ok := d.SuggestTactic(tt.name, tt.sentinelOnly)
		if got != tt.want || ok != tt.ok {
			t.Errorf("SuggestTactic(%q, %v) = %q, %v, want %q, %v", tt.name, tt.sentinelOnly, got, ok, tt.want, tt.ok)
		}
	}
}

func TestMatrix(t *testing.T) {
	t.Parallel()
	d := load(t)
	for _, dom := range d.Domains() {
		for _, ta := range d.Tactics(dom) {
			ts := d.Techniques(dom, ta.ShortName)
			if len(ts) == 0 {
				t.Errorf("Techniques(%s, %s) is empty", dom, ta.ShortName)
			}
			if !slices.IsSortedFunc(ts, func(a, b *Technique) int { return strings.Compare(a.Name, b.Name) }) {
				t.Errorf("Techniques(%s, %s) not sorted by name", dom, ta.ShortName)
			}
			for _, tech := range ts {
				if tech.IsSub() || tech.Revoked || tech.Deprecated || !slices.Contains(tech.Tactics, ta.ShortName) {
					t.Errorf("Techniques(%s, %s) holds %s (sub %v, revoked %v, deprecated %v)",
						dom, ta.ShortName, tech.ID, tech.IsSub(), tech.Revoked, tech.Deprecated)
				}
			}
		}
	}
	ia := d.Techniques(Enterprise, "initial-access")
	if !slices.ContainsFunc(ia, func(t *Technique) bool { return t.ID == "T1566" }) {
		t.Error("Techniques(Enterprise, initial-access) lacks T1566 Phishing")
	}
	subs := d.Subtechniques("T1059")
	if len(subs) < 10 || !slices.ContainsFunc(subs, func(t *Technique) bool { return t.ID == "T1059.001" }) {
		t.Errorf("Subtechniques(T1059) = %d, want PowerShell among ten or more", len(subs))
	}
	if subs := d.Subtechniques("T1086"); len(subs) != 0 {
		t.Errorf("Subtechniques(T1086) = %v, want none", subs)
	}
}

// TestEmbeddedUpToDate regenerates the table from the official bundles and
// compares it with the committed attack.json, so the two cannot drift apart.
func TestEmbeddedUpToDate(t *testing.T) {
	t.Parallel()
	var bundles [][]byte
	for _, name := range []string{"enterprise-attack.json", "ics-attack.json", "mobile-attack.json"} {
		b, err := os.ReadFile(filepath.Join(sharedDir, name))
		if os.IsNotExist(err) {
			t.Skip("shared ATT&CK bundles not available")
		}
		if err != nil {
			t.Fatal(err)
		}
		bundles = append(bundles, b)
	}
	d, err := FromSTIX("18.1", bundles...)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := d.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), embedded) {
		t.Error("attack.json is out of date; run go generate ./analyze/attack")
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	t.Parallel()
	d := load(t)
	var buf bytes.Buffer
	if err := d.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), embedded) {
		t.Error("Encode(Load()) differs from the embedded table")
	}
}

func TestLoadFile(t *testing.T) {
	t.Parallel()
	d, err := LoadFile("testdata/mini-enterprise.json", "1.0")
	if err != nil {
		t.Fatal(err)
	}
	if d.Version() != "99.0" {
		t.Errorf("Version() = %q, want the collection's 99.0", d.Version())
	}
	if _, ok := d.Technique("T1059.001"); ok {
		t.Error("enterprise techniques of the embedded data survive a new enterprise bundle")
	}
	if _, ok := d.Technique("T0800"); !ok {
		t.Error("ICS techniques of the embedded data lost when loading an enterprise bundle")
	}
	if got := d.Tactics(Enterprise); len(got) != 2 || got[0].ID != "TA0001" || got[1].Sentinel != "Execution" {
		t.Errorf("Tactics(Enterprise) = %+v, want the bundle's matrix order", got)
	}
	tech, ok := d.Technique("T9001")
	if !ok || !slices.Equal(tech.Tactics, []string{"initial-access", "execution"}) || !slices.Equal(tech.Platforms, []string{"Linux", "Windows"}) {
		t.Errorf("Technique(T9001) = %+v, %v", tech, ok)
	}
	tests := []struct {
		id, repl string
	}{
		{"T9002", "T9001.001"},
		{"T9004", "T9001.001"}, // revoked by T9002, itself revoked
		{"T9001", ""},
	}
	for _, tt := range tests {
		if got, ok := d.Replacement(tt.id); got != tt.repl || ok != (tt.repl != "") {
			t.Errorf("Replacement(%q) = %q, %v, want %q", tt.id, got, ok, tt.repl)
		}
	}
	var fromBundle []string
	for _, tech := range d.AllTechniques() {
		if tech.Domain == Enterprise {
			fromBundle = append(fromBundle, tech.ID)
		}
	}
	if want := []string{"T9001", "T9001.001", "T9002", "T9003", "T9004", "T9005", "T9006"}; !slices.Equal(fromBundle, want) {
		t.Errorf("enterprise techniques = %v, want %v (groups and non-ATT&CK patterns left out)", fromBundle, want)
	}
	if two, _ := d.Technique("T9006"); two.Domain != Enterprise || !slices.Equal(two.Tactics, []string{"execution"}) {
		t.Errorf("Technique(T9006) = %+v, want enterprise execution (its kill chain's domain)", two)
	}
	if !d.Deprecated("T9003") || d.Deprecated("T9005") {
		t.Error("Deprecated: want T9003 only")
	}
	var ids []string
	for _, tech := range d.Techniques(Enterprise, "initial-access") {
		ids = append(ids, tech.ID)
	}
	if want := []string{"T9005", "T9001"}; !slices.Equal(ids, want) { // by name: Beta Access, Zeta Scripting
		t.Errorf("Techniques(Enterprise, initial-access) = %v, want %v", ids, want)
	}
	if subs := d.Subtechniques("T9001"); len(subs) != 1 || subs[0].ID != "T9001.001" {
		t.Errorf("Subtechniques(T9001) = %v", subs)
	}
}

// TestLoadFileNoCollection checks that a bundle without an x-mitre-collection
// object (the shape of the trimmed bundles in ../shared/attack) gives no
// release: the x_mitre_version of its matrix, tactics and techniques is each
// object's own revision ("1.0"), not the ATT&CK release, and must not be
// reported as "ATT&CK v1.0".
func TestLoadFileNoCollection(t *testing.T) {
	t.Parallel()
	d, err := LoadFile("testdata/no-collection.json", "")
	if err != nil {
		t.Fatal(err)
	}
	if d.Version() != "" {
		t.Errorf("Version() = %q, want \"\" (the bundle names no release)", d.Version())
	}
	// The release can be given, as --attack-version does.
	if d, err = LoadFile("testdata/no-collection.json", "19.0"); err != nil || d.Version() != "19.0" {
		t.Errorf("LoadFile with version 19.0: Version() = %q, %v", d.Version(), err)
	}
	if _, ok := d.Technique("T9001"); !ok {
		t.Error("Technique(T9001) missing")
	}
}

func TestLoadFileErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"notjson.json":   "{",
		"notbundle.json": `{"type":"x-mitre-matrix"}`,
		"empty.json":     `{"type":"bundle","objects":[]}`,
		"badtactic.json": `{"type":"bundle","objects":[{"type":"x-mitre-tactic","id":"x","name":"A","x_mitre_shortname":"a","x_mitre_domains":["enterprise-attack"]},{"type":"attack-pattern","id":"y","name":"B","x_mitre_domains":["enterprise-attack"],"kill_chain_phases":[{"kill_chain_name":"mitre-attack","phase_name":"zzz"}],"external_references":[{"source_name":"mitre-attack","external_id":"T9"}]}]}`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"notjson.json", "notbundle.json", "empty.json", "badtactic.json", "missing.json"} {
		if _, err := LoadFile(filepath.Join(dir, name), ""); err == nil {
			t.Errorf("LoadFile(%s) succeeded, want an error", name)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	b.SetBytes(int64(len(embedded)))
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCoverage checks the one coverage measure: each live parent technique
// of the domain counted once, whatever the number of its tactics, and a
// sub-technique covering its parent.
func TestCoverage(t *testing.T) {
	t.Parallel()
	d := load(t)
	live := 0
	for _, te := range d.AllTechniques() {
		if te.Domain == Enterprise && !te.IsSub() && !te.Revoked && !te.Deprecated {
			live++
		}
	}
	tests := []struct {
		name    string
		dom     Domain
		ids     []string
		covered int
	}{
		{"none", Enterprise, nil, 0},
		{"a sub-technique covers its parent", Enterprise, []string{"T1566.002"}, 1},
		{"parent and sub-technique once", Enterprise, []string{"T1566", "T1566.001", "T1566.002"}, 1},
		{"a technique of four tactics once", Enterprise, []string{"T1078"}, 1},
		{"two techniques", Enterprise, []string{"T1078", "T1059.001"}, 2},
		{"revoked, deprecated, unknown", Enterprise, []string{"T1086", "T1064", "T9999", "bogus"}, 0},
		{"other domain", Enterprise, []string{"T0800"}, 0},
		{"ICS", ICS, []string{"T0800", "T1078"}, 1},
	}
	for _, tt := range tests {
		covered, total := d.Coverage(tt.dom, tt.ids)
		if covered != tt.covered {
			t.Errorf("%s: Coverage(%s, %q) covered = %d, want %d", tt.name, tt.dom, tt.ids, covered, tt.covered)
		}
		if tt.dom == Enterprise && total != live {
			t.Errorf("%s: Coverage(%s, %q) total = %d, want %d live techniques", tt.name, tt.dom, tt.ids, total, live)
		}
	}
}
