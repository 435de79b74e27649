package attack

import (
	"os"
	"testing"
)

// FuzzFromSTIX feeds bundles to FromSTIX and checks that whatever it accepts
// is consistent: every technique is found by its id, its tactics resolve in
// its domain, and Replacement ends.
func FuzzFromSTIX(f *testing.F) {
	seed, err := os.ReadFile("testdata/mini-enterprise.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"type":"bundle","objects":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := FromSTIX("1", b)
		if err != nil {
			return
		}
		for _, tech := range d.AllTechniques() {
			got, ok := d.Technique(tech.ID)
			if !ok {
				t.Fatalf("Technique(%q) not found", tech.ID)
			}
			if got != tech {
				continue // the same id in two domains: the first wins
			}
			if n := len(d.TacticsOf(tech.ID)); n != len(tech.Tactics) {
				t.Fatalf("TacticsOf(%q) = %d tactics, want %d", tech.ID, n, len(tech.Tactics))
			}
			d.Replacement(tech.ID)
		}
	})
}
